"""The catalogue of bad inputs: each mistake an editor can make gives its exact located diagnostics.

Each folder `tests/catalogue/<case>/` is a small project given as what differs from
`tests/catalogue/_base/` (the real sources and a small valid annotation set): files under
`sources/`, `annotations/` or `templates/` replace or add to the base's, and an optional
`make.py` with `make(root)` edits the copy (for generated, huge or deleted files).
`expected.txt` holds the diagnostic and hint lines the build prints, paths relative to the
project root. Every case must fail with exit status 1, print no traceback, and leave a site
built before it exactly as it was.
"""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

import pytest

from edition import cli
from projects import CATALOGUE, make_project, tree_hashes

CASES = sorted(p.name for p in CATALOGUE.iterdir() if p.is_dir() and not p.name.startswith("_"))
DIAGNOSTIC_RE = re.compile(r"^(?P<path>[^\s:][^:]*)(?::\d+:\d+)?: (?:error|warning)\[[a-z0-9.-]+\]: \S")


def run_cli(root: Path, out: Path, capsys, monkeypatch) -> tuple[int, str, str]:
    """Run the command line in-process from the project folder; return status, stdout, stderr."""
    monkeypatch.chdir(root)
    status = cli.main(["build", "--root", str(root), "--out", str(out)])
    captured = capsys.readouterr()
    return status, captured.out, captured.err


def diagnostic_lines(stderr: str) -> list[str]:
    """Return the diagnostic and hint lines of the build's error output."""
    return [line for line in stderr.splitlines() if DIAGNOSTIC_RE.match(line) or line.startswith("  hint: ")]


@pytest.fixture(scope="module")
def good_site(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """A site built from the valid base project, to be overwritten by each failing case, and its files' digests."""
    folder = tmp_path_factory.mktemp("good")
    root = make_project(folder / "project")
    out = folder / "site"
    assert cli.main(["build", "--root", str(root), "--out", str(out)]) == 0
    return out, tree_hashes(out)


def test_base_builds_without_diagnostics(tmp_path, capsys, monkeypatch):
    """The base project of the catalogue builds cleanly, so each case's diagnostics are its own."""
    root = make_project(tmp_path / "project")
    status, _, err = run_cli(root, tmp_path / "site", capsys, monkeypatch)
    assert status == 0, err
    assert diagnostic_lines(err) == []


def test_catalogue_is_large():
    """The catalogue covers at least fifty distinct mistakes, each with its expected output."""
    assert len(CASES) >= 50
    missing = [case for case in CASES if not (CATALOGUE / case / "expected.txt").is_file()]
    assert missing == []


@pytest.mark.parametrize("case", CASES)
def test_case(case, good_site, tmp_path, capsys, monkeypatch):
    """A bad input gives exactly the expected located diagnostics with hints, exit 1, and harms no site."""
    root = make_project(tmp_path / "project", case)
    out_parent = tmp_path / "published"
    out = out_parent / "site"
    # Its files are linked, not copied: a build replaces files, never writes into them, and one that did
    # would change the digests below.
    site, before = good_site
    shutil.copytree(site, out, copy_function=os.link)
    status, stdout, stderr = run_cli(root, out, capsys, monkeypatch)
    expected = (CATALOGUE / case / "expected.txt").read_text(encoding="utf-8").splitlines()
    lines = diagnostic_lines(stderr)
    assert status == 1, stderr
    assert "Traceback" not in stderr + stdout
    assert lines == expected
    for line, following in zip(lines, lines[1:] + [""]):
        if DIAGNOSTIC_RE.match(line):
            assert following.startswith("  hint: "), f"no hint after: {line}"
            path = DIAGNOSTIC_RE.match(line).group("path")
            assert not Path(path).is_absolute() and ".." not in Path(path).parts
    assert tree_hashes(out) == before
    assert sorted(p.name for p in out_parent.iterdir()) == ["site"]
