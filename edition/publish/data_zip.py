"""The edition's data in one zip: exports, sources and annotations, with a SHA-256 manifest.

The zip is byte-reproducible: entries are sorted and carry a fixed timestamp and
fixed permissions, so two builds of the same inputs give the same file, and its
SHA256SUMS manifest lets a reader check every file after unpacking.
"""

from __future__ import annotations

import hashlib
import zipfile
from functools import partial
from pathlib import Path
from typing import BinaryIO

from .. import urls

FOLDER = "edition-data"
"""The one folder the zip unpacks into."""
EPOCH = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can hold: no build time leaks into the file."""
MANIFEST = "SHA256SUMS"
DATA_SUFFIXES = (".xml", ".json", ".txt", ".bib", ".ris")


def is_data(path: str) -> bool:
    """Whether a site file is machine-readable data: TEI, JSON, text and citations (not pages or assets)."""
    return path.endswith(DATA_SUFFIXES) and path.split("/")[0] in ("documents", "tei")


def write_zip(handle: BinaryIO, site, paths: list[str], inputs: dict[str, Path]) -> None:
    """Write to `handle` the zip of the edition's data: the data files among `paths` of `site` (see
    `edition.publish.site.Files`), the inputs (`sources/...`, `annotations/...`: project path → file) as
    they are, and a SHA-256 manifest of them all. Files are read one at a time, so the edition may be
    larger than memory."""
    readers = {**{path: partial(site.read, path) for path in paths if is_data(path)},
               **{path: file.read_bytes for path, file in inputs.items()}}
    manifest = "".join(f"{hashlib.sha256(readers[p]()).hexdigest()}  {p}\n" for p in sorted(readers))
    readers[MANIFEST] = partial(bytes, manifest.encode("utf-8"))
    with zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(readers):
            entry = zipfile.ZipInfo(f"{FOLDER}/{path}", date_time=EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # Unix, whatever the building machine is
            entry.external_attr = 0o100644 << 16
            archive.writestr(entry, readers[path]())


def write_data_zip(site, paths: list[str], inputs: dict[str, Path]) -> None:
    """Add to `site` the data zip, made from the data files among its `paths` and the inputs."""
    with site.open(urls.edition_data()) as handle:
        write_zip(handle, site, paths, inputs)
