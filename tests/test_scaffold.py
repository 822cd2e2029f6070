"""`python build.py new ...`: notes, register entries and documents started for the editor, appended only."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import CABLE, ROOT, copy_project
from edition.errors import EditionError
from edition.pipeline import Project, load_corpus

NOTES = f"annotations/notes/{CABLE}.yaml"
# An editor's file, with comments and a layout of its own that must survive byte for byte.
EDITED_NOTES = """\
# Notes on the cable (draft; see the team's style sheet)
notes:

    -   id: zhou-instruction   # checked against the Russian
        quote: at the instruction of Zhou Enlai
        body: >
          Zhou Enlai was Premier and Foreign Minister of the PRC.
"""


def new(root: Path, *words: str) -> subprocess.CompletedProcess:
    """Run `python build.py new ...` on a project, as an editor does."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), "new", *words],
                          capture_output=True, text=True, timeout=120)


@pytest.fixture
def root(tmp_path) -> Path:
    """A copy of the real project's sources and templates, without annotations."""
    return copy_project(tmp_path / "project")


def source_place(quote: str) -> str:
    """Return `sources/<cable>.txt:line:col` of the only occurrence of `quote` in the transcription."""
    text = (ROOT / "sources" / f"{CABLE}.txt").read_text(encoding="utf-8")
    assert text.count(quote) == 1
    offset = text.index(quote)
    return f"sources/{CABLE}.txt:{text.count(chr(10), 0, offset) + 1}:{offset - text.rfind(chr(10), 0, offset)}"


def test_new_note_appends_to_an_edited_file_keeping_every_byte(root):
    """A new note is appended after the editor's notes; comments and layout stay exactly as they were."""
    path = root / NOTES
    path.parent.mkdir(parents=True)
    path.write_text(EDITED_NOTES, encoding="utf-8")
    before = path.read_bytes()
    result = new(root, "note", CABLE, "Syngman Rhee released POWs")
    assert result.returncode == 0, result.stderr
    after = path.read_bytes()
    assert after.startswith(before)
    assert source_place("Syngman Rhee released POWs") in result.stdout
    notes = yaml.safe_load(after)["notes"]
    assert [n["id"] for n in notes] == ["zhou-instruction", "syngman-rhee-released-pows"]
    assert notes[1]["quote"] == "Syngman Rhee released POWs"
    added_line = int(result.stdout.split(f"{NOTES}:")[1].split()[0])
    assert after.decode().splitlines()[added_line - 1] == "    -   id: syngman-rhee-released-pows"


def test_new_note_is_an_error_until_its_body_is_written(root):
    """The skeleton's empty body is reported at its line; once written, the note anchors on its quote."""
    assert new(root, "note", CABLE, "Syngman Rhee released POWs").returncode == 0
    path = root / NOTES
    with pytest.raises(EditionError) as caught:
        load_corpus(Project(root))
    [problem] = caught.value.diagnostics
    assert problem.location.path == NOTES
    assert path.read_text(encoding="utf-8").splitlines()[problem.location.line - 1].strip().startswith("body:")
    with path.open("a", encoding="utf-8") as out:
        out.write("      On 18 June 1953 about 27,000 prisoners left the camps.\n")
    corpus, _ = load_corpus(Project(root))
    [note] = corpus.notes[CABLE]
    assert note.id == "syngman-rhee-released-pows" and note.body.startswith("On 18 June")


def test_new_note_creates_the_file_with_its_schema(root):
    """With no notes file yet, it is created with the `notes:` key and the schema comment for editors."""
    assert new(root, "note", CABLE, "Clarks' letter").returncode == 0
    lines = (root / NOTES).read_text(encoding="utf-8").splitlines()
    assert lines[0].startswith("# yaml-language-server: $schema=")
    schema = (root / NOTES).parent / lines[0].split("$schema=")[1]
    assert schema.resolve() == (ROOT / "edition" / "schemas" / "notes.schema.json").resolve()
    assert lines[1] == "notes:"


def test_new_note_ids_are_unique(root):
    """A second note on the same words gets a numbered id, never a duplicate."""
    assert new(root, "note", CABLE, "Syngman Rhee released POWs").returncode == 0
    assert new(root, "note", CABLE, "Syngman Rhee released POWs").returncode == 0
    notes = yaml.safe_load((root / NOTES).read_text(encoding="utf-8"))["notes"]
    assert [n["id"] for n in notes] == ["syngman-rhee-released-pows", "syngman-rhee-released-pows-2"]


def test_ambiguous_quote_is_refused_listing_the_places(root):
    """A quote found several times is refused, with each place given as line:column; nothing is written."""
    path = root / NOTES
    path.parent.mkdir(parents=True)
    path.write_text(EDITED_NOTES, encoding="utf-8")
    result = new(root, "note", CABLE, "Peng Dehuai")
    assert result.returncode == 1
    assert path.read_text(encoding="utf-8") == EDITED_NOTES
    text = (ROOT / "sources" / f"{CABLE}.txt").read_text(encoding="utf-8")
    first = text.index("Peng Dehuai")
    line = text.count("\n", 0, first) + 1
    assert result.stderr.startswith(f"sources/{CABLE}.txt:{line}:")
    assert f"error[anchor.ambiguous]: the quote \"Peng Dehuai\" occurs {text.count('Peng Dehuai')} times" \
        in result.stderr
    assert "nothing was added" in result.stderr


def test_missing_quote_is_refused_with_the_near_miss(root):
    """A quote not in the text is refused; the hint shows the nearest text and where it is."""
    result = new(root, "note", CABLE, "syngman rhee released pows")
    assert result.returncode == 1
    assert "error[anchor.not-found]" in result.stderr
    assert f"\"Syngman Rhee released POWs\" in ¶ 3 ({source_place('Syngman Rhee released POWs')})" in result.stderr
    assert not (root / NOTES).exists()


def test_a_quote_that_cuts_a_word_is_refused_with_the_whole_words(root):
    """A quote that begins inside a word is refused before anything is written; the hint gives the whole words."""
    result = new(root, "note", CABLE, "emove the issue of the 27,000 POWs")
    assert result.returncode == 1
    assert 'error[anchor.inside-word]: the quote "emove the issue of the 27,000 POWs" begins inside the word ' \
        '"remove"' in result.stderr
    assert 'hint: quote whole words: "remove the issue of the 27,000 POWs"' in result.stderr
    assert not (root / NOTES).exists()


def test_new_note_needs_a_known_document(root):
    """A note for a document that does not exist is refused, naming the documents there are."""
    result = new(root, "note", "vaskov-1953-07-04", "Clark")
    assert result.returncode == 1
    assert "error[ref.unknown-document]" in result.stderr and CABLE in result.stderr


def test_new_person_finds_its_name_in_the_text(root):
    """A person whose name occurs in the text gets it as an alias, and the places are shown."""
    result = new(root, "person", "wu-xiuquan", "Wu Xiuquan")
    assert result.returncode == 0, result.stderr
    assert "occurs 5 times" in result.stdout
    text = (root / "annotations" / "persons.yaml").read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    [entry] = yaml.safe_load(text)["persons"]
    assert entry == {"id": "wu-xiuquan", "name": "Wu Xiuquan", "aliases": ["Wu Xiuquan"], "description": ""}
    load_corpus(Project(root))


def test_new_place_with_an_alias(root):
    """`--alias` adds a form found in the text; an alias that occurs nowhere is refused."""
    assert new(root, "place", "beijing", "Beijing", "--alias", "Peking").returncode == 0
    [entry] = yaml.safe_load((root / "annotations" / "places.yaml").read_text(encoding="utf-8"))["places"]
    assert entry["aliases"] == ["Peking"]
    before = (root / "annotations" / "places.yaml").read_bytes()
    refused = new(root, "place", "kaesong", "Kaesong", "--alias", "Kaesung")
    assert refused.returncode == 1 and "error[register.unused-alias]" in refused.stderr
    assert (root / "annotations" / "places.yaml").read_bytes() == before


def test_new_entry_refuses_a_used_id(root):
    """An id already used by any register entry is refused, and the file is left as it was."""
    assert new(root, "person", "clark", "Mark W. Clark", "--alias", "Clark").returncode == 0
    before = (root / "annotations" / "persons.yaml").read_bytes()
    assert new(root, "place", "clark", "Clark").returncode == 1
    assert new(root, "person", "clark", "Clark").returncode == 1
    assert (root / "annotations" / "persons.yaml").read_bytes() == before
    assert not (root / "annotations" / "places.yaml").exists()


def test_new_event_needs_a_real_date(root):
    """An event is added with its date; an impossible date is refused."""
    refused = new(root, "event", "armistice", "Korean Armistice Agreement signed", "1953-02-30")
    assert refused.returncode == 1 and "does not exist" in refused.stderr
    assert new(root, "event", "armistice", "Korean Armistice Agreement signed", "1953-07-27").returncode == 0
    [entry] = yaml.safe_load((root / "annotations" / "events.yaml").read_text(encoding="utf-8"))["events"]
    assert entry["date"] == "1953-07-27"
    load_corpus(Project(root))


def test_entries_follow_the_files_own_indentation(root):
    """In a file whose list starts at column 0, the new entry does too, and the old bytes are kept."""
    path = root / "annotations" / "persons.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("persons:\n- id: clark\n  name: Mark W. Clark\n  aliases: [Clark]", encoding="utf-8")
    before = path.read_bytes()
    assert new(root, "person", "peng-dehuai", "Peng Dehuai").returncode == 0
    after = path.read_bytes()
    assert after.startswith(before)
    assert "\n- id: peng-dehuai\n" in after.decode()
    assert [e["id"] for e in yaml.safe_load(after)["persons"]] == ["clark", "peng-dehuai"]


def test_a_list_it_cannot_extend_is_refused(root):
    """A list written in flow style (`persons: []`) is not rewritten: the command refuses and says why."""
    path = root / "annotations" / "persons.yaml"
    path.parent.mkdir(parents=True)
    path.write_text("persons: []\n", encoding="utf-8")
    result = new(root, "person", "clark", "Clark")
    assert result.returncode == 1 and "error[scaffold.layout]" in result.stderr
    assert path.read_text(encoding="utf-8") == "persons: []\n"


def test_new_document_creates_its_metadata_only(root):
    """`new document` writes a commented metadata skeleton, never a transcription, and refuses to overwrite."""
    result = new(root, "document", "roshchin-1950-05-13")
    assert result.returncode == 0, result.stderr
    meta = root / "sources" / "roshchin-1950-05-13.yaml"
    assert "paste the transcription" in result.stdout and "sources/roshchin-1950-05-13.txt" in result.stdout
    assert not (root / "sources" / "roshchin-1950-05-13.txt").exists()
    text = meta.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=")
    assert set(yaml.safe_load(text)) >= {"title", "summary", "type", "date", "sender", "recipient", "archive",
                                         "language", "structure"}
    again = new(root, "document", "roshchin-1950-05-13")
    assert again.returncode == 1 and "error[source.exists]" in again.stderr
    assert meta.read_text(encoding="utf-8") == text


def test_new_document_skeleton_errors_point_at_the_values_to_fill(root):
    """Once the transcription is pasted, the build names each empty value of the skeleton at its line."""
    assert new(root, "document", "roshchin-1950-05-13").returncode == 0
    fixture = ROOT / "tests" / "roots" / "second-cable" / "sources" / "test-cable-1950-05-13.txt"
    (root / "sources" / "roshchin-1950-05-13.txt").write_bytes(fixture.read_bytes())
    with pytest.raises(EditionError) as caught:
        load_corpus(Project(root))
    problems = [d for d in caught.value.diagnostics if d.location.path == "sources/roshchin-1950-05-13.yaml"]
    lines = (root / "sources" / "roshchin-1950-05-13.yaml").read_text(encoding="utf-8").splitlines()
    flagged = {lines[d.location.line - 1].split(":")[0].strip() for d in problems}
    assert {"title", "summary", "date"} <= flagged


def test_malformed_id_is_refused(root):
    """Ids are lowercase letters, digits and hyphens; anything else is refused before any file is touched."""
    result = new(root, "person", "Zhou Enlai", "Zhou Enlai")
    assert result.returncode == 1 and "error[id.malformed]" in result.stderr
    assert not (root / "annotations").exists()


def test_the_editing_guide_quotes_the_cable():
    """Every `new note` example in docs/editing.md quotes the cable, or shows the error it gets."""
    guide = (ROOT / "docs" / "editing.md").read_text(encoding="utf-8")
    text = (ROOT / "sources" / f"{CABLE}.txt").read_text(encoding="utf-8")
    examples = re.findall(r'python3 build\.py new note (\S+) "([^"]+)"', guide)
    assert len(examples) >= 3
    for document, quote in examples:
        assert document == CABLE
        assert quote in text or f'the quote "{quote}" is not in the text' in guide, quote


def test_windows_line_endings_are_kept(root):
    """A file saved with Windows line endings gets the new entry with the same line endings."""
    path = root / "annotations" / "persons.yaml"
    path.parent.mkdir(parents=True)
    path.write_bytes(b"persons:\r\n  - id: clark\r\n    name: Mark W. Clark\r\n")
    before = path.read_bytes()
    assert new(root, "person", "peng-dehuai", "Peng Dehuai").returncode == 0
    after = path.read_bytes()
    assert after.startswith(before) and b"\n" not in after.replace(b"\r\n", b"")
    assert [e["id"] for e in yaml.safe_load(after)["persons"]] == ["clark", "peng-dehuai"]
