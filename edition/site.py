"""Writing the built site: into a temporary folder beside the output, swapped in when complete."""

from __future__ import annotations

import ctypes
import errno
import glob
import os
import shutil
import sys
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
    if any((out / name).is_dir() for name in ("sources", "annotations")):
        return [Diagnostic("output.unsafe", location, "the output folder holds sources/ or annotations/, "
                           "as a project does; it will not be replaced.", "choose a folder of its own, such as _site.")]
    if out.exists() and (not out.is_dir() or (any(out.iterdir()) and not (out / MARKER).exists())):
        return [Diagnostic("output.foreign", location,
                           "the output folder exists and was not made by this build; it will not be replaced.",
                           "choose another folder, or empty this one yourself.")]
    return []


def write_site(out: Path, files: dict[str, bytes]) -> int:
    """Write `files` (site path → content) as the new `out`, atomically; return the number written.

    The site is written into a hidden staging folder beside `out` and swapped in only when
    complete, so a build that fails or is killed leaves the previous site as it was; staging
    folders left by killed builds are removed by the next one.
    """
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    remove_leftovers(out)
    staging = out.parent / f".{out.name}.building-{os.getpid()}"
    if staging.exists():
        shutil.rmtree(staging)
    staging.mkdir()
    try:
        for path in sorted(files):
            target = staging / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(files[path])
        (staging / MARKER).write_text("Built by the edition generator; replaced whole by every build.\n",
                                      encoding="utf-8")
        if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
            raise FileExistsError(f"{out} was not made by this build; it is left as it was")
        if not out.exists():
            os.replace(staging, out)
        elif not _exchange(staging, out):  # if it could, the old site is now in `staging`, removed below
            retired = out.parent / f".{out.name}.old-{os.getpid()}"
            os.replace(out, retired)
            os.replace(staging, out)
            staging = retired
    finally:
        if staging.exists():
            shutil.rmtree(staging)
    return len(files)


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders in one step (Linux `renameat2`), so there is no moment without a site;
    return False where the system cannot, and the caller renames twice instead."""
    if sys.platform != "linux":
        return False
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # a file system without exchange
        return False
    raise OSError(code, os.strerror(code), str(b))


def remove_leftovers(out: Path) -> None:
    """Remove the staging folders of builds of `out` that were killed before they could."""
    for folder in out.parent.glob(f".{glob.escape(out.name)}.*-*"):
        kind, _, pid = folder.name.rpartition("-")
        if kind in (f".{out.name}.building", f".{out.name}.old") and pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(folder)


def _running(pid: int) -> bool:
    """Return whether a process `pid` is running; elsewhere than POSIX no build is taken to be."""
    if pid == os.getpid():
        return True
    if os.name != "posix":
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
