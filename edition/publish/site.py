"""Writing the built site: into a temporary folder beside the output, then swapped in whole, or (for a
rebuild) only the files that changed moved into place."""

from __future__ import annotations

import ctypes
import errno
import glob
import io
import os
import shutil
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO, Iterator

from ..cache import digest, file_digest, folder_state
from ..errors import Diagnostic, Location

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


class Files:
    """A site made in memory (site path → bytes): for checks, the preview server and tests."""

    def __init__(self) -> None:
        self.contents: dict[str, bytes] = {}

    def write(self, path: str, content: bytes) -> None:
        self.contents[path] = content

    def read(self, path: str) -> bytes:
        return self.contents[path]

    def paths(self) -> list[str]:
        return sorted(self.contents)

    @contextmanager
    def open(self, path: str) -> Iterator[BinaryIO]:
        """A file to write `path` into, for content too large to make in one piece."""
        buffer = io.BytesIO()
        yield buffer
        self.write(path, buffer.getvalue())


class Staging(Files):
    """A new site written file by file into a hidden folder beside `out`, and swapped in whole by `publish`.

    A build that fails or is killed before `publish` leaves the previous site as it was; the
    staging folder is removed on the way out, or (if the build was killed) by the next build.
    Nothing is held in memory but the list of paths written.
    """

    def __init__(self, out: Path) -> None:
        self.out = out.resolve()
        self.folder = self.out.parent / f".{self.out.name}.building-{os.getpid()}"
        self.written: set[str] = set()
        self.folders: set[Path] = set()
        self.digests: dict[str, str] = {}
        """Site path → digest of its content, for every file of the new site: the next build compares with them."""

    def __enter__(self) -> "Staging":
        self.out.parent.mkdir(parents=True, exist_ok=True)
        remove_leftovers(self.out)
        if self.folder.exists():
            shutil.rmtree(self.folder)
        self.folder.mkdir()
        return self

    def __exit__(self, *exc) -> None:
        if self.folder.exists():
            shutil.rmtree(self.folder)

    def _target(self, path: str) -> Path:
        target = self.folder / path
        if target.parent not in self.folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self.folders.add(target.parent)
        self.written.add(path)
        return target

    def write(self, path: str, content: bytes) -> None:
        self.digests[path] = digest(content)
        self._target(path).write_bytes(content)

    def read(self, path: str) -> bytes:
        return (self.folder / path).read_bytes()

    def paths(self) -> list[str]:
        return sorted(self.written)

    @contextmanager
    def open(self, path: str) -> Iterator[BinaryIO]:
        target = self._target(path)
        with target.open("wb") as handle:
            yield handle
        self.digests[path] = file_digest(target)

    def publish(self) -> int:
        """Swap the new site in for the old one; return the number of files it holds."""
        (self.folder / MARKER).write_text("Built by the edition generator; every build replaces or updates it.\n",
                                          encoding="utf-8")
        out = self.out
        if out.exists() and any(out.iterdir()) and not (out / MARKER).exists():
            raise FileExistsError(f"{out} was not made by this build; it is left as it was")
        if not out.exists():
            os.replace(self.folder, out)
        elif not _exchange(self.folder, out):  # if it could, the old site is now in the staging folder
            retired = out.parent / f".{out.name}.old-{os.getpid()}"
            os.replace(out, retired)
            os.replace(self.folder, out)
            self.folder = retired  # removed on the way out
        return len(self.written)

    def state(self, before: dict | None) -> dict[str, tuple[int, int]]:
        """Return site path → (size, mtime_ns) of every file of the published site (`before`: as it was)."""
        return folder_state(self.out)


class Update(Staging):
    """A rebuild written as changes to the site the last build published, whose files' digests are `previous`.

    A file made as it was is not written at all; a new or changed one is written into the staging
    folder, and `publish` moves each into place and removes the files no longer made. A build
    that fails before `publish` leaves the site as it was. Each file is replaced in one step, but
    not the site: the caller forgets the site's record first, so that a build killed while
    publishing is followed by one that writes the whole site again.
    """

    def __init__(self, out: Path, previous: dict[str, str]) -> None:
        super().__init__(out)
        self.previous = previous
        self.changed: set[str] = set()

    def write(self, path: str, content: bytes) -> None:
        self.digests[path] = digest(content)
        if self.previous.get(path) == self.digests[path]:
            self.written.add(path)
        else:
            self._target(path).write_bytes(content)
            self.changed.add(path)

    def read(self, path: str) -> bytes:
        return (self.folder if path in self.changed else self.out).joinpath(path).read_bytes()

    @contextmanager
    def open(self, path: str) -> Iterator[BinaryIO]:
        with super().open(path) as handle:
            yield handle
        if self.previous.get(path) == self.digests[path]:
            (self.folder / path).unlink()
        else:
            self.changed.add(path)

    def publish(self) -> int:
        """Move the changed files into the site and remove the ones no longer made; return how many."""
        made = set()
        for path in sorted(self.changed):
            target = self.out / path
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            os.replace(self.folder / path, target)
        gone = sorted(set(self.previous) - self.written)
        for path in gone:
            (self.out / path).unlink(missing_ok=True)
        # A document removed takes its folder along.
        for folder in sorted({(self.out / p).parent for p in gone}, key=lambda f: -len(f.parts)):
            while folder != self.out and folder.is_dir() and not any(folder.iterdir()):
                folder.rmdir()
                folder = folder.parent
        return len(self.changed) + len(gone)

    def state(self, before: dict) -> dict[str, tuple[int, int]]:
        """Return the published site's state from its state `before`: only the files moved in are looked at."""
        kept = {path: value for path, value in before.items()
                if path not in self.changed and (path in self.digests or path == MARKER)}
        return kept | folder_state(self.out, self.changed)


def write_site(out: Path, files: dict[str, bytes]) -> int:
    """Write `files` (site path → content) as the new `out`, atomically; return the number written."""
    with Staging(out) as staging:
        for path in sorted(files):
            staging.write(path, files[path])
        return staging.publish()


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
