"""The built sites checked by independent tools: the Nu Html Checker, and the search index against the pages.

Internal links and fragments are checked by `test_site_links.py`."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import READING_ROOT, ROOT, SEARCH_ROOT, unavailable, user_cache
from sitereader import Site
from edition.pipeline import Project, load_corpus
from edition.render.search import search_records

VNU_VERSION = "26.9.27"
"""The Nu Html Checker from npm's `vnu-jar`: recent enough to know `popover` and `<search>`."""
PROJECTS = {"search": SEARCH_ROOT, "reading": READING_ROOT, "edition": ROOT}
"""The fixture projects of the search and reading tests, and the real edition."""


@pytest.fixture(scope="session")
def vnu_jar() -> Path:
    """The Nu Html Checker's jar, installed once with npm into the user's cache (or `$VNU_JAR`)."""
    if os.environ.get("VNU_JAR"):
        return Path(os.environ["VNU_JAR"])
    cache = user_cache() / f"vnu-jar-{VNU_VERSION}"
    jar = cache / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
    if not jar.exists():
        if shutil.which("npm") is None:
            unavailable("npm", "the Nu Html Checker is installed with npm: install Node.js and npm.")
        subprocess.run(["npm", "install", "--no-save", "--no-package-lock", "--ignore-scripts", "--no-audit",
                        "--no-fund", "--prefix", str(cache), f"vnu-jar@{VNU_VERSION}"],
                       check=True, capture_output=True, timeout=300)
    return jar


def test_nu_html_checker_reports_no_error_on_any_page(request, vnu_jar, tmp_path):
    """The Nu Html Checker finds no error on any page of any site (and does find one on a page made invalid)."""
    if shutil.which("java") is None:
        unavailable("Java", "the Nu Html Checker needs Java 17 or newer: install default-jre-headless.")
    invalid = tmp_path / "invalid.html"
    invalid.write_text('<!doctype html><html lang="en"><title>x</title><p id="a"><p id="a">', encoding="utf-8")
    sites = {name: request.getfixturevalue(f"{name}_site") for name in PROJECTS}
    pages = [page for site in sites.values() for page in sorted(site.rglob("*.html"))]
    assert len(pages) > 50
    # One run for every page: the checker's start-up is most of its time.
    result = subprocess.run(["java", "-jar", str(vnu_jar), "--errors-only", "--format", "json", str(invalid),
                             *map(str, pages)], capture_output=True, text=True, timeout=600)
    messages = json.loads(result.stderr or result.stdout)["messages"]
    assert any(m.get("url", "").endswith("/invalid.html") for m in messages), "the checker saw the invalid page"
    problems = [f"{m.get('url', '').rsplit('/www/', 1)[-1]}:{m.get('lastLine', '?')}: {m['message']}"
                for m in messages if not m.get("url", "").endswith("/invalid.html")]
    assert problems == []


@pytest.mark.parametrize("name", sorted(PROJECTS))
def test_every_search_result_reaches_its_page_and_anchor(request, name):
    """Every search result links to a page and an anchor that the site has."""
    site = Site(request.getfixturevalue(f"{name}_site"))
    broken = []
    for record in search_records(load_corpus(Project(PROJECTS[name]))[0]):
        target = site.resolve("index.html", record.url)
        if not site.exists(target.path) or (target.fragment and target.fragment not in site.ids(target.path)):
            broken.append(record.url)
    assert broken == []
