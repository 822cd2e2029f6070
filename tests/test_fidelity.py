"""The edition's invariant: every character of the transcription is in the edition, in order.

Checked on the real cable (its plain-text export, its page, its model) and, with Hypothesis, on random
texts of the genre and on random sets of overlapping marks.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import tempfile
from collections import defaultdict
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from lxml import html as lxml_html

from edition.model import MARK_RANK, REGISTER_KINDS, Mark, Span, document_blocks
from edition.parse import parse_document
from edition.render.exports.plain_text import document_text
from edition.render.html.inline import PageContext, render_inline
from edition.segments import nest, plain_text
from edition.yamlsrc import load_yaml, validate

from conftest import CABLE

SHARED_SOURCE = Path("/work/shared/sources") / f"{CABLE}.txt"
SHARED_SHA256 = "c86f0ecb4ae1429656112ec372d8d958213aa14687592b2aa383c7a14f1bce37"


def squeeze(text: str) -> str:
    """The text with all white space removed."""
    return "".join(text.split())


# --- The real cable -----------------------------------------------------------------------------


def test_text_export_has_every_character(built_site, source_text):
    """The downloadable plain text has every non-space character of the transcription, in order."""
    exported = (built_site / "documents" / CABLE / f"{CABLE}.txt").read_text(encoding="utf-8")
    assert squeeze(exported) == squeeze(source_text)


def test_text_export_has_every_word(built_site, source_text):
    """The downloadable plain text has the transcription's words, in order, none split or joined."""
    exported = (built_site / "documents" / CABLE / f"{CABLE}.txt").read_text(encoding="utf-8")
    assert exported.split() == source_text.split()
    assert len(exported.split()) > 2000


def test_source_is_the_shared_transcription(project_root):
    """The project's transcription is byte for byte the one received (sha256 c86f0ecb…)."""
    if not SHARED_SOURCE.exists():
        pytest.skip(f"the shared transcription {SHARED_SOURCE} is not on this machine")
    ours = (project_root / "sources" / f"{CABLE}.txt").read_bytes()
    assert ours == SHARED_SOURCE.read_bytes()
    assert hashlib.sha256(ours).hexdigest() == SHARED_SHA256


def test_build_leaves_the_transcription_untouched(built_site, source_text):
    """Building the site never rewrites the transcription it was built from."""
    built_from = built_site.parent.parent / "project" / "sources" / f"{CABLE}.txt"  # see conftest.build_site
    assert built_from.read_bytes() == source_text.encode("utf-8")


def test_blocks_cover_the_source_without_overlap(cable, source_text):
    """Blocks never overlap, and together they hold every non-space character of the transcription."""
    blocks = sorted(document_blocks(cable), key=lambda b: b.start)
    covered = [False] * len(source_text)
    for before, after in zip(blocks, blocks[1:]):
        assert before.start + len(before.text) <= after.start, (before.key, after.key)
    for block in blocks:
        for i in range(block.start, block.start + len(block.text)):
            covered[i] = True
    missing = [i for i, ch in enumerate(source_text) if not ch.isspace() and not covered[i]]
    assert missing == [], f"characters outside every block at offsets {missing[:10]}"


def test_json_export_keeps_block_texts(built_site, source_text):
    """The JSON export gives each block's text and offset such that text == transcription[start:start+len]."""
    data = json.loads((built_site / "documents" / CABLE / f"{CABLE}.json").read_text(encoding="utf-8"))
    blocks = []

    def walk(value):
        if isinstance(value, dict):
            if value.get("type") == "block":
                blocks.append(value)
            for child in value.values():
                walk(child)
        elif isinstance(value, list):
            for child in value:
                walk(child)

    walk(data)
    assert len(blocks) == 47  # 41 paragraphs, 1 header, 2 headings, 1 citation, 2 footnotes
    for block in blocks:
        text = block["text"]
        assert source_text[block["start"]:block["start"] + len(text)] == text, block["key"]
        for span in block["spans"]:
            assert 0 <= span["start"] <= span["end"] <= len(text)
    assert squeeze("".join(b["text"] for b in sorted(blocks, key=lambda b: b["start"]))) == squeeze(source_text)


EDITION_ADDITIONS = ("pnum", "pcite", "vh", "fnref", "footnote-ref", "nref", "note-ref", "back", "attach", "corr")
"""Classes of what the page adds to the transcription's words: paragraph numbers, "cite" boxes,
labels for screen readers, footnote and note markers, back links, editors' corrected readings."""


def _visible_block_text(element) -> str:
    """The transcription's words as a reader sees them in a block's element, without the edition's additions."""
    element = lxml_html.fromstring(lxml_html.tostring(element, encoding="unicode"))
    added = " or ".join(f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in EDITION_ADDITIONS)
    for extra in element.xpath(f".//*[{added}] | .//a[starts-with(@href, '#ref-')]"):
        extra.drop_tree()
    return element.text_content()


def test_page_shows_every_block_verbatim(built_site, cable):
    """On the document page each paragraph, heading and footnote shows exactly the words of the transcription."""
    page = lxml_html.parse(str(built_site / "documents" / CABLE / "index.html")).getroot()
    mismatches = []
    for block in document_blocks(cable):
        found = page.get_element_by_id(block.key, None)
        assert found is not None, f"no element with id {block.key}"
        shown = _visible_block_text(found)
        if shown.split() != block.text.split():
            mismatches.append((block.key, shown))
    assert mismatches == []


def test_signature_lines_are_line_breaks(built_site, cable):
    """A signature block shows the signer's title and name on separate lines, with no stray markup as text."""
    page = lxml_html.parse(str(built_site / "documents" / CABLE / "index.html")).getroot()
    signed = [b for b in document_blocks(cable) if b.role == "signed"]
    assert len(signed) == 2
    for block in signed:
        element = page.get_element_by_id(block.key)
        title, name = block.text.split("\n\n")
        assert element.xpath(".//br"), "title and name are on separate lines"
        shown = _visible_block_text(element)
        assert "<" not in shown and shown.split() == (title + " " + name).split()


# --- Random texts of the genre ------------------------------------------------------------------

MONTHS = ("January February March April May June July August September October November December").split()
WORDS = ("the delegation reply armistice line commission talks side proposal meeting question government "
         "letter agreement note time staff report opinion measures prisoners troops conference border "
         "of to and in on with for by at from").split()
PEOPLE = ("Ivanov", "Petrov", "Lin", "Smith", "Kovalev", "Zhang")


def words(n_min=2, n_max=8):
    return st.lists(st.sampled_from(WORDS), min_size=n_min, max_size=n_max)


@st.composite
def sentence(draw, inline: list):
    """A sentence, maybe with supplied words, a translator's note or a quotation; records what it inserted."""
    first, *rest = draw(words(3, 10))
    pieces = [first.capitalize()] + rest
    kind = draw(st.sampled_from(["plain", "plain", "supplied", "translator-note", "quote", "curly-quote"]))
    at = draw(st.integers(1, len(pieces)))
    if kind == "supplied":
        text = "[" + " ".join(draw(words(1, 3))) + "]"
        inline.append(("supplied", text))
        pieces.insert(at, text)
    elif kind == "translator-note":
        before, after = draw(words(1, 4)), draw(words(0, 3))
        emphasised = "*" + draw(st.sampled_from(WORDS)) + draw(st.sampled_from(["", "."])) + "*"
        gaps = [draw(st.sampled_from([" ", " ", "\n"])) for _ in range(len(before) + len(after) + 1)]
        body = before + [emphasised] + after
        text = "[Translator's note: " + "".join(w + g for w, g in zip(body, gaps)).rstrip() + "]"
        inline.append(("translator-note", text))
        inline.append(("emphasis", emphasised))
        pieces.insert(at, text)
    elif kind in ("quote", "curly-quote"):
        left, right = ('"', '"') if kind == "quote" else ("“", "”")
        pieces.insert(at, left + " ".join(draw(words(1, 4))) + right)
    return " ".join(pieces) + "."


@st.composite
def paragraph(draw, inline: list, opening: str = ""):
    """Sentences joined by spaces or by a line break (a wrapped transcription)."""
    sentences = [draw(sentence(inline)) for _ in range(draw(st.integers(1, 3)))]
    text = sentences[0]
    for s in sentences[1:]:
        text += draw(st.sampled_from([" ", " ", "\n"])) + s
    return opening + text


@st.composite
def cable_case(draw):
    """A random cable of the genre with its metadata; returns (text, yaml, expectations)."""
    inline: list = []
    newline = draw(st.sampled_from(["\n", "\r\n"]))
    paragraphs: list[str] = []  # each separated by blank lines in the text
    day, month, year = draw(st.integers(1, 28)), draw(st.sampled_from(MONTHS)), draw(st.integers(1945, 1960))
    first = draw(st.integers(1, 900))
    header = (f"N° {first}-{first + draw(st.integers(1, 9))} {day} {month} {year} "
              f"{draw(st.integers(0, 23)):02d}{draw(st.integers(0, 59)):02d}")
    paragraphs.append(header)
    structure, numbered_items = [], []
    for k in range(1, draw(st.integers(1, 4)) + 1):
        if draw(st.booleans()) and k > 1:  # an embedded letter
            salute = f'"To the Chairman of Committee {k}".'
            paragraphs.append(salute)
            paragraphs += [draw(paragraph(inline)) for _ in range(draw(st.integers(1, 2)))]
            title, name = f"Chairman of Committee {k}", f"Marshal {draw(st.sampled_from(PEOPLE))}"
            paragraphs.append(title + newline + newline + name)
            paragraphs.append(f"{draw(st.integers(1, 28))} {draw(st.sampled_from(MONTHS))} {year}")
            structure.append({"id": f"letter-{k}", "kind": "letter", "title": f"Letter {k}", "start": salute,
                              "blocks": [{"role": "salute", "start": salute},
                                         {"role": "signed", "start": title, "end": name},
                                         {"role": "dateline", "start": paragraphs[-1]}]})
            continue
        opening = f"Part {k}. "
        paragraphs.append(draw(paragraph(inline, opening)))
        structure.append({"id": f"part-{k}", "kind": "part", "title": f"Part {k}", "start": opening.strip()})
        items = draw(st.integers(0, 4))
        numbered_items.append(items)
        for i in range(1, items + 1):
            paragraphs.append(draw(paragraph(inline, f"{i}. ")))
            if draw(st.integers(0, 3)) == 0:
                questions = draw(st.integers(1, 4))
                lines = []
                for q in range(1, questions + 1):
                    label = f"- {q})" if q == questions and draw(st.booleans()) else f"- {q})."
                    lines.append(f"{label} " + draw(sentence(inline)))
                paragraphs.append(newline.join(lines))
        if draw(st.booleans()):
            paragraphs.append(draw(paragraph(inline)))
    closer = f"{day} {month} {year} {draw(st.sampled_from(PEOPLE))}"
    paragraphs.append(closer)
    structure.append({"id": "closing", "kind": "closing", "title": "Closing", "start": closer,
                      "blocks": [{"role": "closer", "start": closer}]})
    paragraphs.append("Printed from: AP RF. F. 3. Op. " + str(draw(st.integers(1, 99))) + ". Original")
    footnotes = ["*" * i for i in range(1, draw(st.integers(0, 2)) + 1)]
    paragraphs += [f"{m} " + " ".join(draw(words(2, 6))) for m in footnotes]

    gaps = [newline * draw(st.integers(2, 3)) for _ in paragraphs]
    trailing = [draw(st.sampled_from(["", "", " ", "  "])) for _ in paragraphs]
    text = newline * draw(st.integers(0, 2)) + "".join(
        p.replace(newline, t + newline) + t + g for p, t, g in zip(paragraphs, trailing, gaps))
    text = text.rstrip() if draw(st.booleans()) else text

    meta = ["title: " + json.dumps("A generated cable of the genre"),
            "summary: Generated by the test suite.", "type: telegram", f'date: "{year}-01-01"',
            "sender: {name: Sender}", "recipient: {name: Recipient}",
            "archive: {repository: Test Archive, abbreviation: AP RF}",
            "language: {original: ru, translation: en}", "structure:"]
    for entry in structure:
        meta += [f"  - id: {entry['id']}", f"    kind: {entry['kind']}", f"    title: {json.dumps(entry['title'])}",
                 f"    start: {json.dumps(entry['start'])}"]
        if "blocks" in entry:
            meta.append("    blocks:")
            for block in entry["blocks"]:
                meta.append(f"      - role: {block['role']}")
                meta += [f"        {key}: {json.dumps(block[key])}" for key in ("start", "end") if key in block]
    if footnotes:
        meta.append("footnotes:")
        meta += [line for m in footnotes for line in (f"  - marker: {json.dumps(m)}", "    attach: document")]
    expected = {"inline": inline, "sections": [e["id"] for e in structure], "numbered": numbered_items,
                "footnotes": footnotes}
    return text, "\n".join(meta) + "\n", expected


def parse_case(text: str, yaml_text: str):
    """Load the metadata with the edition's YAML loader (from a file, as the build does) and parse the text."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "generated.yaml"
        path.write_text(yaml_text, encoding="utf-8")
        meta, problems = load_yaml(path, "sources/generated.yaml")
    assert problems == [], [d.format() for d in problems]
    assert validate(meta, "document") == [], yaml_text
    document, problems = parse_document("generated", text, "sources/generated.txt", meta)
    assert problems == [], [d.format() for d in problems]
    return document


GENRE = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@GENRE
@given(cable_case())
def test_generated_cable_keeps_every_character(case):
    """For any cable of the genre, the plain text equals the source up to white space, and so does each block's markup."""
    text, yaml_text, _ = case
    document = parse_case(text, yaml_text)
    exported = document_text(document)
    assert squeeze(exported) == squeeze(text)
    assert exported.split() == text.split()
    for block in document_blocks(document):
        assert block.text == text[block.start:block.start + len(block.text)]
        assert plain_text(nest(block.text, block.spans)) == block.text


@GENRE
@given(cable_case())
def test_generated_cable_structure(case):
    """For any cable of the genre, sections, numbered items, brackets and footnotes are found as written."""
    text, yaml_text, expected = case
    document = parse_case(text, yaml_text)
    assert [s.id for s in document.sections] == expected["sections"]
    assert document.header is not None and document.front[0].role == "header"
    marked = [(s.mark.kind, " ".join(b.text[s.start:s.end].split())) for b in document_blocks(document)
              for s in sorted(b.spans) if s.mark.kind in ("supplied", "translator-note", "emphasis")]
    assert marked == [(kind, " ".join(words.split())) for kind, words in expected["inline"]]
    parts = [s for s in document.sections if s.id.startswith("part-")]
    counts = [sum(len(c.items) for c in s.children if getattr(c, "style", "") == "numbered") for s in parts]
    assert counts == expected["numbered"]
    assert [(f.marker, f.attach) for f in document.footnotes] == [(m, "document") for m in expected["footnotes"]]
    assert [b.n for b in document_blocks(document) if b.n] == list(range(1, 1 + sum(1 for b in document_blocks(
        document) if b.n)))
    closing = document.sections[-1].children[0]
    assert [s.mark.kind for s in sorted(closing.spans)] == ["dateline", "signed"]


# --- Random overlapping marks -------------------------------------------------------------------

XML_TEXT = st.text(alphabet=st.one_of(st.characters(exclude_categories=("Cs", "Cc", "Cn")),
                                      st.sampled_from(" \n<>&\"'")), max_size=40)


@st.composite
def marked_text(draw):
    """A text and a random set of spans over it: overlapping, nested, repeated, zero-width."""
    text = draw(XML_TEXT)
    spans = []
    for _ in range(draw(st.integers(0, 12))):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start, len(text)))
        kind = draw(st.sampled_from(sorted(MARK_RANK)))
        ref, value = draw(st.sampled_from(["a", "b", "*"])), ""
        if kind == "mention":
            value = draw(st.sampled_from(REGISTER_KINDS))
        spans.append(Span(start, end, Mark(kind, ref, value)))
    return text, tuple(spans)


class _One(str):
    """"1", and an entry named "1"."""

    name = "1"


class _Anything(dict):
    """A lookup that answers every key: note numbers, entries and footnote anchors for random marks."""

    def __missing__(self, key):
        return _One("1")


def _render(tree) -> str:
    values = {f.name: _Anything() for f in dataclasses.fields(PageContext)}
    values["page"] = "documents/d/index.html"
    return str(render_inline(tree, PageContext(**values)))


def _walk(nodes, ancestors=(), position=0, seen=None):
    """Yield (text start, text, enclosing elements) for each text leaf; collect point anchors in `seen`."""
    for node in nodes:
        if isinstance(node, str):
            yield position, node, ancestors
            position += len(node)
        else:
            if not node.children:
                seen.append((node.span, position))
            for item in _walk(node.children, ancestors + (node,), position, seen):
                yield item
            position += len(plain_text(node.children))


@settings(max_examples=200, deadline=None)
@given(marked_text())
def test_marks_nest_into_a_tree_that_keeps_the_text(case):
    """Whatever marks overlap, the nested tree reads exactly as the text and every mark covers exactly its span."""
    text, spans = case
    tree = nest(text, spans)
    assert plain_text(tree) == text
    covered, points = defaultdict(set), []
    for start, leaf, ancestors in _walk(tree, seen=points):
        ranks = [MARK_RANK[a.mark.kind] for a in ancestors]
        assert ranks == sorted(ranks), "a mark of lower rank always encloses one of higher rank"
        for element in ancestors:
            covered[id(element.span)].update(range(start, start + len(leaf)))
    for span in spans:
        if span.start < span.end:
            assert covered[id(span)] == set(range(span.start, span.end)), span
    assert sorted((id(s), p) for s, p in points) == sorted((id(s), s.start) for s in spans if s.start == s.end)


@settings(max_examples=200, deadline=None)
@given(marked_text())
def test_marks_render_as_well_formed_markup(case):
    """Whatever marks overlap, the inline HTML is well-formed XML and shows the text (up to white space)."""
    text, spans = case
    markup = _render(nest(text, spans)).replace("<br>", "<br/>")  # the one HTML void element used
    root = etree.fromstring(f"<root>{markup}</root>")
    added = " or ".join(f"contains(concat(' ', normalize-space(@class), ' '), ' {c} ')" for c in EDITION_ADDITIONS)
    for extra in root.xpath(f"//*[{added}]"):
        _remove_keeping_tail(extra)
    shown = "".join(root.itertext())
    assert shown.split() == text.split() and squeeze(shown) == squeeze(text)


def _remove_keeping_tail(element) -> None:
    parent, previous = element.getparent(), element.getprevious()
    if element.tail:
        if previous is not None:
            previous.tail = (previous.tail or "") + element.tail
        else:
            parent.text = (parent.text or "") + element.tail
    parent.remove(element)


def test_each_output_has_one_table_of_every_mark_kind():
    """The HTML and the TEI each say, in one table, how every kind of mark is written, and know no other kind."""
    from edition.render.html import inline
    from edition.render.tei import document as tei

    assert set(inline.MARKS) == set(tei.MARKS) == set(MARK_RANK)


def test_overlapping_marks_reopen_instead_of_crossing():
    """A supplied word overlapping an emphasis is cut in two, so the markup nests and never crosses."""
    text = "one [two *three] four* five"
    supplied, emphasis = Span(4, 16, Mark("supplied")), Span(9, 22, Mark("emphasis"))
    tree = nest(text, (supplied, emphasis))

    def shape(nodes):
        return [n if isinstance(n, str) else (n.mark.kind, shape(n.children)) for n in nodes]

    assert shape(tree) == ["one ", ("supplied", ["[two ", ("emphasis", ["*three]"])]),
                           ("emphasis", [" four*"]), " five"]
    root = etree.fromstring(f"<root>{_render(tree)}</root>")
    assert len(root.findall(".//em")) == 2
