"""No injection: whatever an editor types in any text field is published as text, never as markup or script.

A corpus of payloads is placed in every text field of a project (the transcription itself,
note bodies and quotes, entry names, aliases and descriptions, document metadata, the
edition's settings, bibliography titles and authors); the site must build, and every HTML
page, TEI file and JSON file must hold the payloads only as inert text.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml
from lxml import etree, html

from edition import cli
from projects import make_project

PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=https://evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<iframe src=javascript:alert(1)>",
    "<body onload=alert(1)>",
    "<details open ontoggle=alert(1)>",
    "<a href=\"javascript:alert(1)\">x</a>",
    "\"><script>alert(1)</script>",
    "'><img src=x onerror=alert(1)>",
    "</title><script>alert(1)</script>",
    "</textarea><script>alert(1)</script>",
    "</script><script>alert(1)</script>",
    "<!--<script>alert(1)</script>-->",
    "]]><script>alert(1)</script>",
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">",
    "<base href=\"javascript:alert(1)//\">",
    "<form action=javascript:alert(1)><input type=submit>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "[click](javascript:alert(1))",
    "[click](JaVaScRiPt:alert(1))",
    "[click](  javascript:alert(1))",
    "[click](java&#x09;script:alert(1))",
    "[click](&#106;avascript:alert(1))",
    "[click](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[click](vbscript:msgbox(1))",
    "[click](<javascript:alert(1)>)",
    "[click](https://example.org\" onmouseover=\"alert(1))",
    "[click](person:clark\" onclick=\"alert(1))",
    "[click](#\"><script>alert(1)</script>)",
    "![image](javascript:alert(1))",
    "![image](data:image/svg+xml,<svg onload=alert(1)>)",
    "<javascript:alert(1)>",
    "<https://example.org/\"onmouseover=\"alert(1)>",
    "[ref]\n\n[ref]: javascript:alert(1)",
    "`<script>alert(1)</script>`",
    "*<script>*alert(1)*</script>*",
    "&lt;script&gt;alert(1)&lt;/script&gt;",
    "{{ 7 * 7 }}{% raw %}{% endraw %}",
    "${alert(1)}",
    "\u2028\u2029</script>\u2028",
    "x\u202egnp.exe",
]
"""Injection payloads: raw HTML, event handlers, dangerous URL schemes written every way Markdown
allows, context breakers for HTML, XML, JSON and script, and template syntax."""

FORBIDDEN_TAGS = {"iframe", "frame", "frameset", "object", "embed", "applet", "base", "form", "textarea", "select",
                  "style", "math", "img", "video", "audio", "source", "template", "portal"}
URL_ATTRIBUTES = {"href", "src", "action", "formaction", "data", "poster", "srcset", "background", "cite",
                  "longdesc", "manifest", "ping", "xlink:href", "{http://www.w3.org/1999/xlink}href"}
BAD_SCHEME_RE = re.compile(r"^(?:javascript|data|vbscript):", re.IGNORECASE)
SENTINEL = "alert(1)"


def _plain(payload: str) -> str:
    """The payload as it can stand in a transcription's paragraph (no blank lines)."""
    return " ".join(payload.split())


def injection_project(target: Path) -> Path:
    """Return the base project with every payload in every text field."""
    root = make_project(target)
    everything = " ~ ".join(_plain(p) for p in PAYLOADS)
    source = root / "sources" / "vaskov-1953-07-03.txt"
    paragraph = " ".join(f"Payload {i}: {_plain(p)}" for i, p in enumerate(PAYLOADS))
    text = source.read_text(encoding="utf-8")
    marker = "We cite the complete text of these documents below:"
    source.write_text(text.replace(marker, f"{marker}\n\n{paragraph}", 1), encoding="utf-8")
    meta_path = root / "sources" / "vaskov-1953-07-03.yaml"
    meta = yaml.safe_load(meta_path.read_text(encoding="utf-8"))
    meta.update(title=everything, summary=everything, rights=everything, source_url="https://example.org/?q=\"<x>")
    for party in ("sender", "recipient"):
        meta[party] = {"name": everything, "role": everything, "place": everything}
    meta["archive"].update(repository=everything, abbreviation=everything)
    meta["stamps"] = [{"text": p, "detail": p} for p in PAYLOADS]
    meta["translation"] = {"translator": everything, "credit": everything}
    for section in meta["structure"]:
        section["title"] = everything
    meta_path.write_text(yaml.safe_dump(meta, allow_unicode=True, sort_keys=False), encoding="utf-8")
    notes = [{"id": f"payload-{i}", "quote": f"Payload {i}:", "body": p, "sources": [{"id": "payloads", "locator": p}]}
             for i, p in enumerate(PAYLOADS)]
    notes.append({"id": "textual", "quote": "Payload 0:", "kind": "textual", "corr": everything, "body": everything})
    persons = [{"id": f"person-{i}", "name": p, "description": p, "aliases": [_plain(p)], "also_known_as": [p]}
               for i, p in enumerate(PAYLOADS)]
    events = [{"id": f"event-{i}", "name": p, "date": "1953-07-27", "description": p} for i, p in enumerate(PAYLOADS)]
    reference = {"id": "payloads", "type": "book", "title": everything, "issued": {"date-parts": [[1966]]},
                 "author": [{"family": p, "given": p} for p in PAYLOADS] + [{"literal": everything}],
                 "publisher": everything, "publisher-place": everything, "container-title": everything,
                 "note": everything}
    settings = {"title": everything, "description": "\n\n".join(PAYLOADS), "editors": PAYLOADS,
                "publisher": everything, "version": "1.0", "date": "2024-01-01", "licence": everything}
    files = {"notes/vaskov-1953-07-03.yaml": {"notes": notes}, "persons.yaml": {"persons": persons},
             "events.yaml": {"events": events}, "bibliography.yaml": {"references": [reference]},
             "edition.yaml": settings}
    for name, data in files.items():
        (root / "annotations" / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False),
                                                 encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def injected_site(tmp_path_factory) -> Path:
    """The site built from the project full of payloads."""
    folder = tmp_path_factory.mktemp("injection")
    root = injection_project(folder / "project")
    out = folder / "site"
    status = cli.main(["build", "--root", str(root), "--out", str(out)])
    assert status == 0, "the project full of payloads must build"
    return out


def files_of(site: Path, suffix: str) -> list[Path]:
    return sorted(p for p in site.rglob(f"*{suffix}") if p.is_file())


def test_the_corpus_is_large_enough():
    """The injection corpus holds at least thirty distinct payloads."""
    assert len(set(PAYLOADS)) >= 30


def test_pages_hold_no_script_handler_or_dangerous_url(injected_site):
    """Every HTML page parses, runs only the site's own scripts, has no event handler, no forbidden
    element and no javascript:, data: or vbscript: address."""
    pages = files_of(injected_site, ".html")
    assert pages
    for page in pages:
        name = page.relative_to(injected_site).as_posix()
        tree = html.fromstring(page.read_bytes())
        for element in tree.iter():
            if not isinstance(element.tag, str):
                continue
            tag = element.tag.lower()
            assert tag not in FORBIDDEN_TAGS, f"{name}: <{tag}>"
            if tag == "script":
                _check_script(element, page, injected_site)
            if tag == "meta" and element.get("http-equiv", "").lower() == "refresh":
                pytest.fail(f"{name}: a refresh meta element")
            for attribute, value in element.attrib.items():
                attribute = attribute.lower()
                assert not attribute.startswith("on"), f"{name}: <{tag} {attribute}>"
                if attribute in URL_ATTRIBUTES or attribute == "style":
                    cleaned = re.sub(r"[\s\x00-\x1f]+", "", value)
                    assert not BAD_SCHEME_RE.match(cleaned) and "javascript:" not in cleaned.lower(), \
                        f"{name}: {attribute}={value!r}"


def _check_script(element, page: Path, site: Path) -> None:
    """A script is JSON-LD data, or the site's own file loaded by address."""
    name = page.relative_to(site).as_posix()
    if element.get("type") == "application/ld+json":
        assert element.get("src") is None
        json.loads(element.text or "")
        return
    src = element.get("src")
    assert src and not (element.text or "").strip(), f"{name}: an inline script"
    assert not re.match(r"^[a-z][a-z0-9+.-]*:|^//", src, re.IGNORECASE), f"{name}: script from {src}"
    assert (page.parent / src).resolve().is_relative_to(site.resolve()) and (page.parent / src).is_file(), \
        f"{name}: script {src} is not a file of the site"


def test_payloads_are_shown_as_text(injected_site):
    """The payloads in a document's title appear on its page as the very characters typed."""
    page = injected_site / "documents" / "vaskov-1953-07-03" / "index.html"
    tree = html.fromstring(page.read_bytes())
    for element in (tree.find(".//title"), tree.find(".//h1")):
        text = " ".join(element.text_content().split())
        for payload in PAYLOADS:
            assert " ".join(payload.split()) in text


def test_every_page_forbids_inline_script(injected_site):
    """Every page carries a Content-Security-Policy that lets only the site's own script files run."""
    for page in files_of(injected_site, ".html"):
        tree = html.fromstring(page.read_bytes())
        policies = [m.get("content", "") for m in tree.iter("meta")
                    if m.get("http-equiv", "").lower() == "content-security-policy"]
        name = page.relative_to(injected_site).as_posix()
        assert len(policies) == 1, f"{name}: {len(policies)} policies"
        directives = {d.split()[0]: d.split()[1:] for d in policies[0].split(";") if d.strip()}
        assert "'self'" in directives.get("script-src", []), name
        assert not {"'unsafe-inline'", "'unsafe-eval'", "*", "data:", "https:", "http:"} & set(directives["script-src"])
        first = next(e for e in tree.iter() if isinstance(e.tag, str) and e.tag in ("meta", "script")
                     and (e.tag == "script" or e.get("http-equiv")))
        assert first.tag == "meta", f"{name}: a script comes before the policy"


def test_xml_is_well_formed_and_holds_payloads_only_as_text(injected_site):
    """Every XML file (TEI, sitemap) parses, has no script or foreign markup, and keeps the payloads as text."""
    documents = files_of(injected_site, ".xml")
    assert documents
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    for document in documents:
        name = document.relative_to(injected_site).as_posix()
        root = etree.parse(str(document), parser).getroot()
        for element in root.iter():
            if isinstance(element.tag, str):
                local = etree.QName(element).localname.lower()
                assert local not in {"script", "iframe", "img", "svg"} | FORBIDDEN_TAGS, f"{name}: <{local}>"
                assert "xhtml" not in (etree.QName(element).namespace or ""), f"{name}: XHTML inside"
                assert not any(etree.QName(a).localname.lower().startswith("on") for a in element.attrib), name
            elif element.tag is etree.ProcessingInstruction:
                assert element.target in ("xml-model", "xml-stylesheet"), f"{name}: <?{element.target}?>"
    tei = injected_site / "documents" / "vaskov-1953-07-03" / "vaskov-1953-07-03.xml"
    if tei.exists():
        text = "".join(etree.parse(str(tei), parser).getroot().itertext())
        for payload in ("<script>alert(1)</script>", "]]><script>alert(1)</script>", "</title><script>"):
            assert payload in text


def test_json_parses_and_scripts_are_not_made_from_input(injected_site):
    """Every JSON file parses; no JavaScript file of the site holds anything an editor typed."""
    for document in files_of(injected_site, ".json"):
        json.loads(document.read_text(encoding="utf-8"))
    for script in files_of(injected_site, ".js"):
        assert SENTINEL not in script.read_text(encoding="utf-8", errors="replace"), script.name
