"""The TEI export: valid TEI P5, every character of the transcription, ids shared with the web pages."""

from __future__ import annotations

import copy
import hashlib
import io
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from edition.errors import Location
from edition.model import Block, Mark, Span
from edition.parse import load_document
from edition.pipeline import Project, build
from edition.publish import crawlers, data_zip
from edition.publish.site import Files
from edition.render.tei import document as tei

ROOT = Path(__file__).resolve().parent.parent
FIXTURE = ROOT / "tests" / "roots" / "tei"
SCHEMA = ROOT.parent / "shared" / "schemas" / "tei_all.rng"
NS = {"t": "http://www.tei-c.org/ns/1.0", "xml": "http://www.w3.org/XML/1998/namespace"}
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"
CABLE = "vaskov-1953-07-03"
SECOND = "test-cable-1950-05-13"


def build_copy(tmp: Path, source: Path, folders=("sources", "annotations")) -> Path:
    """Build a copy of a project (its given folders, with the real templates) and return the site."""
    project = tmp / "project"
    for name in folders:
        if (source / name).is_dir():
            shutil.copytree(source / name, project / name)
    shutil.copytree(ROOT / "templates", project / "templates")
    build(Project(project), tmp / "site", jobs=1, with_search=False)
    return tmp / "site"


@pytest.fixture(scope="session")
def tei_schema():
    """The official TEI P5 'tei_all' RELAX NG schema, loaded once (it takes about 20 s)."""
    if not SCHEMA.exists():
        pytest.skip(f"the TEI schema is not at {SCHEMA} (it lives in the shared folder beside the project)")
    return etree.RelaxNG(etree.parse(str(SCHEMA)))


@pytest.fixture(scope="session")
def fixture_site(tei_site) -> Path:
    """The fixture project (the real cable, a second cable, fixture notes and registers) built once."""
    return tei_site


@pytest.fixture(scope="session")
def real_site(edition_site) -> Path:
    """The real project built once, with its editorial layer as it stands."""
    return edition_site


def tei_files(site: Path) -> list[Path]:
    return sorted(site.glob("documents/*/*.xml")) + [site / "tei" / "corpus.xml"]


def reading_text(tei: etree._Element) -> str:
    """The text of a TEI `<text>` without the editors' corrected readings, white space collapsed."""
    text = copy.deepcopy(tei.find("t:text", NS))
    etree.strip_elements(text, "{%s}corr" % NS["t"], with_tail=False)
    return " ".join("".join(text.itertext()).split())


def test_fixture_tei_is_valid_tei_p5(fixture_site, tei_schema):
    """Every document's TEI file and the corpus file validate against the official tei_all schema."""
    problems = [f"{path.name}:{error.line}: {error.message}" for path in tei_files(fixture_site)
                if not tei_schema.validate(etree.parse(str(path))) for error in tei_schema.error_log]
    assert len(tei_files(fixture_site)) == 3
    assert not problems, "\n".join(problems)


def test_real_tei_is_valid_tei_p5(real_site, tei_schema):
    """The real edition's TEI (with whatever notes and registers it has) is valid TEI P5."""
    problems = [f"{path.name}:{error.line}: {error.message}" for path in tei_files(real_site)
                if not tei_schema.validate(etree.parse(str(path))) for error in tei_schema.error_log]
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("doc_id, source, kept", [
    (CABLE, ROOT / "sources" / f"{CABLE}.txt", ("[Translator's note:", "\"*mes.*\"", "[after]", "** Time")),
    (SECOND, FIXTURE / "sources" / f"{SECOND}.txt", ("[Stamp:", "[...]", "[Ed. note:", "x/ Underlined"))])
def test_tei_text_equals_the_transcription(fixture_site, real_site, doc_id, source, kept):
    """The text of <text>, leaving out <corr>, is the transcription up to white space, brackets and asterisks included."""
    expected = " ".join(source.read_text(encoding="utf-8").split())
    sites = (fixture_site, real_site) if doc_id == CABLE else (fixture_site,)
    for site in sites:
        tei = etree.parse(str(site / "documents" / doc_id / f"{doc_id}.xml")).getroot()
        assert reading_text(tei) == expected
    assert all(piece in expected for piece in kept)


def test_corpus_keeps_each_document_text_and_unique_ids(fixture_site):
    """The corpus file holds every document, each with its whole text, and no id twice."""
    corpus = etree.parse(str(fixture_site / "tei" / "corpus.xml")).getroot()
    members = corpus.findall("t:TEI", NS)
    assert [m.get(XML_ID) for m in members] == [SECOND, CABLE]
    ids = [node.get(XML_ID) for node in corpus.iter() if node.get(XML_ID)]
    assert len(ids) == len(set(ids))
    cable = next(m for m in members if m.get(XML_ID) == CABLE)
    expected = " ".join((ROOT / "sources" / f"{CABLE}.txt").read_text(encoding="utf-8").split())
    assert reading_text(cable) == expected
    assert cable.find(".//t:p[@n='12']", NS).get(XML_ID) == f"{CABLE}.p12"


@pytest.mark.parametrize("tei_path", ["documents/{d}/{d}.xml", "tei/corpus.xml"])
def test_every_local_pointer_resolves(fixture_site, tei_path):
    """Every `#id` pointer (mentions, notes, footnotes, sources) names an xml:id of the same file."""
    tree = etree.parse(str(fixture_site / tei_path.format(d=CABLE)))
    ids = {node.get(XML_ID) for node in tree.iter() if node.get(XML_ID)}
    pointers = [value[1:] for node in tree.iter() for name in ("ref", "target", "targetEnd", "corresp")
                for value in (node.get(name) or "").split() if value.startswith("#")]
    assert len(pointers) > 40
    assert sorted(set(pointers) - ids) == []


@pytest.mark.parametrize("doc_id", [CABLE, SECOND])
def test_every_html_paragraph_anchor_has_its_tei_id(fixture_site, doc_id):
    """Each paragraph anchor of the reading page (id="pN") is an xml:id of the same paragraph in the TEI."""
    page = (fixture_site / "documents" / doc_id / "index.html").read_text(encoding="utf-8")
    anchors = set(re.findall(r'\bid="(p\d+)"', page))
    tei = etree.parse(str(fixture_site / "documents" / doc_id / f"{doc_id}.xml"))
    numbered = {node.get(XML_ID): node.get("n") for node in tei.iter() if node.get(XML_ID, "").startswith("p")}
    assert anchors and anchors <= set(numbered)
    assert all(numbered[a] == a[1:] for a in anchors)


def test_marks_become_tei_elements(fixture_site):
    """Translator's notes, supplied words, corrections, run-in heads, lists and mentions have their TEI elements."""
    tei = etree.parse(str(fixture_site / "documents" / CABLE / f"{CABLE}.xml")).getroot()
    body = tei.find("t:text", NS)
    note = body.find(".//t:note[@type='translator']", NS)
    assert "".join(note.itertext()).startswith("[Translator's note:") and note.find("t:hi", NS).text == "*mes.*"
    assert [s.text for s in body.iterfind(".//t:supplied[@reason='translation']", NS)][:2] == ["[after]", "[at]"]
    choice = body.find(".//t:choice", NS)
    assert ("".join(choice.find("t:sic", NS).itertext()), choice.find("t:corr", NS).text) == ("Clarks'", "Clark's")
    assert body.find(".//t:p[@n='3']/t:label[@type='head']", NS).text == "The state of the talks."
    assert [i.get("n") for i in body.find(".//t:list[@type='dashed']", NS)] == [str(n) for n in range(1, 10)]
    assert body.find(".//t:list[@type='dashed']/t:item/t:p/t:label", NS).text == "- 1)."
    refs = {(etree.QName(n).localname, n.get("ref")) for n in body.iter() if n.get("ref")}
    assert {("persName", "#pers-clark"), ("placeName", "#place-beijing"), ("orgName", "#org-prc-government"),
            ("term", "#term-pow"), ("name", "#event-armistice-talks")} <= refs
    header = body.find("t:body/t:ab[@type='telegram-header']", NS)
    assert header.find("t:date", NS).get("when") == "1953-07-03" and header.find("t:time", NS).get("when") == "23:40:00"


def test_letter_parts_are_opener_and_closer(fixture_site):
    """The letter's salutation opens it, its signatures and dateline close it, the cable ends with its closer."""
    tei = etree.parse(str(fixture_site / "documents" / CABLE / f"{CABLE}.xml")).getroot()
    letter = tei.find(".//t:div[@xml:id='sec-letter']", NS)
    assert letter.find("t:opener/t:salute", NS).text.startswith('"To the Commander-in-Chief')
    closer = letter.find("t:closer", NS)
    assert [etree.QName(c).localname for c in closer] == ["signed", "signed", "dateline"]
    final = tei.find("t:text/t:body", NS)[-1]
    assert etree.QName(final).localname == "closer" and final.get(XML_ID) == "p41"
    assert (final.find("t:dateline", NS).text, "".join(final.find("t:signed", NS).itertext())) == \
        ("3 July 1953", "Vas'kov")


def test_archival_footnotes_point_to_their_place(fixture_site):
    """A footnote with a place points at anchors around it; one on the whole document points at the text."""
    tei = etree.parse(str(fixture_site / "documents" / CABLE / f"{CABLE}.xml")).getroot()
    notes = {n.get("n"): n for n in tei.iterfind(".//t:back//t:note[@place='foot']", NS)}
    assert notes["*"].get("target") == "#text" and notes["*"].get("anchored") == "false"
    assert (notes["**"].get("target"), notes["**"].get("targetEnd")) == ("#ref-s2-start", "#ref-s2")
    header = etree.tostring(tei.find(".//t:anchor[@xml:id='ref-s2-start']", NS).getparent(), encoding="unicode")
    assert re.search(r'"ref-s2-start"/>(<anchor [^>]*/>)*<time [^>]*>2340</time>(<anchor [^>]*/>)*'
                     r'<anchor xml:id="ref-s2"/>', header)


def test_standoff_registers_carry_dates_and_authorities(fixture_site):
    """Entries stand off with their authority ids, life dates, event dates and descriptions; the bibliography too."""
    tei = etree.parse(str(fixture_site / "documents" / CABLE / f"{CABLE}.xml")).getroot()
    standoff = tei.find("t:standOff", NS)
    clark = standoff.find("t:listPerson/t:person[@xml:id='pers-clark']", NS)
    assert {i.get("type"): i.text for i in clark.iterfind("t:idno", NS)} == {"wikidata": "Q99999901",
                                                                           "VIAF": "99999901"}
    assert (clark.find("t:birth", NS).get("when"), clark.find("t:death", NS).get("when")) == ("1896-05-01",
                                                                                              "1984-04-17")
    rhee = standoff.find("t:listPerson/t:person[@xml:id='pers-rhee']", NS)
    assert (rhee.find("t:birth", NS).get("notBefore"), rhee.find("t:birth", NS).get("notAfter")) == ("1875", "1876")
    place = standoff.find("t:listPlace/t:place[@xml:id='place-beijing']", NS)
    assert place.find("t:idno[@type='GeoNames']", NS).text == "9999901"
    talks = standoff.find("t:listEvent/t:event[@xml:id='event-armistice-talks']", NS)
    assert (talks.get("from"), talks.get("to")) == ("1951-07-10", "1953-07-27")
    assert standoff.find("t:listOrg/t:org/t:event[@type='founded']", NS).get("when") == "1949-10-01"
    assert standoff.find("t:list[@type='terms']/t:item[@xml:id='term-pow']/t:term", NS).text.startswith("Prisoner")
    book = standoff.find("t:listBibl/t:bibl[@xml:id='bibl-fixture-book']", NS)
    assert book.find("t:author/t:persName/t:surname", NS).text == "Fixture"
    note = standoff.find("t:listAnnotation/t:note[@xml:id='n-fixture-clarks']", NS)
    assert (note.get("type"), note.get("subtype"), note.get("target")) == ("editorial", "textual",
                                                                          "#ref-n-fixture-clarks-start")
    commentary = standoff.find("t:listAnnotation/t:note[@xml:id='n-fixture-wu-visit']", NS)
    assert commentary.find("t:p/t:ref[@type='citation']", NS).text == "Fixture 2001, 12"
    assert commentary.find("t:p/t:hi[@rend='italic']", NS).text == "emphasis"


def test_header_describes_the_archival_original(fixture_site):
    """The header names the archive and its fond/opis/delo/folios, the stamp, sender, recipient and licence."""
    tei = etree.parse(str(fixture_site / "documents" / CABLE / f"{CABLE}.xml")).getroot()
    ms = tei.find(".//t:sourceDesc/t:msDesc", NS)
    assert "".join(ms.find("t:msIdentifier/t:repository", NS).itertext()) == \
        "Archive of the President of the Russian Federation (AP RF)"
    assert {i.get("type"): i.text for i in ms.iterfind("t:msIdentifier/t:idno", NS)} == \
        {"fond": "3", "opis": "65", "delo": "830", "folios": "136-147"}
    assert ms.find(".//t:additions//t:stamp", NS).text == "Protokol Prezid. (Presidium Record)"
    sent, received = tei.findall(".//t:correspDesc/t:correspAction", NS)
    assert (sent.get("type"), sent.find("t:persName", NS).text, sent.find("t:date", NS).get("when")) == \
        ("sent", "V. V. Vas'kov", "1953-07-03")
    assert (received.find("t:persName", NS).text, received.find("t:date", NS).get("when")) == \
        ("G. M. Malenkov", "23:40:00")
    assert tei.find(".//t:titleStmt/t:respStmt/t:persName", NS).text == "Gary Goldberg"
    assert tei.find(".//t:licence", NS).get("target") == "https://creativecommons.org/licenses/by/4.0/"


def test_edition_zip_is_reproducible_and_checksummed(fixture_site, tmp_path):
    """Two builds give the same data zip; its manifest's SHA-256 sums match every file it holds."""
    again = build_copy(tmp_path, FIXTURE)
    data = (fixture_site / "edition-data.zip").read_bytes()
    assert data == (again / "edition-data.zip").read_bytes()
    with zipfile.ZipFile(io.BytesIO(data)) as zipped:
        names = zipped.namelist()
        assert names == sorted(names)
        manifest = zipped.read("edition-data/SHA256SUMS").decode("utf-8").splitlines()
        for line in manifest:
            digest, path = line.split("  ", 1)
            assert hashlib.sha256(zipped.read(f"edition-data/{path}")).hexdigest() == digest
        assert {info.date_time for info in zipped.infolist()} == {data_zip.EPOCH}
    paths = {line.split("  ", 1)[1] for line in manifest}
    assert {"tei/corpus.xml", f"documents/{CABLE}/{CABLE}.xml", f"documents/{CABLE}/{CABLE}.json",
            f"documents/{CABLE}/{CABLE}.txt", f"sources/{CABLE}.txt", f"sources/{CABLE}.yaml",
            "annotations/persons.yaml", f"annotations/notes/{CABLE}.yaml", "annotations/edition.yaml"} <= paths


def test_sitemap_and_robots_only_with_a_base_url(fixture_site):
    """With the site's address declared, sitemap.xml lists every page and robots.txt names it; without, neither."""
    sitemap = etree.parse(str(fixture_site / "sitemap.xml")).getroot()
    locs = [loc.text for loc in sitemap.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]
    assert f"https://edition.example.org/documents/{CABLE}/" in locs and "https://edition.example.org/" in locs
    assert "Sitemap: https://edition.example.org/sitemap.xml" in (fixture_site / "robots.txt").read_text()
    files = Files()
    crawlers.write_crawler_files(files, "")
    assert files.contents == {}


STRUCTURE = [Mark("label"), Mark("head"), Mark("dateline"), Mark("signed"), Mark("field", "numbers"),
             Mark("field", "date"), Mark("field", "time")]
"""Marks the parser sets, never overlapping one another: at most one per test paragraph."""
BRACKETS = [Mark("translator-note"), Mark("editor-note"), Mark("stamp"), Mark("supplied"), Mark("elision"),
            Mark("interpolation")]
"""Bracketed text: brackets never overlap, so at most one per test paragraph (with at most one emphasis)."""
EDITORIAL = [Mark("note"), Mark("footnote-ref"), Mark("sic", value="reading"), Mark("mention", "x", "persons"),
             Mark("mention", "x", "organizations"), Mark("mention", "x", "places"), Mark("mention", "x", "events"),
             Mark("mention", "x", "terms")]
"""Marks placed by the editors' quotes, which may overlap anything and each other."""
SHELL = ('<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>'
         '<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc></fileDesc></teiHeader>'
         '<text><body/></text></TEI>')


@st.composite
def marked_text(draw):
    """A text with overlapping spans of every mark kind; notes and footnotes may be points."""
    text = draw(st.text(alphabet="ab *[]\n", min_size=1, max_size=40))
    spans = []
    marks = [draw(st.sampled_from(kinds)) for kinds, most in ((STRUCTURE, 1), (BRACKETS, 1), ([Mark("emphasis")], 1),
                                                             (EDITORIAL, 6)) for _ in range(draw(st.integers(0, most)))]
    for i, mark in enumerate(marks):
        start = draw(st.integers(0, len(text)))
        end = draw(st.integers(start if mark.kind in ("note", "footnote-ref") else min(start + 1, len(text)),
                               len(text)))
        if start == end and mark.kind not in ("note", "footnote-ref"):
            continue
        ref = {"note": f"n{i}", "footnote-ref": "*" * (i + 1), "sic": f"n{i}"}.get(mark.kind, mark.ref)
        spans.append(Span(start, end, Mark(mark.kind, ref, mark.value)))
    return text, tuple(sorted(spans))


@pytest.fixture(scope="session")
def cable():
    """The real cable parsed (its telegram header gives the fields their dates)."""
    return load_document(ROOT, CABLE)[0]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(marked_text())
def test_any_overlap_of_marks_gives_valid_tei_keeping_the_text(tei_schema, cable, case):
    """Whatever marks overlap in a paragraph, its TEI is valid and its text (without <corr>) is the text exactly."""
    text, spans = case
    shell = etree.fromstring(SHELL)
    keys = {s.mark.ref: f"s{len(s.mark.ref)}" for s in spans if s.mark.kind == "footnote-ref"}
    block = Block("p1", 1, "p", text, 0, Location("x"), spans)
    tei._block(shell.find("t:text/t:body", NS), block, "p", {}, tei._Context(cable, keys))
    assert tei_schema.validate(shell), tei_schema.error_log
    paragraph = copy.deepcopy(shell.find("t:text/t:body/t:p", NS))
    etree.strip_elements(paragraph, "{%s}corr" % NS["t"], with_tail=False)
    assert "".join(paragraph.itertext()) == text
