"""The edition's own settings and principles: located errors, and a site that says only what the data says."""

from __future__ import annotations

from dataclasses import replace

from lxml import html as lxml_html

from conftest import READING_ROOT, ROOT
from edition.pipeline import Project, load_corpus
from edition.render.html.pages import about_view
from edition.render.html.templates import environment
from edition.settings import UNTITLED, load_settings


def test_a_mistake_in_the_settings_is_located_with_a_hint(tmp_path):
    """A misspelt key or a malformed version in annotations/edition.yaml is reported at its line and column."""
    (tmp_path / "annotations").mkdir()
    (tmp_path / "annotations" / "edition.yaml").write_text('titel: X\nversion: "one"\ndate: "2001-02-03"\n',
                                                          encoding="utf-8")
    settings, problems = load_settings(tmp_path)
    found = sorted((str(p.location), p.code, p.hint) for p in problems)
    assert ("annotations/edition.yaml:1:1", "yaml.unknown-key", "did you mean 'title'?") in found
    assert any(location == "annotations/edition.yaml:2:10" and code == "yaml.value" for location, code, _ in found)
    assert settings.title == UNTITLED


def test_without_settings_or_principles_the_about_page_shows_what_exists(tmp_path):
    """A project with neither file is titled plainly, and its about page claims no principles, version or licence."""
    settings, problems = load_settings(tmp_path)
    assert problems == [] and settings.title == UNTITLED and settings.principles == ""
    corpus = load_corpus(Project(READING_ROOT))[0]
    page = environment(ROOT / "templates").get_template("about.html").render(view=about_view(corpus, settings))
    tree = lxml_html.fromstring(page)
    assert not tree.xpath("//section[contains(@class, 'principles')]")
    assert "version" not in tree.xpath("string(//main)").lower()
    assert tree.xpath("string(//title)") == f"About this edition · {UNTITLED}"


def test_the_principles_file_is_read_when_present():
    """docs/editorial-principles.md is the about page's principles, as Markdown."""
    settings, problems = load_settings(READING_ROOT)
    assert problems == [] and settings.principles.startswith("# Editorial principles")
    corpus = load_corpus(Project(READING_ROOT))[0]
    view = about_view(corpus, replace(settings, principles="# Principles\n\nOne <script>x</script> rule."))
    assert str(view.principles).startswith("<h2>Principles</h2>") and "<script>" not in str(view.principles)
