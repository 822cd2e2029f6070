"""Reproducible builds: the same inputs give byte-identical sites, wherever and whenever they are built."""

from __future__ import annotations

import datetime
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

from conftest import ROOT
from projects import make_project, tree_hashes

SECOND = ROOT / "tests" / "roots" / "second-cable" / "sources"
"""A second cable of the genre, so that documents can be handled in parallel and in some order."""


def two_document_project(target: Path) -> Path:
    root = make_project(target)
    for path in SECOND.iterdir():
        shutil.copy(path, root / "sources" / path.name)
    return root


def build(root: Path, out: Path, env: dict, *options: str) -> None:
    """Build from the project folder with `env` added to a minimal environment."""
    environment = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", str(root)), **env}
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "build", "--root", str(root), "--out", str(out),
                             *options], cwd=root, env=environment, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stderr


def test_two_builds_in_different_places_and_times_are_byte_identical(tmp_path):
    """Copies of a project built in different folders, time zones, locales, hash seeds, clocks and
    numbers of processes, with a cold or a warm cache, give the same bytes in every file."""
    first = two_document_project(tmp_path / "a" / "project")
    second = two_document_project(tmp_path / "elsewhere" / "deeper" / "copy")
    build(first, tmp_path / "a" / "site", {"TZ": "UTC", "LC_ALL": "C", "PYTHONHASHSEED": "1"}, "--jobs", "1")
    build(second, tmp_path / "www", {"TZ": "Asia/Tokyo", "LANG": "fr_FR.UTF-8", "PYTHONHASHSEED": "2",
                                     "SOURCE_DATE_EPOCH": "0"}, "--jobs", "2", "--clean")
    build(first, tmp_path / "warm", {"TZ": "America/Los_Angeles", "PYTHONHASHSEED": "3",
                                     "SOURCE_DATE_EPOCH": "1700000000"}, "--jobs", "2")
    reference = tree_hashes(tmp_path / "a" / "site")
    assert len(reference) > 10
    for other in (tmp_path / "www", tmp_path / "warm"):
        hashes = tree_hashes(other)
        assert sorted(hashes) == sorted(reference)
        assert [p for p in reference if hashes[p] != reference[p]] == []


def test_no_build_time_or_place_is_written(tmp_path):
    """No file of the site holds the date of the build or the folders it was built in or from."""
    root = two_document_project(tmp_path / "project-folder-x1")
    out = tmp_path / "site-folder-y2"
    build(root, out, {"TZ": "UTC"})
    today = datetime.datetime.now(datetime.timezone.utc).date()
    stamps = {today.isoformat(), today.strftime("%Y/%m/%d"), today.strftime("%d %B %Y").lstrip("0"),
              today.strftime("%B %d, %Y"), today.strftime("%Y%m%d")}
    for path in sorted(p for p in out.rglob("*") if p.is_file()):
        data = path.read_bytes()
        if path.suffix == ".zip":
            with zipfile.ZipFile(path) as archive:
                for info in archive.infolist():
                    assert datetime.date(*info.date_time[:3]) != today, f"{path.name}: {info.filename} is dated today"
            continue
        text = data.decode("utf-8", errors="replace")
        name = path.relative_to(out).as_posix()
        assert not [s for s in stamps if s in text], f"{name} holds the date of the build"
        assert "project-folder-x1" not in text and "site-folder-y2" not in text, f"{name} holds a build folder"
