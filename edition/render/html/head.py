"""What a document page adds to its `<head>`: citation meta tags, alternate links and schema.org JSON-LD.

All of it comes from the document's CSL record (`render.citations`), typed as a manuscript,
so that Zotero and search engines read the page as an archival document, not an article.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from markupsafe import Markup

from ... import urls
from ...model import Document
from ...words import person_name, shelfmark
from ..citations import csl_record
from ..exports import citation_files


@dataclass(frozen=True, slots=True)
class Head:
    """What a document page adds to its `<head>`: meta tags, links and JSON-LD."""

    meta: tuple[tuple[str, str], ...]
    links: tuple[tuple[str, str, str], ...]
    json_ld: Markup


def head(document: Document, settings) -> Head:
    """Return the head metadata of a document's page."""
    return Head(tuple(head_meta(document, settings)), tuple(head_links(document, settings)),
                json_ld(document, settings))


def head_meta(document: Document, settings) -> list[tuple[str, str]]:
    """Return the page's `<meta name content>` pairs: Highwire `citation_*` and Dublin Core, as a manuscript."""
    meta = document.meta
    record = csl_record(document, settings)
    names = [person_name(n, inverted=True) for n in record["author"]]
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
    alternates = [("xml", "application/tei+xml"), ("json", "application/json")]
    alternates += [(ext, media) for ext, _, media in citation_files.FORMATS]
    links = [("alternate", urls.relative(page, urls.document_file(document.id, ext)), media)
             for ext, media in alternates]
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
            "itemLocation": shelfmark(meta.archive, "cited"),
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


