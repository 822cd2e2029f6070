"""The pages as a reader sees them in Chromium: markers that never break a line, in order; pages that fit a phone;
tap targets a finger can hit; registers that say what they list."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

DOCUMENT = "documents/vaskov-1953-07-03/"
WIDTHS = [360, 390, 1280]

# For each note or footnote marker: the line boxes of the character before it, of the marker, and of the first
# character after the marker (or after the run of markers it begins), with that character.
MARKER_LINES = """() => {
  const markers = [...document.querySelectorAll("sup.nref, sup.fnref")].filter(m => m.getClientRects().length);
  const visible = node => node.parentElement.getClientRects().length > 0;
  const charRect = (node, i) => { const r = document.createRange(); r.setStart(node, i); r.setEnd(node, i + 1);
                                  return r.getClientRects()[0]; };
  const walker = root => document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {acceptNode: n =>
    n.data.length && visible(n) && !n.parentElement.closest("sup.nref, sup.fnref") ? 1 : 3});
  const block = m => m.closest("p, li, dd, h1, h2, h3, h4, div");
  return markers.map(marker => {
    const around = walker(block(marker));
    let before = null, after = null, node;
    while ((node = around.nextNode())) {
      const position = marker.compareDocumentPosition(node);
      if (position & Node.DOCUMENT_POSITION_PRECEDING) before = node;
      else if (position & Node.DOCUMENT_POSITION_FOLLOWING && !after) after = node;
    }
    const box = r => r && {top: r.top, bottom: r.bottom};
    return {marker: marker.dataset.n || marker.textContent, html: marker.parentElement.outerHTML.slice(0, 200),
            self: box(marker.getBoundingClientRect()),
            before: before && box(charRect(before, before.data.length - 1)),
            beforeChar: before && before.data.slice(-1),
            after: after && box(charRect(after, 0)), afterChar: after && after.data[0]};
  });
}"""


def _same_line(a: dict, b: dict) -> bool:
    return a["top"] < b["bottom"] and b["top"] < a["bottom"]


@pytest.mark.parametrize("width", WIDTHS)
def test_no_note_marker_starts_a_line_or_leaves_its_punctuation_on_the_next(open_page, edition_url, width):
    """Every marker stays on the line of the word it follows, and punctuation after it stays on its line."""
    page = open_page(width=width)
    page.goto(edition_url + DOCUMENT)
    found = page.evaluate(MARKER_LINES)
    assert len(found) > 50
    broken = [m for m in found if m["before"] and not _same_line(m["self"], m["before"])]
    assert broken == [], "a marker starts a line"
    assert all(m["before"] and not m["beforeChar"].isspace() for m in found), "a marker does not follow a word"
    stranded = [m for m in found if m["after"] and not m["afterChar"].isspace() and not m["afterChar"].isalnum()
                and not _same_line(m["self"], m["after"])]
    assert stranded == [], "punctuation after a marker wraps to the next line"


def test_note_markers_are_numbered_in_reading_order(open_page, edition_url):
    """Read from the top of the page, the note markers count 1, 2, 3, … and each opens the note of its number."""
    page = open_page()
    page.goto(edition_url + DOCUMENT)
    markers = page.locator("sup.nref")
    numbers = [int(n) for n in markers.evaluate_all("ms => ms.map(m => m.dataset.n)")]
    assert numbers == list(range(1, len(numbers) + 1))
    labels = markers.locator("button").evaluate_all("bs => bs.map(b => b.getAttribute('aria-label'))")
    assert labels == [f"Note {n}" for n in numbers]
    endnotes = page.locator("ol.endnotes > li .note-head .back").all_inner_texts()
    assert endnotes == [str(n) for n in numbers]
    visible_first = page.locator("sup.nref:visible").first
    assert visible_first.get_attribute("data-n") == "1"


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 800)])
def test_the_text_begins_on_the_first_screen_after_a_compact_source_note(open_page, edition_url, width, height):
    """Opened on a phone or a laptop, the document page shows its heading, the source note (archive, file, folios;
    sender and recipient; date and time of receipt) and the first paragraph of the text, without scrolling."""
    page = open_page(width=width)
    page.set_viewport_size({"width": width, "height": height})
    page.goto(edition_url + DOCUMENT)
    source = page.locator("#source")
    for words in ("fond 3, opis 65, delo 830, folios 136-147", "Malenkov, Moscow", "received 23:40"):
        assert page.locator("#source > p", has_text=words).is_visible()
    assert not page.locator("#source dl").is_visible()  # the full description is one click away
    first = page.locator("#p1 > p").bounding_box()
    assert first["y"] + 40 < height, "the text does not start on the first screen"
    assert source.bounding_box()["y"] < first["y"]


def test_the_headings_of_quoted_documents_are_no_smaller_than_the_text(open_page, edition_url):
    """The titles of the documents quoted in the cable, and of their parts, are at least the size of the text."""
    page = open_page(width=390)
    page.goto(edition_url + DOCUMENT)
    body = float(page.locator("#p1 > p").evaluate("p => getComputedStyle(p).fontSize")[:-2])
    sizes = page.locator(".embedded .sec-title").evaluate_all("hs => hs.map(h => getComputedStyle(h).fontSize)")
    assert len(sizes) >= 3 and all(float(s[:-2]) >= body for s in sizes), (body, sizes)


def test_names_and_corrected_readings_are_told_apart_by_more_than_colour(open_page, edition_url):
    """A linked name is underlined with dots; a corrected reading is set in angle brackets, not underlined."""
    page = open_page(javascript=False)
    page.goto(edition_url + DOCUMENT)
    page.get_by_text("With corrections", exact=True).click()
    name = page.locator(".text a.m").first.evaluate(
        "a => [getComputedStyle(a).textDecorationLine, getComputedStyle(a).textDecorationStyle]")
    assert name == ["underline", "dotted"]
    corrected = page.locator(".text .corr").first
    assert corrected.is_visible()
    style = corrected.evaluate("""c => [getComputedStyle(c).textDecorationLine, getComputedStyle(c).borderBottomStyle,
                                        getComputedStyle(c, '::before').content, getComputedStyle(c, '::after').content]""")
    assert style[:2] == ["none", "none"] and style[2].startswith('"⟨"') and style[3].startswith('"⟩"')


def _luminance(rgb: str) -> float:
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4
    r, g, b = (float(v) for v in rgb[rgb.index("(") + 1:rgb.index(")")].replace(",", " ").split()[:3])
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def _contrast(one: str, other: str) -> float:
    light, dark = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("width, scheme", [(390, "light"), (390, "dark"), (1280, "light"), (1280, "dark")])
def test_an_open_note_has_a_close_button_an_edge_and_stays_by_its_marker(open_page, edition_url, width, scheme,
                                                                         javascript):
    """A note opened from its marker shows beside the marker (below or above it), with an edge that stands out
    from the page in light and dark, and a Close button that a finger can use (a phone has no Escape key); without
    the script, which adds the button, a tap outside the note closes it."""
    page = open_page(javascript, width=width, scheme=scheme)
    page.goto(edition_url + DOCUMENT)
    marker = page.get_by_role("button", name="Note 10", exact=True)
    note = page.locator("#" + marker.get_attribute("popovertarget"))
    marker.scroll_into_view_if_needed()
    marker.click()
    expect(note).to_be_in_viewport()
    where, box = marker.bounding_box(), note.bounding_box()
    gap = max(box["y"] - (where["y"] + where["height"]), where["y"] - (box["y"] + box["height"]))
    assert gap < 24, "the note opens away from its marker"
    if width > 1000:
        assert box["x"] < where["x"] < box["x"] + box["width"] and box["width"] < width / 2
    edge, background = note.evaluate("n => [getComputedStyle(n).borderLeftColor, getComputedStyle(document.body)"
                                      ".backgroundColor, getComputedStyle(n).borderLeftWidth]")[:2]
    assert _contrast(edge, background) >= 3, (edge, background)
    if javascript:
        close = note.get_by_role("button", name="Close")
        size = close.bounding_box()
        assert size["width"] >= 24 and size["height"] >= 24
        close.click()
    else:  # without the script there is no Close button: a tap outside the note closes it
        page.mouse.click(2, box["y"] + box["height"] + 5 if box["y"] + box["height"] + 5 < page.viewport_size["height"]
                         else 2)
    expect(note).not_to_be_in_viewport()


PAGES = [DOCUMENT, "", "persons/", "persons/rhee/", "chronology/", "bibliography/", "about/", "terms/pow/"]
"""A page of each kind the edition has (the search page's controls are tested with it)."""

# Every control a reader may tap that is not a link inside a line of text (WCAG 2.5.8 excepts those, as their
# size is set by the line): its box is at least 24 × 24 px, and around its centre no other target covers it.
SMALL_TARGETS = """() => {
  const selector = "a[href], button, summary, label[for], input:not(.vh), select, textarea, [tabindex='0']";
  const inText = t => {
    if (t.tagName !== "A" || getComputedStyle(t).display !== "inline" || t.closest("sup.fnref, .fnmark")) return false;
    let block = t.parentElement;
    while (getComputedStyle(block).display.startsWith("inline")) block = block.parentElement;
    const copy = block.cloneNode(true);
    copy.querySelectorAll("a, button, .vh").forEach(e => e.remove());
    return /[\\p{L}\\p{N}]/u.test(copy.textContent);
  };
  const failures = [];
  for (const target of document.querySelectorAll(selector)) {
    if (!target.checkVisibility({visibilityProperty: true}) || !target.getClientRects().length || inText(target)) continue;
    target.scrollIntoView({block: "center", inline: "center", behavior: "instant"});
    if (target.getBoundingClientRect().bottom < 0) target.focus();  // shown when focused, as a skip link
    const box = target.getBoundingClientRect(), x = box.x + box.width / 2, y = box.y + box.height / 2;
    const own = [-10, 0, 10].flatMap(dx => [-10, 0, 10].map(dy => document.elementFromPoint(x + dx, y + dy)))
      .every(hit => hit && (hit === target || target.contains(hit)));
    if (!own || box.width < 23.5 || box.height < 23.5) {
      failures.push(`${target.outerHTML.slice(0, 120)} ${Math.round(box.width)}x${Math.round(box.height)}`);
    }
    target.blur();
  }
  return failures;
}"""


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("path", PAGES)
def test_every_tap_target_is_at_least_24_px_square(open_page, edition_url, path, width):
    """Buttons, markers, disclosure toggles, paragraph numbers and links standing on their own can be hit in a
    24 × 24 px square of their own (WCAG 2.2, 2.5.8)."""
    page = open_page(width=width)
    page.goto(edition_url + path)
    assert page.evaluate(SMALL_TARGETS) == []


def test_no_register_page_promises_notes_it_does_not_list(open_page, edition_url, edition_site):
    """An entry's page that says notes refer to it lists them; one that lists none does not mention them."""
    page = open_page(javascript=False)
    entries = sorted(p.parent.relative_to(edition_site).as_posix() + "/" for p in edition_site.glob("*/*/index.html")
                     if p.parent.parent.name != "documents")
    assert len(entries) > 50
    promised = 0
    for path in entries:
        page.goto(edition_url + path)
        says = "notes below" in page.locator("main").inner_text()
        listed = page.locator(".entry-notes li a").count()
        assert says <= (listed > 0), path
        promised += says
    assert promised > 0


def test_the_persons_register_is_in_family_name_order(open_page, edition_url, project_root):
    """The persons are listed by family name, as the register's data gives it, not by the first word of the name."""
    from edition.pipeline import Project, load_corpus
    persons = [e for e in load_corpus(Project(project_root))[0].entries if e.kind == "persons"]
    page = open_page()
    page.goto(edition_url + "persons/")
    names = page.locator("ul.register > li > a").all_inner_texts()
    by_family = sorted(persons, key=lambda e: (e.sort or e.name).casefold())
    assert names == [e.name for e in by_family]
    assert page.get_by_text("in alphabetical order of family names").is_visible()
    western = [n for n in names if n in ("Mark W. Clark", "Gary Goldberg", "William K. Harrison Jr.", "Syngman Rhee")]
    assert western == ["Mark W. Clark", "Gary Goldberg", "William K. Harrison Jr.", "Syngman Rhee"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_rule_marking_the_document_passes_behind_the_timelines_labels(open_page, edition_url, scheme):
    """Where the dashed rule of the document crosses a label, the label's halo, in the page's colour and painted
    after the rule, keeps the words whole; a click on a row leads to its page."""
    page = open_page(width=1280, scheme=scheme)
    page.goto(edition_url + "chronology/")
    crossed = page.evaluate("""() => {
      const rules = [...document.querySelectorAll("svg .tl-doc")].map(l => l.getBoundingClientRect().x);
      const labels = [...document.querySelectorAll("svg .tl-label")];
      const background = getComputedStyle(document.body).backgroundColor;
      return labels.filter(t => { const r = t.getBoundingClientRect(); return rules.some(x => r.left < x && x < r.right); })
        .map(t => { const s = getComputedStyle(t);
                    return [t.textContent, s.paintOrder.startsWith("stroke") && s.stroke === background
                            && parseFloat(s.strokeWidth) >= 3 && t.compareDocumentPosition(
                              document.querySelector("svg .tl-doc")) === Node.DOCUMENT_POSITION_PRECEDING]; });
    }""")
    assert crossed and all(ok for _, ok in crossed), crossed
    page.locator("svg.timeline a").filter(has_text="Death of Stalin").click()
    expect(page).to_have_url(edition_url + "events/stalin-death/")


def test_no_page_is_wider_than_a_small_phone(open_page, edition_url, edition_site):
    """At 360 px every page fits the screen: long addresses wrap, tables and drawings scroll inside themselves."""
    page = open_page(width=360)
    paths = sorted(p.relative_to(edition_site).as_posix() for p in edition_site.rglob("*.html"))
    assert len(paths) > 50
    wide = []
    for path in paths:
        page.goto(edition_url + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 360:
            wide.append((path, width))
    assert wide == []


def test_the_not_found_page_works_at_any_depth(browser, reading_site, tmp_path):
    """Served, as static hosts serve it, for a missing address deep in the site (the fixture edition declares its
    url, https://fixture.example/edition/), the not-found page is styled, shows the site's icon, and its links
    lead to the site's pages."""
    import functools
    import http.server
    import shutil
    import threading

    shutil.copytree(reading_site, tmp_path / "edition")
    missing = (reading_site / "404.html").read_bytes()

    class Host(http.server.SimpleHTTPRequestHandler):
        def send_error(self, code, message=None, explain=None):
            if code != 404:
                return super().send_error(code, message, explain)
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.end_headers()
            self.wfile.write(missing)

        def log_message(self, format, *args):  # noqa: A002 - the signature is the standard library's
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Host, directory=str(tmp_path)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    host = f"http://127.0.0.1:{server.server_address[1]}"
    context = browser.new_context()
    try:
        page = context.new_page()
        failed = []
        page.on("requestfinished", lambda r: failed.append(r.url) if r.response().status >= 400 else None)
        response = page.goto(host + "/edition/persons/nobody/that/was/never/here/")
        assert response.status == 404
        expect(page.get_by_role("heading", name="Page not found")).to_be_visible()
        assert failed == [response.url], "a stylesheet, script or icon of the page was not found"
        assert page.evaluate("getComputedStyle(document.querySelector('header.site')).borderBottomStyle") == "solid"
        page.get_by_role("link", name="Persons").click()
        expect(page).to_have_url(host + "/edition/persons/")
        expect(page.get_by_role("heading", name="Persons")).to_be_visible()
    finally:
        context.close()
        server.shutdown()
        server.server_close()


def test_each_paragraph_has_a_cite_box_giving_its_pinpoint_citation(open_page, edition_url):
    """The "cite" beside a paragraph gives its citation, with its number and address, to copy, and leads to the
    document's full citations; without the script, the document's citation says how to cite a paragraph."""
    page = open_page(width=390)
    page.goto(edition_url + DOCUMENT)
    paragraph = page.locator("#p12")
    paragraph.locator(".pcite summary").click()
    citation = paragraph.locator(".pcite .citation")
    expect(citation).to_contain_text("¶ 12.")
    expect(citation).to_contain_text("/documents/vaskov-1953-07-03/#p12.")
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    paragraph.locator(".pcite").get_by_role("button", name="Copy").click()
    expect(paragraph.locator(".pcite").get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == citation.text_content()
    paragraph.get_by_role("link", name="Full citation").click()
    expect(page.locator("#cite .citation").first).to_be_visible()
    assert page.locator(".pcite").count() == page.locator(".para .pnum").count()
    quiet = open_page(javascript=False)
    quiet.goto(edition_url + DOCUMENT)
    assert quiet.locator(".pcite").count() == 0
    assert "To cite one paragraph" in quiet.locator("#cite .hint").text_content()
