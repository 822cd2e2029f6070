"""Markdown of notes and descriptions: one locked-down parser, references, safe links.

Raw HTML is off; links may only use safe schemes or our reference schemes
(`person:clark`, `place:panmunjom`, `note:clark-letter`); `[@id, locator]`
cites a bibliography entry. References are collected when the annotations are
loaded and resolved when the site is rendered.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Callable

from markdown_it import MarkdownIt
from markdown_it.rules_inline import StateInline

REF_SCHEMES = {"person": "persons", "org": "organizations", "organization": "organizations", "place": "places",
               "event": "events", "term": "terms", "note": "note"}
SAFE_SCHEMES = ("https:", "http:", "mailto:")
CITE_RE = re.compile(r"\[@([A-Za-z0-9][A-Za-z0-9_:.-]*)(?:,\s*([^\]\n]+))?\]")


def _validate_link(url: str) -> bool:
    lowered = url.strip().lower()
    if lowered.startswith(SAFE_SCHEMES) or lowered.startswith("#"):
        return True
    scheme = lowered.split(":", 1)[0]
    return ":" in lowered and scheme in REF_SCHEMES


def _cite_rule(state: StateInline, silent: bool) -> bool:
    if state.src[state.pos] != "[" or not state.src.startswith("[@", state.pos):
        return False
    match = CITE_RE.match(state.src, state.pos)
    if not match:
        return False
    if not silent:
        token = state.push("cite", "", 0)
        token.meta = {"id": match.group(1), "locator": (match.group(2) or "").strip()}
        token.content = match.group(0)
    state.pos = match.end()
    return True


def cite_plugin(md: MarkdownIt) -> None:
    """Add `[@id]` and `[@id, locator]` citations as `cite` tokens (before links)."""
    md.inline.ruler.before("link", "cite", _cite_rule)


@cache
def markdown() -> MarkdownIt:
    """Return the one configured parser: CommonMark without raw HTML or images, with citations."""
    md = MarkdownIt("commonmark", {"html": False, "linkify": False, "typographer": False})
    md.disable(["image", "html_block", "html_inline"])
    md.validateLink = _validate_link
    md.use(cite_plugin)
    md.add_render_rule("cite", lambda renderer, tokens, idx, options, env: _render_cite(tokens[idx], env["resolve"]))
    # A line break inside a paragraph of the YAML is a space: the HTML is the same to a reader, and compresses better.
    md.add_render_rule("softbreak", lambda renderer, tokens, idx, options, env: " ")
    return md


def references(text: str) -> list[tuple[str, str, int]]:
    """Return `(kind, id, offset of the id in text)` of every reference and citation in a Markdown text.

    A reference written twice is found twice, each at its own place: the n-th time the parser gives
    the same words, they are located at their n-th occurrence in the text.
    """
    found, searched = [], {}
    for token in markdown().parse(text):
        for child in token.children or ():
            if child.type == "cite":
                kind, ident, written = "bibliography", child.meta["id"], child.content
            elif child.type == "link_open":
                written = str(child.attrGet("href") or "")
                scheme, _, ident = written.partition(":")
                if scheme not in REF_SCHEMES or not ident:
                    continue
                kind = REF_SCHEMES[scheme]
            else:
                continue
            index = text.find(written, searched.get(written, 0))
            if index >= 0:
                searched[written] = index + len(written)
            found.append((kind, ident, max(index, 0) + written.find(ident)))
    return found


Resolver = Callable[[str, str], tuple[str, str]]
"""(kind, id) → (href, label); label is used for citations."""


def render(text: str, resolve: Resolver, inline: bool = False) -> str:
    """Return safe HTML for a Markdown text, with references turned into site links."""
    md = markdown()
    tokens = md.parse(text)
    for token in tokens:
        for child in token.children or ():
            if child.type == "link_open":
                href = str(child.attrGet("href") or "")
                scheme, _, ident = href.partition(":")
                if scheme in REF_SCHEMES:
                    child.attrSet("href", resolve(REF_SCHEMES[scheme], ident)[0])
    html = md.renderer.render(tokens, md.options, {"resolve": resolve})
    if inline:
        html = re.sub(r"^<p>(.*)</p>\n?$", r"\1", html, flags=re.S)
    return html


def _render_cite(token, resolve: Resolver) -> str:
    from markupsafe import escape
    href, label = resolve("bibliography", token.meta["id"])
    locator = f", {token.meta['locator']}" if token.meta["locator"] else ""
    return f'<a href="{escape(href)}">{escape(label)}{escape(locator)}</a>'
