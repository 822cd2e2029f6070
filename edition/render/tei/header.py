"""The TEI header of a document and of the edition: bibliographic, archival and correspondence metadata.

Everything here comes from the document's metadata file and the edition's settings;
nothing is taken from the text, so the header never adds words to the transcription.
"""

from __future__ import annotations

from lxml import etree

from ... import urls
from ...model import Block, Corpus, Document, Section
from ...words import shelfmark_parts
from .standoff import XML_ID, child, element, ncname

TOP = frozenset({"salute", "signed", "dateline"})
"""Letter parts TEI allows at the start of a division (grouped in <opener>)."""
BOTTOM = frozenset({"salute", "signed", "dateline", "closer"})
"""Letter parts TEI allows at the end of a division (grouped in <closer> unless one is a closer)."""
CC_BY = ("CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/")
"""The editorial layer's licence unless the edition's settings name another."""
PRINCIPLES = (
    "Diplomatic transcription of the English translation: every character of the source text is "
    "kept in <text>, in order, including the translator's square brackets and the asterisks of "
    "emphasis and of archival footnotes.",
    "The translator's bracketed notes are <note type=\"translator\">, the translator's bracketed "
    "words <supplied reason=\"translation\">; corrections by the editors are <choice> of <sic> "
    "(as written) and <corr> (the reading).",
    "Editorial notes, registers and bibliography stand off in <standOff> and point into the text "
    "through anchors whose ids are those of the reading edition's web page.",
)


def header(corpus: Corpus, document: Document, settings) -> etree._Element:
    """Return the `<teiHeader>` of one document."""
    meta = document.meta
    head = element("teiHeader")
    file_desc = child(head, "fileDesc")
    title_stmt = child(file_desc, "titleStmt")
    child(title_stmt, "title", {}, meta.title)
    child(title_stmt, "author", {}, meta.sender.name)
    if meta.translator:
        _resp(title_stmt, "translation", (meta.translator,), "translator")
    if settings.editors:
        _resp(title_stmt, "editorial notes and registers", settings.editors)
    _publication(file_desc, settings, urls.document_page(document.id))
    _manuscript(child(file_desc, "sourceDesc"), document)
    _encoding(head, meta.translation_credit)
    _profile(head, document)
    return head


def corpus_header(corpus: Corpus, settings) -> etree._Element:
    """Return the `<teiHeader>` of the edition's corpus file."""
    head = element("teiHeader")
    file_desc = child(head, "fileDesc")
    title_stmt = child(file_desc, "titleStmt")
    child(title_stmt, "title", {}, settings.title)
    if settings.editors:
        _resp(title_stmt, "editorial notes and registers", settings.editors)
    _publication(file_desc, settings, urls.home())
    source = child(child(file_desc, "sourceDesc"), "listBibl")
    for document in corpus.documents:
        child(source, "bibl", {"corresp": "#" + ncname(document.id)}, document.meta.title)
    _encoding(head, "")
    return head


def _resp(parent, what: str, names, ident: str = "") -> None:
    resp = child(parent, "respStmt", {XML_ID: ident} if ident else {})
    child(resp, "resp", {}, what)
    for name in names:
        child(resp, "persName", {}, name)


def _publication(parent, settings, page: str) -> None:
    stmt = child(parent, "publicationStmt")
    child(stmt, "publisher", {}, settings.publisher or settings.title)
    if settings.url:
        child(stmt, "idno", {"type": "URL"}, urls.public(page, base_url=settings.url))
    if settings.version:
        child(stmt, "idno", {"type": "version"}, settings.version)
    if settings.date:
        child(stmt, "date", {"when": settings.date}, settings.date)
    licence, licence_url = (settings.licence, settings.licence_url) if settings.licence else CC_BY
    availability = child(stmt, "availability")
    child(availability, "licence", {"target": licence_url} if licence_url else {},
          f"Editorial layer (notes, registers, bibliography, encoding): {licence}.")


def _manuscript(parent, document: Document) -> None:
    meta, archive = document.meta, document.meta.archive
    ms = child(parent, "msDesc")
    ident = child(ms, "msIdentifier")
    repository = child(ident, "repository", {}, archive.repository)
    if archive.abbreviation:
        child(repository, "abbr", {}, archive.abbreviation).tail = ""
        repository.text = f"{archive.repository} ("
        repository[-1].tail = ")"
    for unit, value in shelfmark_parts(archive):
        child(ident, "idno", {"type": unit}, value)
    contents = child(ms, "msContents")
    child(contents, "summary", {}, meta.summary)
    child(contents, "textLang", {"mainLang": meta.language_translation, "otherLangs": meta.language_original},
          f"Translated into {meta.language_translation} from {meta.language_original}")
    for section in document.sections:
        _item(contents, section)
    physical = child(ms, "physDesc")
    if archive.status:
        child(child(physical, "objectDesc", {"form": meta.type}), "p", {}, archive.status.capitalize() + ".")
    if meta.stamps:
        additions = child(physical, "additions")
        for stamp in meta.stamps:
            line = child(additions, "p", {}, "Stamp: ")
            child(line, "stamp", {}, stamp.text).tail = f" ({stamp.detail})." if stamp.detail else "."
    if not len(physical):
        ms.remove(physical)
    origin = child(child(ms, "history"), "origin")
    child(origin, "origDate", {"when": meta.date}, meta.date)
    if meta.sender.place:
        child(origin, "origPlace", {}, meta.sender.place)


def _item(parent, section: Section) -> None:
    """An msItem per section, titled as in the table of contents, pointing at its division."""
    item = child(parent, "msItem")
    child(item, "locus", {"target": "#" + _section_target(section)})
    child(item, "title", {"type": section.kind}, section.title)
    for sub in (s for s in section.children if isinstance(s, Section)):
        _item(item, sub)


def closing_only(node) -> bool:
    """Whether a node is a section made only of closing lines, which TEI cannot hold as a division.

    Such a section (the cable's final dateline and signature) is encoded as its parent's <closer>.
    """
    return (isinstance(node, Section) and node.head is None and bool(node.children)
            and all(isinstance(c, Block) and c.role in BOTTOM for c in node.children))


def _section_target(section: Section) -> str:
    """Point at a section's division, or at the first line of a closing-only section."""
    return section.children[0].key if closing_only(section) else urls.section_anchor(section.id)


def _encoding(head, credit: str) -> None:
    encoding = child(head, "encodingDesc")
    if credit:
        child(child(encoding, "projectDesc"), "p", {}, credit)
    decl = child(encoding, "editorialDecl")
    for text in PRINCIPLES:
        child(decl, "p", {}, text)


def _profile(head, document: Document) -> None:
    meta = document.meta
    profile = child(head, "profileDesc")
    corresp = child(profile, "correspDesc")
    sent = child(corresp, "correspAction", {"type": "sent"})
    child(sent, "persName", {}, meta.sender.name)
    if meta.sender.place:
        child(sent, "placeName", {}, meta.sender.place)
    child(sent, "date", {"when": meta.date}, meta.date)
    received = child(corresp, "correspAction", {"type": "received"})
    child(received, "persName", {}, meta.recipient.name)
    if meta.recipient.place:
        child(received, "placeName", {}, meta.recipient.place)
    if meta.received:
        child(received, "date", {"when": f"{meta.received}:00"}, meta.received)
    languages = child(profile, "langUsage")
    child(languages, "language", {"ident": meta.language_translation}, "the translation transcribed here")
    child(languages, "language", {"ident": meta.language_original}, "the original")
    child(child(child(profile, "textClass"), "keywords"), "term", {}, meta.type)
