"""The search index: the search records given to Pagefind, which writes the index and its search UI.

Pagefind's binary (from the `pagefind[bin]` package) runs in its own process while the
build goes on; the site's search page loads the index and UI from `pagefind/`, by
relative paths.

Pagefind 1.5 writes its filter indexes in hash-map order, so two builds would
differ. `_stable` re-encodes those files in sorted order and names them after
their content, which makes the bundle byte-identical from build to build.
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import json
import subprocess
from typing import Callable

import cbor2
from pagefind.service import get_executable

from ..cache import MISSING, digest, generator_version
from ..errors import Diagnostic, EditionError, Location

LANGUAGE = "en"
"""The language of every record: the edition's pages, translations and editorial layer are in English."""
BUNDLE = "pagefind"
"""The folder of the site that holds the index and Pagefind's UI."""
_SIGNATURE = b"pagefind_dcd"


SHARD_SIZE = 20_000
"""The most records one Pagefind index takes. Pagefind holds an index in memory while it builds it
(some 30 KB a record), so a large edition is indexed in shards, one after another, each a bundle of
its own (`pagefind/`, `pagefind-2/`, ...) that the search page merges (Pagefind's `mergeIndex`)."""


def search_files(records) -> dict[str, bytes]:
    """Return the Pagefind bundle for `records` (`edition.render.search.Record`s), in one shard (for the
    preview server, whose search page merges none): site path (under `pagefind/`) → bytes."""
    files = {}
    with SearchIndex(files.__setitem__, shard_size=max(1, len(records))) as index:
        index.add(records)
    return files


class SearchIndex:
    """The site's search index, filled record by record as the build makes them, and written by `write`
    (site path, bytes) shard by shard, each the same on every build.

    A full shard goes to a Pagefind process, which indexes it while the build goes on; its files
    are read when the next shard is full, or on leaving the `with` block. The last shard goes to
    Pagefind when `hand_over` says every record is in, or on leaving the block. With a `cache`, a
    shard whose records are those of an earlier build is not indexed again: an edited note makes
    Pagefind index the one shard that holds it.
    """

    def __init__(self, write: Callable[[str, bytes], None], shard_size: int | None = None, cache=None):
        self.write, self.shard_size, self.cache = write, shard_size or SHARD_SIZE, cache
        self.bundles: list[str] = []
        """The folders of the shards so far, the one being filled last."""
        self.filling: list[dict] = []
        """The requests that add the records of the shard being filled."""
        self.indexing: tuple | None = None
        """(folder, cache key, Pagefind process, number of records) of the shard Pagefind is indexing."""

    def __enter__(self) -> "SearchIndex":
        return self

    def __exit__(self, kind, *exc) -> None:
        if kind is None:
            self.hand_over()
            self._collect()
        elif self.indexing is not None:
            self.indexing[2].__exit__(kind, *exc)

    def add(self, records) -> None:
        for record in records:
            if len(self.filling) == self.shard_size:
                self.hand_over()
            if not self.filling:
                self.bundles.append(BUNDLE if not self.bundles else f"{BUNDLE}-{len(self.bundles) + 1}")
            meta = {"title": record.title, **({"mentions": record.mentions} if record.mentions else {})}
            self.filling.append({"type": "AddRecord", "url": record.url, "content": record.content,
                                 "language": LANGUAGE, "meta": meta,
                                 "filters": {"kind": [record.kind], "document": list(record.documents)}})

    def hand_over(self) -> None:
        """Give the shard being filled to Pagefind, unless the cache has its files; collect the one before.

        Called when a shard is full, and by the build when every record is in, so that Pagefind
        indexes the last shard while the pages are rendered.
        """
        if self.bundles and not self.filling:  # nothing added since the last shard was handed over
            return
        if not self.bundles:  # an edition with nothing to search still has an (empty) index
            self.bundles.append(BUNDLE)
        self._collect()
        folder, requests, self.filling = self.bundles[-1], self.filling, []
        key = digest(generator_version(), folder, json.dumps(requests)) if self.cache is not None else None
        files = self.cache.get(key) if key is not None else MISSING
        if files is not MISSING:
            self._write(folder, files)
            return
        pagefind = _Pagefind().__enter__()
        index = pagefind.ask({"type": "NewIndex", "config": {"force_language": LANGUAGE}})["index_id"]
        for request in requests:
            pagefind.tell({**request, "index_id": index})
        # The files are asked for in the answer itself: Pagefind answers WriteFiles before its
        # writes reach the disk, so files read back from a folder were sometimes still empty.
        pagefind.tell({"type": "GetFiles", "index_id": index})
        self.indexing = (folder, key, pagefind, len(requests))

    def _collect(self) -> None:
        """Write the files of the shard Pagefind is indexing, once it has them."""
        if self.indexing is None:
            return
        (folder, key, pagefind, count), self.indexing = self.indexing, None
        try:
            for _ in range(count):
                pagefind.answer()
            answer = pagefind.answer()["files"]
        finally:
            pagefind.__exit__(None, None, None)
        files = _stable({f["path"]: base64.b64decode(f["content"]) for f in answer})
        if key is not None:
            self.cache.put(key, files)
        self._write(folder, files)

    def _write(self, folder: str, files: dict[str, bytes]) -> None:
        for path, content in sorted(files.items()):
            self.write(f"{folder}/{path}", content)


class _Pagefind:
    """Pagefind's bundled binary in service mode, for one index.

    The protocol is the one Pagefind's own Python and Node wrappers use: base64 JSON messages,
    each followed by a comma, answered in the order they were sent (the records' order is the
    index's page numbers); without the wrapper's polling delay, which costs 0.1 s a record.
    """

    def __enter__(self) -> "_Pagefind":
        executable = get_executable()
        if executable is None:
            raise _failed("Pagefind's binary is not installed.")
        self.process = subprocess.Popen([str(executable), "--service"], stdin=subprocess.PIPE,
                                        stdout=subprocess.PIPE)
        self.message_id, self.pending = 0, bytearray()
        return self

    def __exit__(self, *exc) -> None:
        self.process.stdin.close()  # the service ends at the end of its input
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process.stdout.close()

    def tell(self, payload: dict) -> None:
        """Send a request; its answer is read, in turn, by `answer`."""
        self.message_id += 1
        request = json.dumps({"message_id": self.message_id, "payload": payload}).encode("utf-8")
        try:
            self.process.stdin.write(base64.b64encode(request) + b",")
        except BrokenPipeError:
            raise _failed("Pagefind stopped before it was sent every record.") from None

    def answer(self) -> dict:
        """Return the answer to the oldest request not yet answered."""
        self.process.stdin.flush()
        scanned = 0  # the part of `pending` known to hold no comma: a long answer is searched once
        while (end := self.pending.find(b",", scanned)) < 0:
            scanned = len(self.pending)
            chunk = self.process.stdout.read1(1 << 20)
            if not chunk:
                raise _failed("Pagefind stopped before it answered.")
            self.pending += chunk
        message = base64.b64decode(self.pending[:end])
        del self.pending[:end + 1]
        response = json.loads(message)["payload"]
        if response["type"] == "Error":
            raise _failed(f"Pagefind refused a request: {response['message']}")
        return response

    def ask(self, payload: dict) -> dict:
        self.tell(payload)
        return self.answer()


def _stable(files: dict[str, bytes]) -> dict[str, bytes]:
    """Return the bundle with filter values and filters sorted, and the files that hold them named by content."""
    entry = json.loads(files["pagefind-entry.json"])
    out = {p: c for p, c in files.items() if not p.startswith("filter/") and not p.endswith(".pf_meta")}
    for language, info in entry["languages"].items():
        meta = _decode(files[f"pagefind.{info['hash']}.pf_meta"])
        if not (isinstance(meta, list) and len(meta) == 6 and meta[0] == entry["version"]):
            raise _unreadable()
        filters = []
        for name, old in meta[3]:
            name_again, values = _decode(files[f"filter/{old}.pf_filter"])
            content = _encode([name_again, sorted(values, key=lambda v: v[0])])
            new = f"{language}_{hashlib.sha256(content).hexdigest()[:7]}"
            out[f"filter/{new}.pf_filter"] = content
            filters.append([name, new])
        meta[3] = sorted(filters)
        content = _encode(meta)
        info["hash"] = f"{language}_{hashlib.sha256(content).hexdigest()[:10]}"
        out[f"pagefind.{info['hash']}.pf_meta"] = content
    out["pagefind-entry.json"] = json.dumps(entry, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    return out


def _decode(content: bytes):
    raw = gzip.decompress(content)
    if not raw.startswith(_SIGNATURE):
        raise _unreadable()
    return cbor2.loads(raw[len(_SIGNATURE):])


def _unreadable() -> EditionError:
    return _failed("the installed Pagefind wrote an index in a format this build cannot read.")


def _failed(message: str) -> EditionError:
    return EditionError([Diagnostic("search.pagefind", Location(BUNDLE), message,
                                    "install the Pagefind that pyproject.toml names (pagefind[bin] 1.5.x).")])


def _encode(value) -> bytes:
    return gzip.compress(_SIGNATURE + cbor2.dumps(value), mtime=0)
