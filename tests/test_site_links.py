"""Every page of the reading edition: links that resolve, landmarks, one h1, no inline script."""

from __future__ import annotations

import pytest

from conftest import ROOT
from sitereader import Site

SITES = ["reading", "edition"]


@pytest.fixture(scope="module", params=SITES)
def site(request) -> Site:
    """The fixture site, and the real edition when its annotations have been written."""
    if request.param == "edition" and not any((ROOT / "annotations").rglob("*.yaml")):
        pytest.skip("the real edition has no annotations yet")
    return Site(request.getfixturevalue(f"{request.param}_site"), "/edition/" if request.param == "reading" else "/")


def test_every_internal_link_and_fragment_resolves(site):
    """Every href and src inside the site leads to a file, and every #fragment to an element of that page."""
    broken = []
    for page in site.html_paths():
        tree = site.page(page)
        for element, attribute in [(e, "href") for e in tree.xpath("//*[@href]")] + \
                                  [(e, "src") for e in tree.xpath("//*[@src]")]:
            href = element.get(attribute)
            target = site.resolve(page, href)
            if target is None:
                continue
            if not site.exists(target.path):
                broken.append(f"{page}: {href} (no file {target.path})")
            elif target.fragment and target.path.endswith(".html") and target.fragment not in site.ids(target.path):
                broken.append(f"{page}: {href} (no #{target.fragment} in {target.path})")
    assert not broken, "\n".join(broken[:30])


def test_references_within_a_page_name_existing_ids(site):
    """Popover targets, label targets and aria references name an element of the same page."""
    missing = []
    for page in site.html_paths():
        tree = site.page(page)
        ids = site.ids(page)
        for attribute in ("popovertarget", "for", "aria-labelledby", "aria-describedby"):
            for value in tree.xpath(f"//@{attribute}"):
                missing += [f"{page}: {attribute}={name}" for name in value.split() if name not in ids]
    assert not missing, "\n".join(missing[:30])


def test_ids_are_unique_on_every_page(site):
    """No id is used twice on a page, so every anchor leads to one place."""
    for page in site.html_paths():
        ids = site.page(page).xpath("//@id")
        assert len(ids) == len(set(ids)), f"{page}: {sorted(i for i in set(ids) if ids.count(i) > 1)}"


def test_every_page_has_one_h1_landmarks_and_a_language(site):
    """Each page has exactly one h1, a header, a main, a footer and a nav, and declares its language."""
    for page in site.html_paths():
        tree = site.page(page)
        assert len(tree.xpath("//h1")) == 1, page
        for landmark in ("header", "main", "footer", "nav"):
            assert tree.xpath(f"//{landmark}"), f"{page} has no <{landmark}>"
        assert tree.get("lang") == "en", page
        assert tree.xpath("//a[@class='skip'][@href='#main']") and tree.xpath("//main[@id='main']"), page


def test_images_and_drawings_have_text_alternatives(site):
    """Every img has alt text and every svg a title."""
    for page in site.html_paths():
        tree = site.page(page)
        assert not tree.xpath("//img[not(@alt)]"), page
        for svg in tree.xpath("//svg"):
            assert svg.xpath("./title") and svg.xpath("./title")[0].text_content().strip(), page


def test_no_inline_script_style_or_event_handlers(site):
    """Pages run under `script-src 'self'`: scripts are files, and no element carries a handler or a style.

    A JSON-LD block is data, never run, and so allowed by that policy."""
    for page in site.html_paths():
        tree = site.page(page)
        scripts = tree.xpath("//script[not(@type='application/ld+json')]")
        assert all(s.get("src") and not (s.text or "").strip() for s in scripts), page
        assert not tree.xpath("//style | //*[@style]"), page
        handlers = [a for e in tree.iter() if isinstance(e.tag, str) for a in e.attrib if a.startswith("on")]
        assert not handlers, page


def test_the_site_makes_no_third_party_requests(site):
    """Stylesheets, scripts and images all come from the site itself."""
    for page in site.html_paths():
        tree = site.page(page)
        for url in tree.xpath("//link[@rel='stylesheet']/@href | //script/@src | //img/@src"):
            assert site.resolve(page, url) is not None, f"{page}: {url}"
