"""Shared fixtures: the project, the real cable parsed, and the sites the tests read, each built once a session.

The sites are built in this process (the tests of the command line run `build.py` themselves);
those whose tests never look at the search index are built without it.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # the package is used from the checkout, installed or not
    sys.path.insert(0, str(ROOT))

from edition.parse import load_document  # noqa: E402
from edition.pipeline import Project, build  # noqa: E402

CABLE = "vaskov-1953-07-03"
"""The flagship document: the Soviet embassy cable of 3 July 1953, N° 1211-1220."""


def run_build(root: Path, out: Path) -> subprocess.CompletedProcess:
    """Run `python build.py --root ROOT --out OUT` as an editor would, and return the finished process."""
    return subprocess.run([sys.executable, str(ROOT / "build.py"), "--root", str(root), "--out", str(out)],
                          capture_output=True, text=True, timeout=120)


def copy_inputs(project: Path, inputs: tuple[str, ...], target: Path) -> Path:
    """Copy `inputs` of `project` (those it has) and the real templates to `target`; return it."""
    for input_name in inputs:
        if (project / input_name).exists():
            shutil.copytree(project / input_name, target / input_name)
    shutil.copytree(ROOT / "templates", target / "templates")
    return target


def copy_project(target: Path) -> Path:
    """Copy the real project's foundation (sources and templates) into `target` and return it.

    The editorial layer (`annotations/`) is left out, so that the tests that use it check the
    transcription and its structure whatever state the notes and registers are in."""
    return copy_inputs(ROOT, ("sources",), target)


@pytest.fixture(scope="session")
def project_root() -> Path:
    """The real project (this checkout)."""
    return ROOT


@pytest.fixture(scope="session")
def source_text(project_root) -> str:
    """The verbatim transcription of the real cable."""
    return (project_root / "sources" / f"{CABLE}.txt").read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def cable(project_root):
    """The real cable parsed into the document model."""
    document, problems = load_document(project_root, CABLE)
    assert problems == [], [d.format() for d in problems]
    return document


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real cable, without the editorial layer, built once (without the search index)."""
    return build_site(tmp_path_factory, "built", ROOT, ("sources",), with_search=False)


SEARCH_ROOT = ROOT / "tests" / "roots" / "search"
"""The real sources with fixture registers and notes: what the search, browser and validator tests use."""


def build_site(tmp_path_factory, name: str, project: Path, inputs: tuple[str, ...],
               with_search: bool = True) -> Path:
    """Build `project` (with `inputs` copied from it, and the real templates) to `<tmp>/www/<name>` and return it.

    The site sits in a subfolder of `www`, so that serving `www` shows it as a static host would
    from a folder of its own. One process builds it: no worker is forked from the test session."""
    folder = tmp_path_factory.mktemp(name)
    out = folder / "www" / name
    build(Project(copy_inputs(project, inputs, folder / "project")), out, jobs=1, with_search=with_search)
    return out


@pytest.fixture(scope="session")
def search_site(tmp_path_factory) -> Path:
    """The fixture project `tests/roots/search` (two documents, fixture notes and registers), built once."""
    return build_site(tmp_path_factory, "search", SEARCH_ROOT, ("sources", "annotations"))


@pytest.fixture(scope="session")
def sharded_search_site(tmp_path_factory) -> Path:
    """The search fixture project built with a search index of shards of 30 records, as a large edition's is."""
    from unittest import mock

    from edition.publish import pagefind

    folder = tmp_path_factory.mktemp("sharded")
    out = folder / "www" / "sharded"
    with mock.patch.object(pagefind, "SHARD_SIZE", 30):
        build(Project(copy_inputs(SEARCH_ROOT, ("sources", "annotations"), folder / "project")), out, jobs=1)
    return out


@pytest.fixture(scope="session")
def edition_site(tmp_path_factory) -> Path:
    """The real edition, annotations and editorial principles included, built once."""
    return build_site(tmp_path_factory, "edition", ROOT, ("sources", "annotations", "docs"))


TEI_ROOT = ROOT / "tests" / "roots" / "tei"
"""The real cable and a second one, with fixture notes, registers, bibliography and the site's address: what
the TEI and citation tests read."""


@pytest.fixture(scope="session")
def tei_site(tmp_path_factory) -> Path:
    """The fixture project `tests/roots/tei`, built once (without the search index)."""
    return build_site(tmp_path_factory, "tei", TEI_ROOT, ("sources", "annotations"), with_search=False)


READING_ROOT = ROOT / "tests" / "roots" / "reading"
"""Two documents with fixture notes, registers, bibliography, settings and principles: the reading-site tests."""


@pytest.fixture(scope="session")
def reading_site(tmp_path_factory) -> Path:
    """The fixture project `tests/roots/reading`, built once."""
    return build_site(tmp_path_factory, "reading", READING_ROOT, ("sources", "annotations", "docs"))
