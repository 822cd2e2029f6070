"""Property tests of whole builds: random cables of the genre with random valid annotations build into
well-formed pages that keep every character; random damage to valid YAML never crashes the build.

Each test builds its examples in one project folder, whose inputs are replaced or damaged and mended
from one example to the next: what stays the same (the templates, compiled once into the project's
build cache) is made once, as it is for an editor who builds again and again."""

from __future__ import annotations

import contextlib
import io
import re
import tempfile
from pathlib import Path

import html5lib
import pytest
import yaml
from hypothesis import HealthCheck, assume, given, settings, strategies as st
from lxml import etree

from edition import cli
from edition.pipeline import Project, build
from edition.quotes import find_quote
from projects import make_project

ONE_FOLDER = [HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
"""The examples of a test share its project folder on purpose (see the module's docstring)."""
BOUNDED = settings(max_examples=30, deadline=None, suppress_health_check=ONE_FOLDER)

WORDS = ("armistice talks delegation prisoners government reply letter front line agreement negotiations "
         "commission question side war troops aid conference meeting proposal pressure position opinion "
         "guarantee zone demarcation repatriation").split()
NAMES = ("Zhou Enlai", "Peng Dehuai", "Kim Il Sung", "Syngman Rhee", "Clark", "Wu Xiuquan", "Malenkov", "Jiménez")
STARTS = ("At 0330 on the day", "We cite the complete text", '"To the Commander-in-Chief', "After delivering this",
          "In conclusion the embassy")
"""The opening words of each section: no other paragraph can start with them."""
MONTHS = {"January": 1, "March": 3, "June": 6, "July": 7, "October": 10, "December": 12}
BLOCK_TAGS = {"p", "div", "section", "article", "ul", "ol", "li", "table", "h1", "h2", "h3", "h4", "h5", "h6",
              "blockquote", "pre", "dl", "header", "footer", "nav", "aside", "form", "hr", "main", "figure"}


@st.composite
def phrases(draw) -> str:
    """A run of the genre's prose: words, names, supplied words, translator's notes, emphasis, numbers."""
    pieces = []
    for _ in range(draw(st.integers(3, 14))):
        kind = draw(st.sampled_from(["word"] * 6 + ["name", "supplied", "note", "emphasis", "number", "quote"]))
        word = draw(st.sampled_from(WORDS))
        pieces.append({"word": word, "name": draw(st.sampled_from(NAMES)), "supplied": f"[{word}]",
                       "note": f"[Translator's note: the {word} is faded]", "emphasis": f"*{word}*",
                       "number": f"{draw(st.integers(1, 30000)):,}", "quote": f"“{word}’s”"}[kind])
    return " ".join(pieces)


@st.composite
def sentences(draw) -> str:
    first = draw(st.sampled_from(WORDS)).capitalize()
    return f"{first} {draw(phrases())}."


@st.composite
def section(draw, index: int) -> list[str]:
    """The paragraphs of one section: its opening, prose, and perhaps numbered and dashed lists."""
    paragraphs = [f"{STARTS[index]} {draw(phrases())}."]
    for _ in range(draw(st.integers(0, 3))):
        shape = draw(st.sampled_from(["prose", "prose", "numbered", "dashed"]))
        if shape == "prose":
            paragraphs.append(" ".join(draw(st.lists(sentences(), min_size=1, max_size=3))))
        elif shape == "numbered":
            paragraphs += [f"{n}. {draw(sentences())}" for n in range(1, draw(st.integers(2, 3)) + 1)]
        else:
            paragraphs.append("\n".join(f"- {n}). {draw(sentences())}" for n in range(1, draw(st.integers(2, 4)) + 1)))
    return paragraphs


@st.composite
def cables(draw) -> tuple[str, dict]:
    """Return a transcription of the genre and its metadata."""
    day, month, year = draw(st.integers(1, 28)), draw(st.sampled_from(sorted(MONTHS))), draw(st.integers(1945, 1960))
    count = draw(st.integers(1, len(STARTS) - 1))
    parts = [draw(section(i)) for i in range(count)]
    signer = draw(st.sampled_from(NAMES))
    closing = f"{day} {month} {year} {signer}"
    footnotes = draw(st.lists(st.sampled_from(["*", "**"]), unique=True))
    lines = [f"N° {draw(st.integers(100, 999))}-{draw(st.integers(1000, 1999))} {day} {month} {year} 2340"]
    for paragraphs in parts:
        lines += paragraphs
    lines += [closing, "Printed from: AP RF. F. 3. Op. 65. D. 830. pp. 136-147. Original"]
    lines += [f"{marker} There is a stamp on the document." for marker in sorted(footnotes)]
    text = "\n\n".join(lines) + "\n"
    structure = [{"id": f"part-{i}", "kind": "part", "title": f"Part {i + 1}", "start": STARTS[i]} for i in range(count)]
    structure.append({"id": "closing", "kind": "closing", "title": "Dateline and signature", "start": closing,
                      "blocks": [{"role": "closer", "start": closing}]})
    meta = {"title": f"Telegram of {day} {month} {year}", "summary": draw(phrases()), "type": "telegram",
            "date": f"{year}-{MONTHS[month]:02d}-{day:02d}",
            "sender": {"name": signer, "place": "Beijing"}, "recipient": {"name": "Malenkov", "place": "Moscow"},
            "archive": {"repository": "Archive of the President of the Russian Federation", "abbreviation": "AP RF"},
            "language": {"original": "ru", "translation": "en"}, "structure": structure,
            "footnotes": [{"marker": m, "attach": "document"} for m in sorted(footnotes)]}
    return text, meta


@st.composite
def annotated_cables(draw) -> tuple[str, dict, dict]:
    """Return a cable, its metadata, and a valid annotation set for it (file name → YAML data)."""
    text, meta = draw(cables())
    words = re.findall(r"[A-Za-zé]+(?: [A-Za-zé]+)?", text)
    unique = sorted({w for w in words if len(find_quote(text, w)) == 1})
    quotes = draw(st.lists(st.sampled_from(unique), unique=True, max_size=5)) if unique else []
    names = sorted({n for n in NAMES if find_quote(text, n)})
    persons = [{"id": f"person-{i}", "name": n, "aliases": [n], "description": f"Named in the cable as *{n}*."}
               for i, n in enumerate(names)]
    notes = []
    for i, quote in enumerate(quotes):
        body = draw(st.sampled_from(["A plain note.", "See [@source, 12] and *emphasis*.",
                                     "- a list\n- of two\n\n> and a quotation", "Linked: [{q}](https://example.org/)"]))
        if persons and draw(st.booleans()):
            body += f" Compare [{persons[0]['name']}](person:{persons[0]['id']})."
        if i and draw(st.booleans()):
            body += f" See also [the note before](note:note-{i - 1})."
        notes.append({"id": f"note-{i}", "quote": quote, "body": body.replace("{q}", quote)})
    annotations = {"bibliography.yaml": {"references": [{"id": "source", "type": "book", "title": "A source",
                                                         "author": [{"family": "Hermes", "given": "W."}],
                                                         "issued": {"date-parts": [[1966]]}}]},
                   "events.yaml": {"events": [{"id": "armistice", "name": "Armistice", "date": "1953-07-27"}]}}
    if persons:
        annotations["persons.yaml"] = {"persons": persons}
    annotations["notes/cable-1953-07-03.yaml"] = {"notes": notes} if notes else None
    return text, meta, {k: v for k, v in annotations.items() if v is not None}


def build_quietly(root: Path, out: Path) -> tuple[int, str]:
    """Build in-process; return the exit status and everything printed."""
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed), contextlib.redirect_stderr(printed):
        status = cli.main(["build", "--root", str(root), "--out", str(out), "--jobs", "1"])
    return status, printed.getvalue()


def write_inputs(root: Path, text: str, meta: dict, annotations: dict) -> Path:
    """Replace the sources and annotations of the project at `root` with a cable, its metadata and annotations."""
    for path in (root / "sources").iterdir():
        path.unlink()
    for path in (root / "annotations").rglob("*.yaml"):
        path.unlink()
    (root / "sources" / "cable-1953-07-03.txt").write_text(text, encoding="utf-8")
    (root / "sources" / "cable-1953-07-03.yaml").write_text(yaml.safe_dump(meta, allow_unicode=True), encoding="utf-8")
    for name, data in annotations.items():
        (root / "annotations" / name).write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return root


@pytest.fixture
def workbench(tmp_path) -> Path:
    """The project folder a test builds its examples in: at first the catalogue's base project."""
    return make_project(tmp_path / "project")




@BOUNDED
@given(cable=annotated_cables())
def test_random_cables_build_keep_their_text_and_give_well_formed_pages(workbench, cable):
    """A random cable of the genre with random valid notes and registers builds; its text export equals
    the transcription up to white space; every page is well-formed HTML whose text containers hold
    only inline markup; its TEI is well-formed XML. (The search index, not looked at, is left out.)"""
    text, meta, annotations = cable
    with tempfile.TemporaryDirectory() as folder:
        root = write_inputs(workbench, text, meta, annotations)
        out = Path(folder) / "site"
        build(Project(root), out, jobs=1, with_search=False)  # bad input would raise, with its diagnostics
        export = (out / "documents" / "cable-1953-07-03" / "cable-1953-07-03.txt").read_text(encoding="utf-8")
        assert export.split() == text.split()
        parser = html5lib.HTMLParser(strict=True, namespaceHTMLElements=False)
        for page in sorted(out.rglob("*.html")):
            tree = parser.parse(page.read_bytes())
            for container in tree.iter("p"):
                inside = {e.tag for e in container.iter() if e is not container and isinstance(e.tag, str)}
                assert not inside & BLOCK_TAGS, f"{page.relative_to(out)}: <p> holds {inside & BLOCK_TAGS}"
        for document in sorted(out.rglob("*.xml")):
            etree.parse(str(document))


MUTATIONS = ("delete a character", "duplicate a line", "indent a line", "dedent a line", "insert a tab",
             "swap two keys", "insert a special character")
SPECIAL = list(":-[]{}#&*!|>'\"%@`,?")
EDITED = ("annotations/notes/vaskov-1953-07-03.yaml", "annotations/persons.yaml", "annotations/places.yaml",
          "annotations/events.yaml", "annotations/bibliography.yaml", "sources/vaskov-1953-07-03.yaml")


def mutate(text: str, mutation: str, where: int, special: str) -> str:
    """Return `text` with one editor's slip applied near relative position `where` (0 to 9999)."""
    lines = text.split("\n")
    line = where * len(lines) // 10_000
    at = where * len(text) // 10_000
    if mutation == "delete a character":
        return text[:at] + text[at + 1:]
    if mutation == "duplicate a line":
        return "\n".join(lines[:line + 1] + lines[line:])
    if mutation == "indent a line":
        lines[line] = " " + lines[line]
    elif mutation == "dedent a line":
        lines[line] = lines[line][1:] if lines[line].startswith(" ") else lines[line]
    elif mutation == "insert a tab":
        return text[:at] + "\t" + text[at:]
    elif mutation == "insert a special character":
        return text[:at] + special + text[at:]
    else:
        keyed = [i for i, l in enumerate(lines) if re.match(r"^\s*(?:- )?[\w-]+:", l)]
        first, second = keyed[line * len(keyed) // len(lines)], keyed[(line * len(keyed) // len(lines) + 1) % len(keyed)]
        key = re.compile(r"^(\s*(?:- )?)([\w-]+)(:)")
        a, b = key.match(lines[first]).group(2), key.match(lines[second]).group(2)
        lines[first] = key.sub(lambda m: m.group(1) + b + m.group(3), lines[first], count=1)
        lines[second] = key.sub(lambda m: m.group(1) + a + m.group(3), lines[second], count=1)
    return "\n".join(lines)


@settings(max_examples=50, deadline=None, suppress_health_check=ONE_FOLDER)
@given(path=st.sampled_from(EDITED), mutation=st.sampled_from(MUTATIONS), where=st.integers(0, 9999),
       special=st.sampled_from(SPECIAL))
def test_damaged_yaml_builds_or_gives_located_diagnostics_never_a_crash(workbench, path, mutation, where, special):
    """One slip in any YAML file (a deleted character, a duplicated line, a wrong indentation, a tab,
    swapped keys, a stray special character) gives a build or diagnostics with hints, never a crash."""
    target = workbench / path
    original = target.read_text(encoding="utf-8")
    damaged = mutate(original, mutation, where, special)
    assume(damaged != original)
    with tempfile.TemporaryDirectory() as folder:
        target.write_text(damaged, encoding="utf-8")
        try:
            status, printed = build_quietly(workbench, Path(folder) / "site")
        finally:
            target.write_text(original, encoding="utf-8")  # mended for the next example
        assert status in (0, 1), printed
        assert "Traceback" not in printed
        if status == 1:
            lines = printed.splitlines()
            diagnostics = [i for i, l in enumerate(lines) if re.match(r"^\S+: (?:error|warning)\[", l)]
            assert diagnostics, printed
            for i in diagnostics:
                assert lines[i + 1].startswith("  hint: "), lines[i]
