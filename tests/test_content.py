"""The editorial content of the cable: every name linked, every note sourced, enough to trust."""

from __future__ import annotations

import re

import pytest

from conftest import ROOT
from edition.model import document_blocks
from edition.pipeline import Project, load_corpus
from edition.quotes import find_quote
from sitereader import Site, text

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
    """At least 12 works, each with a year (or, for an undated online entry, "n.d." and the day it was
    consulted) and a publisher, a container or a stable address."""
    assert len(corpus.references) >= 12
    for reference in corpus.references:
        csl = reference.csl
        if "date-parts" in csl["issued"]:
            assert csl["issued"]["date-parts"][0][0], reference.id
        else:
            assert csl["issued"] == {"literal": "n.d."} and csl["accessed"]["date-parts"][0][0], reference.id
            assert csl.get("URL"), reference.id
        assert csl.get("publisher") or csl.get("container-title") or csl.get("URL"), reference.id


# --- The corrected facts, as a reader finds them on the built site ---------------------------------


@pytest.fixture(scope="module")
def site(edition_site):
    return Site(edition_site)


def _main(site, path: str) -> str:
    """The text of a page's main content, white space collapsed."""
    return text(site.page(path).xpath("//main")[0])


def _note(site, note_id: str) -> str:
    """The text of one editorial note as printed under the document."""
    return text(site.page(f"documents/{DOC}/index.html").xpath("//li[@id=$id]", id=f"n-{note_id}")[0])


def _chronology(site) -> list[tuple[str, str]]:
    """The chronology as (event id, ISO date) pairs in the order of the page."""
    rows = site.page("chronology/index.html").xpath("//li[starts-with(@id, 'event-')]")
    return [(row.get("id").removeprefix("event-"), row.xpath(".//time/@datetime")[0]) for row in rows]


def test_chronology_dates_malenkovs_appointment_to_the_day_after_stalins_death_is_listed(site):
    """Malenkov's appointment has its day, 5 March 1953, not "March 1953" before Stalin's death; the
    entry distinguishes the decision (5 March, 20:00-20:40), the announcement (6th) and the
    Supreme Soviet's confirmation (15th), and puts Stalin's death at 21:50."""
    order = _chronology(site)
    dates = dict(order)
    ids = [event for event, _ in order]
    assert dates["stalin-death"] == dates["malenkov-premier"] == "1953-03-05"
    assert ids.index("stalin-death") < ids.index("malenkov-premier")
    page = _main(site, "events/malenkov-premier/index.html")
    for fact in ("20:00 to 20:40", "21:50", "6 March", "15 March"):
        assert fact in page, fact
    assert "21:50" in _main(site, "events/stalin-death/index.html")
    everything = _main(site, "persons/malenkov/index.html") + _note(site, "signature-vaskov")
    assert "two days after" not in everything


def test_malenkov_died_on_14_january_1988(site):
    """Malenkov's death date is the day of his death, not the date the foreign ministry announced it."""
    page = _main(site, "persons/malenkov/index.html")
    assert "January 1902 – 14 January 1988" in page
    assert "a few days earlier" not in page


def test_zhou_enlai_was_premier_and_foreign_minister_and_wu_his_deputy(site):
    """In July 1953 Zhou Enlai held both offices, which his entry and the note on the missing comma say."""
    entry = _main(site, "persons/zhou-enlai/index.html")
    assert "Premier" in entry and "concurrently, its Minister of Foreign Affairs" in entry
    assert "Soviet records of 1950 call him" not in entry
    note = _note(site, "zhou-wu-punctuation")
    assert "both Premier and Minister of Foreign Affairs" in note
    assert "Zhou's deputy" in note


def test_no_note_or_event_cites_doc_899_for_the_august_1953_statement(site):
    """Doc. 899 is a telegram of June 1954: the signing and initialling of 8 August 1953 rest on doc. 741,
    and wherever doc. 899 is still cited the text says it is the June 1954 quotation."""
    document = site.page(f"documents/{DOC}/index.html")
    places = [text(li) for li in document.xpath("//li[starts-with(@id, 'n-')]")]
    places += [_main(site, f"{kind}/{page}") for kind in ("events", "persons", "organizations", "places", "terms")
               for page in sorted(p.relative_to(site.root / kind).as_posix()
                                  for p in (site.root / kind).glob("*/index.html"))]
    citing = [p for p in places if "doc. 899" in p]
    assert citing, "the June 1954 telegram is no longer quoted at all"
    for place in citing:
        assert "June 1954" in place and "doc. 741" in place, place[:200]
    treaty = _main(site, "events/defense-treaty-initialed/index.html")
    assert "doc. 741" in treaty and "doc. 742" in treaty


def test_the_reply_to_clark_was_sent_on_8_july_and_the_talks_resumed_on_10_july(site):
    """The notes on the proposed date no longer say the delivery is unknown; the chronology has it."""
    assert dict(_chronology(site))["reply-delivered"] == "1953-07-08"
    assert dict(_chronology(site))["talks-resume-10-july"] == "1953-07-10"
    note = _note(site, "reply-on-5-july")
    assert "8 July" in note and "10 July" in note
    assert "not been established" not in note
    assert "8 July" in _note(site, "dateline-5-july")


def test_robertsons_mission_ran_from_25_june_to_11_july(site):
    """Robertson's mission is not the two days of aides-mémoire at the end of June."""
    row = site.page("chronology/index.html").xpath("//li[@id='event-robertson-mission']//time")[0]
    assert row.get("datetime") == "1953-06-25"
    assert "11 July 1953" in text(row)
    entry = _main(site, "persons/robertson/index.html")
    assert "25 June – 11 July 1953" in entry and "22 June" in entry


def test_vaskov_signed_as_charge_standing_in_for_ambassador_kuznetsov(site):
    """The embassy had an ambassador, Kuznetsov, accredited on 3 April 1953; Vas'kov stood in for him."""
    entry = _main(site, "persons/vaskov/index.html")
    assert "standing in for the ambassador" in entry and "Kuznetsov" in entry
    note = _note(site, "soviet-embassy")
    assert "Kuznetsov" in note and "3 April 1953" in note
    assert "in the absence of an ambassador" not in note
    assert "3 April 1953" in _main(site, "persons/kuznetsov/index.html")


def test_limited_defensive_aid_is_read_as_military_support(site):
    """Wu's 'limited defensive aid' is glossed with the treaty and the military build-up; the $200 million
    is named as economic aid, a separate matter."""
    note = _note(site, "limited-defensive-aid")
    assert "military" in note and "mutual defence treaty" in note
    assert "Economic aid was a separate matter" in note


def test_who_built_the_signing_hall_rests_on_its_own_source(site):
    """FRUS says only 'especially constructed'; the builder is given from the cable and from Time."""
    note = _note(site, "premises-signed")
    assert "says only" in note
    assert "erected by the Reds" in note and "Time" in note


def test_big_switch_and_the_custody_of_non_repatriates_are_two_phases(site):
    """Big Switch ends on 6 September 1953; the release of the non-repatriates is 23 January 1954."""
    chronology = site.page("chronology/index.html")
    switch = chronology.xpath("//li[@id='event-big-switch']//time")[0]
    assert switch.get("datetime") == "1953-08-05" and "6 September 1953" in text(switch)
    assert dict(_chronology(site))["non-repatriates-released"] == "1954-01-23"


def test_the_signing_names_who_signed_where_and_when(site):
    """Harrison and Nam Il at Panmunjom, Clark at Munsan-ni, Kim in Pyongyang, Peng on 28 July."""
    page = _main(site, "events/armistice-signed/index.html")
    for fact in ("Harrison", "Nam Il", "10:12", "Munsan-ni", "Pyongyang", "22:00", "28 July"):
        assert fact in page, fact
    assert dict(_chronology(site))["peng-signs-armistice"] == "1953-07-28"


def test_romanisation_follows_the_stated_rule(site):
    """Editorial text writes Beijing ('Peking' only inside quotation marks); Wade-Giles is P'eng Te-huai."""
    quotes = "\"“‘'"
    document = site.page(f"documents/{DOC}/index.html")
    bodies = [" ".join(p.text_content().split()) for li in document.xpath("//li[starts-with(@id, 'n-')]")
              for p in li.xpath("./p[not(@class='note-head')]")]
    bodies += [text(site.page(f"{kind}/{p.parent.name}/index.html").xpath("//div[@class='description']")[0])
               for kind in ("persons", "organizations", "places", "events", "terms")
               for p in (site.root / kind).glob("*/index.html")]
    for body in bodies:
        for found in re.finditer("Peking", body):
            assert body[found.start() - 1] in quotes, body[max(0, found.start() - 80):found.end()]
    peng = _main(site, "persons/peng-dehuai/index.html")
    assert "P'eng Te-huai is the Wade–Giles form" in peng
    assert "Beijing" in _main(site, "about/index.html") and "Peking" in _main(site, "about/index.html")


def test_choe_yong_kum_is_glossed_as_a_probable_identification(site):
    """The FRUS spelling is explained, and the identification marked as not verified."""
    note = _note(site, "marshal-kim-signing")
    assert "Ch'oe Yong-gŏn" in note and "not been verified" in note


def test_bibliography_gives_the_corrected_details(site):
    """The journal's name in 1975, the Bulletin's issue, the dictionary's volumes, the Wilson Center's
    addresses, and the issuing body as author of the Soviet decisions."""
    bibliography = site.page("bibliography/index.html")

    def entry(ref):
        return text(bibliography.xpath("//*[@id=$id]", id=f"ref-{ref}")[0])

    assert "Free China Review" in entry("freechinareview1975")
    assert "Winter 1995/1996" in entry("weathersby1995") and "Introduction and Translations" in entry("weathersby1995")
    assert "vol. 3 (1970)" in entry("boorman1967")
    for ref in ("vaskov1953", "molotov1953", "stalin1952feb3", "rhee1953june6", "kuznetsov1953jul29"):
        assert "digitalarchive.wilsoncenter.org/document/" in entry(ref), ref
    assert entry("cpsucc1953july4").startswith("Central Committee of the Communist Party")
    assert entry("cpsucc1953july24").startswith("Presidium of the Central Committee")
    assert "Columbia Electronic Encyclopedia" not in _main(site, "bibliography/index.html")


def test_provenance_and_brackets_are_stated_on_the_about_page(site):
    """The chain of custody, the Wilson Center's own citation, the Russian text used, and the layers."""
    about = _main(site, "about/index.html")
    assert ('"Telegram of the Soviet Chargé to the PRC to the Chairman of the USSR Council of Ministers," July 03, '
            "1953, History and Public Policy Program Digital Archive, AP RF. F. 3. Op. 65. D. 830. pp. 136-147. "
            "Translated for NKIDP by Gary Goldberg.") in about
    for point in ("Nº 336", "Printed from", "Torkunov", "Square brackets", "compiler", "Wade–Giles"):
        assert point in about, point
    for note in ("our-letter-12-june", "remaining-non-repatriates"):
        assert "Torkunov" in _note(site, note), note


def test_every_register_entry_and_note_on_the_site_shows_its_source(site):
    """Each register page lists its sources, and each note under the document cites at least one work."""
    for kind in ("persons", "organizations", "places", "events", "terms"):
        for page in (site.root / kind).glob("*/index.html"):
            rows = site.page(page.relative_to(site.root).as_posix()).xpath("//dt[.='Sources']/following-sibling::dd//a")
            assert rows, page
    document = site.page(f"documents/{DOC}/index.html")
    uncited = [li.get("id") for li in document.xpath("//li[starts-with(@id, 'n-')]") if not li.xpath(".//a[contains(@href, 'bibliography/#ref-')]")]
    assert uncited == []
