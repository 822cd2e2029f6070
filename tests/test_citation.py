"""Citing a document: styled citations, downloads that reference managers read, and page metadata."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import bibtexparser
import pytest
import rispy
from lxml import html

from edition import words
from edition.model import Archive
from edition.pipeline import Project, load_corpus
from edition.render import citations
from edition.render.html import head as page_head
from edition.settings import Settings

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "roots" / "tei"
CABLE = "vaskov-1953-07-03"
BASE = "https://edition.example.org/"
REFERENCE = "AP RF, f. 3, op. 65, d. 830, ll. 136-147"


@pytest.fixture(scope="session")
def cited_site(tei_site) -> Path:
    """The fixture project (its edition.yaml declares a base URL) built once with the real templates."""
    return tei_site


@pytest.fixture(scope="session")
def corpus():
    """The fixture project's corpus."""
    return load_corpus(Project(FIXTURE))[0]


def document(corpus, doc_id=CABLE):
    return next(d for d in corpus.documents if d.id == doc_id)


def download(site: Path, extension: str) -> str:
    return (site / "documents" / CABLE / f"{CABLE}.{extension}").read_text(encoding="utf-8")


def test_csl_json_is_a_manuscript_with_its_archival_reference(cited_site):
    """The CSL-JSON download is one manuscript item with author, translator, date, archive and address."""
    [item] = json.loads(download(cited_site, "csl.json"))
    assert (item["type"], item["genre"], item["number"]) == ("manuscript", "Telegram", "1211-1220")
    assert item["author"] == [{"family": "Vas'kov", "given": "V. V."}]
    assert item["translator"] == [{"literal": "Gary Goldberg"}]
    assert item["issued"] == {"date-parts": [[1953, 7, 3]]}
    assert (item["archive"], item["archive_location"]) == ("Archive of the President of the Russian Federation",
                                                           REFERENCE)
    assert item["URL"] == f"{BASE}documents/{CABLE}/"


def test_bibtex_parses_and_carries_the_archive(cited_site):
    """The BibTeX download parses with bibtexparser: an @unpublished entry with translator and archival reference."""
    library = bibtexparser.parse_string(download(cited_site, "bib"))
    assert not library.failed_blocks
    [entry] = library.entries
    assert (entry.entry_type, entry.key) == ("unpublished", CABLE)
    assert entry["author"] == "Vas'kov, V. V." and entry["translator"] == "Gary Goldberg"
    assert entry["date"] == "1953-07-03" and entry["type"] == "Telegram"
    assert REFERENCE in entry["library"] and entry["note"].startswith(REFERENCE)
    assert entry["url"] == f"{BASE}documents/{CABLE}/"


def test_ris_parses_and_carries_the_archive(cited_site):
    """The RIS download parses with rispy: a manuscript with its translator, date and archival reference."""
    [record] = rispy.loads(download(cited_site, "ris"))
    assert record["type_of_reference"] == "MANSCPT"
    assert record["authors"] == ["Vas'kov, V. V."] and record["subsidiary_authors"] == ["Gary Goldberg"]
    assert (record["date"], record["type_of_work"]) == ("1953/07/03/", "Telegram")
    assert record["accession_number"] == REFERENCE
    assert record["name_of_database"] == "Archive of the President of the Russian Federation"
    assert record["urls"] == [f"{BASE}documents/{CABLE}/"]


def test_bibtex_escapes_latex_characters():
    """Characters special to LaTeX in the metadata are escaped, so the entry still parses."""
    from edition.render.exports.citation_files import bibtex
    record = {"id": "x", "title": "Fish & chips: 100% {wrong} #1", "genre": "Letter", "author": [{"literal": "A_B"}],
              "issued": {"date-parts": [[1950, 5]]}, "language": "en", "archive_location": "F. 1 & 2"}
    [entry] = bibtexparser.parse_string(bibtex(record)).entries
    assert entry["title"] == r"{Fish \& chips: 100\% \{wrong\} \#1}"
    assert entry["date"] == "1950-05" and entry["author"] == r"A\_B"


def test_chicago_and_mla_citations(corpus):
    """The document is cited in Chicago (note and bibliography) and MLA."""
    settings = Settings(title="Fixture Edition", url=BASE)
    styles = {c.style: c.text for c in citations.styled_citations(document(corpus), settings)}
    chicago = styles["Chicago (note)"]
    assert chicago.startswith("V. V. Vas'kov, “Telegram from V. V. Vas'kov")
    assert "trans. Gary Goldberg, July 3, 1953" in chicago and REFERENCE in chicago
    assert styles["MLA (works cited)"].startswith("Vas'kov, V. V. “Telegram")
    assert "Translated by Gary Goldberg" in styles["MLA (works cited)"] and "3 July 1953" in styles["MLA (works cited)"]


def test_names_are_split_only_when_unambiguous():
    """`V. V. Vas'kov` is split into given and family names; names that could be either way are kept whole."""
    assert words.csl_name("V. V. Vas'kov") == {"family": "Vas'kov", "given": "V. V."}
    assert words.csl_name("Kim Il Sung") == {"literal": "Kim Il Sung"}


def test_a_shelfmark_is_shown_cited_and_named_in_its_three_forms():
    """Where a document is held reads the same wherever it is given: abbreviated on the pages, with leaves
    in the citations (the repository's name standing in for a missing abbreviation), in words in the
    source note."""
    held = Archive("Archive of the President of the Russian Federation", "AP RF", "3", "65", "830", "136-147")
    assert words.shelfmark(held) == "AP RF, f. 3, op. 65, d. 830, ll. 136-147"
    assert words.shelfmark(held, "cited") == REFERENCE
    assert words.shelfmark(held, "file") == "fond 3, opis 65, delo 830"
    unabbreviated = Archive("Wilson Center Digital Archive", "", delo="12")
    assert words.shelfmark(unabbreviated) == "d. 12"
    assert words.shelfmark(unabbreviated, "cited") == "Wilson Center Digital Archive, d. 12"


def head(site: Path):
    return html.fromstring((site / "documents" / CABLE / "index.html").read_bytes()).find("head")


def test_meta_tags_describe_a_manuscript(cited_site):
    """The page's head has Highwire and Dublin Core tags for a manuscript, and never a journal title."""
    meta = {}
    for tag in head(cited_site).iterfind("meta[@name]"):
        meta.setdefault(tag.get("name"), []).append(tag.get("content"))
    assert meta["citation_title"] == ["Telegram from V. V. Vas'kov in Beijing to G. M. Malenkov on the state of "
                                      "the Korean armistice talks"]
    assert meta["citation_author"] == ["Vas'kov, V. V."]
    assert (meta["citation_date"], meta["citation_language"]) == (["1953/07/03"], ["en"])
    assert meta["citation_public_url"] == [f"{BASE}documents/{CABLE}/"]
    assert (meta["DC.type"], meta["DC.coverage"]) == (["manuscript"], [REFERENCE])
    assert not [name for name in meta if name.startswith("citation_journal")]


def test_no_public_url_without_a_base_url(corpus):
    """Without a declared address, the page claims no public URL, canonical or cite-as link."""
    settings = Settings(title="Fixture Edition")
    names = [name for name, _ in page_head.head_meta(document(corpus), settings)]
    assert "citation_public_url" not in names and "citation_title" in names
    rels = [rel for rel, _, _ in page_head.head_links(document(corpus), settings)]
    assert "canonical" not in rels and "cite-as" not in rels and "alternate" in rels


def test_links_and_json_ld(cited_site):
    """The head links the canonical address and cite-as, and holds schema.org JSON-LD for the archival item."""
    page_head = head(cited_site)
    links = {link.get("rel"): link.get("href") for link in page_head.iterfind("link")}
    assert links["canonical"] == links["cite-as"] == f"{BASE}documents/{CABLE}/"
    [script] = page_head.iterfind("script[@type='application/ld+json']")
    data = json.loads(script.text)
    assert data["@type"] == ["ArchiveComponent", "CreativeWork"]
    assert data["holdingArchive"] == {"@type": "ArchiveOrganization",
                                      "name": "Archive of the President of the Russian Federation",
                                      "alternateName": "AP RF"}
    assert (data["itemLocation"], data["dateCreated"], data["inLanguage"]) == (REFERENCE, "1953-07-03", "en")
    assert data["translator"] == {"@type": "Person", "name": "Gary Goldberg"}


def test_json_ld_cannot_close_its_script(corpus):
    """Metadata containing `</script>` stays data inside the JSON-LD script element."""
    doc = document(corpus)
    hostile = replace(doc, meta=replace(doc.meta, title="</script><script>alert(1)</script>"))
    text = str(page_head.json_ld(hostile, Settings()))
    assert "<" not in text and json.loads(text)["name"] == "</script><script>alert(1)</script>"


def test_page_offers_the_styled_citations_and_downloads(cited_site):
    """The document page shows Chicago and MLA under "Cite this document" and links each citation download."""
    page = (cited_site / "documents" / CABLE / "index.html").read_text(encoding="utf-8")
    assert "Chicago (note):</span> V. V. Vas&#39;kov, “Telegram" in page
    assert "MLA (works cited):</span>" in page
    for extension in ("csl.json", "bib", "ris", "xml"):
        assert f'href="{CABLE}.{extension}"' in page


def test_each_paragraph_gives_its_pinpoint_address_and_the_full_citation(cited_site):
    """The page gives the pattern of a paragraph's citation, which the script fills with each paragraph's number
    and address (tests/browser/test_reading.py opens the boxes), and the styled citations of the document."""
    from lxml import html as lxml_html
    page = lxml_html.parse(str(cited_site / "documents" / CABLE / "index.html")).getroot()
    pattern = page.get_element_by_id("text").get("data-cite")
    assert "¶ {n}." in pattern and f"{BASE}documents/{CABLE}/#p{{n}}." in pattern
    full = page.get_element_by_id("cite")
    assert full.tag == "details" and "Chicago (note):" in full.text_content() and "MLA" in full.text_content()
