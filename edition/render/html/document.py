"""The document page: the source note, the text with numbered paragraphs, the notes, the index of names.

The model's tree of sections, lists and blocks becomes a tree of view objects
(`SectionView`, `ListView`, `Para`) that the templates only display.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from jinja2 import Environment
from markupsafe import Markup, escape

from ... import urls
from ...model import REGISTER_KINDS, Block, Corpus, Document, ListNode, Note, Section, document_blocks
from ...settings import Settings
from ...words import format_date, language_name, shelfmark, short_citation
from ..citations import Styled, document_citation, styled_citations
from .chrome import REGISTER_TITLES, Chrome, Counted, Link, chrome, entry_order
from .head import Head, head
from .inline import PageContext, block_html

# Section kinds set off as documents within the document, with the label shown above them.
EMBEDDED = {"embedded-note": "Quoted document", "letter": "Quoted letter", "oral-report": "Oral report"}
# Downloads offered when the build wrote them: extension after the document id, label.
DOWNLOADS = (("xml", "TEI P5 XML"), ("json", "JSON (document model)"), ("txt", "Plain text"),
             ("csl.json", "CSL-JSON citation"), ("bib", "BibTeX citation"), ("ris", "RIS citation"))


@dataclass(frozen=True, slots=True)
class Para:
    """A block as shown, with its number when it is a numbered paragraph."""

    key: str
    n: int
    role: str
    html: Markup


@dataclass(frozen=True, slots=True)
class ItemView:
    label: str
    children: tuple


@dataclass(frozen=True, slots=True)
class ListView:
    style: str
    items: tuple[ItemView, ...]


@dataclass(frozen=True, slots=True)
class SectionView:
    anchor: str
    kind: str
    label: str
    """Shown above an embedded document (`Quoted letter`); empty for the framing text."""
    title: str
    level: int
    head: Para | None
    children: tuple


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the source note."""

    label: str
    html: Markup


@dataclass(frozen=True, slots=True)
class NoteView:
    anchor: str
    marker: str
    number: int
    textual: bool
    lemma: str
    corr: str
    body: Markup
    sources: tuple[Markup, ...]
    paragraph: str
    """Where the note is, for its back-link: `¶ 5`, or `the heading`."""


@dataclass(frozen=True, slots=True)
class FootnoteView:
    key: str
    html: Markup
    back: str = ""
    """The marker in the text it leads back to; none for a footnote on the whole document (shown in the source note)."""


@dataclass(frozen=True, slots=True)
class TocItem:
    label: str
    href: str
    children: tuple["TocItem", ...] = ()


@dataclass(frozen=True, slots=True)
class DocumentView:
    chrome: Chrome
    head: Head
    """Citation meta tags, alternate links and JSON-LD for the page's `<head>`."""
    title: str
    kicker: str
    summary: str
    held: str
    """The source note's first line: archive, file, folios and whether original or copy."""
    route: Markup
    """The source note's second line: sender → recipient, date and time of receipt."""
    source: tuple[Row, ...]
    """The full description of the source, one click away."""
    document_footnotes: tuple[FootnoteView, ...]
    toc: tuple[TocItem, ...]
    front: tuple[Para, ...]
    sections: tuple[SectionView, ...]
    back: tuple[Para, ...]
    footnotes: tuple[FootnoteView, ...]
    notes: tuple[NoteView, ...]
    index: tuple[tuple[str, tuple[Counted, ...]], ...]
    """(register title, entries named in this document with their mention counts)."""
    citation: str
    """The plain citation of the document in this edition."""
    paragraph_citation: str
    """A paragraph's citation with `{n}` for its number: the script makes each paragraph's "cite" box from it."""
    citations: tuple[Styled, ...]
    """The document's citation in the usual styles (Chicago, MLA)."""
    downloads: tuple[Link, ...]
    corrections: bool
    """Whether the text has corrected readings (then the diplomatic/reading switch is shown)."""


def document_page(env: Environment, corpus: Corpus, settings: Settings, document: Document,
                  site_paths: frozenset, note_bodies: dict) -> str:
    """Return the HTML of one document's page; `site_paths` are the document's other files, `note_bodies`
    its notes' HTML (see `markdown.note_bodies`)."""
    return env.get_template("document.html").render(
        view=document_view(corpus, settings, document, site_paths, note_bodies))


def document_view(corpus: Corpus, settings: Settings, document: Document, site_paths: frozenset,
                  note_bodies: dict) -> DocumentView:
    """Return everything the document page shows."""
    page = urls.document_page(document.id)
    notes = corpus.notes.get(document.id, ())
    blocks = list(document_blocks(document))
    context = PageContext(page, {n.id: n.number for n in notes}, {f.marker: f.block.key for f in document.footnotes},
                          _crowded(blocks))
    numbers = {b.key: b.n for b in blocks}

    linked = _linked_mentions(document, settings.link_mentions)

    def shown(block: Block) -> Markup:
        """The block's HTML, its mentions linked only where the edition's setting says."""
        spans = tuple(s for s in block.spans if s.mark.kind != "mention" or (block.key, s.start) in linked)
        return block_html(replace(block, spans=spans), context)

    def para(block: Block) -> Para:
        return Para(block.key, block.n, block.role, shown(block))

    def convert(node, level: int):
        if isinstance(node, Block):
            return para(node)
        if isinstance(node, ListNode):
            return ListView(node.style, tuple(ItemView(i.label, tuple(convert(c, level) for c in i.children))
                                              for i in node.items))
        return SectionView(urls.section_anchor(node.id), node.kind, EMBEDDED.get(node.kind, ""), node.title,
                           min(level, 6), node.head and para(node.head),
                           tuple(convert(c, level + 1) for c in node.children))

    footnotes = [FootnoteView(f.block.key, shown(f.block),
                              "#" + urls.footnote_marker_anchor(f.block.key) if f.attach == "text" else "")
                 for f in document.footnotes]
    note_views = tuple(_note_view(n, numbers, corpus, page, note_bodies[n.id]) for n in notes)
    downloads = tuple(Link(label, urls.relative(page, urls.document_file(document.id, ext)))
                      for ext, label in DOWNLOADS if urls.document_file(document.id, ext) in site_paths)
    meta = document.meta
    return DocumentView(
        chrome=chrome(page, corpus, settings, urls.home(), description=meta.summary), head=head(document, settings),
        title=meta.title,
        kicker=f"{meta.type.capitalize()} · {format_date(meta.date)}", summary=meta.summary,
        held=_held(document), route=_route(document),
        source=_source_rows(document), document_footnotes=tuple(f for f in footnotes if not f.back),
        toc=_toc(document, bool(notes), any(f.attach == "text" for f in document.footnotes)),
        front=tuple(para(b) for b in document.front), sections=tuple(convert(s, 2) for s in document.sections),
        back=tuple(para(b) for b in document.back),
        footnotes=tuple(f for f in footnotes if f.back), notes=note_views,
        index=_index(corpus, blocks, page), citation=document_citation(document, settings),
        paragraph_citation=document_citation(document, settings, "p{n}", "{n}"),
        citations=styled_citations(document, settings), downloads=downloads,
        corrections=any(s.mark.kind == "sic" for b in blocks for s in b.spans))


def _crowded(blocks: list[Block]) -> frozenset[str]:
    """Return the notes and placed footnote markers whose marker follows another one after no more than two
    characters and no space (`p. 1¹"²`), so that the page sets it far enough apart to be tapped on its own."""
    crowded = set()
    for block in blocks:
        ends = sorted((s.end, s.mark.ref) for s in block.spans if s.mark.kind in ("note", "footnote-ref")
                      and block.text[s.start:s.end] != s.mark.ref)  # a marker the source has is text, not set apart
        for (before, _), (end, ref) in zip(ends, ends[1:]):
            between = block.text[before:end]
            if 0 < len(between) <= 2 and not between.isspace() and " " not in between:
                crowded.add(ref)
    return frozenset(crowded)


def _linked_mentions(document: Document, scope: str) -> frozenset[tuple[str, int]]:
    """Return (block key, start) of the mentions that link to their entry: the first of each entry in each
    scope (`document`, `section`, `paragraph`), met in the order of the page, or `every` one."""
    seen, linked = set(), set()
    for section, block in _blocks_by_section(document):
        for span in sorted(block.spans):
            if span.mark.kind != "mention":
                continue
            where = {"document": "", "section": section, "paragraph": block.key}.get(scope, (block.key, span.start))
            if (where, span.mark.value, span.mark.ref) not in seen:
                seen.add((where, span.mark.value, span.mark.ref))
                linked.add((block.key, span.start))
    return frozenset(linked)


def _blocks_by_section(document: Document):
    """Yield (the innermost section's id, block) in the order of the page: the archival footnote on the whole
    document (in the source note), the lines before the first section, the sections, those after the last, the
    other footnotes."""
    def walk(nodes, section: str):
        for node in nodes:
            if isinstance(node, Block):
                yield section, node
            elif isinstance(node, ListNode):
                for item in node.items:
                    yield from walk(item.children, section)
            else:
                yield from walk(((node.head,) if node.head else ()) + node.children, node.id)

    yield from (("", f.block) for f in document.footnotes if f.attach != "text")
    yield from walk(document.front, "front")
    yield from walk(document.sections, "")
    yield from walk(document.back, "back")
    yield from (("footnotes", f.block) for f in document.footnotes if f.attach == "text")


def _note_view(note: Note, numbers: dict, corpus: Corpus, page: str, body: Markup) -> NoteView:
    cited = {r.id for r in note.refs if r.kind == "bibliography"}  # sources the body cites are not repeated
    sources = tuple(Markup('<a href="{}">{}</a>{}').format(
        urls.relative(page, urls.bibliography_page(), urls.reference_anchor(s.id)),
        short_citation(corpus.reference_by_id[s.id]), f", {s.locator}" if s.locator else "")
        for s in note.sources if s.id not in cited)
    where = f"¶ {numbers[note.block]}" if numbers.get(note.block) else "its place"
    return NoteView(urls.note_anchor(note.id), urls.note_marker_anchor(note.id), note.number, note.kind == "textual",
                    " ".join(note.lemma.split()), note.corr, body,
                    sources, where)


def _held(document: Document) -> str:
    """Where the document is kept, in words: `Archive of … (AP RF), fond 3, opis 65, delo 830, folios 136-147.
    Original.`"""
    archive = document.meta.archive
    parts = [_archive(archive), shelfmark(archive, "file")] + ([f"folios {archive.pages}"] if archive.pages else [])
    return ", ".join(p for p in parts if p) + "." + (f" {archive.status.capitalize()}." if archive.status else "")


def _route(document: Document) -> Markup:
    """Who wrote to whom, when, and when it was received: `V. V. Vas'kov, Beijing → G. M. Malenkov, Moscow, …`."""
    meta = document.meta
    when = format_date(meta.date) + (f", received {meta.received}" if meta.received else "")
    return Markup('{} <span aria-hidden="true">→</span><span class="vh">to</span> {}, {}.').format(
        _party(meta.sender, role=False), _party(meta.recipient, role=False), when)


def _archive(archive) -> str:
    return archive.repository + (f" ({archive.abbreviation})" if archive.abbreviation else "")


def _source_rows(document: Document) -> tuple[Row, ...]:
    """The full description of the source: where it is kept, what it is, who wrote it to whom, the translation."""
    meta, archive = document.meta, document.meta.archive
    stamps = "; ".join(f"“{s.text}”" + (f", {s.detail}" if s.detail else "") for s in meta.stamps)
    rows = [("Archive", _archive(archive)), ("File", shelfmark(archive, "file")),
            ("Folios", archive.pages), ("Original or copy", archive.status.capitalize()), ("Stamp", stamps),
            ("Telegram numbers", meta.telegram_numbers or (document.header.numbers if document.header else "")),
            ("From", _party(meta.sender)), ("To", _party(meta.recipient)), ("Date", format_date(meta.date)),
            ("Time of receipt", meta.received),
            ("Language", f"{language_name(meta.language_original)} original, "
                         f"{language_name(meta.language_translation)} translation"),
            ("Translation", meta.translation_credit or meta.translator), ("Rights", meta.rights)]
    out = [Row(label, escape(value)) for label, value in rows if value]
    if meta.source_url:
        out.append(Row("Published at", Markup('<a href="{0}">{0}</a>').format(meta.source_url)))
    return tuple(out)


def _party(party, role: bool = True) -> str:
    return ", ".join(p for p in (party.name, party.role if role else "", party.place) if p)


def _toc(document: Document, has_notes: bool, has_footnotes: bool) -> tuple[TocItem, ...]:
    def item(section: Section) -> TocItem:
        return TocItem(section.title, "#" + urls.section_anchor(section.id),
                       tuple(item(s) for s in section.children if isinstance(s, Section)))

    items = [TocItem("Source", "#" + urls.SOURCE_NOTE)] + [item(s) for s in document.sections]
    if has_footnotes:
        items.append(TocItem("Archival footnotes", "#footnotes"))
    if has_notes:
        items.append(TocItem("Editorial notes", "#notes"))
    return tuple(items)


def _index(corpus: Corpus, blocks: list[Block], page: str) -> tuple[tuple[str, tuple[Counted, ...]], ...]:
    counts = Counter((s.mark.value, s.mark.ref) for b in blocks for s in b.spans if s.mark.kind == "mention")
    groups = []
    for kind in REGISTER_KINDS:
        entries = sorted((corpus.entry_by_key[key] for key in counts if key[0] == kind and key in corpus.entry_by_key),
                         key=entry_order)
        links = tuple(Counted(e.name, urls.relative(page, urls.entry_page(kind, e.id)), counts[(kind, e.id)])
                      for e in entries)
        if links:
            groups.append((REGISTER_TITLES[kind], links))
    return tuple(groups)
