"""Search: what the index holds, how it is filtered, and that every build writes the same bundle."""

from __future__ import annotations

import gzip
import json

import cbor2
import pytest
from lxml import html

from conftest import SEARCH_ROOT, build_site, copy_inputs
from edition.model import document_blocks
from edition.pipeline import Project, build, load_corpus
from edition.publish import pagefind
from edition.render.search import search_records


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(Project(SEARCH_ROOT))[0]


@pytest.fixture(scope="module")
def records(corpus):
    return {record.url: record for record in search_records(corpus)}


def test_each_paragraph_is_a_result_linking_to_its_anchor(corpus, records):
    """Every paragraph of every document is a result of its own, linking to the paragraph's anchor."""
    for document in corpus.documents:
        for block in document_blocks(document):
            record = records[f"documents/{document.id}/#{block.key}"]
            assert record.kind == "text"
            assert record.documents == (document.meta.title,)
            assert record.content == " ".join(block.text.split())
            if block.n:
                assert record.title.startswith(f"¶ {block.n} · ")


def test_notes_and_register_entries_are_results_of_their_kind(corpus, records):
    """Each note links to itself in its document, each entry to its page (events to the chronology)."""
    note = records["documents/vaskov-1953-07-03/#n-fixture-commentary"]
    assert (note.kind, note.title) == ("note", "Note 2 · “Wu Xiuquan joked”")
    assert "quodlibetal" in note.content and "*" not in note.content
    kinds = {r.url: r.kind for r in records.values() if r.kind not in ("text", "note")}
    assert kinds == {"persons/chiang-kai-shek/": "person", "persons/wu-xiuquan/": "person",
                     "persons/examplov/": "person", "places/yalu-river/": "place",
                     "organizations/lakeside-fisheries-board/": "organization", "terms/puppet-troops/": "term",
                     "chronology/#event-fixture-event": "event"}


def test_entries_are_filtered_by_the_documents_that_name_them(corpus, records):
    """A register entry carries the titles of the documents it is named in, for the document filter."""
    titles = {d.id: d.meta.title for d in corpus.documents}
    assert records["persons/chiang-kai-shek/"].documents == (titles["vaskov-1953-07-03"],)
    assert records["persons/examplov/"].documents == (titles["test-cable-1950-05-13"],)
    assert records["chronology/#event-fixture-event"].documents == ()


def test_a_paragraph_is_found_by_the_other_names_of_those_it_mentions(records):
    """A paragraph naming Chiang Kai-shek is also searchable by his other name, Jiang Jieshi."""
    found = [r for r in records.values() if "Chiang Kai-shek" in r.content and r.kind == "text"]
    assert len(found) == 1
    assert found[0].mentions == "Chiang Kai-shek, Jiang Jieshi"


def _decode(data: bytes):
    raw = gzip.decompress(data)
    return cbor2.loads(raw[len(b"pagefind_dcd"):])


def test_the_index_offers_filters_by_kind_and_document(search_site):
    """The published index has a `kind` filter with every kind of result and a `document` filter with every title."""
    bundle = search_site / "pagefind"
    entry = json.loads((bundle / "pagefind-entry.json").read_text(encoding="utf-8"))
    meta = _decode((bundle / f"pagefind.{entry['languages']['en']['hash']}.pf_meta").read_bytes())
    filters = {name: _decode((bundle / "filter" / f"{file}.pf_filter").read_bytes()) for name, file in meta[3]}
    assert [value for value, _ in filters["kind"][1]] == sorted(
        ["text", "note", "person", "place", "organization", "term", "event"])
    assert [value for value, _ in filters["document"][1]] == sorted(
        ["Fixture: invented telegram from A. B. Testov about a fisheries board",
         "Telegram from V. V. Vas'kov in Beijing to G. M. Malenkov on the state of the Korean armistice talks"])
    assert entry["languages"]["en"]["page_count"] > 70


def test_two_builds_write_byte_identical_search_files(search_site, tmp_path_factory):
    """Building the same inputs twice writes the same search bundle, byte for byte."""
    again = build_site(tmp_path_factory, "search-again", SEARCH_ROOT, ("sources", "annotations"))

    def bundle(site):
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in (site / "pagefind").rglob("*") if p.is_file()}

    first, second = bundle(search_site), bundle(again)
    assert sorted(first) == sorted(second)
    assert [p for p in first if first[p] != second[p]] == []


def test_a_large_index_is_written_in_shards_that_the_search_page_merges(search_site, sharded_search_site):
    """With shards of 30 records, every record is in exactly one shard, each shard is a whole Pagefind bundle,
    and the search page names the shards after the first, for Pagefind to merge."""
    def counts(site):
        found = {}
        for entry_file in sorted(site.glob("pagefind*/pagefind-entry.json")):
            found[entry_file.parent.name] = json.loads(entry_file.read_text())["languages"]["en"]["page_count"]
        return found

    whole, shards = counts(search_site), counts(sharded_search_site)
    assert list(whole) == ["pagefind"] and list(shards)[0] == "pagefind" and len(shards) >= 3
    assert all(count <= 30 for count in shards.values()) and sum(shards.values()) == whole["pagefind"]
    assert all((sharded_search_site / folder / "pagefind.js").is_file() for folder in shards)
    page = html.fromstring((sharded_search_site / "search" / "index.html").read_bytes())
    assert page.get_element_by_id("search").get("data-merge").split() == [f"../{f}/" for f in list(shards)[1:]]
    assert html.fromstring((search_site / "search" / "index.html").read_bytes()).get_element_by_id("search") \
        .get("data-merge") is None


def test_an_edited_note_is_indexed_again_in_its_shard_only(tmp_path, monkeypatch):
    """A rebuild after a note's body changes runs Pagefind for the one shard that holds the note, reuses the
    others' files from the cache, and writes the same index as a clean build."""
    project = copy_inputs(SEARCH_ROOT, ("sources", "annotations"), tmp_path / "project")
    monkeypatch.setattr(pagefind, "SHARD_SIZE", 30)
    build(Project(project), tmp_path / "site", jobs=1)
    started = []
    enter = pagefind._Pagefind.__enter__
    monkeypatch.setattr(pagefind._Pagefind, "__enter__", lambda self: started.append(self) or enter(self))
    notes = project / "annotations" / "notes" / "vaskov-1953-07-03.yaml"
    notes.write_text(notes.read_text(encoding="utf-8").replace("Fixture commentary note", "Edited commentary note"),
                     encoding="utf-8")
    build(Project(project), tmp_path / "site", jobs=1)
    assert len(started) == 1
    build(Project(project), tmp_path / "clean", jobs=1, clean=True)

    def index(site):
        return {p.relative_to(site).as_posix(): p.read_bytes() for p in sorted(site.glob("pagefind*/**/*"))
                if p.is_file()}

    assert index(tmp_path / "site") == index(tmp_path / "clean")
    assert len({path.split("/")[0] for path in index(tmp_path / "site")}) == 3
