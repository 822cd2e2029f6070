"""Registers, chronology, bibliography and the edition's own pages, read from the built site."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest

from conftest import READING_ROOT, ROOT, copy_inputs
from edition.model import document_blocks
from edition.pipeline import Project, build, load_corpus
from edition.words import bounds, format_date, lifespan
from sitereader import Site, text

REGISTERS = ("persons", "organizations", "places", "terms")


@pytest.fixture(scope="module")
def site(reading_site) -> Site:
    return Site(reading_site)


@pytest.fixture(scope="module", params=["reading", "edition"])
def any_site(request) -> Site:
    """The fixture site, and the real edition when its annotations have been written."""
    if request.param == "edition" and not any((ROOT / "annotations").rglob("*.yaml")):
        pytest.skip("the real edition has no annotations yet")
    return Site(request.getfixturevalue(f"{request.param}_site"))


def _mentions_in_texts(project=READING_ROOT) -> Counter:
    """(entry page, document page, paragraph id) of every name in the documents' texts, linked or not."""
    corpus = load_corpus(Project(project))[0]
    found = Counter()
    for document in corpus.documents:
        for block in document_blocks(document):
            for span in block.spans:
                if span.mark.kind == "mention":
                    found[(f"{span.mark.value}/{span.mark.ref}/index.html", f"documents/{document.id}/index.html",
                           block.key)] += 1
    return found


def _mentions_listed(site: Site) -> Counter:
    """(entry page, document page, paragraph id) of every keyword-in-context line of the entry pages."""
    found = Counter()
    for path in site.html_paths():
        for link in site.page(path).xpath("//ol[@class='kwic']/li/a[@class='where']"):
            target = site.resolve(path, link.get("href"))
            found[(path, target.path, target.fragment)] += 1
    return found


def test_every_entry_lists_exactly_the_mentions_in_the_texts(any_site, request):
    """Each entry page lists one line per mention, linked in the text or not, leading to its paragraph."""
    project = ROOT if request.node.callspec.params["any_site"] == "edition" else READING_ROOT
    assert _mentions_listed(any_site) == _mentions_in_texts(project)


def test_keyword_in_context_shows_the_words_around_the_name(site):
    """A mention line shows the name highlighted with the words before and after it, grouped by document."""
    page = site.page("places/peking/index.html")
    groups = [text(h) for h in page.xpath("//section[@class='mentions']/h3")]
    assert len(groups) == 2 and groups[0].startswith("Fixture:") and groups[1].startswith("Telegram from")
    lines = page.xpath("//ol[@class='kwic']/li")
    assert all(text(line.xpath(".//mark")[0]) in ("Peking", "PEKING") for line in lines)
    peking = [line for line in lines if "arrive in" in text(line)][0]
    assert "will arrive in Peking on approximately 10 July" in text(peking)
    assert text(peking.xpath("./a")[0]) == "¶ 24"


def test_entry_shows_description_dates_authorities_and_notes(site):
    """An entry gives its dates, description, other names, authority links, sources and the notes about it."""
    page = site.page("persons/rhee/index.html")
    assert text(page.xpath("//h1")[0]) == "Syngman Rhee"
    assert text(page.xpath("//p[@class='dates']")[0]) == "26 March 1875 – 19 July 1965"
    assert "Fixture person named often" in text(page.xpath("//div[@class='description']")[0])
    authorities = page.xpath("//dt[.='Authority records']/following-sibling::dd[1]/a/@href")
    assert authorities == ["https://www.wikidata.org/wiki/Q1", "https://viaf.org/viaf/1"]
    notes = page.xpath("//section[@class='entry-notes']//a/@href")
    assert notes == ["../../documents/vaskov-1953-07-03/#n-fixture-visit"]
    assert site.page("places/peking/index.html").xpath("//a[@href='https://www.geonames.org/1']")
    clark = site.page("persons/clark/index.html")
    assert "General Mark Wayne Clark" in text(clark.xpath("//dt[.='Also written']/following-sibling::dd[1]")[0])


def test_register_indexes_are_alphabetical_with_counts(site):
    """Each register lists all its entries alphabetically, persons by family name, with how often each is named."""
    mentions = Counter(entry for entry, _, _ in _mentions_in_texts().elements())
    for kind in REGISTER_KINDS_WITH_ENTRIES(site):
        page = site.page(f"{kind}/index.html")
        rows = page.xpath("//ul[@class='register']/li")
        names = [text(r.xpath("./a")[0]) for r in rows]
        if kind == "persons":
            assert names == ["Mark W. Clark", "I. I. Examplov", "Syngman Rhee"]
            assert "in alphabetical order of family names" in text(page.xpath("//header")[1])
        else:
            assert names == sorted(names, key=str.casefold)
        for row in rows:
            entry = site.resolve(f"{kind}/index.html", row.xpath("./a/@href")[0]).path
            assert int(text(row.xpath("./span[@class='count']")[0]).split()[0]) == mentions[entry]


def test_life_dates_are_written_one_way(site):
    """An entry's dates read the same on its page and in its register: a span, or born or died alone."""
    register = site.page("persons/index.html")
    assert text(register.xpath("//li[a[@href='rhee/']]/span[@class='dates']")[0]) == "26 March 1875 – 19 July 1965"
    assert lifespan([("born", "1898"), ("died", "1976-01-08")]) == "1898 – 8 January 1976"
    assert lifespan([("born", "1896"), ("died", "1984")]) == "1896–1984"
    assert lifespan([("born", "1908")]) == "born 1908" and lifespan([("died", "1994-07-08")]) == "died 8 July 1994"
    assert lifespan([("founded", "1949-10-01")]) == "founded 1 October 1949"


def test_a_person_without_a_sort_key_among_persons_with_one_is_reported(tmp_path):
    """Once persons are alphabetized by their sort keys, one without a key would be misplaced: a warning says so."""
    project = copy_inputs(READING_ROOT, ("sources", "annotations", "docs"), tmp_path / "project")
    register = project / "annotations" / "persons.yaml"
    register.write_text(register.read_text(encoding="utf-8").replace('    sort: "Clark, Mark W."\n', ""), encoding="utf-8")
    warnings = [w for w in load_corpus(Project(project))[1] if w.code == "register.no-sort-key"]
    assert [w.format() for w in warnings] == [
        "annotations/persons.yaml:12:9: warning[register.no-sort-key]: the person 'clark' has no sort key, unlike "
        "others, so is listed under 'Mark W. Clark'.\n  hint: add sort: with the family name first, e.g. "
        "sort: \"Clark, Mark W.\"."]


def REGISTER_KINDS_WITH_ENTRIES(site: Site) -> list[str]:
    return [kind for kind in REGISTERS if site.exists(f"{kind}/index.html")]


def test_chronology_lists_events_in_date_order_with_the_document_marked(site):
    """Events and the documents' dates are in date order; the cable's own date is marked as a document."""
    page = site.page("chronology/index.html")
    items = page.xpath("//ol[@class='chronology']/li")
    starts = [bounds(i.xpath("./time/@datetime")[0])[0] for i in items]
    assert starts == sorted(starts)
    documents = [i for i in items if "chrono-document" in i.get("class")]
    assert [i.xpath("./time/@datetime")[0] for i in documents] == ["1950-05-13", "1953-07-03"]
    assert "Document of this edition" in text(documents[1])
    armistice = page.xpath("//li[@id='event-fixture-armistice']")[0]
    assert armistice.xpath(".//a[@href='../documents/vaskov-1953-07-03/#n-fixture-receipt'][.='Note 2']")
    talks = page.xpath("//li[@id='event-fixture-talks']/time")[0]
    assert text(talks) == "8 June – 20 July 1953"


def test_the_timeline_is_a_drawing_with_text_alternatives(site):
    """The timeline is inline SVG, titled and described, one row per date, with the documents as rules; its rows
    link to their pages for the pointer, the list below giving the same links to the keyboard."""
    svg = site.page("chronology/index.html").xpath("//svg")[0]
    assert svg.get("role") == "group" and svg.get("aria-labelledby") == "timeline-title timeline-desc"
    assert {a.get("tabindex") for a in svg.xpath("./a")} == {"-1"}
    assert "6 dates" in text(svg.xpath("./desc")[0])
    assert len(svg.xpath(".//text[contains(@class, 'tl-label')]")) == 6
    assert len(svg.xpath(".//line[@class='tl-doc']")) == 2
    assert svg.xpath(".//rect[@class='tl-span']")  # the talks: a range of days


def test_the_chronology_shows_each_document_once_links_every_row_and_names_its_ticks(edition_site):
    """In the edition's chronology the cable is one row (the event that is the cable, marked as the document and
    linking to it), every row of the drawing links to its page, and each tick names its month."""
    page = Site(edition_site).page("chronology/index.html")
    on_the_day = page.xpath("//ol[@class='chronology']/li[time/@datetime='1953-07-03']")
    assert len(on_the_day) == 1 and "chrono-document" in on_the_day[0].get("class")
    assert on_the_day[0].xpath(".//a[@href='../documents/vaskov-1953-07-03/']")
    svg = page.xpath("//svg")[0]
    rows = svg.xpath("./*[local-name()='a']")
    assert len(rows) == len(page.xpath("//ol[@class='chronology']/li"))
    assert all(a.get("href").startswith("../events/") for a in rows)
    assert len(svg.xpath(".//*[local-name()='line'][@class='tl-doc']")) == 1
    ticks = [text(t) for t in svg.xpath(".//*[local-name()='text'][@class='tl-tick-label']")]
    assert "10 Jun" in ticks and "20 Jul" in ticks and not [t for t in ticks if t.isdigit() and len(t) < 4]


def test_dates_are_written_out_and_ranges_bounded():
    """ISO dates, months, years and ranges read as words, and cover the days they name."""
    assert format_date("1953-07-03") == "3 July 1953"
    assert format_date("1953-07") == "July 1953"
    assert format_date("1953-07-05/1953-07-06") == "5–6 July 1953"
    assert format_date("1950-06/1953-07") == "June 1950 – July 1953"
    assert bounds("1953-02") == (datetime.date(1953, 2, 1), datetime.date(1953, 2, 28))
    assert bounds("1953/1954-03") == (datetime.date(1953, 1, 1), datetime.date(1954, 3, 31))


def test_bibliography_entries_are_anchored_and_show_where_they_are_cited(site):
    """Each reference has the anchor `ref-<id>`, is formatted author-date, and links to what cites it."""
    page = site.page("bibliography/index.html")
    book = page.xpath("//li[@id='ref-fixture-book']")[0]
    assert text(book.xpath("./p")[0]) == "Fixture, Ann. 2001. A Fixture Book. Testville: Fixture Press."
    assert book.xpath("./p/i[.='A Fixture Book']")
    cited = book.xpath(".//p[@class='cited-by']/a/@href")
    assert cited == ["../documents/vaskov-1953-07-03/#n-fixture-visit",
                     "../documents/vaskov-1953-07-03/#n-fixture-signature"]
    article = text(page.xpath("//li[@id='ref-fixture-article']/p")[0])
    assert article.startswith("Sample, Sam and Eve Example. 1999. “A Fixture Article.” Journal of Fixtures 3, no. 2: 1-20.")
    assert "https://doi.org/10.0000/fixture" in article


def test_about_page_has_principles_sources_citation_licence_and_version(site):
    """The about page renders the editorial principles and says, from the data, how to cite and which version."""
    page = site.page("about/index.html")
    assert text(page.xpath("//h1")[0]) == "About this edition"
    principles = page.xpath("//section[contains(@class, 'principles')]")[0]
    assert text(principles.xpath("./h2")[0]) == "Editorial principles" and principles.xpath("./h3")
    assert principles.xpath(".//a[@href='../persons/rhee/']")
    body = text(page)
    assert "Printed from: AP RF. F. 3. Op. 65. D. 830. pp. 136-147. Original" in body
    assert "A. Fixture, B. Fixture, eds. Fixture Edition. Version 9.1, 3 February 2001. Fixture Press. " \
           "https://fixture.example/edition/." in body
    assert "This is version 9.1 of the edition’s content, of 3 February 2001." in body
    assert page.xpath("//a[@href='https://creativecommons.org/licenses/by/4.0/'][.='CC BY 4.0']")


def test_home_lists_documents_registers_and_how_to_cite(site):
    """The landing page introduces the edition, lists its documents and registers, and says how to cite it."""
    page = site.page("index.html")
    assert text(page.xpath("//h1")[0]) == "Fixture Edition"
    assert page.xpath("//ul[@class='cards']//a/@href") == ["documents/test-cable-1950-05-13/",
                                                            "documents/vaskov-1953-07-03/"]
    browse = {text(a): text(a.getnext()) for a in page.xpath("//section[@aria-labelledby='browse-title']//li/a")}
    assert browse["Persons"] == "3 entries" and browse["Chronology"] == "4 entries"


def test_search_and_not_found_pages(site):
    """The search page has its mount point and says that search needs JavaScript; a 404 page leads home."""
    search = site.page("search/index.html")
    assert search.xpath("//div[@id='search']")
    assert "needs JavaScript" in "".join(search.xpath("//noscript//text()")) or \
        "needs JavaScript" in (search.xpath("//noscript")[0].text or "")
    missing = site.page("404.html")
    assert missing.xpath("//main//a[@href='/edition/']")


def test_the_not_found_page_links_from_the_sites_root(site, tmp_path):
    """A host serves 404.html at any address, so its links, style, script and icon start from the site's root,
    which the edition's url gives; without a url they are relative, and work only at the top of the site."""
    missing = site.page("404.html")
    addresses = missing.xpath("//@href | //@src")
    assert addresses and all(a.startswith(("/edition/", "#")) for a in addresses), addresses
    project = copy_inputs(READING_ROOT, ("sources", "annotations", "docs"), tmp_path / "project")
    settings = project / "annotations" / "edition.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace("url: https://fixture.example/edition/\n", ""),
                        encoding="utf-8")
    build(Project(project), tmp_path / "site", jobs=1)
    assert Site(tmp_path / "site").page("404.html").xpath("//main//a[@href='./']")


def test_every_page_has_a_description_and_an_icon(site):
    """Every page describes itself for search engines' results and names the site's icon, which is published."""
    for path in site.html_paths():
        page = site.page(path)
        description = page.xpath("//head/meta[@name='description']/@content")
        assert len(description) == 1 and len(description[0]) > 30, path
        icon = page.xpath("//head/link[@rel='icon']/@href")[0]
        assert site.exists("assets/favicon.svg") and (path == "404.html" or site.resolve(path, icon).path ==
                                                      "assets/favicon.svg"), path


def test_navigation_marks_the_current_page(site):
    """The site navigation lists the registers that exist and marks where the reader is."""
    page = site.page("persons/rhee/index.html")
    nav = page.xpath("//header/nav//a")
    assert [text(a) for a in nav] == ["Documents", "Persons", "Organizations", "Places", "Terms", "Chronology",
                                      "Bibliography", "About", "Search"]
    assert [text(a) for a in nav if a.get("aria-current") == "page"] == ["Persons"]
