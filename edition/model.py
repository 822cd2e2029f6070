"""The edition's data model: frozen values that flow one way through the pipeline.

Text is never marked up in place. A block's `text` is a plain slice of the
transcription, and everything inline is a `Span` over it: code points,
zero-based, end exclusive. So every output keeps every character of the
source, in order, by construction.
"""

from __future__ import annotations

from dataclasses import dataclass, field, fields, replace
from typing import Iterator, Union

from .errors import Location


@dataclass(frozen=True, slots=True)
class Mark:
    """What a span means. `kind` names the behaviour; `ref` and `value` qualify it."""

    kind: str
    """One of the kinds in `MARK_RANK` below."""
    ref: str = ""
    """An id: of a note, a register entry, a footnote marker or a header field."""
    value: str = ""
    """A payload: the corrected reading of a `sic`, the entry kind of a mention."""


# Marks nest in this order when spans overlap: a lower rank encloses a higher one.
MARK_RANK: dict[str, int] = {
    "label": 0,  # a list item's number as written ("- 1).")
    "head": 0,  # a run-in heading at the start of a paragraph
    "field": 0,  # a header field (telegram numbers, date, time)
    "dateline": 0,
    "signed": 0,
    "translator-note": 1,  # [Translator's note: ...]
    "editor-note": 1,  # [Ed. note: ...] in the source
    "stamp": 1,  # [Stamp: ...]
    "supplied": 1,  # [short words] supplied by the translator
    "elision": 1,  # [...]
    "interpolation": 1,  # any other bracketed text
    "emphasis": 2,  # *word*
    # Marks that are followed by a link (note and footnote markers) enclose mentions, so that a
    # marker is never inside a mention's link.
    "note": 3,  # an editorial note's anchor: `ref` the note id
    "footnote-ref": 3,  # the place an archival footnote attaches to
    "sic": 4,  # an editor's correction: the text as written; `ref` the note id, `value` the reading
    "mention": 5,  # a register entry named in the text: `ref` its id, `value` its kind (`persons`, ...)
}


@dataclass(frozen=True, slots=True, order=True)
class Span:
    """A mark over `text[start:end]` of one block; zero-width spans are point anchors."""

    start: int
    end: int
    mark: Mark = field(compare=False)


@dataclass(frozen=True, slots=True)
class Block:
    """One paragraph-like unit of the transcription."""

    key: str
    """Stable anchor id: `p<N>` for numbered paragraphs, `f<N>` front lines, `<section>-head`."""
    n: int
    """Paragraph number in reading order (0 for unnumbered blocks)."""
    role: str
    """`p`, `head`, `header`, `routing`, `salute`, `signed`, `dateline`, `closer`, `citation`, `footnote`."""
    text: str
    """Exactly `source[start:start + len(text)]`."""
    start: int
    """Offset of the text in the transcription."""
    location: Location
    spans: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class Item:
    """A list item; its first block's text begins with the label as written."""

    label: str
    """The item's number without punctuation, e.g. `3`."""
    children: tuple["Node", ...]


@dataclass(frozen=True, slots=True)
class ListNode:
    """A numbered (`1.`) or dashed (`- 1).`) list."""

    style: str
    items: tuple[Item, ...]


@dataclass(frozen=True, slots=True)
class Section:
    """A part of the document declared in its metadata by the words it starts with."""

    id: str
    kind: str
    """`framing-report`, `embedded-note`, `letter`, `oral-report`, `closing`, `part`, ..."""
    title: str
    head: Block | None
    """The section's own heading line in the text, if it has one."""
    children: tuple["Node", ...]
    location: Location


Node = Union[Block, ListNode, Section]


@dataclass(frozen=True, slots=True)
class Footnote:
    """An archival (starred) footnote at the end of the transcription."""

    marker: str
    """As written: `*`, `**`, `x/`, `1`."""
    block: Block
    attach: str
    """`document` or `text` (then a `footnote-ref` span in a block marks the place)."""


@dataclass(frozen=True, slots=True)
class Party:
    name: str
    role: str = ""
    place: str = ""


@dataclass(frozen=True, slots=True)
class Archive:
    repository: str
    abbreviation: str
    fond: str = ""
    opis: str = ""
    delo: str = ""
    pages: str = ""
    status: str = ""
    """`original` or `copy`."""


@dataclass(frozen=True, slots=True)
class Stamp:
    text: str
    detail: str = ""


@dataclass(frozen=True, slots=True)
class Metadata:
    """What the source file cannot say by itself, from `sources/ID.yaml`."""

    title: str
    summary: str
    type: str
    date: str
    """ISO 8601 date of the document."""
    sender: Party
    recipient: Party
    archive: Archive
    language_original: str
    language_translation: str
    translator: str = ""
    translation_credit: str = ""
    rights: str = ""
    telegram_numbers: str = ""
    received: str = ""
    """Time of receipt, `HH:MM`."""
    stamps: tuple[Stamp, ...] = ()
    source_url: str = ""


@dataclass(frozen=True, slots=True)
class TelegramHeader:
    """The fields of a header line such as `N° 1211-1220 3 July 1953 2340`."""

    numbers: str
    date: str
    """ISO 8601."""
    time: str
    """`HH:MM`."""


@dataclass(frozen=True, slots=True)
class Document:
    """One transcribed document, parsed into structure; knows nothing of annotations."""

    id: str
    source: str
    """The transcription exactly as received."""
    source_path: str
    meta: Metadata
    header: TelegramHeader | None
    front: tuple[Block, ...]
    sections: tuple[Section, ...]
    back: tuple[Block, ...]
    """The archival citation line(s) (`Printed from: ...`)."""
    footnotes: tuple[Footnote, ...]


def iter_blocks(nodes) -> Iterator[Block]:
    """Yield every block under `nodes` in reading order, headings included."""
    for node in nodes:
        if isinstance(node, Block):
            yield node
        elif isinstance(node, Section):
            if node.head is not None:
                yield node.head
            yield from iter_blocks(node.children)
        elif isinstance(node, ListNode):
            for item in node.items:
                yield from iter_blocks(item.children)


def document_blocks(document: Document) -> Iterator[Block]:
    """Yield every block of a document in reading order: front, sections, back, footnotes."""
    yield from document.front
    yield from iter_blocks(document.sections)
    yield from document.back
    for footnote in document.footnotes:
        yield footnote.block


def iter_sections(sections) -> Iterator[Section]:
    """Yield sections and their subsections depth-first."""
    for section in sections:
        yield section
        yield from iter_sections(s for s in section.children if isinstance(s, Section))



def map_blocks(document: Document, update) -> Document:
    """Return the document with `update(block)` applied to every block (front, sections, back, footnotes)."""

    def walk(node):
        if isinstance(node, Block):
            return update(node)
        if isinstance(node, ListNode):
            return replace(node, items=tuple(replace(i, children=tuple(map(walk, i.children))) for i in node.items))
        return replace(node, head=node.head and update(node.head), children=tuple(map(walk, node.children)))

    return replace(document, front=tuple(map(update, document.front)), sections=tuple(map(walk, document.sections)),
                   back=tuple(map(update, document.back)),
                   footnotes=tuple(replace(f, block=update(f.block)) for f in document.footnotes))


# --- The editorial layer (annotations/) -------------------------------------------------------

REGISTER_KINDS = ("persons", "organizations", "places", "events", "terms")
"""Register files, in display order; an entry's `kind` is one of these."""


@dataclass(frozen=True, slots=True)
class Selector:
    """A W3C TextQuoteSelector plus an occurrence number, with where it was written."""

    quote: str
    location: Location
    prefix: str = ""
    suffix: str = ""
    occurrence: int = 0
    """1-based; 0 means the quote must match exactly once."""
    document: str = ""
    """For a register's `exclude`: limit it to one document."""
    inside_word: bool = False
    """The quote begins or ends inside a word on purpose (otherwise only whole words match)."""


@dataclass(frozen=True, slots=True)
class SourceRef:
    """A citation of a bibliography entry, with an optional pinpoint."""

    id: str
    locator: str = ""
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Ref:
    """A link written in Markdown (`person:clark`, `@hermes1966`), resolved once everything is loaded."""

    kind: str
    """A register kind, `note`, or `bibliography`."""
    id: str
    location: Location


@dataclass(frozen=True, slots=True)
class Note:
    """An editorial note attached to exact words of one document."""

    id: str
    document: str
    number: int
    """1-based, in reading order within the document (set by anchoring)."""
    kind: str
    """`commentary` or `textual`."""
    body: str
    """Markdown."""
    sources: tuple[SourceRef, ...]
    refs: tuple[Ref, ...]
    location: Location
    selector: Selector
    corr: str = ""
    """For a textual note: the regularised reading of the quoted words (`sic` → `corr`)."""
    block: str = ""
    """Key of the block it anchors in (set by anchoring)."""
    start: int = 0
    end: int = 0
    """Where its words are in that block's text (set by anchoring): code points, end exclusive."""
    lemma: str = ""
    """Its words as the transcription has them (set by anchoring): what the note is shown to be about,
    which may differ from the editor's `selector.quote` in white space and quotation marks."""


@dataclass(frozen=True, slots=True)
class AnnotatedDocument:
    """A document with the editorial layer placed on it: what anchoring makes of a document and its notes."""

    document: Document
    """With `mention`, `note` and `sic` spans added to its blocks."""
    notes: tuple[Note, ...]
    """The notes that found their words, numbered in reading order, with their block, range and lemma."""


@dataclass(frozen=True, slots=True)
class Entry:
    """A register entry: a person, organization, place, event or term."""

    kind: str
    id: str
    name: str
    aliases: tuple[str, ...]
    description: str
    """Markdown."""
    location: Location
    dates: tuple[tuple[str, str], ...] = ()
    """(`born`|`died`|`date`|`founded`|`dissolved`, ISO 8601 or a `start/end` range)."""
    authorities: tuple[tuple[str, str], ...] = ()
    """(`wikidata`|`viaf`|`geonames`, identifier)."""
    sources: tuple[SourceRef, ...] = ()
    refs: tuple[Ref, ...] = ()
    exclude: tuple[Selector, ...] = ()
    also_known_as: tuple[str, ...] = ()
    """Other names and romanisations, for search; not looked for in the texts."""
    standalone: bool = False
    """Kept for its own sake, though no text names it and nothing links to it."""
    sort: str = ""
    """How the entry is alphabetized (a person's family name first: `Clark, Mark W.`); empty: by its name."""
    document: str = ""
    """For an event that is one of the edition's documents (its sending), that document's id."""


@dataclass(frozen=True, slots=True)
class Reference:
    """A bibliography entry; `csl` is its CSL-JSON item."""

    id: str
    csl: dict = field(compare=False, hash=False)
    location: Location | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class Corpus:
    """Everything the renderers need: anchored documents, their notes, registers, bibliography."""

    documents: tuple[Document, ...]
    """With `mention`, `note`, `sic` spans added to their blocks."""
    notes: dict = field(hash=False)
    """document id → tuple of `Note` in reading order."""
    entries: tuple[Entry, ...] = ()
    references: tuple[Reference, ...] = ()
    # Lookups made once from the fields above, so that no page or document has to search the whole
    # corpus: with thousands of documents that would make the build grow with the square of their number.
    entry_by_key: dict = field(init=False, repr=False, compare=False, hash=False)
    """(kind, id) → `Entry`, in register order."""
    entry_rank: dict = field(init=False, repr=False, compare=False, hash=False)
    """(kind, id) → the entry's place in `entries`."""
    reference_by_id: dict = field(init=False, repr=False, compare=False, hash=False)
    note_document: dict = field(init=False, repr=False, compare=False, hash=False)
    """note id → the id of the document it annotates."""
    notes_naming: dict = field(init=False, repr=False, compare=False, hash=False)
    """(kind, id) of an entry → ((document id, `Note`), ...) of the notes that link to it, by document id."""
    kinds: frozenset = field(init=False, repr=False, compare=False, hash=False)
    """The register kinds that have entries."""

    def __post_init__(self) -> None:
        naming: dict = {}
        for doc_id, doc_notes in sorted(self.notes.items()):
            for note in doc_notes:
                for key in dict.fromkeys((r.kind, r.id) for r in note.refs if r.kind != "bibliography"):
                    naming.setdefault(key, []).append((doc_id, note))
        lookups = {"entry_by_key": {(e.kind, e.id): e for e in self.entries},
                   "entry_rank": {(e.kind, e.id): i for i, e in enumerate(self.entries)},
                   "reference_by_id": {r.id: r for r in self.references},
                   "note_document": {n.id: doc_id for doc_id, doc_notes in self.notes.items() for n in doc_notes},
                   "notes_naming": {key: tuple(found) for key, found in naming.items()},
                   "kinds": frozenset(e.kind for e in self.entries)}
        for name, value in lookups.items():
            object.__setattr__(self, name, value)


def pickled_by_position(cls: type) -> type:
    """Give a frozen, slotted dataclass a `__getstate__`/`__setstate__` that hold its fields' values in order.

    The ones `dataclasses` writes look the fields up on every call; a rebuild of a large corpus
    reads millions of these values from the cache, and spent most of that time doing so.
    """
    names = tuple(f.name for f in fields(cls))
    set_field = object.__setattr__

    def __getstate__(self) -> tuple:
        return tuple([getattr(self, name) for name in names])

    def __setstate__(self, state: tuple) -> None:
        for name, value in zip(names, state):
            set_field(self, name, value)

    cls.__getstate__, cls.__setstate__ = __getstate__, __setstate__
    return cls


for _cls in (Location, Mark, Span, Block, Item, ListNode, Section, Footnote, Party, Archive, Stamp, Metadata,
             TelegramHeader, Document, Selector, SourceRef, Ref, Note, AnnotatedDocument, Entry, Reference):
    pickled_by_position(_cls)
