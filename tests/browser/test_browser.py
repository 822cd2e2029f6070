"""The site in a real browser: notes, the reading/transcription switch, search, accessibility, no outside calls."""

from __future__ import annotations

import json
import re
from urllib.parse import quote

import pytest
from playwright.sync_api import expect

from .conftest import watched_page

DOCUMENT = "documents/vaskov-1953-07-03/"
PAGES = ["", DOCUMENT, "persons/", "chronology/", "search/?q=" + quote("Wu Xiuquan")]
"""The landing page, the document, a register, the chronology and the search page (with results)."""


# Note 1 is on the PRC note's heading, near the top of the long cable: its endnote lies far below, so
# the note is in view only when it opens over the text.
@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_note_opens_from_its_marker_with_the_keyboard_and_closes_with_escape(open_page, search_url, javascript):
    """A note's marker, reached with the keyboard, opens the note over the text with Enter; Escape closes it."""
    page = open_page(javascript)
    page.goto(search_url + DOCUMENT)
    note = page.get_by_text("Fixture textual note.")
    marker = page.get_by_role("button", name="Note 1")
    marker.focus()
    expect(marker).to_be_focused()
    expect(note).not_to_be_in_viewport()
    page.keyboard.press("Enter")
    expect(note).to_be_in_viewport()
    page.keyboard.press("Escape")
    expect(note).not_to_be_in_viewport()
    expect(marker).to_be_focused()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_a_note_opens_from_its_marker_with_the_mouse_and_closes_with_escape(open_page, search_url, javascript):
    """A click on a note's marker opens the note over the text; Escape closes it."""
    page = open_page(javascript)
    page.goto(search_url + DOCUMENT)
    note = page.get_by_text("Fixture textual note.")
    marker = page.get_by_role("button", name="Note 1")
    marker.scroll_into_view_if_needed()
    expect(note).not_to_be_in_viewport()
    marker.click()
    expect(note).to_be_in_viewport()
    page.keyboard.press("Escape")
    expect(note).not_to_be_in_viewport()


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_the_switch_shows_a_correction_or_the_text_as_transcribed(open_page, search_url, javascript):
    """"With corrections" shows a textual note's corrected reading; "As transcribed" the words as they stand."""
    page = open_page(javascript)
    page.goto(search_url + DOCUMENT)
    heading = page.locator("p", has_text="The current state of armistice talks and measures")
    page.get_by_text("With corrections", exact=True).click()
    expect(heading).to_contain_text("in connection with Clark's", use_inner_text=True)
    expect(heading).not_to_contain_text("Clarks'", use_inner_text=True)
    page.get_by_text("As transcribed", exact=True).click()
    expect(heading).to_contain_text("in connection with Clarks'", use_inner_text=True)
    expect(heading).not_to_contain_text("Clark's", use_inner_text=True)
    page.get_by_text("With corrections", exact=True).click()
    expect(heading).to_contain_text("in connection with Clark's", use_inner_text=True)


@pytest.mark.parametrize("sharded", [False, True], ids=["one-index", "sharded-index"])
def test_searching_a_persons_name_finds_the_paragraph_that_names_them(open_page, request, sharded):
    """Searching for a person's name lists the paragraph naming them, and the result leads to that paragraph;
    with the index in shards, the paragraph and the person's entry come from different shards."""
    search_url = request.getfixturevalue("sharded_url" if sharded else "search_url")
    page = open_page()
    page.goto(search_url + DOCUMENT)
    paragraph = page.locator("p", has_text="Chiang Kai-shek").evaluate("p => p.closest('[id]').id")
    page.goto(search_url + "search/")
    expect(page.locator("main")).not_to_contain_text("Searching needs JavaScript", use_inner_text=True)
    page.get_by_label("Search the texts, notes and registers").fill("Chiang Kai-shek")
    result = page.locator(f"a[href$='{DOCUMENT}#{paragraph}']")
    expect(result).to_have_count(1)
    expect(page.get_by_role("link", name="Chiang Kai-shek (person)")).to_be_visible()
    result.click()
    expect(page).to_have_url(search_url + f"{DOCUMENT}#{paragraph}")
    expect(page.locator(f"#{paragraph}")).to_be_in_viewport()


def test_search_results_can_be_narrowed_to_one_kind_and_one_document(open_page, search_url):
    """The kind and document filters narrow a search to, say, the persons named in one document."""
    page = open_page()
    page.goto(search_url + "search/?q=" + quote("Wu Xiuquan"))
    results = page.locator(".pagefind-ui__result-link")
    expect(results.first).to_be_visible()
    assert results.count() > 2
    page.get_by_label(re.compile(r"^person \(")).check()
    expect(results).to_have_text(["Wu Xiuquan (person)"])
    page.get_by_label(re.compile(r"^Fixture: invented telegram")).check()
    expect(results).to_have_count(0)


def test_without_javascript_the_search_page_says_what_to_do(open_page, search_url):
    """Without JavaScript the search page says that searching needs it and points to the documents."""
    page = open_page(javascript=False)
    page.goto(search_url + "search/")
    # Playwright's text locators skip <noscript>, so the rendered text of the page is read instead.
    expect(page.locator("main")).to_contain_text("Searching needs JavaScript", use_inner_text=True)


VIEWS = [(1280, "light"), (390, "light"), (1280, "dark")]
"""A wide screen and a phone, light and dark."""
AXE_AT_ONCE = 3
"""How many pages axe-core checks at the same time: it takes seconds on a long page, in one process of
Chromium's each, so checking a few at once keeps every core busy."""


@pytest.fixture(scope="module")
def axe_reports(browser, request):
    """Return a function giving axe-core's report on a page of a site in a view, with the requests that left
    127.0.0.1 and the console's errors while it was open; the first call checks every page of the site in
    every view, a few at a time."""
    from axe_playwright_python.sync_playwright import DEFAULT_OPTIONS, Axe, AxeResults
    axe, reports = Axe(), {}
    # The same run as `Axe().run(page)`, started without waiting for its report.
    start = f"() => {{ window.axeReport = axe.run({json.dumps(DEFAULT_OPTIONS)}); }}"

    def check_site(site: str) -> None:
        base, running = request.getfixturevalue(f"{site}_url"), []
        try:
            for path in PAGES:
                for view in VIEWS:
                    if len(running) == AXE_AT_ONCE:
                        key, page, outside, errors = running.pop(0)
                        reports[key] = (AxeResults(page.evaluate("() => window.axeReport")), outside, errors)
                        page.context.close()
                    outside, errors = [], []
                    page = watched_page(browser, outside, errors, True, *view)
                    running.append(((site, path, *view), page, outside, errors))
                    page.goto(base + path)
                    if path.startswith("search/"):
                        expect(page.locator(".pagefind-ui__result").first).to_be_visible()
                    page.evaluate(axe.axe_script)
                    page.evaluate(start)
            for key, page, outside, errors in running:
                reports[key] = (AxeResults(page.evaluate("() => window.axeReport")), outside, errors)
        finally:
            for _, page, _, _ in running:
                page.context.close()

    def report(site: str, path: str, width: int, scheme: str):
        if (site, path, width, scheme) not in reports:
            check_site(site)
        return reports[(site, path, width, scheme)]

    return report


@pytest.mark.parametrize("width, scheme", VIEWS, ids=["1280", "390", "1280-dark"])
@pytest.mark.parametrize("path", PAGES, ids=["landing", "document", "register", "chronology", "search"])
@pytest.mark.parametrize("site", ["search", "edition"])
def test_axe_finds_no_accessibility_violation(axe_reports, site, path, width, scheme):
    """axe-core reports no violation on the main kinds of page, on a wide screen and a phone, light and dark;
    the page makes no request outside 127.0.0.1 and logs no console error."""
    results, outside, errors = axe_reports(site, path, width, scheme)
    assert outside == [], "requests left 127.0.0.1"
    assert errors == [], "the browser's console reported errors"
    assert results.violations_count == 0, results.generate_report()


@pytest.mark.parametrize("site", ["search", "edition"])
def test_every_page_loads_without_an_outside_request_or_a_console_error(request, open_page, site):
    """Every page of the site loads from the site alone and logs no error in the browser's console."""
    site_folder = request.getfixturevalue(f"{site}_site")
    base = request.getfixturevalue(f"{site}_url")
    tabs = [open_page(), open_page()]  # two pages load at a time, in a process of Chromium's each
    pages = sorted(p.relative_to(site_folder).as_posix() for p in site_folder.rglob("*.html"))
    for first in range(0, len(pages), len(tabs)):
        loading = [(path, tab, tab.goto(base + path, wait_until="commit"))
                   for path, tab in zip(pages[first:], tabs)]
        for path, tab, response in loading:
            tab.wait_for_load_state("load")
            assert response is not None and response.ok, path
    assert len(pages) > 10
