"""The pages that span the corpus, rendered one at a time by `render_pages`; and the pages about the
edition as a whole: landing, about, search, not found.

Each page kind has a view builder (here, or in `registers`, `chronology`; a document's own
page is `document`) and one template extending `base.html`; templates only display, and
every URL in them comes from `urls`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import partial
from typing import Iterator

from jinja2 import Environment
from markupsafe import Markup

from ... import urls
from ...model import REGISTER_KINDS, Corpus, document_blocks
from ...settings import Settings
from ...words import format_date, shelfmark
from ..citations import document_citation, edition_citation
from .chronology import chronology_view
from .chrome import REGISTER_TITLES, Chrome, Counted, Link, chrome
from .document import Row
from .markdown import markdown_html
from .registers import all_mentions, bibliography_view, entry_view, register_view


@dataclass(frozen=True, slots=True)
class Card:
    """A document on the landing page."""

    title: str
    href: str
    kicker: str
    parties: str
    summary: str
    held: str


@dataclass(frozen=True, slots=True)
class Facet:
    """One way to narrow the documents without JavaScript: per value, an anchor and its documents."""

    title: str
    groups: tuple[tuple[str, str, tuple[Link, ...]], ...]
    """(value, anchor id, the documents that have it), values sorted."""


@dataclass(frozen=True, slots=True)
class HomeView:
    chrome: Chrome
    title: str
    description: Markup
    cards: tuple[Card, ...]
    """In date order."""
    browse: tuple[Counted, ...]
    citation: str
    about: str
    years: tuple[tuple[str, tuple[Card, ...]], ...] = ()
    """The cards grouped by year; more than one group makes a heading per year."""
    facets: tuple[Facet, ...] = ()
    """Senders and kinds of document (for a series of more than one document)."""


@dataclass(frozen=True, slots=True)
class SourceView:
    """What the about page says of one document's source."""

    title: Link
    rows: tuple[Row, ...]
    citation: str


@dataclass(frozen=True, slots=True)
class AboutView:
    chrome: Chrome
    title: str
    description: Markup
    principles: Markup
    sources: tuple[SourceView, ...]
    citation: str
    paragraph_example: str
    licence: str
    licence_url: str
    version: str
    date: str


@dataclass(frozen=True, slots=True)
class PlainView:
    """A page with nothing but its chrome (not found)."""

    chrome: Chrome


@dataclass(frozen=True, slots=True)
class SearchView:
    """The search page: its chrome, and the index shards after the first, which it merges."""

    chrome: Chrome
    merge: tuple[str, ...] = ()


def render_pages(env: Environment, corpus: Corpus, settings: Settings, search_bundles=()) -> Iterator[tuple[str, str]]:
    """Yield every page that spans the corpus as (site path, HTML), one at a time (a document's own page
    is made with its files: see `document_page`); `search_bundles` are the folders of the search index
    (more than one for a large edition).
    """
    mentions = all_mentions(corpus)
    pages = [(urls.home(), "index.html", lambda: home_view(corpus, settings, mentions))]
    for entry in corpus.entries:
        pages.append((urls.entry_page(entry.kind, entry.id), "entry.html",
                      partial(entry_view, corpus, settings, entry, mentions.get((entry.kind, entry.id), []))))
    for kind in REGISTER_KINDS:
        if kind != "events" and kind in corpus.kinds:
            pages.append((urls.register_page(kind), "register.html",
                          partial(register_view, corpus, settings, kind, mentions)))
    if "events" in corpus.kinds:
        pages.append((urls.chronology_page(), "chronology.html", partial(chronology_view, corpus, settings, mentions)))
    if corpus.references:
        pages.append((urls.bibliography_page(), "bibliography.html", partial(bibliography_view, corpus, settings)))
    pages.append((urls.about_page(), "about.html", partial(about_view, corpus, settings)))
    pages.append((urls.search_page(), "search.html", lambda: SearchView(
        chrome(urls.search_page(), corpus, settings, urls.search_page(),
               description=f"Search the texts, notes and registers of {settings.title}."),
        tuple(urls.relative(urls.search_page(), folder) + "/" for folder in search_bundles[1:]))))
    pages.append((urls.not_found_page(), "404.html", lambda: PlainView(chrome(
        urls.not_found_page(), corpus, settings, description=f"There is no page at this address in {settings.title}.",
        from_root=True))))
    for path, template, view in pages:  # each view is made when its page is, and let go after it
        yield path, env.get_template(template).render(view=view())


def home_view(corpus: Corpus, settings: Settings, mentions: dict) -> HomeView:
    """Return the landing page: what the edition is, its documents, where to browse, how to cite it."""
    page = urls.home()
    documents = sorted(corpus.documents, key=lambda d: (d.meta.date, d.id))
    cards = tuple(Card(d.meta.title, urls.relative(page, urls.document_page(d.id)),
                       f"{d.meta.type.capitalize()} · {format_date(d.meta.date)}",
                       f"{d.meta.sender.name} to {d.meta.recipient.name}", d.meta.summary, shelfmark(d.meta.archive))
                  for d in documents)
    years: dict[str, list[Card]] = {}
    for document, card in zip(documents, cards):
        years.setdefault(document.meta.date[:4], []).append(card)
    facets = ()
    if len(documents) > 1:
        facets = tuple(Facet(title, tuple((value, f"{prefix}-{_slug(value)}", tuple(links))
                                          for value, links in sorted(_group(documents, page, key).items())))
                       for title, prefix, key in (("By sender", "sender", lambda d: d.meta.sender.name),
                                                  ("By kind of document", "kind", lambda d: d.meta.type.capitalize())))
    browse = [Counted(REGISTER_TITLES[k], urls.relative(page, urls.register_page(k)),
                      sum(e.kind == k for e in corpus.entries)) for k in REGISTER_KINDS if k != "events"]
    browse.append(Counted("Chronology", urls.relative(page, urls.chronology_page()),
                          sum(e.kind == "events" for e in corpus.entries)))
    browse.append(Counted("Bibliography", urls.relative(page, urls.bibliography_page()), len(corpus.references)))
    description = markdown_html(settings.description, corpus, page) if settings.description else Markup("")
    return HomeView(chrome(page, corpus, settings, page, description=description.striptags() or settings.title,
                           registers=True),
                    settings.title, description, cards,
                    tuple(b for b in browse if b.count), edition_citation(settings),
                    urls.relative(page, urls.about_page()), tuple((y, tuple(c)) for y, c in years.items()), facets)


def _group(documents, page: str, key) -> dict[str, list[Link]]:
    groups: dict[str, list[Link]] = {}
    for document in documents:
        groups.setdefault(key(document), []).append(
            Link(f"{format_date(document.meta.date)} · {document.meta.title}",
                 urls.relative(page, urls.document_page(document.id))))
    return groups


def _slug(value: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", value.lower()).strip("-") or "other"


def about_view(corpus: Corpus, settings: Settings) -> AboutView:
    """Return the about page: editorial principles, the sources, how to cite, licence and version."""
    page = urls.about_page()
    principles = markdown_html(settings.principles, corpus, page) if settings.principles else Markup("")
    # The page has its own h1; the principles' headings move one level down.
    principles = Markup(re.sub(r"<(/?)h([1-5])>", lambda m: f"<{m.group(1)}h{int(m.group(2)) + 1}>", principles))
    sources = []
    for document in corpus.documents:
        meta = document.meta
        printed = " ".join(b.text for b in document.back if b.role == "citation")
        rows = [("Held by", f"{meta.archive.repository}: {shelfmark(meta.archive)}"), ("Cited in the source as", printed),
                ("Translation", meta.translation_credit or meta.translator), ("Rights", meta.rights)]
        out = [Row(label, Markup.escape(value)) for label, value in rows if value]
        if meta.source_url:
            out.append(Row("Published at", Markup('<a href="{0}">{0}</a>').format(meta.source_url)))
        sources.append(SourceView(Link(meta.title, urls.relative(page, urls.document_page(document.id))), tuple(out),
                                  document_citation(document, settings)))
    first = corpus.documents[0]
    example = next((b for b in document_blocks(first) if b.n), None)
    paragraph = document_citation(first, settings, example.key, example.n) if example else ""
    description = markdown_html(settings.description, corpus, page) if settings.description else Markup("")
    return AboutView(chrome(page, corpus, settings, page, description=f"How {settings.title} is made and cited: its "
                            "editorial principles, its sources, citations, licence and version."),
                     "About this edition", description, principles,
                     tuple(sources), edition_citation(settings), paragraph, settings.licence, settings.licence_url,
                     settings.version, format_date(settings.date) if settings.date else "")
