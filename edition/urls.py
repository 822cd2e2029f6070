"""Every path and anchor of the published site, in one place.

Pages link to each other with relative URLs only, so the site works from any
folder of a static host; `relative` computes them from one page to another.
"""

from __future__ import annotations

import posixpath


def document_page(doc_id: str) -> str:
    """Return the site path of a document's page."""
    return f"documents/{doc_id}/index.html"


def document_file(doc_id: str, extension: str) -> str:
    """Return the site path of a document's download (`json`, `txt`, `xml`)."""
    return f"documents/{doc_id}/{doc_id}.{extension}"


def home() -> str:
    return "index.html"


def relative(from_page: str, to_path: str, fragment: str = "") -> str:
    """Return the relative URL from one site path to another (with an optional `#fragment`)."""
    base = posixpath.dirname(from_page) or "."
    target = posixpath.relpath(to_path, base)
    if target.endswith("index.html"):
        target = target[: -len("index.html")] or "./"
    return f"{target}#{fragment}" if fragment else target


def section_anchor(section_id: str) -> str:
    return f"sec-{section_id}"


def entry_page(kind: str, entry_id: str) -> str:
    """Return the site path of a register entry's page (`kind` is `persons`, `places`, ...)."""
    return f"{kind}/{entry_id}/index.html"


def register_page(kind: str) -> str:
    return f"{kind}/index.html"


def bibliography_page() -> str:
    return "bibliography/index.html"


def note_anchor(note_id: str) -> str:
    return f"n-{note_id}"


def reference_anchor(reference_id: str) -> str:
    return f"ref-{reference_id}"
