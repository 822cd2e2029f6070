"""The editorial content of the cable: every name linked, every note sourced, enough to trust."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from edition.model import document_blocks
from edition.pipeline import Project, load_corpus
from edition.quotes import find_quote

DOC = "vaskov-1953-07-03"

# Every person, organization and place the cable names, as written, with the register it belongs to.
NAMED_IN_THE_TEXT = {
    "Zhou Enlai": "persons", "Wu Xiuquan": "persons", "Kim Il Sung": "persons", "Peng Dehuai": "persons",
    "Clark": "persons", "Syngman Rhee": "persons", "Harrison": "persons", "Chiang Kai-shek": "persons",
    "Vas'kov": "persons",
    "Korean People's Army": "organizations", "Chinese People's Volunteers": "organizations",
    "UN forces": "organizations", "PRC government": "organizations", "Soviet government": "organizations",
    "South Korean government": "organizations", "military armistice commission": "organizations",
    "Red Cross joint groups": "organizations", "Embassy": "organizations",
    "repatriation commission of neutral countries": "organizations",
    "observation commission of neutral countries": "organizations", "AP RF": "organizations",
    "Korea": "places", "North Korea": "places", "South Korea": "places", "China": "places",
    "Peking": "places", "Yalu River": "places", "Far East": "places", "US": "places",
}


@pytest.fixture(scope="module")
def corpus():
    corpus, warnings = load_corpus(Project(ROOT))
    assert warnings == [], [w.format() for w in warnings]
    return corpus


def _mentions(corpus):
    document = next(d for d in corpus.documents if d.id == DOC)
    return {(b.key, s.start, s.end): s.mark for b in document_blocks(document) for s in b.spans
            if s.mark.kind == "mention"}, list(document_blocks(document))


@pytest.mark.parametrize("name", sorted(NAMED_IN_THE_TEXT))
def test_every_name_in_the_text_links_to_its_register(corpus, name):
    """Each person, organization and place the cable names is a link to its entry wherever it occurs as a word."""
    mentions, blocks = _mentions(corpus)
    places = [(b.key, s, e) for b in blocks for s, e in find_quote(b.text, name)
              if not re.match(r"\w", b.text[e:e + 1]) and not re.match(r"\w", b.text[s - 1:s] if s else "")]
    assert places, f"{name!r} does not occur in the cable"
    linked = [p for p in places
              if any(k == p[0] and s <= p[1] and p[2] <= e and m.value == NAMED_IN_THE_TEXT[name]
                     for (k, s, e), m in mentions.items())]
    assert linked, f"{name!r} is never linked to an entry in {NAMED_IN_THE_TEXT[name]}"


def test_every_note_cites_a_source(corpus):
    """No editorial note is without a bibliography entry or archival record behind it."""
    notes = corpus.notes[DOC]
    assert len(notes) >= 40
    unsourced = [n.id for n in notes if not n.sources]
    assert unsourced == []


def test_every_register_entry_carries_its_source(corpus):
    """Every entry's description rests on a cited work (in `sources` or a citation in the text)."""
    unsourced = [e.id for e in corpus.entries
                 if not e.sources and not any(r.kind == "bibliography" for r in e.refs)]
    assert unsourced == []


def test_chronology_spans_the_war_and_its_aftermath(corpus):
    """At least 25 events from the outbreak of the war to the Geneva conference, dense in June-July 1953."""
    events = [e for e in corpus.entries if e.kind == "events"]
    dates = sorted(dict(e.dates)["date"] for e in events)
    assert len(events) >= 25
    assert dates[0].startswith("1950-06-25")
    assert any(d.startswith("1954-04") for d in dates), "the Geneva conference of 1954 is missing"
    assert sum(d.startswith(("1953-06", "1953-07")) for d in dates) >= 12


def test_bibliography_entries_can_be_found_in_a_library(corpus):
    """At least 12 works, each with a year and a publisher, a container or a stable address."""
    assert len(corpus.references) >= 12
    for reference in corpus.references:
        csl = reference.csl
        assert csl["issued"]["date-parts"][0][0], reference.id
        assert csl.get("publisher") or csl.get("container-title") or csl.get("URL"), reference.id
