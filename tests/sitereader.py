"""Reading a built site as a browser would: its pages parsed, its relative links resolved."""

from __future__ import annotations

import posixpath
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from urllib.parse import unquote, urlsplit

from lxml import html


@dataclass(frozen=True)
class Target:
    """Where a link leads inside the site: a file (site path) and a fragment."""

    path: str
    fragment: str


class Site:
    """A built site on disk; pages are parsed once."""

    def __init__(self, root: Path, base: str = "/"):
        self.root = root
        self.base = base
        """The site's path on its host (from the edition's url), from which root-relative links start."""

    def html_paths(self) -> list[str]:
        return sorted(p.relative_to(self.root).as_posix() for p in self.root.rglob("*.html"))

    @cache
    def page(self, path: str):
        return html.fromstring((self.root / path).read_bytes())

    def exists(self, path: str) -> bool:
        return (self.root / path).is_file()

    def resolve(self, page: str, href: str) -> Target | None:
        """Return where a link on `page` leads, or None for a link out of the site (https:, mailto:)."""
        parts = urlsplit(href)
        if parts.scheme or parts.netloc:
            return None
        if not parts.path:
            return Target(page, unquote(parts.fragment))
        if parts.path.startswith("/"):  # from the host's root: a page served at any address (not found)
            if not parts.path.startswith(self.base):
                return Target(parts.path, "")
            page, href = "index.html", href[len(self.base):] or "./"
            parts = urlsplit(href)
            if not parts.path:
                return Target(page, unquote(parts.fragment))
        path = posixpath.normpath(posixpath.join(posixpath.dirname(page), unquote(parts.path)))
        if href.split("#")[0].endswith("/") or (self.root / path).is_dir():
            path = posixpath.join(path, "index.html")
        return Target(path, unquote(parts.fragment))

    @cache
    def ids(self, path: str) -> frozenset[str]:
        return frozenset(self.page(path).xpath("//@id"))

    def element(self, target: Target):
        """Return the element a link's fragment names (the page's root when there is no fragment)."""
        page = self.page(target.path)
        if not target.fragment:
            return page
        found = page.xpath("//*[@id=$id]", id=target.fragment)
        return found[0] if found else None


def text(element) -> str:
    """The element's text as a reader sees it, white space collapsed."""
    return " ".join(element.text_content().split())
