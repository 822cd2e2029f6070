"""Inline HTML of a block: its text with every mark, from the shared segment tree.

Every character of the transcription is written, escaped, in order; marks only
wrap it. What the editors add (note markers, footnote markers, corrected
readings, labels for assistive technology) is set apart by class, so the
diplomatic view and the plain-text export can leave it out.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from ... import urls
from ...model import Block, Mark
from ...segments import Element, Inline, nest

# How each mark kind is shown: element, class, an explanation for the hover title, and a short
# label read by screen readers before the words (brackets alone do not say who added them).
BEHAVIOUR: dict[str, tuple[str, str, str, str]] = {
    "label": ("span", "label", "", ""),
    "head": ("span", "run-in", "", ""),
    "field": ("span", "field", "", ""),
    "dateline": ("span", "dateline", "", ""),
    "signed": ("span", "signed", "", ""),
    "translator-note": ("span", "tn", "Translator's note: part of the published translation", ""),
    "editor-note": ("span", "tn", "Editor's note, in the source", ""),
    "stamp": ("span", "stamp", "A stamp, described in the source", "stamp: "),
    "supplied": ("span", "supplied", "Supplied by the translator: not in the original", "supplied by the translator: "),
    "elision": ("span", "elision", "Omission marked in the source", "omission: "),
    "interpolation": ("span", "interp", "Bracketed in the source translation", "bracketed in the source: "),
    "emphasis": ("em", "", "", ""),
}
FIELD_TITLES = {"numbers": "Telegram numbers", "date": "Date", "time": "Time"}


@dataclass(frozen=True, slots=True)
class PageContext:
    """What inline rendering needs to know about the page it writes into."""

    page: str
    """The site path of the page, for relative links."""
    note_numbers: dict
    """Note id → its number in the document."""
    entries: dict
    """(kind, entry id) → the `Entry`, for its display name."""
    footnote_keys: dict
    """Archival footnote marker as written (`**`) → the footnote's anchor (its block key, `s2`)."""

    def href(self, path: str, fragment: str = "") -> str:
        return urls.relative(self.page, path, fragment)


def block_html(block: Block, context: PageContext) -> Markup:
    """Return a block's text as inline HTML; line breaks inside a block (a signature) are kept."""
    return render_inline(nest(block.text, block.spans), context)


def render_inline(nodes: tuple[Inline, ...], context: PageContext) -> Markup:
    """Return HTML for a tree of marks; every character of text is escaped."""
    out = []
    for node in nodes:
        if isinstance(node, str):
            out.append(Markup("<br>\n").join(escape(line) for line in node.replace("\n\n", "\n").split("\n")))
        else:
            out.append(_element(node, context))
    return Markup("").join(out)


def _element(node: Element, context: PageContext) -> Markup:
    mark: Mark = node.mark
    inner = render_inline(node.children, context)
    if mark.kind == "mention":
        return _mention(mark, inner, context)
    if mark.kind == "note":
        return _note(mark, inner, node.last, context)
    if mark.kind == "footnote-ref":
        return _footnote_ref(mark, inner, node.last, context)
    if mark.kind == "sic":
        return _sic(mark, inner, node.last)
    tag, css, title, label = BEHAVIOUR[mark.kind]
    if mark.kind == "field":
        css, title = f"field field-{mark.ref}", FIELD_TITLES.get(mark.ref, "")
    attrs = (f' class="{css}"' if css else "") + (f' title="{escape(title)}"' if title else "")
    hidden = f'<span class="vh">{escape(label)}</span>' if label else ""
    return Markup(f"<{tag}{attrs}>{hidden}{inner}</{tag}>")


def _mention(mark: Mark, inner: Markup, context: PageContext) -> Markup:
    href = escape(context.href(urls.entry_page(mark.value, mark.ref)))
    name = context.entries[(mark.value, mark.ref)].name
    title = f' title="{escape(name)}"' if name != inner.striptags() else ""
    return Markup(f'<a class="m" href="{href}"{title}>{inner}</a>')


def _note(mark: Mark, inner: Markup, last: bool, context: PageContext) -> Markup:
    """The words, then (after the span's last piece) a marker that opens the note as a popover."""
    if not last:
        return inner
    number = context.note_numbers[mark.ref]
    return inner + Markup(f'<button class="nref" popovertarget="{escape(urls.note_anchor(mark.ref))}" '
                          f'id="{escape(urls.note_marker_anchor(mark.ref))}" aria-label="Note {number}">{number}</button>')


def _footnote_ref(mark: Mark, inner: Markup, last: bool, context: PageContext) -> Markup:
    """A link to an archival footnote: the source's own marker when the text has it (class `fnmark`),
    else a marker the editors place after the words (class `fnref`, an addition to the text)."""
    key = context.footnote_keys[mark.ref]
    attributes = (f'href="#{escape(key)}" id="{escape(urls.footnote_marker_anchor(key))}" '
                  f'aria-label="Archival footnote {escape(mark.ref)}"')
    if mark_text(inner) == mark.ref:
        return Markup(f'<a class="fnmark" {attributes}>{inner}</a>')
    if not last:
        return inner
    return inner + Markup(f'<a class="fnref" {attributes} title="The source has no marker here; the editors placed it">'
                          f'{escape(mark.ref)}</a>')


def _sic(mark: Mark, inner: Markup, last: bool) -> Markup:
    """The text as transcribed and, after its last piece, the corrected reading (one shown per view)."""
    orig = Markup(f'<span class="orig">{inner}</span>')
    if not last:
        return orig
    return orig + Markup(f'<span class="corr" title="Corrected reading; the transcription has: '
                         f'{escape(mark_text(inner))}">{escape(mark.value)}</span>')


def mark_text(html: Markup) -> str:
    """Return the reader-visible text of inline HTML (for titles and keyword-in-context lines)."""
    return html.striptags()
