"""HTML pages: view objects for the templates and inline markup from the shared segments."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape
from markupsafe import Markup, escape

from .. import notes_md, urls
from ..model import Block, Corpus, Document, Entry, ListNode, Mark, Reference, Section, document_blocks
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


@dataclass(frozen=True, slots=True)
class PageContext:
    """What inline rendering needs to know about the page it writes into."""

    page: str
    """The site path of the page, for relative links."""
    note_numbers: dict

    def href(self, path: str, fragment: str = "") -> str:
        return urls.relative(self.page, path, fragment)


def render_inline(nodes: tuple[Inline, ...], context: PageContext) -> Markup:
    """Return HTML for a tree of marks; every character of text is escaped."""
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(escape(node))
            continue
        out.append(_element(node, context))
    return Markup("").join(out)


def _element(node: Element, context: PageContext) -> Markup:
    mark: Mark = node.mark
    tag, css, title = BEHAVIOUR[mark.kind]
    inner = render_inline(node.children, context)
    attrs = f' class="{css}{" " + css + "-" + mark.ref if mark.ref and mark.kind == "field" else ""}"'
    if title:
        attrs += f' title="{escape(title)}"'
    if mark.kind == "footnote-ref":
        from ..parse import footnote_key
        ref = escape(footnote_key(mark.ref))
        if not node.last:
            return Markup(f"<{tag}{attrs}>{inner}</{tag}>")
        return Markup(f'<{tag}{attrs}>{inner}</{tag}><a class="footnote-ref" href="#{ref}" '
                      f'id="ref-{ref}" aria-label="archival footnote {escape(mark.ref)}">'
                      f'<sup>{escape(mark.ref)}</sup></a>')
    if mark.kind == "mention":
        href = escape(context.href(urls.entry_page(mark.value, mark.ref)))
        return Markup(f'<a class="mention mention-{escape(mark.value)}" href="{href}">{inner}</a>')
    if mark.kind == "note":
        anchor = urls.note_anchor(mark.ref)
        number = context.note_numbers[mark.ref]
        if not node.last:
            return Markup(f'<span class="noted">{inner}</span>')
        return Markup(f'<span class="noted">{inner}</span><a class="note-ref" id="ref-{escape(anchor)}" '
                      f'href="#{escape(anchor)}" aria-label="Note {number}"><sup>{number}</sup></a>')
    if mark.kind == "sic":
        return Markup(f'<span class="sic" data-corr="{escape(mark.value)}">{inner}</span>')
    return Markup(f"<{tag}{attrs}>{inner}</{tag}>")


def block_html(block: Block, context: PageContext) -> Markup:
    """Return a block's text as inline HTML, line breaks kept (signature blocks span lines)."""
    html = render_inline(nest(block.text, block.spans), context)
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


def markdown_html(text: str, corpus: Corpus, page: str, inline: bool = False) -> Markup:
    """Return a note body or description as HTML, its references linked relative to `page`."""
    labels = {r.id: short_citation(r) for r in corpus.references}

    def resolve(kind: str, ident: str) -> tuple[str, str]:
        if kind == "bibliography":
            return urls.relative(page, urls.bibliography_page(), urls.reference_anchor(ident)), labels[ident]
        if kind == "note":
            doc_id = next(d for d, notes in corpus.notes.items() if any(n.id == ident for n in notes))
            return urls.relative(page, urls.document_page(doc_id), urls.note_anchor(ident)), ""
        return urls.relative(page, urls.entry_page(kind, ident)), ""

    return Markup(notes_md.render(text, resolve, inline=inline))


def short_citation(reference: Reference) -> str:
    """Return an author-date label such as `Hermes 1966`."""
    csl = reference.csl
    names = csl.get("author") or csl.get("editor") or []
    who = names[0].get("family") or names[0].get("literal", "") if names else csl.get("publisher", "")
    if len(names) == 2:
        who += f" and {names[1].get('family') or names[1].get('literal', '')}"
    elif len(names) > 2:
        who += " et al."
    year = (csl.get("issued", {}).get("date-parts") or [[""]])[0][0]
    return f"{who} {year}".strip()


def document_page(env: Environment, corpus: Corpus, document: Document) -> str:
    """Return the HTML of a document's page."""
    page = urls.document_page(document.id)
    notes = corpus.notes.get(document.id, ())
    context = PageContext(page, {n.id: n.number for n in notes})
    downloads = [Link(label, urls.relative(page, urls.document_file(document.id, ext)))
                 for label, ext in (("JSON (model)", "json"), ("Plain text", "txt"))]
    endnotes = [(n, markdown_html(n.body, corpus, page)) for n in notes]
    return env.get_template("document.html").render(
        document=document, page=page, block_html=lambda b: block_html(b, context), endnotes=endnotes,
        note_anchor=urls.note_anchor, home=urls.relative(page, urls.home()), downloads=downloads,
        section_anchor=urls.section_anchor, stylesheet=urls.relative(page, "assets/edition.css"))


def entry_page(env: Environment, corpus: Corpus, entry: Entry) -> str:
    """Return the HTML of a register entry's page, with every mention in context."""
    page = urls.entry_page(entry.kind, entry.id)
    mentions = []
    for document in corpus.documents:
        for block in document_blocks(document):
            for span in block.spans:
                if span.mark.kind == "mention" and span.mark.ref == entry.id and span.mark.value == entry.kind:
                    mentions.append(Link(_keyword_in_context(block.text, span.start, span.end),
                                         urls.relative(page, urls.document_page(document.id), block.key)))
    return env.get_template("entry.html").render(
        entry=entry, page=page, description=markdown_html(entry.description, corpus, page), mentions=mentions,
        home=urls.relative(page, urls.home()), stylesheet=urls.relative(page, "assets/edition.css"))


def _keyword_in_context(text: str, start: int, end: int, width: int = 60) -> str:
    before = " ".join(text[max(0, start - width):start].split())
    after = " ".join(text[end:end + width].split())
    return f"…{before} {text[start:end]} {after}…"


def home_page(env: Environment, corpus: Corpus) -> str:
    """Return the HTML of the landing page."""
    page = urls.home()
    cards = [(d, urls.relative(page, urls.document_page(d.id))) for d in corpus.documents]
    return env.get_template("index.html").render(cards=cards, page=page, home="./",
                                                 stylesheet=urls.relative(page, "assets/edition.css"))
