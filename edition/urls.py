"""Every path and anchor of the published site, in one place (documented in docs/urls.md).

Pages link to each other with relative URLs only, so the site works from any
folder of a static host; `relative` computes them from one page to another.
Every id in a path or fragment is an id from the data, so addresses stay stable
as long as the data's ids do.
"""

from __future__ import annotations


STYLESHEET = "assets/edition.css"
REGISTERS_STYLESHEET = "assets/registers.css"
SCRIPT = "assets/edition.js"
FAVICON = "assets/favicon.svg"


def home() -> str:
    """Return the site path of the landing page."""
    return "index.html"


def document_page(doc_id: str) -> str:
    """Return the site path of a document's page."""
    return f"documents/{doc_id}/index.html"


def document_file(doc_id: str, extension: str) -> str:
    """Return the site path of a document's download (`json`, `txt`, `xml`)."""
    return f"documents/{doc_id}/{doc_id}.{extension}"


def entry_page(kind: str, entry_id: str) -> str:
    """Return the site path of a register entry's page (`kind` is `persons`, `places`, ...)."""
    return f"{kind}/{entry_id}/index.html"


def register_page(kind: str) -> str:
    """Return the site path of a register's index; the events' index is the chronology."""
    return chronology_page() if kind == "events" else f"{kind}/index.html"


def chronology_page() -> str:
    return "chronology/index.html"


def bibliography_page() -> str:
    return "bibliography/index.html"


def about_page() -> str:
    return "about/index.html"


def search_page() -> str:
    return "search/index.html"


def not_found_page() -> str:
    """The page a static host serves for a missing address (at the site's root)."""
    return "404.html"


def tei_corpus() -> str:
    """The whole edition as one TEI file (a teiCorpus)."""
    return "tei/corpus.xml"


def edition_data() -> str:
    """The zip of all the edition's data: exports, sources, annotations, a SHA-256 manifest."""
    return "edition-data.zip"


def sitemap() -> str:
    return "sitemap.xml"


def robots() -> str:
    return "robots.txt"


def relative(from_page: str, to_path: str, fragment: str = "") -> str:
    """Return the relative URL from one site path to another (with an optional `#fragment`).

    Site paths are relative and hold no `..`, so this is worked out on their parts alone: a corpus's
    pages make hundreds of thousands of links, and `posixpath.relpath` asks the file system each time.
    """
    base = [part for part in from_page.split("/")[:-1] if part not in ("", ".")]
    parts = [part for part in to_path.split("/") if part not in ("", ".")]
    common = 0
    while common < min(len(base), len(parts)) and base[common] == parts[common]:
        common += 1
    target = "/".join([".."] * (len(base) - common) + parts[common:]) or "."
    if target.endswith("index.html"):
        target = target[: -len("index.html")] or "./"
    return f"{target}#{fragment}" if fragment else target


def public(path: str, fragment: str = "", base_url: str = "") -> str:
    """Return the address of a page for citing: absolute under `base_url`, else from the site's root."""
    clean = path[: -len("index.html")] if path.endswith("index.html") else path
    address = f"{base_url.rstrip('/')}/{clean}" if base_url else f"/{clean}"
    return f"{address}#{fragment}" if fragment else address


# --- Fragments: anchors within a page -------------------------------------------------------

def section_anchor(section_id: str) -> str:
    return f"sec-{section_id}"


def note_anchor(note_id: str) -> str:
    """An editorial note, in the document's notes."""
    return f"n-{note_id}"


def note_marker_anchor(note_id: str) -> str:
    """The note's numbered marker in the text (where the note's back-link returns)."""
    return f"ref-n-{note_id}"


def footnote_marker_anchor(footnote_key: str) -> str:
    """An archival footnote's marker in the text (the footnote's own anchor is its block key, `s1`)."""
    return f"ref-{footnote_key}"


def reference_anchor(reference_id: str) -> str:
    """A bibliography entry on the bibliography page."""
    return f"ref-{reference_id}"


def event_anchor(event_id: str) -> str:
    """An event's line in the chronology."""
    return f"event-{event_id}"


SOURCE_NOTE = "source"
"""The document page's source note (where whole-document archival footnotes point)."""
