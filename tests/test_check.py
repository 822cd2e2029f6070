"""`python build.py check`: every validation without writing, as text, GitHub workflow commands or JSON."""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

from conftest import CABLE, ROOT, copy_project
from edition.errors import Diagnostic, Location
from edition.report import format_diagnostics

GOOD_NOTES = """\
notes:
  - id: rhee-release
    quote: Syngman Rhee released POWs
    body: About 27,000 prisoners left the camps on 18 June 1953.
"""

BAD_NOTES = """\
notes:
  - id: rhee-release
    quote: Syngman Rhee freed POWs
    body: About 27,000 prisoners left the camps on 18 June 1953.
"""

# An alias that occurs in no document is a warning, not an error.
WARNED_PERSONS = """\
persons:
  - id: wu-xiuquan
    name: Wu Xiuquan
    aliases: [Wu Xiuquan, Wu Hsiu-chuan]
    description: Head of the PRC delegation to the UN Security Council in 1950.
"""


def project(tmp_path: Path, files: dict[str, str]) -> Path:
    """A copy of the real sources and templates with the given annotation files."""
    root = copy_project(tmp_path / "project")
    for name, text in files.items():
        path = root / "annotations" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def check(root: Path, *options: str) -> subprocess.CompletedProcess:
    """Run `python build.py check` from the project folder, as CI does."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), "check", *options],
                          capture_output=True, text=True, timeout=120, cwd=root)


def test_check_passes_a_good_project_and_writes_nothing(tmp_path):
    """A project without problems checks with exit 0, prints no diagnostic and writes no site."""
    root = project(tmp_path, {f"notes/{CABLE}.yaml": GOOD_NOTES})
    result = check(root)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    assert "0 errors, 0 warnings" in result.stderr
    assert not (root / "_site").exists()


def test_check_text_names_file_line_and_column(tmp_path):
    """A quote that is not in the text is reported as path:line:col: error[code] with a hint; exit 1."""
    root = project(tmp_path, {f"notes/{CABLE}.yaml": BAD_NOTES})
    result = check(root)
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"annotations/notes/{CABLE}.yaml:3:12: error[anchor.not-found]: ")
    assert lines[1].startswith("  hint: ")
    assert not (root / "_site").exists()


def test_check_github_format_puts_errors_on_pull_request_lines(tmp_path):
    """`--format github` prints one ::error workflow command per problem, with file, line, col and code."""
    root = project(tmp_path, {f"notes/{CABLE}.yaml": BAD_NOTES})
    result = check(root, "--format", "github")
    assert result.returncode == 1
    [line] = result.stdout.splitlines()
    head, message = line.split("::", 2)[1:]
    assert head == f"error file=annotations/notes/{CABLE}.yaml,line=3,col=12,title=anchor.not-found"
    assert "is not in the text" in message and " — " in message


def test_check_json_format_is_a_list_of_objects(tmp_path):
    """`--format json` prints a JSON list with severity, code, path, line, col, message and hint."""
    root = project(tmp_path, {f"notes/{CABLE}.yaml": BAD_NOTES})
    result = check(root, "--format", "json")
    assert result.returncode == 1
    [item] = json.loads(result.stdout)
    assert item["severity"] == "error" and item["code"] == "anchor.not-found"
    assert (item["path"], item["line"], item["col"]) == (f"annotations/notes/{CABLE}.yaml", 3, 12)
    assert item["message"] and item["hint"]


def test_warnings_pass_unless_strict(tmp_path):
    """A warning leaves the exit status 0; with `--strict` it is an error and the exit status is 1."""
    root = project(tmp_path, {"persons.yaml": WARNED_PERSONS})
    relaxed = check(root, "--format", "json")
    assert relaxed.returncode == 0, relaxed.stdout
    assert [d["severity"] for d in json.loads(relaxed.stdout)] == ["warning"]
    strict = check(root, "--format", "json", "--strict")
    assert strict.returncode == 1
    assert [(d["severity"], d["code"]) for d in json.loads(strict.stdout)] == [("error", "register.unused-alias")]
    github = check(root, "--format", "github")
    assert github.stdout.startswith("::warning file=annotations/persons.yaml,line=2,")


def test_strict_build_writes_nothing_when_there_are_warnings(tmp_path):
    """`python build.py --strict` refuses to write a site that has warnings."""
    root = project(tmp_path, {"persons.yaml": WARNED_PERSONS})
    out = tmp_path / "site"
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), "--out", str(out),
                             "--strict"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "error[register.unused-alias]" in result.stderr
    assert not out.exists()


def test_github_commands_escape_what_would_end_them():
    """Newlines, percent signs, commas and colons cannot break a workflow command."""
    diagnostic = Diagnostic("yaml.syntax", Location("annotations/a,b:c.yaml", 4, 2), "50% wrong\nhere", "fix: it")
    line = format_diagnostics([diagnostic], "github", Path.cwd())
    assert line == ("::error file=annotations/a%2Cb%3Ac.yaml,line=4,col=2,title=yaml.syntax"
                    "::50%25 wrong%0Ahere — fix: it\n")


def test_check_reports_a_project_without_sources(tmp_path):
    """A folder that is not a project is a located error in every format, not a crash."""
    result = check(tmp_path, "--format", "json")
    assert result.returncode == 1
    assert json.loads(result.stdout)[0]["code"] == "project.no-sources"


def test_text_paths_are_relative_to_where_check_runs(tmp_path):
    """Run from another folder, GitHub and JSON paths still lead to the file (relative to the current folder)."""
    root = project(tmp_path, {f"notes/{CABLE}.yaml": BAD_NOTES})
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", "project", "check", "--format",
                             "json"], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    [item] = json.loads(result.stdout)
    assert (tmp_path / item["path"]).resolve() == (root / "annotations" / "notes" / f"{CABLE}.yaml").resolve()
    assert textwrap.dedent(BAD_NOTES).splitlines()[item["line"] - 1][item["col"] - 1:].startswith("Syngman")


def test_check_finds_mistakes_in_templates(tmp_path):
    """A template naming an unknown value is reported at its line by `check`, as the build would."""
    root = project(tmp_path, {})
    page = root / "templates" / "index.html"
    lines = page.read_text(encoding="utf-8").splitlines(keepends=True)
    at = next(i for i, line in enumerate(lines) if "{{" in line)
    lines[at] = "{{ no_such_value }}" + lines[at]
    page.write_text("".join(lines), encoding="utf-8")
    result = check(root)
    assert result.returncode == 1
    assert result.stdout.startswith(f"templates/index.html:{at + 1}:")
    assert "no_such_value" in result.stdout
    assert not (root / "_site").exists()


def test_an_entry_nothing_points_to_passes_only_when_declared_standalone(tmp_path):
    """An entry that no text names and nothing links to is a located warning, an error under `--strict`,
    unless it says it is kept for its own sake."""
    persons = ("persons:\n  - id: goldberg\n    name: Gary Goldberg\n    aliases: []\n"
               "    description: Translator of the cable from Russian.\n")
    root = project(tmp_path, {"persons.yaml": persons})
    strict = check(root, "--format", "json", "--strict")
    assert strict.returncode == 1
    assert [(d["code"], d["line"], d["col"]) for d in json.loads(strict.stdout)] == [("register.unmentioned", 2, 9)]
    (root / "annotations" / "persons.yaml").write_text(persons.replace("aliases: []", "aliases: []\n    standalone: true"),
                                                      encoding="utf-8")
    assert check(root, "--strict").returncode == 0
