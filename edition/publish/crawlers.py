"""The files search engines read: sitemap.xml and robots.txt, for a site whose address is known."""

from __future__ import annotations

from xml.sax.saxutils import escape

from .. import urls


def sitemap(paths, base_url: str) -> str:
    """Return sitemap.xml listing every HTML page of the site under `base_url`."""
    pages = sorted(p for p in paths if p.endswith(".html") and p != urls.not_found_page())
    lines = [f"<url><loc>{escape(urls.public(p, base_url=base_url))}</loc></url>" for p in pages]
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n' + "\n".join(lines) + "\n</urlset>\n")


def robots(base_url: str) -> str:
    """Return robots.txt: everything may be crawled; the sitemap is named."""
    return f"User-agent: *\nAllow: /\nSitemap: {urls.public(urls.sitemap(), base_url=base_url)}\n"


def write_crawler_files(site, base_url: str) -> None:
    """Add to the finished `site` sitemap.xml and robots.txt, when the site's address is known: they need
    absolute URLs."""
    if base_url:
        site.write(urls.sitemap(), sitemap(site.paths(), base_url).encode("utf-8"))
        site.write(urls.robots(), robots(base_url).encode("utf-8"))
