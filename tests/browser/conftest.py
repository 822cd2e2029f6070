"""Browser fixtures: Debian's Chromium driven by Playwright, the built sites served from 127.0.0.1.

Every page a test opens is watched: a request to any host but 127.0.0.1 is refused and
recorded, and so is every console error; either fails the test when it ends.
"""

from __future__ import annotations

import functools
import http.server
import threading
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

import pytest

CHROMIUM = Path("/usr/bin/chromium")
"""Debian's Chromium: browsers cannot be downloaded here, so Playwright drives this one."""
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]
HOST = "127.0.0.1"


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args) -> None:  # noqa: A002 - the signature is the standard library's
        pass


@contextmanager
def serving(site: Path):
    """Serve the folder holding `site` on a free port of 127.0.0.1; yield the site's URL (a subfolder, ending in /)."""
    handler = functools.partial(_QuietHandler, directory=str(site.parent))
    server = http.server.ThreadingHTTPServer((HOST, 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://{HOST}:{server.server_address[1]}/{site.name}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="session")
def search_url(search_site):
    """The URL of the search fixture project's site, served as a static host would."""
    with serving(search_site) as url:
        yield url


@pytest.fixture(scope="session")
def sharded_url(sharded_search_site):
    """The URL of the search fixture's site with its index in shards."""
    with serving(sharded_search_site) as url:
        yield url


@pytest.fixture(scope="session")
def edition_url(edition_site):
    """The URL of the real edition's site, served as a static host would."""
    with serving(edition_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Headless Chromium; the tests that need it skip when no Chromium is installed."""
    if not CHROMIUM.exists():
        pytest.skip(f"no Chromium at {CHROMIUM}: install Debian's chromium package (.ci/run does).")
    from playwright.sync_api import sync_playwright
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield browser
        browser.close()


def watched_page(browser, outside: list, errors: list, javascript: bool = True, width: int = 1280,
                 scheme: str = "light"):
    """Open a page in a context of its own (JavaScript on or off, a width, light or dark) that refuses and
    records in `outside` every request to another host than 127.0.0.1, and records console errors in `errors`."""
    context = browser.new_context(java_script_enabled=javascript, viewport={"width": width, "height": 900},
                                  color_scheme=scheme)

    def route(route):
        if urlsplit(route.request.url).hostname == HOST:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    context.route("**/*", route)
    page = context.new_page()
    page.on("console", lambda m: errors.append(f"{m.text} at {m.location.get('url')}") if m.type == "error"
            else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    return page


@pytest.fixture
def open_page(browser):
    """Return a function opening a page (JavaScript on or off, a width, light or dark); checks the page at the end."""
    pages, outside, errors = [], [], []

    def open_(javascript: bool = True, width: int = 1280, scheme: str = "light"):
        pages.append(watched_page(browser, outside, errors, javascript, width, scheme))
        return pages[-1]

    yield open_
    for page in pages:
        page.context.close()
    assert outside == [], "requests left 127.0.0.1"
    assert errors == [], "the browser's console reported errors"
