"""Overlapping spans resolved once into a well-formed tree, for every output.

A block is cut at every span boundary; each piece carries its active marks,
ordered by `MARK_RANK` and then by position. Walking the pieces with a stack
of open marks, closing and reopening where the sets differ (as ProseMirror's
serializer does), gives the same nesting in HTML, TEI and anything else. Each
output declares one table from mark kind to what it writes for a piece of a
span (`render.html.inline.MARKS`, `render.tei.document.MARKS`).
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Union

from .model import MARK_RANK, Mark, Span


@dataclass(frozen=True, slots=True)
class Element:
    """A mark applied to its children; a point anchor has no children."""

    mark: Mark
    children: tuple["Inline", ...]
    span: Span
    end: int = 0
    """Where this piece of the span ends; a span cut by an enclosing mark has several pieces."""

    @property
    def last(self) -> bool:
        """Whether this is the span's last piece (where a note marker belongs)."""
        return self.end == self.span.end


Inline = Union[str, Element]


def _order(span: Span) -> tuple:
    return (MARK_RANK[span.mark.kind], span.start, -span.end, span.mark.kind, span.mark.ref)


def nest(text: str, spans: tuple[Span, ...]) -> tuple[Inline, ...]:
    """Return `text` as a tree of marks; the concatenated leaves always equal `text`."""
    ranged = [s for s in spans if s.start < s.end]
    points = [s for s in spans if s.start == s.end]
    cuts = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    root: list = []
    stack: list[tuple[Span, list]] = []  # open marks with the child list each one fills
    position = 0
    points_at: dict[int, list[Span]] = {}
    for point in points:
        points_at.setdefault(point.start, []).append(point)
    # Spans join `covering` where they start and leave it where they end, so a block with many
    # spans costs time in proportion to them, not to their square.
    pending = sorted(ranged, key=lambda s: s.start)
    covering: list[Span] = []
    started = 0

    def close_to(depth: int) -> None:
        while len(stack) > depth:
            span, children = stack.pop()
            parent = stack[-1][1] if stack else root
            parent.append(Element(span.mark, tuple(children), span, position))

    for i, cut in enumerate(cuts):
        here = points_at.get(cut, ())
        if here:
            # A point anchor sits inside every mark that encloses it on both sides.
            keep = 0
            while keep < len(stack) and stack[keep][0].start < cut < stack[keep][0].end:
                keep += 1
            close_to(keep)
            target = stack[-1][1] if stack else root
            target.extend(Element(p.mark, (), p, cut) for p in sorted(here, key=_order))
        if i + 1 == len(cuts):
            break
        end = cuts[i + 1]
        covering = [s for s in covering if s.end >= end]
        while started < len(pending) and pending[started].start <= cut:
            covering.append(pending[started])
            started += 1
        active = sorted(covering, key=_order)
        keep = 0
        while keep < len(stack) and keep < len(active) and stack[keep][0] is active[keep]:
            keep += 1
        close_to(keep)
        for span in active[keep:]:
            stack.append((span, []))
        (stack[-1][1] if stack else root).append(text[cut:end])
        position = end
    close_to(0)
    return tuple(root)


def points(spans: tuple[Span, ...], kinds) -> tuple[Span, ...]:
    """Return `spans` with each of `kinds` turned into two points, where its words start and end (the
    mark's `value` says which): for an output that marks a place by anchors, which must not cut the
    marks they fall inside (a correction keeps its one element)."""
    out = []
    for span in spans:
        if span.mark.kind in kinds:
            out.append(Span(span.start, span.start, replace(span.mark, value="start")))
            out.append(Span(span.end, span.end, replace(span.mark, value="end")))
        else:
            out.append(span)
    return tuple(out)


def plain_text(nodes: tuple[Inline, ...]) -> str:
    """Return the text under a tree of marks."""
    return "".join(n if isinstance(n, str) else plain_text(n.children) for n in nodes)
