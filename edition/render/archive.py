"""The edition's data in one zip, and the files search engines read (sitemap, robots.txt).

The zip is byte-reproducible: entries are sorted and carry a fixed timestamp and
fixed permissions, so two builds of the same inputs give the same file, and its
SHA256SUMS manifest lets a reader check every file after unpacking.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from xml.sax.saxutils import escape

from .. import urls

FOLDER = "edition-data"
"""The one folder the zip unpacks into."""
EPOCH = (1980, 1, 1, 0, 0, 0)
"""The earliest time a zip entry can hold: no build time leaks into the file."""
MANIFEST = "SHA256SUMS"
DATA_SUFFIXES = (".xml", ".json", ".txt", ".bib", ".ris")


def data_files(site: dict[str, bytes]) -> dict[str, bytes]:
    """Return the site's machine-readable files: TEI, JSON, text and citations (not pages or assets)."""
    return {path: content for path, content in site.items()
            if path.endswith(DATA_SUFFIXES) and path.split("/")[0] in ("documents", "tei")}


def edition_zip(site: dict[str, bytes], inputs: dict[str, bytes]) -> bytes:
    """Return the zip of the edition's data: the site's data files, the inputs (`sources/...`,
    `annotations/...`) as they were read, and a SHA-256 manifest of them all."""
    files = {**data_files(site), **inputs}
    manifest = "".join(f"{hashlib.sha256(files[p]).hexdigest()}  {p}\n" for p in sorted(files))
    files[MANIFEST] = manifest.encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(files):
            entry = zipfile.ZipInfo(f"{FOLDER}/{path}", date_time=EPOCH)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.create_system = 3  # Unix, whatever the building machine is
            entry.external_attr = 0o100644 << 16
            archive.writestr(entry, files[path])
    return buffer.getvalue()


def sitemap(paths, base_url: str) -> str:
    """Return sitemap.xml listing every HTML page of the site under `base_url`."""
    pages = sorted(p for p in paths if p.endswith(".html") and p != urls.not_found_page())
    lines = [f"<url><loc>{escape(urls.public(p, base_url=base_url))}</loc></url>" for p in pages]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(lines) + "\n</urlset>\n")


def robots(base_url: str) -> str:
    """Return robots.txt: everything may be crawled; the sitemap is named."""
    return f"User-agent: *\nAllow: /\nSitemap: {urls.public(urls.sitemap(), base_url=base_url)}\n"


def archive_files(site: dict[str, bytes], inputs: dict[str, bytes], base_url: str) -> dict[str, bytes]:
    """Return the files made from the finished site: the data zip, and (when the site's address is
    known: they need absolute URLs) sitemap.xml and robots.txt."""
    files = {urls.edition_data(): edition_zip(site, inputs)}
    if base_url:
        files[urls.sitemap()] = sitemap(site, base_url).encode("utf-8")
        files[urls.robots()] = robots(base_url).encode("utf-8")
    return files
