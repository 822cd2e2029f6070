"""Safety of the output: builds are atomic, the output folder is guarded, crashes are reported briefly."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT
from edition import cli, pipeline
from edition.publish import site
from edition.render.html import document
from projects import make_project, tree_hashes

TERMS = 400
"""Register entries added to the base project so that a build writes about 900 files."""


def big_project(target: Path) -> Path:
    """Return a valid project whose build takes a while: the base with many register entries."""
    root = make_project(target)
    entries = "".join(f"  - id: term-{i}\n    name: Term {i}\n    description: A term of the edition, number {i}.\n"
                      for i in range(TERMS))
    (root / "annotations" / "terms.yaml").write_text("terms:\n" + entries, encoding="utf-8")
    return root


def build_command(root: Path, out: Path, *options: str) -> list[str]:
    return [sys.executable, str(ROOT / "build.py"), "build", "--root", str(root), "--out", str(out), *options]


def run(root: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    """Build as an editor would, from the project folder; return the finished process."""
    return subprocess.run(build_command(root, out, *options), cwd=root, capture_output=True, text=True, timeout=600)


def dead_pid() -> int:
    """Return the id of a process that has just ended."""
    process = subprocess.Popen([sys.executable, "-c", "pass"])
    process.wait()
    return process.pid


def test_a_killed_build_leaves_the_previous_site_or_the_complete_new_one(tmp_path):
    """A build killed at any moment leaves either the previous site or the whole new one, never a mix;
    the next build removes what the killed ones left beside it."""
    previous = tmp_path / "previous"
    assert run(make_project(tmp_path / "small"), previous).returncode == 0
    root = big_project(tmp_path / "big")
    reference = tmp_path / "reference"
    started = time.monotonic()
    result = run(root, reference, "--clean", "--jobs", "1")
    duration = time.monotonic() - started
    assert result.returncode == 0, result.stderr
    old, new = tree_hashes(previous), tree_hashes(reference)
    out = tmp_path / "published" / "site"
    killed = 0
    for attempt in range(8):
        if out.exists():
            shutil.rmtree(out)
        shutil.copytree(previous, out)
        # Spread the kills over the whole build, from start-up to the final swap.
        options = ("--clean", "--jobs", "1") if attempt % 2 else ("--jobs", "1")
        process = subprocess.Popen(build_command(root, out, *options), cwd=root, start_new_session=True,
                                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(duration * (0.1 + attempt / 7))
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass  # it had finished
        killed += process.wait() == -signal.SIGKILL
        assert tree_hashes(out) in (old, new), f"attempt {attempt}: the site is neither the previous nor the new one"
    assert killed, "every build finished before it could be killed"
    result = run(root, out)
    assert result.returncode == 0, result.stderr
    assert tree_hashes(out) == new
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]


def test_a_build_that_fails_while_writing_leaves_the_previous_site_and_no_staging(tmp_path):
    """When writing the new site fails half-way, the previous site stays and the staging folder goes."""
    out = tmp_path / "published" / "site"
    site.write_site(out, {"index.html": b"previous"})
    before = tree_hashes(out)
    with pytest.raises(OSError):
        site.write_site(out, {"a.html": b"new", "a.html/b.html": b"cannot be written under a file"})
    assert tree_hashes(out) == before
    assert sorted(p.name for p in out.parent.iterdir()) == ["site"]


def test_the_next_build_removes_staging_folders_of_killed_builds_only(tmp_path):
    """Staging folders of builds that are no longer running are removed; a running build's are kept."""
    out = tmp_path / "published" / "site"
    site.write_site(out, {"index.html": b"previous"})
    gone, alive = dead_pid(), os.getpid()
    for name in (f".site.building-{gone}", f".site.old-{gone}", f".site.building-{alive}", ".sites.building-1"):
        (out.parent / name).mkdir()
        (out.parent / name / "index.html").write_bytes(b"half")
    assert run(make_project(tmp_path / "project"), out).returncode == 0
    assert sorted(p.name for p in out.parent.iterdir()) == [f".site.building-{alive}", ".sites.building-1", "site"]


def unsafe_outputs(root: Path, tmp_path: Path) -> dict[str, Path]:
    """Return output folders the build must refuse, by what they are."""
    foreign = tmp_path / "foreign"
    (foreign / "docs").mkdir(parents=True)
    (foreign / "docs" / "thesis.txt").write_text("three years of work\n", encoding="utf-8")
    other = tmp_path / "other-project"
    shutil.copytree(root / "sources", other / "sources")
    (tmp_path / "a-file.txt").write_text("not a folder\n", encoding="utf-8")
    (tmp_path / "link-to-project").symlink_to(root, target_is_directory=True)
    return {"the project": root, "its parent": root.parent, "its sources": root / "sources",
            "inside its sources": root / "sources" / "site", "inside its notes": root / "annotations" / "notes",
            "its templates": root / "templates", "a foreign folder": foreign, "another project": other,
            "a file": tmp_path / "a-file.txt", "a link to the project": tmp_path / "link-to-project"}


def test_unsafe_output_folders_are_refused_and_left_untouched(tmp_path, capsys):
    """An output folder that is the project, its parent, inside its inputs, another project, a file or
    a folder the build did not make is refused with a clear message, and nothing anywhere changes."""
    root = make_project(tmp_path / "project")
    outputs = unsafe_outputs(root, tmp_path)
    before = tree_hashes(tmp_path)
    for what, out in outputs.items():
        status = cli.main(["build", "--root", str(root), "--out", str(out)])
        err = capsys.readouterr().err
        assert status == 1, what
        assert "error[output." in err and "  hint: " in err, what
        assert "Traceback" not in err
        assert tree_hashes(tmp_path) == before, what


def test_an_empty_folder_or_a_previous_site_may_be_the_output(tmp_path, capsys):
    """An empty folder, or a site an earlier build made, is replaced by the new site."""
    root = make_project(tmp_path / "project")
    out = tmp_path / "empty"
    out.mkdir()
    assert cli.main(["build", "--root", str(root), "--out", str(out)]) == 0
    assert (out / "index.html").is_file() and (out / site.MARKER).is_file()
    (out / "stale.html").write_text("from an older build\n", encoding="utf-8")
    assert cli.main(["build", "--root", str(root), "--out", str(out), "--clean"]) == 0
    assert not (out / "stale.html").exists()


@pytest.mark.parametrize("module, function", [(pipeline, "make_site"), (document, "document_view")])
def test_a_crash_prints_one_sentence_saves_the_traceback_and_exits_2(module, function, tmp_path, capsys,
                                                                     monkeypatch):
    """An internal error prints one short sentence and where the traceback was saved, exits 2, and
    leaves the previous site as it was; while a document's page is made too, where a template's
    mistake would be the editor's."""
    root = make_project(tmp_path / "project")
    out = tmp_path / "site"
    assert cli.main(["build", "--root", str(root), "--out", str(out)]) == 0
    before = tree_hashes(out)
    capsys.readouterr()

    def broken(*args, **kwargs):
        raise RuntimeError("a stage that fails unexpectedly")

    monkeypatch.setattr(module, function, broken)
    status = cli.main(["build", "--root", str(root), "--out", str(out), "--clean"])
    captured = capsys.readouterr()
    assert status == 2
    lines = captured.err.strip().splitlines()
    assert len(lines) == 2 and lines[0].startswith("internal error:")
    saved = Path(lines[1].rsplit(": ", 1)[1])
    try:
        log = saved.read_text(encoding="utf-8")
        assert "Traceback" in log and "a stage that fails unexpectedly" in log
    finally:
        saved.unlink()
    assert "Traceback" not in captured.err + captured.out
    assert tree_hashes(out) == before
