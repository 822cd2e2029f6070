"""Series of documents: parallel builds, the build cache, and rebuilds that write only what changed."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from benchmarks.corpus import write_project
from edition import pipeline
from edition.pipeline import Project, build

ROOT = Path(__file__).resolve().parent.parent


def tree(folder: Path) -> dict[str, bytes]:
    """Every file under `folder`: relative path → bytes."""
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def stats(folder: Path) -> dict[str, tuple[int, int]]:
    """Inode and modification time of the folder and of every file in it."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_ino, p.stat().st_mtime_ns)
            for p in [folder, *folder.rglob("*")]}


@pytest.fixture(scope="module")
def series(tmp_path_factory) -> Path:
    """A project of two synthetic cables, made by the benchmark's generator."""
    return write_project(tmp_path_factory.mktemp("series") / "project", 2)


@pytest.fixture
def project(series, tmp_path) -> Path:
    """A fresh copy of the series, without any cache."""
    return Path(shutil.copytree(series, tmp_path / "project"))


def test_parallel_build_equals_one_process_build(project, tmp_path):
    """Building with two worker processes writes exactly the files a one-process build writes."""
    build(Project(project), tmp_path / "one", jobs=1, clean=True)
    build(Project(project), tmp_path / "two", jobs=2, clean=True)
    one, two = tree(tmp_path / "one"), tree(tmp_path / "two")
    assert len([p for p in one if p.endswith("/index.html") and p.startswith("documents/")]) == 2
    assert one == two


def test_series_pages_span_every_document(project, tmp_path):
    """The landing page lists every document by date, and an entry named in each groups its mentions by document."""
    build(Project(project), tmp_path / "site", jobs=2, with_search=False)
    home = (tmp_path / "site" / "index.html").read_text(encoding="utf-8")
    dates = {i: (project / "sources" / f"cable-{i:05d}.yaml").read_text(encoding="utf-8").split('date: \'')[1][:10]
             for i in range(2)}
    by_date = sorted(range(2), key=lambda i: dates[i])
    positions = [home.index(f'href="documents/cable-{i:05d}/"') for i in by_date]
    assert positions == sorted(positions)
    assert 'href="#kind-telegram"' in home and 'id="kind-telegram"' in home
    red_cross = (tmp_path / "site" / "organizations" / "red-cross" / "index.html").read_text(encoding="utf-8")
    assert all(f"documents/cable-{i:05d}/" in red_cross for i in range(2))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_incremental_rebuild_equals_clean_build(project, tmp_path, monkeypatch):
    """After editing a note, an entry, a template or a document, a rebuild redoes only what changed, as a clean build."""
    rendered = []
    original = pipeline._document_output
    monkeypatch.setattr(pipeline, "_document_output",
                        lambda *args: rendered.append(args[-1].id) or original(*args))
    site = tmp_path / "site"
    build(Project(project), site, jobs=1)
    assert len(rendered) == 2

    edits = [
        (project / "annotations" / "notes" / "cable-00001.yaml", "body: On ", "body: Of "),
        (project / "annotations" / "persons.yaml", "An official named in the cables",
         "A diplomat named in the cables"),
        (project / "templates" / "entry.html", '<article class="entry"', '<article class="entry edited"'),
        (project / "templates" / "base.html", "<body", "<body data-edited=\"yes\""),
        (project / "sources" / "cable-00001.yaml", "title: Telegram", "title: Cable"),
    ]
    # A note or a document's own file re-renders that document only; the entry template, no document.
    expected_renders = [["cable-00001"], None, [], ["cable-00000", "cable-00001"], ["cable-00001"]]
    for (path, old, new), expected in zip(edits, expected_renders):
        rendered.clear()
        edit(path, old, new)
        build(Project(project), site, jobs=1)
        if expected is not None:
            assert rendered == expected
        build(Project(project), tmp_path / "clean", jobs=1, clean=True)
        assert tree(site) == tree(tmp_path / "clean"), f"stale pages after editing {path.name}"


def test_rebuild_writes_only_the_files_that_change(project, tmp_path):
    """After a note is edited, the rebuild rewrites the pages that show it and leaves every other file as it was."""
    site = tmp_path / "site"
    build(Project(project), site)
    before = stats(site)
    edit(project / "annotations" / "notes" / "cable-00001.yaml", "body: On ", "body: Of ")
    count, _ = build(Project(project), site)
    after = stats(site)
    changed = {path for path in after if after[path] != before.get(path) and (site / path).is_file()}
    assert "documents/cable-00001/index.html" in changed
    assert "documents/cable-00000/index.html" not in changed and "assets/edition.css" not in changed
    assert after["."][0] == before["."][0]  # the same folder, updated in place
    removed = set(before) - set(after)  # search files are named by their content
    assert count == len(changed) + len(removed) and len(changed) < len(after) / 4
    assert build(Project(project), site)[0] == 0 and stats(site) == after  # the record knows the updated site


def test_rebuild_removes_the_files_of_a_removed_document(project, tmp_path):
    """A document taken out of the sources leaves the site with its folder; the rest is as a clean build."""
    site = tmp_path / "site"
    build(Project(project), site)
    for path in ("sources/cable-00001.txt", "sources/cable-00001.yaml", "annotations/notes/cable-00001.yaml"):
        (project / path).unlink()
    build(Project(project), site)
    assert not (site / "documents" / "cable-00001").exists()
    build(Project(project), tmp_path / "clean", clean=True)
    assert tree(site) == tree(tmp_path / "clean")


def test_rebuild_cut_short_while_publishing_is_mended_by_the_next(project, tmp_path, monkeypatch):
    """If a build dies while moving its files into the site, the next build writes the whole site again."""
    site = tmp_path / "site"
    build(Project(project), site)
    edit(project / "annotations" / "notes" / "cable-00001.yaml", "body: On ", "body: Of ")
    moves, move = [], os.replace

    def replace_once(source, target):
        if Path(target).is_relative_to(site.resolve()):  # a move into the site, not a write into the cache
            if moves:
                raise OSError("the machine went down")
            moves.append(target)
        move(source, target)

    monkeypatch.setattr("edition.publish.site.os.replace", replace_once)
    with pytest.raises(OSError):
        build(Project(project), site)
    assert len(moves) == 1  # cut short with one file moved in
    monkeypatch.undo()
    build(Project(project), site)
    build(Project(project), tmp_path / "clean", clean=True)
    assert tree(site) == tree(tmp_path / "clean")


def test_rebuild_with_nothing_changed_writes_nothing(project, tmp_path):
    """A rebuild with no input changed leaves the site folder and every file in it untouched."""
    site = tmp_path / "site"
    build(Project(project), site)
    before = stats(site)
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(project), "--out", str(site)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert stats(site) == before


def test_rebuild_restores_a_damaged_site(project, tmp_path):
    """If a file of the site was deleted since the last build, a rebuild with unchanged inputs writes it again."""
    site = tmp_path / "site"
    build(Project(project), site)
    expected = tree(site)
    (site / "documents" / "cable-00001" / "index.html").unlink()
    build(Project(project), site)
    assert tree(site) == expected


def test_clean_rebuild_ignores_the_cache(project, tmp_path):
    """`--clean` rebuilds from the inputs even when the cache believes nothing changed."""
    site = tmp_path / "site"
    build(Project(project), site)
    text = project / "sources" / "cable-00000.txt"
    before = text.stat()
    edit(text, "complete text", "complite text")  # same size and, below, same time: invisible to the cache
    os.utime(text, ns=(before.st_atime_ns, before.st_mtime_ns))
    page = site / "documents" / "cable-00000" / "index.html"
    build(Project(project), site)
    assert "complite" not in page.read_text(encoding="utf-8")
    result = subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(project), "--out", str(site),
                             "--clean", "--jobs", "2", "--quiet"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "complite" in page.read_text(encoding="utf-8")


def test_identical_documents_stay_two_documents(project, tmp_path):
    """Two documents whose files are identical are two documents in every build, cached or not."""
    for suffix in ("txt", "yaml"):
        shutil.copy(project / "sources" / f"cable-00000.{suffix}", project / "sources" / f"cable-00009.{suffix}")
    site = tmp_path / "site"
    build(Project(project), site, with_search=False)
    edit(project / "templates" / "base.html", "<body", "<body data-edited=\"yes\"")
    build(Project(project), site, with_search=False)
    assert '"id": "cable-00009"' in (site / "documents" / "cable-00009" / "cable-00009.json").read_text()


def test_alias_index_finds_what_each_alias_search_finds(cable):
    """Register names are found by a word index exactly where searching the text for each alias finds them."""
    from edition.anchor import AliasIndex, _alias_pattern
    from edition.errors import Location
    from edition.model import Entry, document_blocks

    names = [["Syngman Rhee", "Rhee"], ["Kim Il Sung", "Kim"], ["Vas'kov"], ["US", "the US"], ["POWs", "POWs of"],
             ['"who fled"'], ["Korea", "Korean People's Army", "Korea Korea"], ["Peng Dehuai"], ["Clark", "Clarks"]]
    entries = tuple(Entry("persons", f"e{i}", aliases[0], tuple(aliases), "", Location("x"))
                    for i, aliases in enumerate(names))
    index = AliasIndex(entries)
    for block in document_blocks(cable):
        expected = sorted((m.start(), m.end(), entry.id, alias) for entry in entries for alias in entry.aliases
                          for m in _alias_pattern(alias).finditer(block.text))
        found = sorted((start, end, entry.id, alias) for start, end, entry, alias in index.matches(block.text))
        assert found == expected, block.key
    assert any(alias == '"who fled"' for b in document_blocks(cable) for *_, alias in index.matches(b.text))
