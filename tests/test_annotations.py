"""Annotations: notes and register aliases anchored exactly on the cable, with located errors."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from hypothesis import given, settings, strategies as st

from edition.errors import EditionError, Location
from edition.model import Selector, document_blocks
from edition.parse import load_document
from edition.pipeline import Project, load_corpus
from edition.quotes import Hit, find_quote, select

ROOT = Path(__file__).resolve().parent.parent
DOC = "vaskov-1953-07-03"
CABLE = load_document(ROOT, DOC)[0]
BLOCKS = list(document_blocks(CABLE))


def make_project(tmp_path: Path, files: dict[str, str]) -> Project:
    """A copy of the real sources and templates with the given annotation files."""
    shutil.copytree(ROOT / "sources", tmp_path / "sources")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    for name, text in files.items():
        path = tmp_path / "annotations" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip(), encoding="utf-8")
    return Project(tmp_path)


def diagnostics(project: Project) -> list[str]:
    with pytest.raises(EditionError) as caught:
        load_corpus(project)
    return [d.format() for d in caught.value.diagnostics]


BIBLIOGRAPHY = """
    references:
      - id: fixture-book
        type: book
        author: [{family: Fixture, given: A.}]
        title: A fixture book
        issued: {date-parts: [[2000]]}
"""


def test_quote_may_cross_a_line_wrap_and_quote_style():
    """A quote written on one line matches text broken across lines, with curly or straight quotes."""
    text = "the \u201cmutual defense\u201d\n  pact with the US"
    assert find_quote(text, 'the "mutual defense" pact') == [(0, len("the \u201cmutual defense\u201d\n  pact"))]


def test_quote_is_case_and_punctuation_exact():
    """Case and punctuation other than quotation marks are never normalised."""
    assert find_quote("Syngman Rhee clique", "syngman rhee") == []
    assert find_quote("Clarks' letter", "Clark's letter") == []


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_random_quotes_anchor_back_to_their_place(data):
    """Any run of words taken from the text, made unique by its occurrence number, anchors where it was taken."""
    block = data.draw(st.sampled_from([b for b in BLOCKS if len(b.text) > 20]))
    start = data.draw(st.integers(0, len(block.text) - 5))
    end = data.draw(st.integers(start + 3, min(len(block.text), start + 80)))
    quote = block.text[start:end]
    if not quote.strip() or quote != quote.strip():
        return
    places = [Hit(b, s, e) for b in BLOCKS for s, e in find_quote(b.text, quote)]
    occurrence = next(i for i, h in enumerate(places, 1) if h.block.key == block.key and h.start == start)
    hit, problems = select(BLOCKS, Selector(quote, Location("x"), occurrence=occurrence, inside_word=True), "note")
    assert problems == [] and (hit.block.key, hit.start, hit.end) == (block.key, start, end)


def test_a_quote_that_cuts_a_word_anchors_only_where_it_says_so(tmp_path):
    """A quote one letter short of a word is an error that gives the whole words; `inside_word: true`
    anchors it on part of the word."""
    notes = """
        notes:
          - id: short
            quote: Syngman Rhee released POW
            body: One letter short.
    """
    assert diagnostics(make_project(tmp_path / "short", {f"notes/{DOC}.yaml": notes})) == [
        f"annotations/notes/{DOC}.yaml:3:12: error[anchor.inside-word]: note 'short': the quote "
        "\"Syngman Rhee released POW\" ends inside the word \"POWs\" (sources/vaskov-1953-07-03.txt:11:52).\n"
        "  hint: quote whole words: \"Syngman Rhee released POWs\"; a note on part of a word says so with "
        "inside_word: true."]
    declared = notes.replace("body:", "inside_word: true\n            body:")
    corpus, warnings = load_corpus(make_project(tmp_path / "declared", {f"notes/{DOC}.yaml": declared}))
    (note,) = corpus.notes[DOC]
    assert warnings == [] and note.lemma == "Syngman Rhee released POW"


def test_notes_and_mentions_appear_on_the_page(tmp_path):
    """A note gets a numbered marker after its words and an endnote; names become links to their entry."""
    project = make_project(tmp_path, {
        "bibliography.yaml": BIBLIOGRAPHY,
        "persons.yaml": """
            persons:
              - id: rhee
                name: Syngman Rhee
                aliases: [Syngman Rhee, Rhee]
                description: President of the Republic of Korea [@fixture-book, 3].
            """,
        "terms.yaml": """
            terms:
              - id: clique
                name: clique
                aliases: [clique]
                description: The word the cable uses for a government it does not recognise.
            """,
        "notes/vaskov-1953-07-03.yaml": """
            notes:
              - id: first-release
                quote: Syngman Rhee released POWs
                body: See [Rhee](person:rhee).
                sources: [{id: fixture-book, locator: p. 1}]
            """,
    })
    corpus, warnings = load_corpus(project)
    assert warnings == []
    document = corpus.documents[0]
    spans = [(b.key, b.text[s.start:s.end], s.mark.kind, s.mark.ref) for b in document_blocks(document)
             for s in b.spans if s.mark.kind in ("mention", "note")]
    assert ("p3", "Syngman Rhee released POWs", "note", "first-release") in spans
    # The longest alias wins: "Syngman Rhee" is one mention, never "Rhee" inside it.
    assert ("p16", "Syngman Rhee", "mention", "rhee") in spans
    assert ("p16", "clique", "mention", "clique") in spans
    assert not any(text == "Rhee" for _, text, kind, _ in spans if kind == "mention")
    mentions = [s for s in spans if s[2] == "mention" and s[3] == "rhee"]
    assert len(mentions) == CABLE.source.count("Syngman Rhee")
    from edition.pipeline import render_site
    page = render_site(project, corpus)[f"documents/{DOC}/index.html"].decode()
    assert 'popovertarget="n-first-release"' in page and 'id="n-first-release"' in page
    assert 'href="../../persons/rhee/"' in page


def test_notes_are_numbered_in_the_order_their_markers_are_read(tmp_path):
    """Notes count in the order a reader meets their markers: a note on the archival footnote about the whole
    document (shown with the source, before the text) comes first, and of two notes ending on the same word the
    one on fewer words, whose marker comes first, has the lower number."""
    project = make_project(tmp_path, {"notes/vaskov-1953-07-03.yaml": """
        notes:
          - id: whole-visit
            quote: At 0330 3 July at the instruction
            body: The visit.
          - id: the-instruction
            quote: the instruction
            occurrence: 1
            body: Whose instruction.
          - id: stamp
            quote: Presidium Record
            body: The stamp.
          - id: at-0330
            quote: At 0330
            body: The hour.
        """})
    corpus, _ = load_corpus(project)
    numbers = {n.id: n.number for n in corpus.notes[DOC]}
    assert numbers == {"stamp": 1, "at-0330": 2, "the-instruction": 3, "whole-visit": 4}


def test_a_note_shows_the_words_of_the_transcription_not_of_its_quote(tmp_path):
    """A note whose quote has a curly quotation mark where the text has a straight one is shown by the text's
    words wherever it is named: its lemma among the notes, its search result, and the page of the person its
    body links to."""
    project = make_project(tmp_path, {
        "persons.yaml": """
            persons:
              - id: clark
                name: Mark W. Clark
                aliases: [Clark]
            """,
        "notes/vaskov-1953-07-03.yaml": """
            notes:
              - id: clarks-letter
                quote: "with Clarks\u2019 letter"
                body: The letter of [General Clark](person:clark).
            """})
    corpus, _ = load_corpus(project)
    [note] = corpus.notes[DOC]
    assert (note.lemma, note.selector.quote) == ("with Clarks' letter", "with Clarks\u2019 letter")
    block = next(b for b in document_blocks(corpus.documents[0]) if b.key == note.block)
    assert block.text[note.start:note.end] == note.lemma
    from lxml import html
    from edition.pipeline import render_site
    from edition.render.search import search_records
    site = render_site(project, corpus, with_search=False)
    page = html.fromstring(site[f"documents/{DOC}/index.html"])
    assert [e.text_content() for e in page.find_class("lemma")] == ["with Clarks' letter"]
    entry = html.fromstring(site["persons/clark/index.html"])
    assert "Note 1: “with Clarks' letter”" in [a.text_content() for a in entry.iter("a")]
    assert "Note 1 · “with Clarks' letter”" in [r.title for r in search_records(corpus) if r.kind == "note"]


def test_exclusion_removes_one_occurrence(tmp_path):
    """An `exclude` selector stops one occurrence of an alias from being linked."""
    project = make_project(tmp_path, {"persons.yaml": """
        persons:
          - id: clark
            name: Mark W. Clark
            aliases: [Clark]
            exclude:
              - quote: Clark
                prefix: "Peng Dehuai to "
                suffix: " on 5 July"
        """})
    corpus, _ = load_corpus(project)
    found = [b.key for b in document_blocks(corpus.documents[0]) for s in b.spans
             if s.mark.kind == "mention" and s.mark.ref == "clark"]
    assert "p9" not in found and "p1" in found
    whole_words = sum(1 for b in BLOCKS for s, e in find_quote(b.text, "Clark") if not b.text[e:e + 1].isalpha())
    assert len(found) == whole_words - 1


def test_errors_are_located_and_explained(tmp_path):
    """A missing quote, an ambiguous quote and an unknown reference each get file:line:col and a hint."""
    project = make_project(tmp_path, {"bibliography.yaml": BIBLIOGRAPHY, "notes/vaskov-1953-07-03.yaml": """
        notes:
          - id: missing
            quote: the Syngman Rhee cliques
            body: x
          - id: ambiguous
            quote: Syngman Rhee clique
            body: x
          - id: unknown-ref
            quote: Clarks'
            body: |
              First line.
              See [Peng](person:peng-dehuai) and [@fixture-bok].
        """})
    found = diagnostics(project)
    prefix = "annotations/notes/vaskov-1953-07-03.yaml"
    assert found[0].startswith(f'{prefix}:3:12: error[anchor.not-found]: note \'missing\': the quote '
                               '"the Syngman Rhee cliques" is not in the text.')
    assert "hint: the nearest text is" in found[0]
    assert found[1].startswith(f"{prefix}:6:12: error[anchor.ambiguous]: note 'ambiguous': the quote "
                               '"Syngman Rhee clique" matches 7 places (sources/vaskov-1953-07-03.txt at 51:136, 53:840, ')
    assert found[2] == (f"{prefix}:12:25: error[ref.unknown]: there is no entry in persons with the id "
                        "'peng-dehuai'.\n  hint: add it to annotations/persons.yaml, or correct the id.")
    assert found[3] == (f"{prefix}:12:44: error[ref.unknown]: there is no bibliography entry with the id "
                        "'fixture-bok'.\n  hint: did you mean 'fixture-book'?")


def test_a_mistaken_reference_written_twice_is_located_at_each_place(tmp_path):
    """The same unknown reference or citation written twice in a note is reported twice, each at its own
    line and column, so that the editor finds both."""
    project = make_project(tmp_path, {"bibliography.yaml": BIBLIOGRAPHY, "notes/vaskov-1953-07-03.yaml": """
        notes:
          - id: twice
            quote: Clarks'
            body: |
              See [Peng](person:peng-dehuai).
              Again [Peng](person:peng-dehuai), [@fixture-bok] and [@fixture-bok].
        """})
    prefix = "annotations/notes/vaskov-1953-07-03.yaml"
    assert [line.split(" error")[0] for line in diagnostics(project)] == [
        f"{prefix}:5:25:", f"{prefix}:6:27:", f"{prefix}:6:43:", f"{prefix}:6:62:"]


def test_a_reference_is_located_at_its_id_on_any_line_of_its_value(tmp_path):
    """An unknown id is reported at the id itself: on the second line of a value folded over two lines, and
    in a '|' text that another note follows."""
    project = make_project(tmp_path, {"notes/vaskov-1953-07-03.yaml": """
        notes:
          - id: folded
            quote: Clarks'
            body: The first line of a plain value,
              and [Peng](person:peng-dehuai) on its second.
          - id: block
            quote: Syngman Rhee released POWs
            body: |
              See [Peng](person:peng-dehai).
          - id: after
            quote: unleashed a campaign
            body: The last note.
        """})
    prefix = "annotations/notes/vaskov-1953-07-03.yaml"
    assert [line.split(" error")[0] for line in diagnostics(project)] == [f"{prefix}:5:25:", f"{prefix}:9:25:"]


def test_register_mistakes(tmp_path):
    """Duplicate ids, impossible dates and unknown keys are errors; an alias found nowhere is a warning."""
    project = make_project(tmp_path, {"persons.yaml": """
        persons:
          - id: rhee
            name: Syngman Rhee
            aliases: [Syngman Rhee]
            born: "1875-02-30"
            description: President of the Republic of Korea.
          - id: rhee
            name: Someone
            description: Someone else.
        """, "places.yaml": """
        places:
          - id: yalu
            name: Yalu River
            alias: [Yalu River]
        """})
    found = diagnostics(project)
    assert found == [
        "annotations/places.yaml:4:5: error[yaml.unknown-key]: unknown key 'alias' in 'places[1]'.\n"
        "  hint: did you mean 'aliases'?",
    ]
    (tmp_path / "annotations/places.yaml").unlink()
    found = diagnostics(project)
    assert found == [
        "annotations/persons.yaml:2:9: error[date.impossible]: the born '1875-02-30' of 'rhee' does not exist.\n"
        "  hint: write a real date as YYYY-MM-DD, YYYY-MM or YYYY, or a range start/end.",
        "annotations/persons.yaml:7:9: error[entry.duplicate-id]: the id 'rhee' is already used by a persons "
        "entry at annotations/persons.yaml:2:9.\n  hint: give each one its own id.",
    ]
    (tmp_path / "annotations/persons.yaml").write_text(
        "persons:\n  - id: rhee\n    name: Syngman Rhee\n    aliases: [Syngman Rhee, Chou En-lai]\n"
        "    description: President of the Republic of Korea.\n", encoding="utf-8")
    _, warnings = load_corpus(project)
    assert [w.format() for w in warnings] == [
        'annotations/persons.yaml:2:9: warning[register.unused-alias]: the alias "Chou En-lai" of \'rhee\' '
        "occurs in no document.\n  hint: check its spelling against the text, or move it to also_known_as "
        "if it is another name or romanisation."]


def test_markdown_cannot_inject_html(tmp_path):
    """Raw HTML and javascript: links in a note body come out as inert text."""
    project = make_project(tmp_path, {"notes/vaskov-1953-07-03.yaml": """
        notes:
          - id: evil
            quote: Clarks'
            body: '<script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>'
        """})
    corpus, _ = load_corpus(project)
    from edition.pipeline import render_site
    page = render_site(project, corpus)[f"documents/{DOC}/index.html"].decode()
    assert "<script>alert" not in page and "<img" not in page and 'href="javascript:' not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
