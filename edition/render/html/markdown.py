"""Note bodies and descriptions as HTML: their Markdown with every reference linked relative to a page."""

from __future__ import annotations

from markupsafe import Markup

from ... import notes_md, urls
from ...model import Corpus, Document
from ...words import short_citation


def markdown_html(text: str, corpus: Corpus, page: str, inline: bool = False) -> Markup:
    """Return a note body or description as HTML, its references linked relative to `page`."""
    def resolve(kind: str, ident: str) -> tuple[str, str]:
        if kind == "bibliography":
            return (urls.relative(page, urls.bibliography_page(), urls.reference_anchor(ident)),
                    short_citation(corpus.reference_by_id[ident]))
        if kind == "note":
            return urls.relative(page, urls.document_page(corpus.note_document[ident]), urls.note_anchor(ident)), ""
        return urls.relative(page, urls.entry_page(kind, ident)), ""

    return Markup(notes_md.render(text, resolve, inline=inline))


def note_bodies(corpus: Corpus, document: Document) -> dict[str, Markup]:
    """Return note id → the HTML of the body of each of a document's notes, made once for its page and
    its search records."""
    page = urls.document_page(document.id)
    return {note.id: markdown_html(note.body, corpus, page) for note in corpus.notes.get(document.id, ())}
