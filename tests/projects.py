"""Small projects for the robustness tests: the catalogue's base project with changes, and folder digests."""

from __future__ import annotations

import hashlib
import runpy
import shutil
from pathlib import Path

from conftest import ROOT

CATALOGUE = Path(__file__).resolve().parent / "catalogue"
BASE = CATALOGUE / "_base"
"""The real sources and a small valid annotation set; each catalogue case says what differs from it."""
PROJECT_FOLDERS = ("sources", "annotations", "templates")


def make_project(target: Path, case: str | None = None) -> Path:
    """Return a project at `target`: the base, the checkout's templates, then the case's changes.

    A case's files under `sources/`, `annotations/` or `templates/` replace or add to the base's;
    its optional `make.py` defines `make(root)`, which edits the copy (generated, huge or deleted files).
    """
    shutil.copytree(BASE, target)
    shutil.copytree(ROOT / "templates", target / "templates")
    if case is not None:
        folder = CATALOGUE / case
        for name in PROJECT_FOLDERS:
            if (folder / name).is_dir():
                shutil.copytree(folder / name, target / name, dirs_exist_ok=True)
        if (folder / "make.py").exists():
            runpy.run_path(str(folder / "make.py"))["make"](target)
    return target


def tree_hashes(folder: Path) -> dict[str, str]:
    """Return a digest of every file (and a mark for every folder) under `folder`, by relative path."""
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir"
            for p in sorted(folder.rglob("*"))}
