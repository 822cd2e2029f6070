"""A malformed metadata file gets one clear, located message, exit status 1, and an untouched site.

Each case makes one mistake an editor could make in a copy of `sources/vaskov-1953-07-03.yaml`;
the expected line and column are computed from where the mistake was put, not written by hand.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pytest

from edition import cli

from conftest import CABLE, copy_project, run_build

META = f"sources/{CABLE}.yaml"


def where(data: bytes, needle: bytes, skip: int = 0) -> tuple[int, int]:
    """Line and column (from 1, in characters) of `needle` in `data`, `skip` bytes into it."""
    at = data.index(needle) + skip
    line_start = data.rfind(b"\n", 0, at) + 1
    return data.count(b"\n", 0, at) + 1, len(data[line_start:at].decode("utf-8", "replace")) + 1


def replace_once(data: bytes, old: bytes, new: bytes) -> bytes:
    assert data.count(old) == 1, f"the fixture changed: {old!r} is not in the metadata exactly once"
    return data.replace(old, new)


def swap_letter_and_oral_report(data: bytes) -> bytes:
    """Declare the oral report before the letter, the other way round from the text."""
    letter_at = data.index(b"  - id: letter\n")
    oral_at = data.index(b"  - id: oral-report\n")
    closing_at = data.index(b"  - id: closing\n")
    return data[:letter_at] + data[oral_at:closing_at] + data[letter_at:oral_at] + data[closing_at:]


def add_footnote(data: bytes) -> bytes:
    assert data.endswith(b'quote: "2340"\n')
    return data + b'  - marker: "***"\n    attach: document\n'


@dataclass(frozen=True)
class Mistake:
    """One mistake: how to make it, the error code, where it is reported and the message."""

    make: Callable[[bytes], bytes]
    """The broken metadata from the good one."""
    code: str
    at: Callable[[bytes], tuple[int, int]]
    """Where the mistake is in the broken file: line and column, from 1."""
    message: str
    hint: str = ""
    """Words the hint must contain, beyond being present."""


MISTAKES = {
    "start matches nothing": Mistake(
        lambda d: replace_once(d, b'start: "At 0330 3 July"', b'start: "At 0330 3 july"'),
        "structure.start-not-found", lambda d: where(d, b'"At 0330 3 july"'),
        "no paragraph starts with \"At 0330 3 july\" (section 'report').",
        hint='the nearest paragraph start is "At 0330 3 July" at sources/vaskov-1953-07-03.txt:5:1'),
    "start matches several paragraphs": Mistake(
        lambda d: replace_once(d, b"start: After delivering this document", b"start: In"),
        "structure.start-ambiguous", lambda d: where(d, b"start: In\n", skip=len("start: ")),
        "4 paragraphs start with \"In\" (section 'oral-report'), at lines 13, 51, 73, 83.",
        hint="quote more"),
    "sections out of order": Mistake(
        swap_letter_and_oral_report, "structure.order",
        lambda d: where(d, b"'\"To the Commander-in-Chief'"),
        "section 'letter' starts at or before section 'oral-report', which is declared before it.",
        hint="in the order they appear in the text"),
    "unknown key": Mistake(
        lambda d: replace_once(d, b'received: "23:40"', b'recieved: "23:40"'),
        "yaml.unknown-key", lambda d: where(d, b"recieved"),
        "unknown key 'recieved' in the file.", hint="did you mean 'received'?"),
    "missing required key": Mistake(
        lambda d: replace_once(d, b"  name: \"V. V. Vas'kov\"\n", b""),
        "yaml.missing-key", lambda d: where(d, b"role: \"Soviet"),  # the mapping that lacks it
        "'sender' has no 'name'.", hint="add 'name:'"),
    "wrong type": Mistake(
        lambda d: replace_once(d, b'received: "23:40"', b"received: 2340"),
        "yaml.type", lambda d: where(d, b"2340"),
        "'received' should be text, not a number.", hint="HH:MM"),
    "malformed date": Mistake(
        lambda d: replace_once(d, b'date: "1953-07-03"', b'date: "3 July 1953"'),
        "yaml.value", lambda d: where(d, b'"3 July 1953"'),
        "'date' '3 July 1953' is not well formed.", hint="YYYY-MM-DD"),
    "YAML syntax error": Mistake(
        lambda d: replace_once(d, b"type: telegram\n", b"type: telegram: cable\n"),
        "yaml.colon-in-value", lambda d: where(d, b": cable"),
        "this ': ' inside a value makes YAML read the words before it as a key.",
        hint='put the whole value in quotation marks (type: "telegram: cable")'),
    "tab": Mistake(
        lambda d: replace_once(d, b"  place: Beijing", b"\tplace: Beijing"),
        "yaml.tab", lambda d: where(d, b"\tplace"),
        "a tab character is used where YAML allows only spaces.", hint="spaces, not tabs"),
    "duplicate key": Mistake(
        lambda d: replace_once(d, b"type: telegram\n", b"type: telegram\ntype: letter\n"),
        "yaml.duplicate-key", lambda d: where(d, b"type: letter"),
        "the key 'type' appears twice in the same mapping (first at line 10).", hint="remove or rename"),
    "empty file": Mistake(
        lambda d: b"", "yaml.empty", lambda d: (1, 1), "the file is empty."),
    "byte-order mark": Mistake(
        lambda d: b"\xef\xbb\xbf" + d, "file.bom", lambda d: (1, 1),
        "the file starts with a byte-order mark (BOM).", hint="without BOM"),
    "non-UTF-8 byte": Mistake(
        lambda d: replace_once(d, "chargé d'affaires in Beijing".encode(), b"charg\xe9 d'affaires in Beijing"),
        "file.encoding", lambda d: where(d, b"\xe9"),
        "byte 0xe9 is not valid UTF-8.", hint="UTF-8"),
    "unknown footnote marker": Mistake(
        add_footnote, "footnote.unknown", lambda d: where(d, b'"***"'),
        "there is no footnote '***' at the end of the text.", hint="the footnotes found are: *, **."),
    "block start matches nothing": Mistake(
        lambda d: replace_once(d, b"        end: Peng Dehuai\n", b"        end: Peng Dehuai.\n"),
        "structure.block-not-found", lambda d: where(d, b"Peng Dehuai."),
        "no paragraph of section 'letter' starts with \"Peng Dehuai.\".", hint="first words exactly"),
}


@pytest.fixture(scope="module")
def pristine(tmp_path_factory) -> Path:
    """A copy of the real project with a site already built from it, to break in each test."""
    folder = tmp_path_factory.mktemp("pristine")
    root = copy_project(folder / "project")
    result = run_build(root, root / "_site")
    assert result.returncode == 0, result.stderr
    return root


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def broken_copy(pristine: Path, tmp_path: Path, make: Callable[[bytes], bytes | None]) -> tuple[Path, bytes | None]:
    """Copy the built project and break its metadata with `make`; return the copy and the broken bytes."""
    root = tmp_path / "project"
    shutil.copytree(pristine, root)
    meta = root / META
    broken = make(meta.read_bytes())
    if broken is None:
        meta.unlink()
    else:
        meta.write_bytes(broken)
    return root, broken


@pytest.mark.parametrize("name", list(MISTAKES))
def test_metadata_mistake_is_reported_clearly(name, pristine, tmp_path, capsys):
    """An editor's mistake in the metadata gets `file:line:col: error[code]: message`, a hint, exit 1, no traceback."""
    mistake = MISTAKES[name]
    root, broken = broken_copy(pristine, tmp_path, mistake.make)
    site = root / "_site"
    before, listing = snapshot(site), sorted(p.name for p in root.iterdir())

    status = cli.main(["--root", str(root), "--out", str(site)])

    captured = capsys.readouterr()
    err = captured.out + captured.err
    lines = captured.err.splitlines()
    line, col = mistake.at(broken)
    assert lines[0] == f"{META}:{line}:{col}: error[{mistake.code}]: {mistake.message}"
    assert lines[1].startswith("  hint: ") and len(lines[1]) > len("  hint: ") + 10
    assert mistake.hint in lines[1]
    assert status == 1
    assert "Traceback" not in err
    assert snapshot(site) == before, "the previous site must be left byte for byte as it was"
    assert sorted(p.name for p in root.iterdir()) == listing, "no half-built folder is left beside the site"


def test_missing_metadata_file(pristine, tmp_path):
    """A transcription without its metadata file is named, with how to fix it, and nothing is built."""
    root, _ = broken_copy(pristine, tmp_path, lambda d: None)
    site = root / "_site"
    before = snapshot(site)

    result = run_build(root, site)

    lines = result.stderr.splitlines()
    assert lines[0] == (f"sources/{CABLE}.txt: error[source.no-metadata]: "
                        f"the transcription '{CABLE}' has no metadata file.")
    assert lines[1] == f"  hint: create sources/{CABLE}.yaml (see README.md, 'Adding a document')."
    assert result.returncode == 1
    assert snapshot(site) == before


def test_every_mistake_at_once(pristine, tmp_path):
    """Several structure mistakes in one file are all reported in one build, in file order."""
    def both(data: bytes) -> bytes:
        data = replace_once(data, b"start: Countermeasures\n", b"start: Counter-measures\n")
        return MISTAKES["start matches nothing"].make(data)

    root, broken = broken_copy(pristine, tmp_path, both)

    result = run_build(root, root / "_site")

    errors = [line for line in result.stderr.splitlines() if ": error[" in line]
    first, second = where(broken, b'"At 0330 3 july"'), where(broken, b"Counter-measures")
    assert errors == [
        f"{META}:{first[0]}:{first[1]}: error[structure.start-not-found]: "
        "no paragraph starts with \"At 0330 3 july\" (section 'report').",
        f"{META}:{second[0]}:{second[1]}: error[structure.start-not-found]: "
        "no paragraph starts with \"Counter-measures\" (section 'countermeasures').",
    ]
    assert result.returncode == 1


def test_command_line_exit_status(pristine, tmp_path):
    """Run as a command, `python build.py` with a broken metadata file exits with status 1 and no traceback."""
    mistake = MISTAKES["YAML syntax error"]
    root, broken = broken_copy(pristine, tmp_path, mistake.make)
    result = run_build(root, root / "_site")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    line, col = mistake.at(broken)
    assert result.stderr.startswith(f"{META}:{line}:{col}: error[yaml.colon-in-value]: ")


def test_unquoted_time_is_read_as_written(tmp_path):
    """`received: 23:40` without quotes means 23:40, not the YAML 1.1 sexagesimal number 1420."""
    from edition.yamlsrc import load_yaml
    path = tmp_path / "x.yaml"
    path.write_text("received: 23:40\nnumber: 12\n", encoding="utf-8")
    node, problems = load_yaml(path, "x.yaml")
    assert problems == [] and node.plain() == {"received": "23:40", "number": 12}
