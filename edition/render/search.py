"""The search records: every paragraph, note and register entry as one record, made from the model.

Records are made from the model, not scraped from pages, so each paragraph is
a result of its own that links to its anchor (`documents/ID/#p12`), and each
carries two filters: `kind` (text, note, person, place, organization, term,
event) and `document` (the titles of the documents it belongs to or is named in).
They are values; `edition.publish.pagefind` gives them to Pagefind, which writes the index.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import html as lxml_html

from .. import urls
from ..model import Corpus, Document, Entry, document_blocks, iter_blocks, iter_sections, pickled_by_position
from ..words import lifespan
from .html.markdown import markdown_html, note_bodies

KINDS = {"persons": "person", "organizations": "organization", "places": "place", "terms": "term",
         "events": "event"}
"""Register kind → the `kind` filter's value."""
ROLES = {"header": "Header", "routing": "Routing", "salute": "Salutation", "signed": "Signature",
         "dateline": "Dateline", "closer": "Closing", "citation": "Archival citation", "head": "Heading",
         "footnote": "Archival footnote", "p": "Paragraph"}


@pickled_by_position
@dataclass(frozen=True, slots=True)
class Record:
    """One search result: where it links, what it shows, what it is searched by."""

    url: str
    """From the site's root, without a leading slash: `documents/ID/#p12`."""
    title: str
    content: str
    kind: str
    documents: tuple[str, ...]
    mentions: str = ""
    """Names of the entries named in it, and their other names, so that a search by name finds it."""


def search_records(corpus: Corpus) -> list[Record]:
    """Return the records of every block of every document, every note and every register entry, in order."""
    return [r for document in corpus.documents
            for r in document_records(corpus, document, note_bodies(corpus, document))] + entry_records(corpus)


def document_records(corpus: Corpus, document: Document, bodies: dict) -> tuple[Record, ...]:
    """Return the records of a document's blocks, then of its notes (`bodies`: see `html.markdown.note_bodies`):
    made with the document's own files."""
    entries = corpus.entry_by_key
    page = urls.document_page(document.id)
    records = []
    for block, where in _blocks(document):
        label = f"¶ {block.n}" if block.n else ROLES.get(block.role, block.role.capitalize())
        names = sorted({name for key in _mentioned(block) for name in (entries[key].name, *entries[key].also_known_as)})
        records.append(Record(_url(page, block.key), f"{label} · {where}", _squash(block.text), "text",
                              (document.meta.title,), ", ".join(names)))
    for note in corpus.notes.get(document.id, ()):
        records.append(Record(_url(page, urls.note_anchor(note.id)),
                              f"Note {note.number} · “{_squash(note.lemma)}”",
                              _plain(bodies[note.id]), "note", (document.meta.title,)))
    return tuple(records)


def entry_records(corpus: Corpus) -> list[Record]:
    """Return the records of the register entries, each filtered by the documents that name it."""
    named_in: dict[tuple[str, str], list[str]] = {(entry.kind, entry.id): [] for entry in corpus.entries}
    for document in corpus.documents:
        for block in document_blocks(document):
            for key in _mentioned(block):
                if document.meta.title not in named_in[key]:
                    named_in[key].append(document.meta.title)
    return [_entry_record(corpus, entry, tuple(named_in[entry.kind, entry.id])) for entry in corpus.entries]


def _mentioned(block) -> set[tuple[str, str]]:
    return {(s.mark.value, s.mark.ref) for s in block.spans if s.mark.kind == "mention"}


def _blocks(document: Document):
    """Yield every block of `document` with the title of the innermost section holding it, else the document's."""
    where = {}  # subsections come after their parent, so the innermost title is the one kept
    for section in iter_sections(document.sections):
        where.update((block.key, section.title) for block in iter_blocks([section]))
    for block in document_blocks(document):
        yield block, where.get(block.key, document.meta.title)


def _entry_record(corpus: Corpus, entry: Entry, named_in: tuple[str, ...]) -> Record:
    if entry.kind == "events":
        page, fragment = urls.chronology_page(), urls.event_anchor(entry.id)
    else:
        page, fragment = urls.entry_page(entry.kind, entry.id), ""
    words = dict.fromkeys([entry.name, *entry.aliases, *entry.also_known_as, lifespan(entry.dates),
                           _plain(markdown_html(entry.description, corpus, page))])
    return Record(_url(page, fragment), f"{entry.name} ({KINDS[entry.kind]})",
                  " · ".join(w for w in words if w), KINDS[entry.kind], named_in)


def _url(page: str, fragment: str) -> str:
    return urls.relative(urls.home(), page, fragment)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _plain(markup: str) -> str:
    if not markup.strip():
        return ""
    return _squash(lxml_html.fragment_fromstring(markup, create_parent="div").text_content())
