"""HTML pages: view objects for the templates and inline markup from the shared segments."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .. import urls
from ..model import Block, Document, ListNode, Mark, Section
from ..segments import Element, Inline, nest

# How each mark kind is shown: element, class, and a title explaining it to the reader.
BEHAVIOUR: dict[str, tuple[str, str, str]] = {
    "label": ("span", "label", ""),
    "head": ("span", "run-in-head", ""),
    "field": ("span", "field", ""),
    "dateline": ("span", "dateline", ""),
    "signed": ("span", "signed", ""),
    "translator-note": ("span", "translator-note", "Translator's note (in the source translation)"),
    "editor-note": ("span", "editor-note", "Editor's note (in the source)"),
    "stamp": ("span", "stamp", "Stamp"),
    "supplied": ("span", "supplied", "Word(s) supplied by the translator"),
    "elision": ("span", "elision", "Omission in the source"),
    "interpolation": ("span", "interpolation", "Bracketed in the source"),
    "emphasis": ("em", "emphasis", ""),
    "sic": ("span", "sic", ""),
    "mention": ("span", "mention", ""),
    "note": ("span", "noted", ""),
    "footnote-ref": ("span", "footnoted", ""),
}


def render_inline(nodes: tuple[Inline, ...], page: str) -> Markup:
    """Return HTML for a tree of marks; every character of text is escaped."""
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(escape(node))
            continue
        out.append(_element(node, page))
    return Markup("").join(out)


def _element(node: Element, page: str) -> Markup:
    mark: Mark = node.mark
    tag, css, title = BEHAVIOUR[mark.kind]
    inner = render_inline(node.children, page)
    attrs = f' class="{css}{" " + css + "-" + mark.ref if mark.ref and mark.kind == "field" else ""}"'
    if title:
        attrs += f' title="{escape(title)}"'
    if mark.kind == "footnote-ref":
        from ..parse import footnote_key
        ref = escape(footnote_key(mark.ref))
        return Markup(f'<{tag}{attrs}>{inner}</{tag}><a class="footnote-ref" href="#{ref}" '
                      f'id="ref-{ref}" aria-label="archival footnote {escape(mark.ref)}">'
                      f'<sup>{escape(mark.ref)}</sup></a>')
    return Markup(f"<{tag}{attrs}>{inner}</{tag}>")


def block_html(block: Block, page: str) -> Markup:
    """Return a block's text as inline HTML, line breaks kept (signature blocks span lines)."""
    html = render_inline(nest(block.text, block.spans), page)
    return Markup(html.replace("\n\n", "<br>\n").replace("\n", "<br>\n"))


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    href: str


def environment(template_dir: Path) -> Environment:
    """Return the one Jinja environment: autoescaped, strict about undefined names."""
    env = Environment(loader=FileSystemLoader(str(template_dir)), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.tests["block"] = lambda node: isinstance(node, Block)
    env.tests["list"] = lambda node: isinstance(node, ListNode)
    env.tests["section"] = lambda node: isinstance(node, Section)
    return env


def document_page(env: Environment, document: Document) -> str:
    """Return the HTML of a document's page."""
    page = urls.document_page(document.id)
    downloads = [Link(label, urls.relative(page, urls.document_file(document.id, ext)))
                 for label, ext in (("JSON (model)", "json"), ("Plain text", "txt"))]
    return env.get_template("document.html").render(
        document=document, page=page, block_html=lambda b: block_html(b, page),
        home=urls.relative(page, urls.home()), downloads=downloads, section_anchor=urls.section_anchor,
        stylesheet=urls.relative(page, "assets/edition.css"))


def home_page(env: Environment, documents: tuple[Document, ...]) -> str:
    """Return the HTML of the landing page."""
    page = urls.home()
    cards = [(d, urls.relative(page, urls.document_page(d.id))) for d in documents]
    return env.get_template("index.html").render(cards=cards, page=page, home="./",
                                                 stylesheet=urls.relative(page, "assets/edition.css"))
