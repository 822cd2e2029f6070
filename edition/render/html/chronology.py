"""The chronology: the events of the registers in date order, the documents' own dates among them,
and a timeline drawn as SVG when the site is built (no script; it prints, and the list is its text).
"""

from __future__ import annotations

import calendar
import datetime
import math
from dataclasses import dataclass

from markupsafe import Markup, escape

from ... import urls
from ...model import Corpus, Entry
from ...settings import Settings
from ...words import bounds, date_range, format_date
from .chrome import Chrome, Link, chrome
from .markdown import markdown_html

WIDTH, ROW, TOP, SIDE = 960, 24, 46, 12
"""The drawing's coordinates: width, height of one row, room for the axis, margins."""
CHAR = 7.0
"""The average width of a 12 px label character, to shorten labels that would leave the drawing."""
FOCUS = 0.6
"""The share of the dates the uncompressed part of the axis holds, when the others are far away."""
MARGIN = 0.14
"""The share of the width given to each compressed stretch of years at the sides of the axis."""


@dataclass(frozen=True, slots=True)
class ChronoItem:
    anchor: str
    date: str
    """ISO 8601 as written (for `<time datetime>`): the start of a range."""
    date_label: str
    name: Link
    summary: Markup
    document: Link | None
    """The edition's document this row is: a document's own date, or an event that is one of its documents."""
    notes: tuple[Link, ...]
    mentions: int
    start: datetime.date
    end: datetime.date


@dataclass(frozen=True, slots=True)
class ChronologyView:
    chrome: Chrome
    items: tuple[ChronoItem, ...]
    timeline: Markup


def chronology_view(corpus: Corpus, settings: Settings, mentions: dict) -> ChronologyView:
    """Return the chronology page: events and documents in date order, and their timeline."""
    page = urls.chronology_page()
    documents = {d.id: Link(d.meta.title, urls.relative(page, urls.document_page(d.id))) for d in corpus.documents}
    events = [e for e in corpus.entries if e.kind == "events"]
    items = [_event(e, corpus, page, len(mentions.get(("events", e.id), ())), documents.get(e.document))
             for e in events]
    shown = {e.document for e in events}  # a document that an event stands for is shown once, as that event
    for document in corpus.documents:
        if document.id not in shown:
            start, end = bounds(document.meta.date)
            items.append(ChronoItem(f"document-{document.id}", document.meta.date, format_date(document.meta.date),
                                    documents[document.id], Markup(""), documents[document.id], (), 0, start, end))
    items.sort(key=lambda i: (i.start, i.end, i.document is None, i.name.label.casefold()))
    description = f"The events named in the texts and notes of {settings.title}, in date order, with its documents."
    return ChronologyView(chrome(page, corpus, settings, page, description=description, registers=True), tuple(items),
                          timeline_svg(items))


def _event(entry: Entry, corpus: Corpus, page: str, count: int, document: Link | None) -> ChronoItem:
    value = dict(entry.dates)["date"]
    start, end = bounds(value)
    notes = tuple(Link(f"Note {n.number}", urls.relative(page, urls.document_page(doc_id), urls.note_anchor(n.id)))
                  for doc_id, n in corpus.notes_naming.get(("events", entry.id), ()))
    summary = markdown_html(entry.description, corpus, page, inline=True) if entry.description else Markup("")
    return ChronoItem(urls.event_anchor(entry.id), date_range(value)[0], format_date(value),
                      Link(entry.name, urls.relative(page, urls.entry_page("events", entry.id))),
                      summary, document, notes, count, start, end)


@dataclass(frozen=True, slots=True)
class Segment:
    """A stretch of the time axis drawn linearly between two x positions; `focus` is the uncompressed one."""

    start: datetime.date
    end: datetime.date
    x0: float
    x1: float
    focus: bool

    def x(self, day: datetime.date) -> float:
        return round(self.x0 + (self.x1 - self.x0) * (day - self.start).days / max((self.end - self.start).days, 1), 1)


def axis_segments(items) -> list[Segment]:
    """Return the axis: linear, or, when most dates crowd into a short time, a focus on the shortest
    stretch of whole months holding `FOCUS` of them, with the years before and after it compressed."""
    starts, ends = sorted(i.start for i in items), sorted(i.end for i in items)
    left, right = _year(starts[0]), _year(ends[-1], 1)
    size = max(2, math.ceil(FOCUS * len(starts)))
    best = min(range(len(starts) - size + 1), key=lambda i: ((starts[i + size - 1] - starts[i]).days, i)) \
        if len(starts) >= size else 0
    low, high = _month(starts[best]), _month(starts[min(best + size, len(starts)) - 1], 1)
    if (high - low).days * 2 >= (right - left).days:
        low, high = _month(starts[0]), _month(ends[-1], 1)
        if (high - low).days > 730:
            low, high = left, right
        return [Segment(low, high, SIDE, WIDTH - SIDE, True)]
    width, x = WIDTH - 2 * SIDE, float(SIDE)
    segments = []
    if left < low:
        segments.append(Segment(left, low, x, x + width * MARGIN, False))
        x += width * MARGIN
    end = WIDTH - SIDE - (width * MARGIN if high < right else 0)
    segments.append(Segment(low, high, x, end, True))
    if high < right:
        segments.append(Segment(high, right, end, WIDTH - SIDE, False))
    return segments


def _year(day: datetime.date, after: int = 0) -> datetime.date:
    return datetime.date(day.year + after, 1, 1)


def _month(day: datetime.date, after: int = 0) -> datetime.date:
    index = day.year * 12 + day.month - 1 + after
    return datetime.date(index // 12, index % 12 + 1, 1)


def _x(segments: list[Segment], day: datetime.date) -> float:
    for segment in segments:
        if day <= segment.end:
            return segment.x(max(day, segment.start))
    return segments[-1].x1


def timeline_svg(items: list[ChronoItem]) -> Markup:
    """Return the timeline: one row per item, bars for periods, dots for days, documents as vertical rules drawn
    behind the rows; each row links to its page (for the pointer: the list below gives the same links in words)."""
    if not items:
        return Markup("")
    segments = axis_segments(items)
    height = TOP + ROW * len(items) + 8
    first, last = min(i.start for i in items), max(i.end for i in items)
    out = [f'<svg class="timeline" viewBox="0 0 {WIDTH} {height}" role="group" '
           f'aria-labelledby="timeline-title timeline-desc" xmlns="http://www.w3.org/2000/svg">',
           '<title id="timeline-title">Timeline of the events and documents</title>',
           f'<desc id="timeline-desc">{len(items)} dates from {escape(format_date(first.isoformat()))} to '
           f'{escape(format_date(last.isoformat()))}, one per row in date order'
           f'{"; the years before and after the busiest months are compressed" if len(segments) > 1 else ""}; '
           'the list below gives each in words.</desc>']
    out += _axis(segments, height)
    out += [f'<line class="tl-doc" x1="{x}" x2="{x}" y1="{TOP - 8}" y2="{height - 4}"/>'
            for x in dict.fromkeys(_x(segments, i.start) for i in items if i.document)]
    for row, item in enumerate(items):
        y = TOP + ROW * row + ROW / 2
        x1, x2 = _x(segments, item.start), _x(segments, item.end + datetime.timedelta(days=1))
        out.append(f'<a href="{escape(item.name.href)}" tabindex="-1"><rect class="tl-row" x="0" y="{y - ROW / 2}" '
                   f'width="{WIDTH}" height="{ROW}"/>')
        if item.start == item.end or x2 - x1 < 4:
            out.append(f'<circle class="tl-point{" tl-document" if item.document else ""}" cx="{x1}" cy="{y}" r="4.5"/>')
            x1, x2 = x1 - 4.5, x1 + 4.5
        else:
            out.append(f'<rect class="tl-span" x="{x1}" y="{y - 4}" width="{round(x2 - x1, 1)}" height="8" rx="2"/>')
        out.append(_label(item, x1, x2, y) + "</a>")
    out.append("</svg>")
    return Markup("\n".join(out))


def _label(item: ChronoItem, x1: float, x2: float, y: float) -> str:
    """The row's words, on the side of its mark with more room, shortened to fit the drawing."""
    text = f"{item.date_label}: {item.name.label}"
    right, left = WIDTH - SIDE - x2 - 6, x1 - SIDE - 6
    room = max(right, left)
    char = CHAR * (1.1 if item.document else 1)
    if len(text) * char > room:
        text = text[: max(int(room / char) - 1, 1)].rstrip() + "…"
    where = f'x="{round(x2 + 6, 1)}"' if right >= left else f'x="{round(x1 - 6, 1)}" text-anchor="end"'
    css = "tl-label tl-label-document" if item.document else "tl-label"
    return f'<text class="{css}" {where} y="{round(y + 4, 1)}">{escape(text)}</text>'


def _axis(segments: list[Segment], height: int) -> list[str]:
    """The axis line, compressed stretches shaded, and ticks: months in the focus, years elsewhere."""
    out = [f'<line class="tl-axis" x1="{SIDE}" x2="{WIDTH - SIDE}" y1="{TOP - 12}" y2="{TOP - 12}"/>']
    for segment in segments:
        if not segment.focus:
            out.insert(0, f'<rect class="tl-compressed" x="{round(segment.x0, 1)}" y="{TOP - 12}" '
                       f'width="{round(segment.x1 - segment.x0, 1)}" height="{height - TOP + 8}"/>')
        months = (segment.end.year - segment.start.year) * 12 + segment.end.month - segment.start.month
        monthly = segment.focus and months <= 24
        step = 1 if months <= 8 else 3 if months <= 24 else 12
        tick, first = segment.start if monthly or segment.start.month == 1 else _year(segment.start, 1), True
        while tick < segment.end:
            x = segment.x(tick)
            if monthly:
                label = f"{calendar.month_abbr[tick.month]} {tick.year}" if first or tick.month == 1 \
                    else calendar.month_abbr[tick.month]
            else:
                label = str(tick.year)
            out.append(f'<line class="tl-tick" x1="{x}" x2="{x}" y1="{TOP - 16}" y2="{height - 4}"/>')
            if segment.x1 - x >= len(label) * CHAR * .9 + 4:
                out.append(f'<text class="tl-tick-label" x="{round(x + 3, 1)}" y="{TOP - 20}">{label}</text>')
            if monthly and months <= 3:  # short focus: the 10th and 20th of each month too
                for day in (10, 20):
                    minor = segment.x(tick.replace(day=day))
                    out.append(f'<line class="tl-tick tl-minor" x1="{minor}" x2="{minor}" y1="{TOP - 14}" y2="{TOP - 10}"/>')
                    out.append(f'<text class="tl-tick-label" x="{round(minor + 2, 1)}" y="{TOP - 20}">'
                               f'{day} {calendar.month_abbr[tick.month]}</text>')
            tick = _month(tick, step) if monthly else _year(tick, 1)
            first = False
    return out
