"""A second, different cable of the genre is published by adding its text and metadata, with no code change.

The fixture `tests/roots/second-cable/` is invented test data in the Wilson Center style, but unlike the
flagship cable: routing lines instead of a numbered header, one paragraph per line, a bracketed stamp,
an editor's note, an elision, curly quotes, a `13/5-50.` dateline and an `x/` footnote after a rule.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import html as lxml_html

from edition.model import Block, ListNode, document_blocks, iter_sections
from edition.parse import load_document

from conftest import CABLE, ROOT, copy_project, run_build

FIXTURE = Path(__file__).resolve().parent / "roots" / "second-cable"
DOC = "test-cable-1950-05-13"


def fixture_project(target: Path, templates: bool = True) -> Path:
    """Copy the fixture project to `target`, with the project's templates (a project brings its own)."""
    shutil.copytree(FIXTURE, target)
    if templates:
        shutil.copytree(ROOT / "templates", target / "templates")
    return target


@pytest.fixture(scope="module")
def second():
    document, problems = load_document(FIXTURE, DOC)
    assert problems == []
    return document


def marks(document, kind):
    return [(b.key, b.text[s.start:s.end]) for b in document_blocks(document) for s in b.spans if s.mark.kind == kind]


def test_routing_lines_open_the_document(second):
    """The classification, copy number, origin and stamp lines come first, as routing lines, with no header."""
    assert second.header is None
    assert [(b.role, b.text) for b in second.front] == [
        ("routing", "Strictly Secret"),
        ("routing", "Copy No. 3"),
        ("routing", "From PEKING"),
        ("routing", "[Stamp: Incoming N° 0417, 14 May 1950]"),
    ]
    assert marks(second, "stamp") == [("f4", "[Stamp: Incoming N° 0417, 14 May 1950]")]


def test_every_line_is_a_paragraph(second):
    """With `paragraphs: lines`, each line of the text is its own numbered paragraph."""
    numbered = [b for b in document_blocks(second) if b.n]
    assert [b.n for b in numbered] == list(range(1, 12))
    assert all("\n" not in b.text for b in numbered if b.role != "signed")
    assert [b.text for b in numbered[:3]] == [
        "To Comrade SAMPLOV.",
        "Today a delegation of the Lakeside Fisheries Board called at the ministry and asked about the "
        "“spring quota” for the river districts.",
        "The board proposes the following measures:",
    ]


def test_sections_and_roles(second):
    """The report, the quoted reply and the closing are found, each paragraph with its role."""
    assert [(s.id, s.kind, s.title) for s in second.sections] == [
        ("report", "framing-report", "Testov's report"),
        ("reply", "letter", "The board's reply"),
        ("closing", "closing", "Dateline and signature"),
    ]
    roles = {s.id: [b.role for b in document_blocks_of(s)] for s in iter_sections(second.sections)}
    assert roles == {
        "report": ["salute", "p", "p", "p", "p", "p"],
        "reply": ["p", "salute", "p", "signed"],
        "closing": ["closer"],
    }


def document_blocks_of(section):
    out = []
    for child in section.children:
        if isinstance(child, Block):
            out.append(child)
        elif isinstance(child, ListNode):
            for item in child.items:
                out.extend(b for b in item.children if isinstance(b, Block))
    return out


def test_curly_quotes_match_straight_quotes_in_the_metadata(second):
    """The metadata quotes `'"To the Chairman'` with straight quotes; the text's curly “ is found all the same."""
    reply = second.sections[1]
    salute = document_blocks_of(reply)[1]
    assert salute.text == "“To the Chairman of the River Districts Committee."
    assert document_blocks_of(reply)[0].text == "The board’s reply follows:"


def test_numbered_measures(second):
    """The three measures are a numbered list, each line with its number as label."""
    lists = [c for c in second.sections[0].children if isinstance(c, ListNode)]
    assert [(l.style, [i.label for i in l.items]) for l in lists] == [("numbered", ["1", "2", "3"])]
    assert marks(second, "label")[:3] == [("p4", "1."), ("p5", "2."), ("p6", "3.")]


def test_brackets_are_told_apart(second):
    """Supplied words, the elision `[...]` and the editor's note are each marked for what they are."""
    assert marks(second, "supplied") == [("p4", "[of each district]")]
    assert marks(second, "elision") == [("p5", "[...]")]
    assert marks(second, "editor-note") == [("p6", "[Ed. note: the rest of this line is cut in the archive copy.]")]
    assert marks(second, "translator-note") == [] and marks(second, "interpolation") == []


def test_signature_spans_two_lines(second):
    """The signature block keeps the signer's title and name together."""
    signed = [b for b in document_blocks(second) if b.role == "signed"]
    assert [b.text for b in signed] == ["Chairman of the Lakeside Fisheries Board\nI. I. EXAMPLOV”"]


def test_numeric_dateline_and_signature(second):
    """The closing `13/5-50. Testov` is read as the dateline 13/5-50. and the signature Testov."""
    closer = document_blocks_of(second.sections[-1])[0]
    assert closer.role == "closer"
    assert [(s.mark.kind, closer.text[s.start:s.end]) for s in sorted(closer.spans)] == [
        ("dateline", "13/5-50."), ("signed", "Testov")]


def test_rule_citation_and_letter_footnote(second):
    """After the citation and the rule `-----`, `x/ ...` is a footnote attached to its marker in the reply."""
    assert [(b.role, b.text) for b in second.back] == [
        ("citation", "Printed from: TEST ARCHIVE, F. 0, Op. 1, D. 2, pp. 3-4. Copy."),
        ("rule", "-----"),
    ]
    assert [(f.marker, f.attach, f.block.key, f.block.text) for f in second.footnotes] == [
        ("x/", "text", "s-x", "x/ Underlined in the original.")]
    assert marks(second, "footnote-ref") == [("p9", "x/")]


@pytest.mark.parametrize("closing, dateline, signed", [
    ("13/5-50. Testov", "13/5-50.", "Testov"),
    ("21.XI.51 TESTOV", "21.XI.51", "TESTOV"),
    ("3 July 1953 Testov", "3 July 1953", "Testov"),
    ("TESTOV", None, "TESTOV"),
])
def test_closing_line_forms(tmp_path, closing, dateline, signed):
    """The genre's closing lines (`13/5-50.`, `21.XI.51`, `3 July 1953`, a name alone) split into dateline and name."""
    root = fixture_project(tmp_path / "project", templates=False)
    for ext in ("txt", "yaml"):
        path = root / "sources" / f"{DOC}.{ext}"
        path.write_text(path.read_text(encoding="utf-8").replace("13/5-50. Testov", closing)
                        .replace("start: 13/5-50.", f"start: {closing}"), encoding="utf-8")
    closer = document_blocks_of(load_document(root, DOC)[0].sections[-1])[0]
    parts = [(s.mark.kind, closer.text[s.start:s.end]) for s in sorted(closer.spans)]
    assert parts == ([("dateline", dateline)] if dateline else []) + [("signed", signed)]


def test_second_cable_builds(tmp_path):
    """`python build.py --root <project> --out DIR` publishes the second cable's page, JSON and plain text."""
    root = fixture_project(tmp_path / "second-cable")
    out = tmp_path / "site"
    result = run_build(root, out)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    folder = out / "documents" / DOC
    for name in ("index.html", f"{DOC}.json", f"{DOC}.txt"):
        assert (folder / name).is_file(), f"{name} was not written"
    source = (root / "sources" / f"{DOC}.txt").read_text(encoding="utf-8")
    assert (folder / f"{DOC}.txt").read_text(encoding="utf-8").split() == source.split()
    page = lxml_html.parse(str(folder / "index.html")).getroot()
    explained = {"[Stamp: Incoming": "stamp", "[...]": "omission", "[Ed. note:": "editor's note",
                 "[of each district]": "supplied"}
    for words, title in explained.items():
        marked = page.xpath("//*[@title][contains(., $words)]", words=words)
        assert marked and title in marked[-1].get("title").lower(), f"{words} is not marked as {title}"
    assert page.get_element_by_id("s-x") is not None
    assert page.xpath("//a[@href='#s-x']"), "the x/ marker links to its footnote"


def test_second_cable_beside_the_first(tmp_path):
    """Adding the second cable's two files to the real project publishes both documents."""
    root = copy_project(tmp_path / "project")
    for path in (FIXTURE / "sources").iterdir():
        shutil.copy(path, root / "sources" / path.name)
    out = tmp_path / "site"
    result = run_build(root, out)
    assert result.returncode == 0, result.stderr
    for doc in (CABLE, DOC):
        assert (out / "documents" / doc / "index.html").is_file()
    home = (out / "index.html").read_text(encoding="utf-8")
    assert f"documents/{CABLE}/" in home and f"documents/{DOC}/" in home


def test_project_without_templates_is_not_a_crash(tmp_path):
    """A project that has no templates/ folder gets a clear message (or the default look), never a crash."""
    root = fixture_project(tmp_path / "second-cable", templates=False)
    result = run_build(root, tmp_path / "site")
    assert result.returncode in (0, 1), result.stderr
    assert "internal error" not in result.stderr and "Traceback" not in result.stderr
    if result.returncode == 1:
        assert result.stderr.startswith("templates/")
        assert "\n  hint: " in result.stderr
