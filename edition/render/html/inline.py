"""Inline HTML of a block: its text with every mark, from the shared segment tree.

Every character of the transcription is written, escaped, in order; marks only
wrap it, each as the table `MARKS` says. What the editors add (note markers,
footnote markers, corrected readings, labels for assistive technology) is set
apart by class, so the diplomatic view and the plain-text export can leave it out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from markupsafe import Markup, escape

from ... import urls
from ...model import Block
from ...segments import Element, Inline, nest

FIELD_TITLES = {"numbers": "Telegram numbers", "date": "Date", "time": "Time"}


@dataclass(frozen=True, slots=True)
class PageContext:
    """What inline rendering needs to know about the page it writes into."""

    page: str
    """The site path of the page, for relative links."""
    note_numbers: dict
    """Note id → its number in the document."""
    footnote_keys: dict
    """Archival footnote marker as written (`**`) → the footnote's anchor (its block key, `s2`)."""
    crowded: frozenset = frozenset()
    """The notes and footnote markers (their `ref`) whose marker comes a character or two after another one."""

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
            out.append(MARKS[node.mark.kind](node, render_inline(node.children, context), context))
    return Markup("").join(out)


Shown = Callable[[Element, Markup, PageContext], Markup]
"""How a mark is shown: given a piece of its span, the HTML of the piece's content and the page, the HTML."""


def _shown(tag: str, css: str = "", title: str = "", label: str = "") -> Shown:
    """A mark shown as `tag` with a class, an explanation for the hover title, and a short label read by
    screen readers before the words (brackets alone do not say who added them)."""
    attrs = (f' class="{css}"' if css else "") + (f' title="{escape(title)}"' if title else "")
    hidden = f'<span class="vh">{escape(label)}</span>' if label else ""
    return lambda piece, inner, context: Markup(f"<{tag}{attrs}>{hidden}{inner}</{tag}>")


def _field(piece: Element, inner: Markup, context: PageContext) -> Markup:
    """A field of the telegram header (numbers, date, time), titled by what it is."""
    ref = piece.mark.ref
    return _shown("span", f"field field-{ref}", FIELD_TITLES.get(ref, ""))(piece, inner, context)


def _mention(piece: Element, inner: Markup, context: PageContext) -> Markup:
    mark = piece.mark
    return Markup(f'<a class="m" href="{escape(context.href(urls.entry_page(mark.value, mark.ref)))}">{inner}</a>')


def _note(piece: Element, inner: Markup, context: PageContext) -> Markup:
    """The words, then (after the span's last piece) a marker that opens the note as a popover.

    The marker is a superscript whose number is drawn by the stylesheet from `data-n`, glued to the word
    before and the punctuation after it as text is; its button, out of the line, is the tap target."""
    mark = piece.mark
    if not piece.last:
        return inner
    number = context.note_numbers[mark.ref]
    return inner + Markup(f'<sup class="nref{_spacing(inner, mark, context)}" data-n="{number}"><button '
                          f'id="{escape(urls.note_marker_anchor(mark.ref))}" '
                          f'popovertarget="{escape(urls.note_anchor(mark.ref))}" '
                          f'aria-label="Note {number}"></button></sup>')


def _spacing(inner: Markup, mark, context: PageContext) -> str:
    """A class that sets a marker apart from the one before it, so that each can be tapped: `then` after a
    comma when it follows the other at the same words, `near` when a character or two part them."""
    return " then" if inner.endswith("</sup>") else " near" if mark.ref in context.crowded else ""


def _footnote_ref(piece: Element, inner: Markup, context: PageContext) -> Markup:
    """A link to an archival footnote: the source's own marker when the text has it (class `fnmark`),
    else a marker the editors place after the words (class `fnref`, an addition to the text)."""
    mark = piece.mark
    key = context.footnote_keys[mark.ref]
    attributes = (f'href="#{escape(key)}" id="{escape(urls.footnote_marker_anchor(key))}" '
                  f'aria-label="Archival footnote {escape(mark.ref)}"')
    if mark_text(inner) == mark.ref:
        return Markup(f'<a class="fnmark" {attributes}>{inner}</a>')
    if not piece.last:
        return inner
    return inner + Markup(f'<sup class="fnref{_spacing(inner, mark, context)}" data-n="{escape(mark.ref)}">'
                          f'<a {attributes} title="The source has no marker here; the editors placed it"></a></sup>')


def _sic(piece: Element, inner: Markup, context: PageContext) -> Markup:
    """The text as transcribed and, after its last piece, the corrected reading (one shown per view)."""
    orig = Markup(f'<span class="orig">{inner}</span>')
    if not piece.last:
        return orig
    return orig + Markup(f'<span class="corr" title="Corrected reading; the transcription has: '
                         f'{escape(mark_text(inner))}">{escape(piece.mark.value)}</span>')


def mark_text(html: Markup) -> str:
    """Return the reader-visible text of inline HTML (for titles and keyword-in-context lines)."""
    return html.striptags()


MARKS: dict[str, Shown] = {
    "label": _shown("span", "label"),
    "head": _shown("span", "run-in"),
    "field": _field,
    "dateline": _shown("span", "dateline"),
    "signed": _shown("span", "signed"),
    "translator-note": _shown("span", "tn", "Translator's note: part of the published translation"),
    "editor-note": _shown("span", "tn", "Editor's note, in the source"),
    "stamp": _shown("span", "stamp", "A stamp, described in the source", "stamp: "),
    "supplied": _shown("span", "supplied", "Supplied by the translator: not in the original",
                       "supplied by the translator: "),
    "elision": _shown("span", "elision", "Omission marked in the source", "omission: "),
    "interpolation": _shown("span", "interp", "Bracketed in the source translation", "bracketed in the source: "),
    "emphasis": _shown("em"),
    "note": _note,
    "footnote-ref": _footnote_ref,
    "sic": _sic,
    "mention": _mention,
}
"""How each mark kind is shown in HTML: every kind of `model.MARK_RANK`, and nothing else."""
