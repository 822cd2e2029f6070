"""Register pages: each entry with every mention in context, each register's index, the bibliography."""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup, escape

from ... import notes_md, urls
from ...model import Block, Corpus, Entry, Reference, document_blocks
from ...settings import Settings
from ...words import lifespan, names_in_words, short_citation, year
from .chrome import REGISTER_SINGULAR, REGISTER_TITLES, Chrome, Counted, Link, chrome, entry_order
from .markdown import markdown_html

AUTHORITIES = {"wikidata": ("Wikidata", "https://www.wikidata.org/wiki/{}"),
               "viaf": ("VIAF", "https://viaf.org/viaf/{}"),
               "geonames": ("GeoNames", "https://www.geonames.org/{}")}
BLOCK_PLACES = {"head": "heading", "header": "telegram header", "routing": "address line",
                "footnote": "archival footnote", "citation": "source citation"}
"""How a mention outside the numbered paragraphs says where it is."""
CONTEXT_WIDTH = 70
"""Characters of text shown on each side of a mention."""


@dataclass(frozen=True, slots=True)
class Mention:
    """One place an entry is named: document, block and the words themselves."""

    document: str
    title: str
    """The document's title."""
    block: Block
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Kwic:
    """A keyword-in-context line linking back to its paragraph."""

    before: str
    keyword: str
    after: str
    href: str
    where: str


@dataclass(frozen=True, slots=True)
class EntryView:
    chrome: Chrome
    kind_label: str
    register: Link
    name: str
    dates: str
    description: Markup
    also_known_as: str
    authorities: tuple[Link, ...]
    sources: tuple[Markup, ...]
    mentions: tuple[tuple[Link, tuple[Kwic, ...]], ...]
    """Per document: a link to it and the mentions in reading order."""
    count: int
    notes: tuple[Link, ...]
    """Editorial notes whose text links to this entry."""


@dataclass(frozen=True, slots=True)
class RegisterRow:
    entry: Counted
    dates: str
    summary: str


@dataclass(frozen=True, slots=True)
class RegisterView:
    chrome: Chrome
    title: str
    rows: tuple[RegisterRow, ...]
    by_family_name: bool = False
    """Whether the entries are persons, each with a sort key (so the order is of family names)."""


@dataclass(frozen=True, slots=True)
class BibItem:
    anchor: str
    html: Markup
    cited_by: tuple[Link, ...]


@dataclass(frozen=True, slots=True)
class BibliographyView:
    chrome: Chrome
    items: tuple[BibItem, ...]


def all_mentions(corpus: Corpus) -> dict[tuple[str, str], list[Mention]]:
    """Return (kind, entry id) → its mentions in every document, in reading order."""
    found = defaultdict(list)
    for document in corpus.documents:
        for block in document_blocks(document):
            for span in sorted(block.spans):
                if span.mark.kind == "mention":
                    found[(span.mark.value, span.mark.ref)].append(Mention(document.id, document.meta.title, block,
                                                                                    span.start, span.end))
    return found


def entry_view(corpus: Corpus, settings: Settings, entry: Entry, mentions: list[Mention]) -> EntryView:
    """Return everything an entry's page shows."""
    page = urls.entry_page(entry.kind, entry.id)
    by_document: dict[str, list[Mention]] = {}
    for mention in mentions:
        by_document.setdefault(mention.document, []).append(mention)
    grouped = [(Link(mentioned[0].title, urls.relative(page, urls.document_page(doc_id))),
                tuple(_kwic(m, page) for m in mentioned)) for doc_id, mentioned in by_document.items()]
    notes = tuple(Link(f"Note {n.number}: {_short(n.lemma)}",
                       urls.relative(page, urls.document_page(doc_id), urls.note_anchor(n.id)))
                  for doc_id, n in corpus.notes_naming.get((entry.kind, entry.id), ()))
    return EntryView(
        chrome=chrome(page, corpus, settings, urls.register_page(entry.kind), registers=True, description=(
            f"{entry.name} ({REGISTER_SINGULAR[entry.kind].lower()}), in {settings.title}: "
            f"{_first_sentence(_plain_description(entry, corpus, page)) or 'where the texts and notes name it.'}")),
        kind_label=REGISTER_SINGULAR[entry.kind],
        register=Link(REGISTER_TITLES[entry.kind] if entry.kind != "events" else "Chronology",
                      urls.relative(page, urls.register_page(entry.kind),
                                    urls.event_anchor(entry.id) if entry.kind == "events" else "")),
        name=entry.name, dates=lifespan(entry.dates),
        description=markdown_html(entry.description, corpus, page) if entry.description else Markup(""),
        also_known_as="; ".join(a for a in entry.aliases + entry.also_known_as if a != entry.name),
        authorities=tuple(Link(AUTHORITIES[k][0] + " " + v, AUTHORITIES[k][1].format(v)) for k, v in entry.authorities),
        sources=_cited(entry.sources, corpus, page), mentions=tuple(grouped), count=len(mentions), notes=notes)


def _kwic(mention: Mention, page: str) -> Kwic:
    text, start, end = mention.block.text, mention.start, mention.end
    before, after = text[max(0, start - CONTEXT_WIDTH):start], text[end:end + CONTEXT_WIDTH]
    if start > CONTEXT_WIDTH:  # begin and end on whole words
        before = "…" + before.split(" ", 1)[-1]
    if end + CONTEXT_WIDTH < len(text):
        after = after.rsplit(" ", 1)[0] + "…"
    where = f"¶ {mention.block.n}" if mention.block.n else BLOCK_PLACES.get(mention.block.role, mention.block.role)
    return Kwic(re.sub(r"\s+", " ", before), re.sub(r"\s+", " ", text[start:end]), re.sub(r"\s+", " ", after),
                urls.relative(page, urls.document_page(mention.document), mention.block.key), where)


def _short(text: str, size: int = 50) -> str:
    text = " ".join(text.split())
    return f"“{text}”" if len(text) <= size else f"“{text[:size - 1]}…”"


def _cited(sources, corpus: Corpus, page: str) -> tuple[Markup, ...]:
    by_id = {r.id: r for r in corpus.references}
    return tuple(Markup('<a href="{}">{}</a>{}').format(
        urls.relative(page, urls.bibliography_page(), urls.reference_anchor(s.id)), short_citation(by_id[s.id]),
        f", {s.locator}" if s.locator else "") for s in sources)


def register_view(corpus: Corpus, settings: Settings, kind: str, mentions: dict) -> RegisterView:
    """Return a register's index: every entry in alphabetical order (of their sort keys: persons by family name),
    with its dates and mention count."""
    page = urls.register_page(kind)
    entries = sorted((e for e in corpus.entries if e.kind == kind), key=entry_order)
    rows = []
    for entry in entries:
        dates = lifespan(entry.dates)
        # A one-line summary: the description's first sentence, without its citations.
        summary = _plain_description(entry, corpus, page)
        rows.append(RegisterRow(Counted(entry.name, urls.relative(page, urls.entry_page(kind, entry.id)),
                                        len(mentions.get((kind, entry.id), ()))), dates, _first_sentence(summary)))
    description = (f"The {len(rows)} {REGISTER_TITLES[kind].lower()} named in {settings.title}, in alphabetical "
                   "order, with their dates and how often each is named in the texts.")
    return RegisterView(chrome(page, corpus, settings, page, description=description, registers=True),
                        REGISTER_TITLES[kind], tuple(rows),
                        kind == "persons" and all(e.sort for e in entries))


def _plain_description(entry: Entry, corpus: Corpus, page: str) -> str:
    """The entry's description as plain text, without its citations."""
    plain = notes_md.CITE_RE.sub("", entry.description)
    return markdown_html(plain, corpus, page, inline=True).striptags() if plain.strip() else ""


def _first_sentence(text: str, size: int = 160) -> str:
    text = " ".join(re.sub(r"\s+([.,;:])", r"\1", text).split())
    end = re.search(r"(?:(?<=\w\w[.!?])|(?<=[\"”’)][.!?]))\s+(?=[A-Z“\"])", text)
    text = text[:end.start()] if end else text
    return text if len(text) <= size else text[:size - 1].rsplit(" ", 1)[0] + "…"


def bibliography_view(corpus: Corpus, settings: Settings) -> BibliographyView:
    """Return the bibliography: every reference formatted, with the notes and entries that cite it."""
    page = urls.bibliography_page()
    citing = defaultdict(list)
    for doc_id, notes in sorted(corpus.notes.items()):
        for note in notes:
            for ident in dict.fromkeys([s.id for s in note.sources] + [r.id for r in note.refs if r.kind == "bibliography"]):
                citing[ident].append(Link(f"Note {note.number}", urls.relative(page, urls.document_page(doc_id),
                                                                                urls.note_anchor(note.id))))
    for entry in corpus.entries:
        for ident in dict.fromkeys([s.id for s in entry.sources] + [r.id for r in entry.refs if r.kind == "bibliography"]):
            citing[ident].append(Link(entry.name, urls.relative(page, urls.entry_page(entry.kind, entry.id))))
    ordered = sorted(corpus.references, key=lambda r: (short_citation(r).casefold(), r.id))
    items = tuple(BibItem(urls.reference_anchor(r.id), format_reference(r), tuple(citing[r.id])) for r in ordered)
    return BibliographyView(chrome(page, corpus, settings, page, registers=True, description=f"The works the notes "
                                   f"and registers of {settings.title} cite, with where each is cited."), items)


def format_reference(reference: Reference) -> Markup:
    """Return a CSL item as an author-date reference: `Hermes, Walter G. 1966. <i>Title</i>. Place: Publisher.`"""
    csl = reference.csl
    creators = csl.get("author") or csl.get("editor") or []
    who = names_in_words(creators) + (" (ed.)" if not csl.get("author") and len(creators) == 1 else
                              " (eds.)" if not csl.get("author") and creators else "")
    who = who or csl.get("publisher", "")
    contained = bool(csl.get("container-title"))
    title = Markup("“{}.”").format(csl["title"]) if contained else Markup("<i>{}</i>.").format(csl["title"])
    parts = [Markup("{}. {}.").format(who, year(reference) or "n.d."), title]
    if contained:
        container = Markup("<i>{}</i>").format(csl["container-title"])
        if csl.get("volume"):
            container += Markup(" {}").format(csl["volume"]) + (Markup(", no. {}").format(csl["issue"])
                                                                 if csl.get("issue") else "")
        if csl.get("page"):
            container += Markup(": {}").format(csl["page"])
        parts.append(("In " if csl.get("type") == "chapter" else "") + container + ".")
    if csl.get("translator"):
        parts.append(Markup("Translated by {}.").format(names_in_words(csl["translator"], invert_first=False)))
    place = ": ".join(p for p in (csl.get("publisher-place", ""), csl.get("publisher", "") if csl.get("author")
                                  or csl.get("editor") else "") if p)
    if place:
        parts.append(escape(place) + ".")
    if csl.get("archive"):
        parts.append(escape(", ".join(p for p in (csl["archive"], csl.get("archive_location", "")) if p)) + ".")
    if csl.get("DOI"):
        doi = f"https://doi.org/{csl['DOI']}"
        parts.append(Markup('<a href="{0}">{0}</a>.').format(doi))
    elif csl.get("URL"):
        parts.append(Markup('<a href="{0}">{0}</a>.').format(csl["URL"]))
    if csl.get("note"):
        parts.append(escape(csl["note"]))
    return Markup(" ").join(parts)
