"""The pages as a reader sees them in Chromium: markers that never break a line, in order; pages that fit a phone;
tap targets a finger can hit; registers that say what they list."""

from __future__ import annotations

import pytest

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
