"""A synthetic corpus of N cables of the genre, for benchmarks and scale tests.

Every document is derived deterministically from the real cable
(`sources/vaskov-1953-07-03.txt`): its people, places, dates, numbers and
telegram numbers are varied and some paragraphs have their sentences reordered,
so the texts are ~15 KB each and all different. Each document gets about 30
editorial notes and about 40 register mentions; the registers grow with N so that
every entry is named somewhere.

`write_project(folder, n)` writes a project (sources, annotations, templates) the
generator builds; `write_hugo_site(folder, n)` writes the same texts as Markdown
pages with footnotes and taxonomies for Hugo, with a minimal theme.
"""

from __future__ import annotations

import copy
import datetime
import random
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SEED_ID = "vaskov-1953-07-03"

# The people of the real cable, in the order their roles are cast in each synthetic document.
ROLES = ("Syngman Rhee", "Clark", "Kim Il Sung", "Peng Dehuai", "Zhou Enlai", "Wu Xiuquan", "Harrison",
         "Chiang Kai-shek", "Vas'kov")
FAMILIES = ("Pak", "Choe", "Kang", "Ri", "Han", "Yun", "Jo", "Nam", "Ryu", "Sin", "Ho", "Mun", "Chon", "Paek",
            "Kwon", "Hyon", "Yang", "Tak", "Bae", "Ku")
SYLLABLES = ("hon", "yong", "chol", "su", "man", "gil", "bong", "il", "sok", "ho", "jun", "nam", "dok", "myong",
             "chan", "gwang", "sam", "taek", "u", "hyok", "min", "song", "bok", "gun", "rim", "sik", "yop", "jin",
             "hwan", "dae")
PLACE_STEMS = ("Anju", "Sinuiju", "Kaesong", "Wonsan", "Hamhung", "Chongjin", "Haeju", "Kanggye", "Sariwon",
               "Hyesan", "Kimchaek", "Tanchon", "Sunchon", "Kusong", "Nampo")
PLACE_KINDS = ("River", "Valley", "Ridge", "Bay", "Pass", "Heights", "Plain")
TYPES = ("telegram", "telegram", "telegram", "letter", "memorandum")
EVENT_VERBS = ("talks at", "exchange of prisoners near", "ceasefire proposal on", "meeting of delegations at",
               "inspection group visit to")
FILLER = ("The wording follows the copy received in Moscow.", "The draft was revised before it was sent.",
          "Compare the version printed in the collection of documents.",
          "The figure is given differently in the Chinese record.",
          "This was reported to the Presidium the same week.", "Other copies of the cable omit these words.")


@dataclass(frozen=True)
class Registers:
    """The synthetic registers of a corpus of `n` documents: ids and names, sized with n."""

    n: int

    @property
    def persons(self) -> int:
        return len(ROLES) + self.n // 2

    @property
    def places(self) -> int:
        return 2 + self.n // 5

    @property
    def events(self) -> int:
        return 3 + self.n // 10

    def person(self, k: int) -> tuple[str, str]:
        """Return (id, name) of person k: a family name and a two-syllable given name, all distinct."""
        family = FAMILIES[k % len(FAMILIES)]
        rest = k // len(FAMILIES)
        first, second = SYLLABLES[rest % len(SYLLABLES)], SYLLABLES[(rest // len(SYLLABLES)) % len(SYLLABLES)]
        given = f"{first.capitalize()}-{second}"
        return f"p{k:05d}", f"{family} {given}"

    def place(self, k: int) -> tuple[str, str]:
        stem = PLACE_STEMS[k % len(PLACE_STEMS)]
        kind = PLACE_KINDS[(k // len(PLACE_STEMS)) % len(PLACE_KINDS)]
        number = k // (len(PLACE_STEMS) * len(PLACE_KINDS))
        return f"l{k:05d}", f"{stem} {kind}" + (f" {number + 1}" if number else "")

    def event(self, k: int) -> tuple[str, str, str]:
        day = datetime.date(1950, 6, 25) + datetime.timedelta(days=(k * 7) % 1130)
        _, place = self.place(k % self.places)
        return f"e{k:05d}", f"{EVENT_VERBS[k % len(EVENT_VERBS)].capitalize()} {place}", day.isoformat()

    def cast(self, i: int) -> list[int]:
        """Return the persons cast in document i, one per role; every person is cast somewhere."""
        return [(i * len(ROLES) + r) % self.persons for r in range(len(ROLES))]


@dataclass(frozen=True)
class Synthetic:
    """One synthetic document: its id, text, metadata, notes, and the entries it names."""

    id: str
    text: str
    meta: dict
    notes: list
    persons: list
    places: list


def _seed() -> tuple[str, dict]:
    text = (ROOT / "sources" / f"{SEED_ID}.txt").read_text(encoding="utf-8")
    meta = yaml.safe_load((ROOT / "sources" / f"{SEED_ID}.yaml").read_text(encoding="utf-8"))
    return text, meta


def document_id(i: int) -> str:
    return f"cable-{i:05d}"


def make_document(i: int, n: int, seed: tuple[str, dict] | None = None) -> Synthetic:
    """Return synthetic document i of a corpus of n, the same on every run."""
    text, meta = seed or _seed()
    rng = random.Random(f"edition-benchmark-{i}")
    registers = Registers(n)
    cast = registers.cast(i)
    names = [registers.person(k)[1] for k in cast]
    place_ids = [i % registers.places, (i + 1) % registers.places]
    places = [registers.place(k)[1] for k in place_ids]
    date = datetime.date(1950, 1, 1) + datetime.timedelta(days=(i * 211) % 1460)
    long_date = f"{date.day} {date.strftime('%B')} {date.year}"
    first, time = 1000 + (i * 13) % 8000, f"{rng.randrange(24):02d}{rng.randrange(60):02d}"
    while time in text or time == "0330":
        time = f"{rng.randrange(24):02d}{rng.randrange(60):02d}"
    numbers = f"{first}-{first + rng.randrange(3, 12)}"
    # The time of receipt must occur once, for its footnote to anchor there.
    while time in numbers or time in long_date or time in text or time == "0330":
        time = f"{rng.randrange(24):02d}{rng.randrange(60):02d}"
    counter = iter(range(10 ** 6))

    def vary(value: str) -> str:
        value = value.replace("2340", time)  # first: the telegram numbers may hold 2340
        value = value.replace("1211-1220", numbers).replace("3 July 1953", long_date)
        value = value.replace("N° 1211", f"N° {first}")
        value = value.replace("27,000", f"{rng.randrange(5, 40)},{rng.randrange(10) * 100:03d}")
        value = value.replace("Yalu River", places[0]).replace("Peking", places[1])
        for role, name in zip(ROLES[1:], names[1:]):
            value = value.replace(role, name)
        # The leading role is named in full one time in three, otherwise by office (not a register alias).
        return re.sub("Syngman Rhee", lambda m: names[0] if next(counter) % 3 == 0 else "the President", value)

    doc_meta = _metadata(meta, vary, i, date, names, time)
    body = _reorder_sentences(vary(text), rng, _declared_starts(doc_meta))
    doc = Synthetic(document_id(i), body, doc_meta, [], cast, place_ids)
    return Synthetic(doc.id, body, doc_meta, _notes(doc, rng, registers), cast, place_ids)


def _declared_starts(meta: dict) -> list[str]:
    starts = []

    def walk(sections):
        for section in sections:
            starts.append(section["start"])
            starts.extend(b["start"] for b in section.get("blocks", ()))
            starts.extend(b["end"] for b in section.get("blocks", ()) if "end" in b)
            walk(section.get("sections", ()))

    walk(meta["structure"])
    return starts


def _reorder_sentences(text: str, rng: random.Random, declared: list[str]) -> str:
    """Shuffle the sentences of some plain paragraphs (never a declared start, list item or apparatus)."""
    paragraphs = text.split("\n\n")
    for k, paragraph in enumerate(paragraphs):
        plain = paragraph.strip()
        if (not plain or re.match(r"^(\d+\.|-|\*|N°|Printed)", plain) or '"' in plain[:2]
                or any(plain.startswith(s[:12]) for s in declared) or rng.random() < 0.4):
            continue
        sentences = re.split(r"(?<=[a-z]\.) (?=[A-Z])", plain)
        if len(sentences) > 2:
            head, rest = sentences[0], sentences[1:]
            rng.shuffle(rest)
            paragraphs[k] = paragraph.replace(plain, " ".join([head] + rest))
    return "\n\n".join(paragraphs)


def _metadata(meta: dict, vary, i: int, date: datetime.date, names, time) -> dict:
    out = copy.deepcopy(meta)
    out["title"] = f"Telegram N° {i + 1} from {names[8]} to Moscow on the armistice talks ({date.isoformat()})"
    out["summary"] = (f"The embassy transmits a note on the state of the armistice talks and the draft reply of "
                      f"{names[2]} and {names[3]} to {names[1]}, with {names[5]}'s oral report.")
    out["type"] = TYPES[i % len(TYPES)]
    out["date"] = date.isoformat()
    out["received"] = f"{time[:2]}:{time[2:]}"
    out["telegram_numbers"] = vary("1211-1220")
    out["sender"] = {"name": names[8], "role": "Soviet chargé d'affaires in the PRC", "place": "Beijing"}
    out["archive"]["delo"] = str(800 + i % 400)

    def walk(sections):
        for section in sections:
            for key in ("start", "head", "title"):
                if key in section:
                    section[key] = vary(section[key])
            for block in section.get("blocks", ()):
                block["start"] = vary(block["start"])
                if "end" in block:
                    block["end"] = vary(block["end"])
            walk(section.get("sections", ()))

    walk(out["structure"])
    for footnote in out.get("footnotes", ()):
        if isinstance(footnote.get("attach"), dict):
            footnote["attach"]["quote"] = vary(footnote["attach"]["quote"])
    return out


_WORD = re.compile(r"[A-Za-z][a-z]+")


def _notes(doc: Synthetic, rng: random.Random, registers: Registers, count: int = 30) -> list[dict]:
    """About 30 notes on distinct, unique quotes of the document's body paragraphs."""
    paragraphs = [p for p in doc.text.split("\n\n")[2:] if len(p) > 200 and not p.startswith(("*", "Printed"))]
    notes, used = [], set()
    attempts = 0
    while len(notes) < count and attempts < count * 50:
        attempts += 1
        paragraph = rng.choice(paragraphs)
        words = list(_WORD.finditer(paragraph))
        if len(words) < 6:
            continue
        k, size = rng.randrange(len(words) - 4), rng.randrange(2, 5)
        start, end = words[k].start(), words[k + size - 1].end()
        quote = paragraph[start:end]
        if not re.fullmatch(r"[A-Za-z ]+", quote) or quote in used:
            continue
        if len(re.findall(r"\s+".join(map(re.escape, quote.split())), doc.text)) != 1:
            continue
        used.add(quote)
        number = len(notes) + 1
        person_id, person = registers.person(rng.choice(doc.persons))
        event_id, event, _ = registers.event(rng.randrange(registers.events))
        body = (f"On [{person}](person:{person_id}) and the [{event.lower()}](event:{event_id}), "
                f"see [@ref{rng.randrange(20):02d}, {rng.randrange(1, 400)}]. {rng.choice(FILLER)}")
        if number > 1 and rng.random() < 0.2:
            body += f" Compare [the note above](note:{doc.id}-n{number - 1:02d})."
        if rng.random() < 0.3:
            body += "\n\nThe *Russian* text has a different word order here."
        notes.append({"id": f"{doc.id}-n{number:02d}", "quote": quote, "body": body})
    return notes


def _registers_yaml(n: int) -> dict[str, dict]:
    registers = Registers(n)
    persons = []
    for k in range(registers.persons):
        ident, name = registers.person(k)
        persons.append({"id": ident, "name": name, "aliases": [name],
                        "description": f"An official named in the cables; see [@ref{k % 20:02d}]."})
    places = [{"id": ident, "name": name, "aliases": [name], "description": "A place named in the cables."}
              for ident, name in map(registers.place, range(registers.places))]
    events = [{"id": ident, "name": name, "date": date, "description": f"Recorded in the cables of {date[:4]}."}
              for ident, name, date in map(registers.event, range(registers.events))]
    organizations = [{"id": "red-cross", "name": "International Committee of the Red Cross",
                      "aliases": ["Red Cross"], "description": "Named in the articles on prisoners of war."}]
    terms = [{"id": "puppet-troops", "name": "puppet troops", "aliases": ["puppet troops"],
              "description": "The communist term for the army of the Republic of Korea."}]
    references = [{"id": f"ref{k:02d}", "type": "book", "title": f"Documents on the Korean War, volume {k + 1}",
                   "author": [{"family": FAMILIES[k], "given": "Il"}], "issued": {"date-parts": [[1960 + k]]},
                   "publisher": "Archive Press"} for k in range(20)]
    return {"persons": {"persons": persons}, "places": {"places": places}, "events": {"events": events},
            "organizations": {"organizations": organizations}, "terms": {"terms": terms},
            "bibliography": {"references": references}}


def _dump(path: Path, data) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=110), encoding="utf-8")


def documents(n: int):
    """Yield the n synthetic documents in order."""
    seed = _seed()
    for i in range(n):
        yield make_document(i, n, seed)


def write_project(folder: Path, n: int) -> Path:
    """Write a project of n synthetic documents (sources, annotations, templates) into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    for doc in documents(n):
        (folder / "sources").mkdir(exist_ok=True)
        (folder / "sources" / f"{doc.id}.txt").write_text(doc.text, encoding="utf-8")
        _dump(folder / "sources" / f"{doc.id}.yaml", doc.meta)
        _dump(folder / "annotations" / "notes" / f"{doc.id}.yaml", {"notes": doc.notes})
    for name, data in _registers_yaml(n).items():
        _dump(folder / "annotations" / f"{name}.yaml", data)
    shutil.copytree(ROOT / "templates", folder / "templates", dirs_exist_ok=True)
    return folder


# --- The same texts for Hugo -------------------------------------------------------------------

HUGO_LAYOUTS = {
    "_default/baseof.html": """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{ .Title }}</title></head>
<body><header><a href="{{ "/" | relURL }}">Korean Armistice Documents</a></header>
<main>{{ block "main" . }}{{ end }}</main></body></html>
""",
    "_default/single.html": """{{ define "main" }}<article><h1>{{ .Title }}</h1>
<dl><dt>Date</dt><dd>{{ .Date.Format "2006-01-02" }}</dd><dt>From</dt><dd>{{ .Params.sender }}</dd>
<dt>To</dt><dd>{{ .Params.recipient }}</dd></dl><p>{{ .Summary }}</p>
{{ .Content }}
{{ range $taxonomy, $_ := site.Taxonomies }}{{ with $.GetTerms $taxonomy }}<h2>{{ $taxonomy }}</h2><ul>
{{ range . }}<li><a href="{{ .RelPermalink }}">{{ .LinkTitle }}</a></li>{{ end }}</ul>{{ end }}{{ end }}
</article>{{ end }}
""",
    "_default/list.html": """{{ define "main" }}<h1>{{ .Title }}</h1>{{ .Content }}
<ul>{{ range .Pages.ByDate }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<p>{{ .Date.Format "2006-01-02" }} · {{ .Params.sender }} to {{ .Params.recipient }}</p>
<p>{{ .Params.summary }}</p></li>{{ end }}</ul>{{ end }}
""",
    "_default/terms.html": """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a>
({{ .Count }})</li>{{ end }}</ul>{{ end }}
""",
    "index.html": """{{ define "main" }}<h1>Korean Armistice Documents</h1>
<ul>{{ range (where site.RegularPages "Section" "documents").ByDate }}<li><a href="{{ .RelPermalink }}">{{ .Title }}</a>
<p>{{ .Date.Format "2006-01-02" }} · {{ .Params.sender }} to {{ .Params.recipient }}</p>
<p>{{ .Params.summary }}</p></li>{{ end }}</ul>{{ end }}
""",
}
HUGO_CONFIG = """baseURL = "https://example.org/"
title = "Korean Armistice Documents"
disableKinds = ["RSS", "sitemap", "robotsTXT", "404"]
[taxonomies]
person = "persons"
place = "places"
organization = "organizations"
term = "terms"
[markup.goldmark.renderer]
unsafe = false
"""


def _markdown(doc: Synthetic, registers: Registers) -> str:
    """The document as Markdown: mentions as links, notes as footnotes after their quotes."""
    people = {registers.person(k)[1]: registers.person(k)[0] for k in doc.persons}
    places = {registers.place(k)[1]: registers.place(k)[0] for k in doc.places}
    links = [(name, f"/persons/{ident}/") for name, ident in people.items()]
    links += [(name, f"/places/{ident}/") for name, ident in places.items()]
    links += [("Red Cross", "/organizations/red-cross/"), ("puppet troops", "/terms/puppet-troops/")]
    text = doc.text
    for k, note in enumerate(doc.notes, 1):
        text = text.replace(note["quote"], f"{note['quote']}[^{k}]", 1)
    pattern = re.compile(r"(?<!\w)(" + "|".join(re.escape(name) for name, _ in links) + r")(?!\w)")
    targets = dict(links)
    text = pattern.sub(lambda m: f"[{m.group(1)}]({targets[m.group(1)]})", text)
    notes = "\n\n".join(f"[^{k}]: {_hugo_note(note['body'])}" for k, note in enumerate(doc.notes, 1))
    return f"{text}\n\n{notes}\n"


def _hugo_note(body: str) -> str:
    body = re.sub(r"\((person|event|note):([^)]+)\)", lambda m: f"(/{m.group(1)}s/{m.group(2)}/)", body)
    body = re.sub(r"\[@(ref\d+), (\d+)\]", r"[\1](/bibliography/#\1), p. \2", body)
    return body.replace("\n\n", "\n\n    ")


def write_hugo_site(folder: Path, n: int) -> Path:
    """Write the same n documents as a Hugo site: Markdown with footnotes, registers as taxonomies."""
    registers = Registers(n)
    (folder / "content" / "documents").mkdir(parents=True, exist_ok=True)
    (folder / "hugo.toml").write_text(HUGO_CONFIG, encoding="utf-8")
    for path, layout in HUGO_LAYOUTS.items():
        (folder / "layouts" / path).parent.mkdir(parents=True, exist_ok=True)
        (folder / "layouts" / path).write_text(layout, encoding="utf-8")
    for doc in documents(n):
        front = {"title": doc.meta["title"], "date": doc.meta["date"], "summary": doc.meta["summary"],
                 "doctype": doc.meta["type"], "sender": doc.meta["sender"]["name"],
                 "recipient": doc.meta["recipient"]["name"],
                 "persons": [registers.person(k)[0] for k in doc.persons],
                 "places": [registers.place(k)[0] for k in doc.places],
                 "organizations": ["red-cross"], "terms": ["puppet-troops"]}
        page = "---\n" + yaml.safe_dump(front, allow_unicode=True, sort_keys=False) + "---\n\n" + _markdown(doc, registers)
        (folder / "content" / "documents" / f"{doc.id}.md").write_text(page, encoding="utf-8")
    for k in range(registers.persons):
        ident, name = registers.person(k)
        page = folder / "content" / "persons" / ident / "_index.md"
        page.parent.mkdir(parents=True, exist_ok=True)
        page.write_text(f"---\ntitle: \"{name}\"\n---\n\nAn official named in the cables.\n", encoding="utf-8")
    return folder
