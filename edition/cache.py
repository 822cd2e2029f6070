"""The build cache: results of earlier builds, keyed by hashes of everything they were made from.

It lives in `.edition-cache/` at the project's root, outside the site. Every key
includes the generator's own version (a hash of its code, schemas and the versions
of the libraries it renders with), so a changed generator never reuses an old
result. Values are pickled; the cache holds only what this build itself wrote, so
deleting the folder (or building with `--clean`) is always safe.

Each output folder also gets a record of the inputs it was built from and of the
files it holds (size and modification time), so that a rebuild with nothing changed
can leave the folder untouched.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import sys
import tempfile
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

FOLDER = ".edition-cache"
FORMAT = 1
"""Bumped when the layout of the cache changes."""
LIBRARIES = ("jinja2", "markupsafe", "markdown_it", "yaml", "lxml", "jsonschema", "citeproc", "pagefind", "cbor2")
"""The libraries whose version can change what the build writes."""
MISSING = object()


def digest(*parts: bytes | str) -> str:
    """Return a hex digest of the parts; each part is length-prefixed, so ('ab', 'c') != ('a', 'bc')."""
    h = hashlib.blake2b(digest_size=20)
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()


def file_digest(path: Path) -> str:
    """Return `digest(path.read_bytes())`, reading the file a piece at a time: the corpus's TEI and the data
    zip of a large edition are hundreds of megabytes."""
    h = hashlib.blake2b(digest_size=20)
    with path.open("rb") as stream:
        h.update(os.fstat(stream.fileno()).st_size.to_bytes(8, "little"))
        while chunk := stream.read(1 << 20):
            h.update(chunk)
    return h.hexdigest()


@cache
def generator_version() -> str:
    """Return a hash of the generator itself: its code, its schemas, Python and the rendering libraries.

    A library is known by where it is installed and when its files were written, which changes
    with every upgrade, without importing it.
    """
    from importlib.util import find_spec

    package = Path(__file__).resolve().parent
    parts = [str(FORMAT), sys.version, sys.executable]
    for path in sorted(package.rglob("*")):
        if path.suffix in (".py", ".json") and "__pycache__" not in path.parts:
            parts += [path.relative_to(package).as_posix(), path.read_bytes()]
    for name in LIBRARIES:
        spec = find_spec(name)
        origin = Path(spec.origin) if spec and spec.origin else None
        parts += [name, f"{origin}:{origin.stat().st_mtime_ns}" if origin and origin.exists() else "absent"]
    return digest(*parts)


@dataclass
class Record:
    """What an output folder was built from, and the files it held afterwards."""

    inputs: str
    """The digest of every input, option and the generator version."""
    files: dict
    """Site path → (size, mtime_ns) of every file in the folder after the build."""
    count: int
    warnings: tuple = ()
    digests: dict | None = None
    """Site path → digest of its content, so that the next build writes only the files that change."""


@dataclass
class Cache:
    """Pickled values keyed by digests, under `root/.edition-cache/`."""

    root: Path
    read: bool = True
    """False for `--clean`: nothing is reused, but what is made is stored for the next build."""
    used: set = field(default_factory=set)

    @property
    def folder(self) -> Path:
        return self.root / FOLDER

    def _path(self, key: str) -> Path:
        return self.folder / "objects" / key[:2] / f"{key}.pickle"

    def has(self, key: str) -> bool:
        """Return whether a value may be read under `key` (`get` still says MISSING if it is damaged)."""
        return self.read and self._path(key).is_file()

    def get(self, key: str) -> Any:
        """Return the value stored under `key`, or `MISSING`."""
        self.used.add(key)
        if not self.read:
            return MISSING
        try:
            return pickle.loads(self._path(key).read_bytes())
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return MISSING  # never stored, or left half-written by an interrupted build: made again

    def put(self, key: str, value: Any) -> None:
        """Store `value` under `key` (atomically: a reader sees the old file or the new one)."""
        self.used.add(key)
        _write(self._path(key), pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))

    def prune(self) -> None:
        """Delete every stored value this build did not use, so the cache holds one build's results."""
        objects = self.folder / "objects"
        for path in objects.glob("*/*.pickle") if objects.is_dir() else ():
            if path.stem not in self.used:
                path.unlink(missing_ok=True)

    def record(self, out: Path) -> Record | None:
        """Return the record of the last build into `out`, if there is one."""
        try:
            value = pickle.loads(self._record_path(out).read_bytes())
        except (OSError, EOFError, pickle.UnpicklingError, AttributeError, ImportError):
            return None
        return value if isinstance(value, Record) else None

    def save_record(self, out: Path, record: Record) -> None:
        _write(self._record_path(out), pickle.dumps(record, protocol=pickle.HIGHEST_PROTOCOL))

    def forget_record(self, out: Path) -> None:
        """Forget what `out` holds, before it is changed in place: if that is cut short, the next build
        does not trust the folder and writes it whole."""
        self._record_path(out).unlink(missing_ok=True)

    def _record_path(self, out: Path) -> Path:
        return self.folder / "sites" / f"{digest(str(out.resolve()))}.pickle"

    def file_digests(self, paths: list[Path]) -> dict[str, str]:
        """Return path (relative to the root) → content digest, rehashing only files whose size or time changed."""
        stats_path = self.folder / "stats.pickle"
        try:
            known = pickle.loads(stats_path.read_bytes()) if self.read else {}
        except (OSError, EOFError, pickle.UnpicklingError):
            known = {}
        fresh, out = {}, {}
        for path in paths:
            name = path.relative_to(self.root).as_posix()
            stat = path.stat()
            signature = (stat.st_size, stat.st_mtime_ns)
            previous = known.get(name)
            value = previous[1] if previous and previous[0] == signature else file_digest(path)
            fresh[name] = (signature, value)
            out[name] = value
        if fresh != known:
            _write(stats_path, pickle.dumps(fresh, protocol=pickle.HIGHEST_PROTOCOL))
        return out


def folder_state(folder: Path, paths=None) -> dict[str, tuple[int, int]]:
    """Return site path → (size, mtime_ns) of every file under `folder`, or of the site `paths` named."""
    if paths is not None:
        return {path: (stat.st_size, stat.st_mtime_ns) for path in paths for stat in [os.stat(folder / path)]}
    state = {}
    prefix = len(str(folder)) + 1
    for directory, _, names in os.walk(folder):
        for name in names:
            path = os.path.join(directory, name)
            stat = os.stat(path)
            state[path[prefix:].replace(os.sep, "/")] = (stat.st_size, stat.st_mtime_ns)
    return state


def _write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
