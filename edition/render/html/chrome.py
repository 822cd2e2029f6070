"""What every HTML page shares: the page chrome (title, navigation, stylesheet, footer) and links.

Templates only display; everything they show is prepared in the `render.html` modules
as frozen view objects, with every URL from `urls`.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlsplit

from ... import urls
from ...model import REGISTER_KINDS, Corpus
from ...settings import Settings
from ...words import format_date

REGISTER_TITLES = {"persons": "Persons", "organizations": "Organizations", "places": "Places", "events": "Events",
                   "terms": "Terms"}
REGISTER_SINGULAR = {"persons": "Person", "organizations": "Organization", "places": "Place", "events": "Event",
                     "terms": "Term"}


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
    stylesheets: tuple[str, ...]
    script: str
    nav: tuple[Link, ...]
    search: str
    footer: str
    """One line: licence, version and date of the content."""
    description: str
    """What the page holds, in a sentence or two, for search engines' results (`<meta name="description">`)."""
    favicon: str

    def href(self, path: str, fragment: str = "") -> str:
        return urls.relative(self.page, path, fragment)


def entry_order(entry) -> tuple[str, str]:
    """How register entries are alphabetized: by their sort key (a person's family name first), else their name."""
    return ((entry.sort or entry.name).casefold(), entry.id)


def chrome(page: str, corpus: Corpus, settings: Settings, section: str = "", *, description: str,
           from_root: bool = False, registers: bool = False) -> Chrome:
    """Return the chrome of the page at `page`; `section` is the site path its navigation marks current, and
    `registers` whether it is laid out as the registers are (it then adds their stylesheet).

    Links are relative to the page, unless `from_root`: a page a static host serves at any address (not found)
    links from the site's root, the path of the edition's `url`, when it declares one."""
    root = urlsplit(settings.url).path if from_root and settings.url else ""
    link = (lambda path: urls.public(path, base_url=root)) if root else (lambda path: urls.relative(page, path))
    targets = [("Documents", urls.home())]
    targets += [(REGISTER_TITLES[k], urls.register_page(k)) for k in REGISTER_KINDS
                if k != "events" and k in corpus.kinds]
    if "events" in corpus.kinds:
        targets.append(("Chronology", urls.chronology_page()))
    if corpus.references:
        targets.append(("Bibliography", urls.bibliography_page()))
    targets += [("About", urls.about_page()), ("Search", urls.search_page())]
    nav = tuple(Link(label, link(path), path == section) for label, path in targets)
    stylesheets = (urls.STYLESHEET, urls.REGISTERS_STYLESHEET) if registers else (urls.STYLESHEET,)
    return Chrome(page=page, site_title=settings.title, home=link(urls.home()),
                  stylesheets=tuple(link(path) for path in stylesheets),
                  script=link(urls.SCRIPT), nav=nav, search=link(urls.search_page()), footer=footer_line(settings),
                  description=" ".join(description.split()), favicon=link(urls.FAVICON))


def footer_line(settings: Settings) -> str:
    """Return the footer's one line: the edition, its version and date, its licence."""
    parts = [settings.title]
    if settings.version:
        parts.append(f"version {settings.version}" + (f" of {format_date(settings.date)}" if settings.date else ""))
    if settings.licence:
        parts.append(f"editorial layer licensed {settings.licence}")
    return ", ".join(parts) + "."
