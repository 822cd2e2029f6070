"""Writing the built site: into a temporary folder beside the output, swapped in when complete."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .errors import Diagnostic, Location

MARKER = ".edition-site"
"""A file every built site carries, so a rebuild only ever replaces a folder the build made."""
INPUTS = ("sources", "annotations", "templates", "edition")


def check_output(root: Path, out: Path) -> list[Diagnostic]:
    """Return why `out` may not be written to: the project itself, its inputs, or a foreign folder."""
    root, out = root.resolve(), out.resolve()
    location = Location(str(out))
    inputs = [root / name for name in INPUTS]
    if out == root or root.is_relative_to(out):
        return [Diagnostic("output.unsafe", location, "the output folder is, or contains, the project itself.",
                           "choose a folder of its own, such as _site.")]
    for folder in inputs:
        if out.is_relative_to(folder):
            return [Diagnostic("output.unsafe", location, f"the output folder is inside the project's {folder.name}/.",
                               "choose a folder outside the inputs, such as _site.")]
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        return [Diagnostic("output.foreign", location,
                           "the output folder exists and was not made by this build; it will not be replaced.",
                           "choose another folder, or empty this one yourself.")]
    return []


def write_site(out: Path, files: dict[str, bytes]) -> int:
    """Write `files` (site path → content) as the new `out`, atomically; return the number written."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    for path in sorted(files):
        target = staging / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(files[path])
    (staging / MARKER).write_text("Built by the edition generator; replaced whole by every build.\n", encoding="utf-8")
    if out.exists():
        retired = out.parent / f".{out.name}.old-{os.getpid()}"
        os.replace(out, retired)
        os.replace(staging, out)
        shutil.rmtree(retired)
    else:
        os.replace(staging, out)
    return len(files)
