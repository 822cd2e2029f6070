"""What every HTML page shares: the page chrome, dates and names as readers see them, citations.

Templates only display; everything they show is prepared here and in the other
`render` modules as frozen view objects, with every URL from `urls`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from markupsafe import Markup

from .. import notes_md, urls
from ..model import REGISTER_KINDS, Corpus, Document, Reference
from ..settings import Settings

MONTHS = ("January February March April May June July August September October November December").split()
LANGUAGES = {"ru": "Russian", "en": "English", "zh": "Chinese", "ko": "Korean", "ja": "Japanese", "fr": "French",
             "de": "German", "pl": "Polish", "cs": "Czech", "hu": "Hungarian", "mn": "Mongolian"}
REGISTER_TITLES = {"persons": "Persons", "organizations": "Organizations", "places": "Places", "events": "Events",
                   "terms": "Terms"}
REGISTER_SINGULAR = {"persons": "Person", "organizations": "Organization", "places": "Place", "events": "Event",
                     "terms": "Term"}
_ISO = re.compile(r"^(-?\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    href: str
    current: bool = False


@dataclass(frozen=True, slots=True)
class Counted:
    """A link with how many times its target is named (in a document, or in the edition)."""

    label: str
    href: str
    count: int


@dataclass(frozen=True, slots=True)
class Chrome:
    """The parts of a page around its content: title, navigation, stylesheet, footer."""

    page: str
    """The site path of the page; every link on it is relative to this."""
    site_title: str
    home: str
    stylesheet: str
    script: str
    nav: tuple[Link, ...]
    search: str
    footer: str
    """One line: licence, version and date of the content."""

    def href(self, path: str, fragment: str = "") -> str:
        return urls.relative(self.page, path, fragment)


def chrome(page: str, corpus: Corpus, settings: Settings, section: str = "") -> Chrome:
    """Return the chrome of the page at `page`; `section` is the site path its navigation marks current."""
    targets = [("Documents", urls.home())]
    targets += [(REGISTER_TITLES[k], urls.register_page(k)) for k in REGISTER_KINDS
                if k != "events" and k in corpus.kinds]
    if "events" in corpus.kinds:
        targets.append(("Chronology", urls.chronology_page()))
    if corpus.references:
        targets.append(("Bibliography", urls.bibliography_page()))
    targets += [("About", urls.about_page()), ("Search", urls.search_page())]
    nav = tuple(Link(label, urls.relative(page, path), path == section) for label, path in targets)
    return Chrome(page=page, site_title=settings.title, home=urls.relative(page, urls.home()),
                  stylesheet=urls.relative(page, urls.STYLESHEET), script=urls.relative(page, urls.SCRIPT),
                  nav=nav, search=urls.relative(page, urls.search_page()), footer=footer_line(settings))


def footer_line(settings: Settings) -> str:
    """Return the footer's one line: the edition, its version and date, its licence."""
    parts = [settings.title]
    if settings.version:
        parts.append(f"version {settings.version}" + (f" of {format_date(settings.date)}" if settings.date else ""))
    if settings.licence:
        parts.append(f"editorial layer licensed {settings.licence}")
    return ", ".join(parts) + "."


def format_date(value: str) -> str:
    """Return an ISO 8601 date, month, year or `start/end` range as words: `5–6 July 1953`."""
    if "/" not in value:
        return _words(*_parts(value))
    (y1, m1, d1), (y2, m2, d2) = (_parts(v) for v in value.split("/", 1))
    if y1 == y2 and m1 and m1 == m2 and d1 and d2:
        return f"{d1}–{d2} {MONTHS[m1 - 1]} {y1}"
    if y1 == y2 and m1 and m2:
        return f"{_words(None, m1, d1)} – {_words(y2, m2, d2)}"
    if not (m1 or m2):
        return f"{y1}–{y2}"
    return f"{_words(y1, m1, d1)} – {_words(y2, m2, d2)}"


def _parts(value: str) -> tuple[int, int, int]:
    match = _ISO.match(value)
    if not match:
        raise ValueError(f"not an ISO 8601 date: {value!r}")
    year, month, day = match.groups()
    return int(year), int(month or 0), int(day or 0)


def _words(year: int | None, month: int, day: int) -> str:
    return " ".join(str(p) for p in (day, MONTHS[month - 1] if month else "", year) if p)


def language_name(code: str) -> str:
    """Return the English name of a language code, or the code itself when it is not a known one."""
    return LANGUAGES.get(code, code)


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


def short_citation(reference: Reference) -> str:
    """Return an author-date label such as `Hermes 1966`."""
    csl = reference.csl
    names = csl.get("author") or csl.get("editor") or []
    who = _family(names[0]) if names else csl.get("publisher", "")
    if len(names) == 2:
        who += f" and {_family(names[1])}"
    elif len(names) > 2:
        who += " et al."
    return f"{who} {issued_year(reference)}".strip()


def _family(name: dict) -> str:
    return name.get("family") or name.get("literal", "")


def issued_year(reference: Reference) -> str:
    issued = reference.csl.get("issued") or {}
    if isinstance(issued, dict):
        parts = issued.get("date-parts") or [[issued.get("literal", "")]]
        return str(parts[0][0]) if parts and parts[0] else ""
    return str(issued)[:4]


def document_citation(document: Document, settings: Settings, fragment: str = "", paragraph: int = 0) -> str:
    """Return a plain citation of a document (or of one paragraph), with the address to follow."""
    meta = document.meta
    where = urls.public(urls.document_page(document.id), fragment, settings.url)
    if paragraph:
        return f"{meta.sender.name} to {meta.recipient.name}, {format_date(meta.date)}, ¶ {paragraph}. " \
               f"{settings.title}, {where}."
    archive = meta.archive
    held = ", ".join(p for p in (archive.abbreviation, archive.fond and f"f. {archive.fond}",
                                 archive.opis and f"op. {archive.opis}", archive.delo and f"d. {archive.delo}",
                                 archive.pages and f"pp. {archive.pages}") if p)
    parts = [f"{meta.title}, {format_date(meta.date)}", held]
    if meta.translator:
        parts.append(f"Translated by {meta.translator}")
    parts.append(edition_credit(settings))
    return ". ".join(p for p in parts if p) + f". {where}."


def edition_credit(settings: Settings) -> str:
    """Return `In <title>, edited by ..., version ... (date)` for citations."""
    text = f"In {settings.title}"
    if settings.editors:
        text += f", edited by {_and(settings.editors)}"
    if settings.version:
        text += f", version {settings.version}"
        if settings.date:
            text += f" ({format_date(settings.date)})"
    return text


def _and(names) -> str:
    names = list(names)
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
