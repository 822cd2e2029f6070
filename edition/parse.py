"""Parse a transcription and its metadata file into a `Document`.

The parser knows the conventions of the genre (telegram header lines, numbered
and dashed lists, bracketed translator's notes and supplied words, starred
archival footnotes, `Printed from:` citations) and nothing about any one
document: what the text cannot say by itself, its metadata file declares.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import Diagnostic, Location, has_errors
from .model import (Archive, Block, Document, Footnote, Item, ListNode, Mark, Metadata, Node, Party,
                    Section, Selector, Span, Stamp, TelegramHeader, map_blocks)
from .quotes import Hit, compile_quote, near_miss, select
from .words import MONTHS, date_from_words, date_problem
from .yamlsrc import YNode, load_yaml, read_text, validate

_DAY_MONTH_YEAR = r"\d{1,2}\s+(?:%s)\.?\s+\d{4}" % "|".join(MONTHS)
HEADER_RE = re.compile(
    r"^N[°º˚o]\.?\s*(?P<numbers>\d+(?:\s*[-–/,]\s*\d+)*)\s+(?P<date>%s)\s+(?P<time>\d{4}|\d{1,2}[:.]\d{2})\s*$"
    % _DAY_MONTH_YEAR)
# Datelines of the genre: "3 July 1953", "13/5-50.", "21.XI.51".
DATELINE_RE = re.compile(r"^(?:%s|\d{1,2}/\d{1,2}-\d{2}\.?|\d{1,2}\.[IVXL]+\.\d{2,4}\.?)" % _DAY_MONTH_YEAR)
NUMBERED_RE = re.compile(r"^(\d+)\.(?=\s)")
DASHED_RE = re.compile(r"^[-–—•]\s*(?:(\d+)\)\.?)?(?=\s)")
FOOTNOTE_RE = re.compile(r"^(\*+|[a-z]/|\d+\)?)(?=\s)")
RULE_RE = re.compile(r"^[-_=*]{3,}$")
# A bracket may run over a line break (a wrapped transcription), never over a blank line.
BRACKET_RE = re.compile(r"\[((?:[^\[\]\n]|\n(?![ \t]*\n))*)\]")
EMPHASIS_RE = re.compile(r"(?<![\w*])\*(?=[^\s*])[^*\n]*?[^\s*]\*(?![\w*])")
STAR_MARKER_RE = re.compile(r"(?<=[\w.,;:!?\"'’”)\]])\*+(?![\w*])")
_BRACKET_KINDS = (
    (re.compile(r"^translator[’']?s\s+note\s*:", re.I), "translator-note"),
    (re.compile(r"^(?:ed\.|editor[’']?s)\s+note\s*:", re.I), "editor-note"),
    (re.compile(r"^(?:\.\.\.|…)$"), "elision"),
    (re.compile(r"^(?:stamp|seal)\b", re.I), "stamp"),
)
DEFAULT_CITATION_PREFIXES = ("Printed from:",)


@dataclass(frozen=True, slots=True)
class _Raw:
    """A run of text between blank lines, before it is given a role."""

    start: int
    end: int


def load_document(root: Path, doc_id: str) -> tuple[Document | None, list[Diagnostic]]:
    """Read `sources/<doc_id>.txt` and `.yaml` under `root` and parse them; return the document (None if
    there are errors) and the problems found."""
    text_display, meta_display = f"sources/{doc_id}.txt", f"sources/{doc_id}.yaml"
    text, problems = read_text(root / text_display, text_display)
    meta, meta_problems = load_yaml(root / meta_display, meta_display)
    problems += meta_problems
    if meta is not None:
        problems += validate(meta, "document") or _impossible_date(meta)
    if has_errors(problems):
        return None, problems
    if not text.strip():
        return None, [Diagnostic("source.empty", Location(text_display), "the transcription is empty.",
                                 "paste the document's text into the file.")]
    return parse_document(doc_id, text, text_display, meta)


def _impossible_date(meta: YNode) -> list[Diagnostic]:
    """The schema checks the form of the document's date; this checks that the day exists."""
    value = meta.value["date"].value
    problem = date_problem(value)
    if problem:
        return [Diagnostic("date.impossible", meta.locate(("date",)), f"the date '{value}' {problem}.",
                           "write the document's date as YYYY-MM-DD, e.g. 1953-07-03.")]
    return []


def _duplicate_sections(flat, meta: YNode) -> list[Diagnostic]:
    """Section ids become anchors of the page, so each must be unique within the document."""
    seen, problems = {}, []
    for entry, path, _ in flat:
        location = meta.locate(path + ("id",))
        if entry["id"] in seen:
            problems.append(Diagnostic("structure.duplicate-id", location,
                                       f"the section id '{entry['id']}' is already used on line {seen[entry['id']].line}.",
                                       "give each section its own id."))
        seen.setdefault(entry["id"], location)
    return problems


def parse_document(doc_id: str, text: str, text_display: str,
                   meta: YNode) -> tuple[Document | None, list[Diagnostic]]:
    """Parse a transcription with its (schema-valid) metadata into a `Document`; return it (None if there
    are errors) and the problems found. Each step needs the one before it to have succeeded."""
    spec = meta.plain()
    problems: list[Diagnostic] = []
    lines = _LineIndex(text, text_display)
    raws = _split(text, spec.get("paragraphs", "blank-lines"))
    back_at = _back_matter_start(text, raws, tuple(spec.get("citation_prefixes", DEFAULT_CITATION_PREFIXES)))
    body, back_raws = raws[:back_at], raws[back_at:]

    flat = list(_flatten(spec["structure"], ("structure",)))
    problems += _duplicate_sections(flat, meta)
    starts = [_find_start(text, body, entry, meta.locate(path + ("start",)), problems) for entry, path, _ in flat]
    if has_errors(problems):
        return None, problems
    for (entry, path, _), index, (prev, prev_index) in zip(flat[1:], starts[1:], zip(flat, starts)):
        if index <= prev_index:
            problems.append(Diagnostic(
                "structure.order", meta.locate(path + ("start",)),
                f"section '{entry['id']}' starts at or before section '{prev[0]['id']}', which is declared before it.",
                "list the sections in the order they appear in the text, each starting at a different paragraph."))
    if has_errors(problems):
        return None, problems

    builder = _Builder(text, lines, meta, problems)
    numbered = iter(range(1, len(body) + 1))
    front = tuple(builder.front_block(raw, i) for i, raw in enumerate(body[: starts[0]], 1))
    ends = _section_ends(flat, starts, len(body))
    sections = tuple(builder.section(entry, path, body, starts, ends, flat, numbered)
                     for entry, path, depth in flat if depth == 0)
    back, footnotes = builder.back(back_raws)
    if has_errors(problems):
        return None, problems
    header = next((builder.header_fields(b) for b in front if b.role == "header"), None)
    document = Document(id=doc_id, source=text, source_path=text_display, meta=_metadata(spec), header=header,
                        front=front, sections=sections, back=back, footnotes=footnotes)
    document = _attach_footnotes(document, spec.get("footnotes", []), meta, problems)
    return (None if has_errors(problems) else document), problems


class _LineIndex:
    """Offsets to line:column, for located diagnostics and block locations."""

    def __init__(self, text: str, display: str):
        self.display = display
        self.starts = [0] + [m.end() for m in re.finditer("\n", text)]

    def locate(self, offset: int) -> Location:
        line = bisect_right(self.starts, offset)
        return Location(self.display, line, offset - self.starts[line - 1] + 1)


def _split(text: str, mode: str) -> list[_Raw]:
    """Cut the text into paragraphs: at blank lines (or every line), and before every list line."""
    raws: list[_Raw] = []
    run_start = run_end = None
    for match in re.finditer(r"[^\n]*", text):
        line = match.group(0)
        if match.start() > 0 and match.start() == match.end() and text[match.start() - 1:match.start()] != "\n":
            continue
        stripped = line.strip()
        begins_item = bool(DASHED_RE.match(stripped))
        if not stripped or mode == "lines" or begins_item:
            if run_start is not None:
                raws.append(_Raw(run_start, run_end))
            run_start = None
        if stripped:
            lead = len(line) - len(line.lstrip())
            if run_start is None:
                run_start = match.start() + lead
            run_end = match.start() + len(line.rstrip())
            if mode == "lines":
                raws.append(_Raw(run_start, run_end))
                run_start = None
    if run_start is not None:
        raws.append(_Raw(run_start, run_end))
    return raws


def _back_matter_start(text: str, raws: list[_Raw], prefixes: tuple[str, ...]) -> int:
    """Return the index of the first citation or rule line; everything after it is apparatus."""
    for i, raw in enumerate(raws):
        piece = text[raw.start:raw.end]
        if any(piece.startswith(p) for p in prefixes) or RULE_RE.match(piece):
            return i
    return len(raws)


def _flatten(entries, path, depth=0):
    for i, entry in enumerate(entries):
        yield entry, path + (i,), depth
        yield from _flatten(entry.get("sections", []), path + (i, "sections"), depth + 1)


def _find_start(text, body, entry, location, problems) -> int:
    found = [i for i, raw in enumerate(body) if compile_quote(entry["start"]).match(text, raw.start, raw.end)]
    if len(found) == 1:
        return found[0]
    if not found:
        problems.append(Diagnostic("structure.start-not-found", location,
                                   f"no paragraph starts with \"{entry['start']}\" (section '{entry['id']}').",
                                   _start_hint(text, body, entry["start"])))
    else:
        lines = ", ".join(str(text.count("\n", 0, body[i].start) + 1) for i in found[:8])
        problems.append(Diagnostic("structure.start-ambiguous", location,
                                   f"{len(found)} paragraphs start with \"{entry['start']}\" (section '{entry['id']}'), "
                                   f"at lines {lines}.",
                                   "quote more of the section's first words, so that only one paragraph matches."))
    return -1


def _start_hint(text, body, quote) -> str:
    """Name the nearest text to a section start that is not found (reported, never used)."""
    advice = "copy the first words of the section exactly as they stand in the transcription."
    if not body:
        return advice
    first = body[0].start
    found = near_miss(text[first:body[-1].end], quote)
    if found is None:
        return advice
    offset, near = found
    offset += first
    line, col = text.count("\n", 0, offset) + 1, offset - text.rfind("\n", 0, offset)
    near = " ".join(near.split())
    near = near if len(near) <= 60 else near[:59] + "…"
    return f"the nearest text is \"{near}\" at line {line}:{col}; " + advice


def _section_ends(flat, starts, limit) -> list[int]:
    """A section ends where the next section at its own depth or above begins."""
    ends = []
    for i, (_, _, depth) in enumerate(flat):
        end = limit
        for (_, _, later_depth), later_start in zip(flat[i + 1:], starts[i + 1:]):
            if later_depth <= depth:
                end = later_start
                break
        ends.append(end)
    return ends


class _Builder:
    """Turns raw paragraphs into blocks, lists and sections; collects diagnostics."""

    def __init__(self, text, lines, meta, problems):
        self.text, self.lines, self.meta, self.problems = text, lines, meta, problems

    def block(self, start, end, key, n, role, extra=()) -> Block:
        piece = self.text[start:end]
        spans = tuple(sorted(_inline_spans(piece) + tuple(extra)))
        return Block(key=key, n=n, role=role, text=piece, start=start, location=self.lines.locate(start), spans=spans)

    def front_block(self, raw: _Raw, i: int) -> Block:
        piece = self.text[raw.start:raw.end]
        role = "header" if HEADER_RE.match(piece) else "routing"
        extra = ()
        if role == "header":
            match = HEADER_RE.match(piece)
            extra = tuple(Span(match.start(g), match.end(g), Mark("field", g)) for g in ("numbers", "date", "time"))
        return self.block(raw.start, raw.end, f"f{i}", 0, role, extra)

    def header_fields(self, block: Block) -> TelegramHeader:
        match = HEADER_RE.match(block.text)
        time = re.sub(r"\D", "", match.group("time")).zfill(4)
        return TelegramHeader(numbers=match.group("numbers"), date=date_from_words(match.group("date")),
                              time=f"{time[:2]}:{time[2:]}")

    def section(self, entry, path, body, starts, ends, flat, numbered) -> Section:
        index = next(i for i, (e, _, _) in enumerate(flat) if e is entry)
        first, last = starts[index], ends[index]
        children_at = [(starts[j], flat[j]) for j in range(index + 1, len(flat))
                       if flat[j][2] == flat[index][2] + 1 and first <= starts[j] < last]
        own_end = children_at[0][0] if children_at else last
        raws = self._merge_roles(entry, path, body[first:own_end])
        head, raws = self._head(entry, path, raws)
        nodes = self._nodes(raws, numbered)
        subsections = tuple(self.section(e, p, body, starts, ends, flat, numbered) for _, (e, p, _) in children_at)
        return Section(id=entry["id"], kind=entry["kind"], title=entry["title"], head=head,
                       children=nodes + subsections, location=self.meta.locate(path))

    def _merge_roles(self, entry, path, raws) -> list[tuple[_Raw, str]]:
        """Give declared roles to paragraphs, joining a multi-paragraph block (a signature) into one."""
        roles = [(raw, "p") for raw in raws]
        for k, spec in enumerate(entry.get("blocks", [])):
            where = path + ("blocks", k)
            starts_at = [i for i, (raw, _) in enumerate(roles)
                         if compile_quote(spec["start"]).match(self.text, raw.start, raw.end)]
            if len(starts_at) != 1:
                self._role_problem(spec["start"], len(starts_at), entry, where + ("start",))
                continue
            i = j = starts_at[0]
            if "end" in spec:
                ends_at = [j for j in range(i, len(roles))
                           if compile_quote(spec["end"]).match(self.text, roles[j][0].start, roles[j][0].end)]
                if len(ends_at) != 1:
                    self._role_problem(spec["end"], len(ends_at), entry, where + ("end",))
                    continue
                j = ends_at[0]
            merged = _Raw(roles[i][0].start, roles[j][0].end)
            roles[i:j + 1] = [(merged, spec["role"])]
        return roles

    def _role_problem(self, quote, count, entry, path):
        code, what = ("structure.block-not-found", "no paragraph") if not count else \
            ("structure.block-ambiguous", f"{count} paragraphs")
        self.problems.append(Diagnostic(code, self.meta.locate(path),
                                        f"{what} of section '{entry['id']}' {'start' if count else 'starts'} "
                                        f"with \"{quote}\".",
                                        "copy the block's first words exactly, and enough of them to be unique "
                                        "within the section."))

    def _head(self, entry, path, roles):
        if "head" not in entry:
            return None, roles
        raw, role = roles[0]
        match = compile_quote(entry["head"]).match(self.text, raw.start, raw.end)
        if not match:
            self.problems.append(Diagnostic("structure.head", self.meta.locate(path + ("head",)),
                                            f"section '{entry['id']}' does not begin with its head \"{entry['head']}\".",
                                            "copy the heading exactly as it stands at the start of the section."))
            return None, roles
        if match.end() == raw.end:
            return self.block(raw.start, raw.end, f"{entry['id']}-head", 0, "head"), roles[1:]
        run_in = Span(0, match.end() - raw.start, Mark("head"))
        return None, [(raw, role, run_in)] + roles[1:]

    def _nodes(self, roles, numbered) -> tuple[Node, ...]:
        """Build paragraphs and lists: a numbered item keeps the paragraphs that follow it."""
        out: list = []
        item_blocks: list | None = None  # children of the open numbered item
        dashed: list | None = None  # items of the open dashed list
        for entry in roles:
            raw, role, *extra = entry
            piece = self.text[raw.start:raw.end]
            n = next(numbered)
            number, dash = NUMBERED_RE.match(piece), DASHED_RE.match(piece)
            label = number or dash
            spans = list(extra) + ([Span(0, label.end(), Mark("label"))] if label and role == "p" else [])
            if role == "closer":
                spans += _closer_spans(piece)
            block = self.block(raw.start, raw.end, f"p{n}", n, role, spans)
            if role == "p" and dash:
                item = Item(label=dash.group(1) or "", children=(block,))
                if dashed is None:
                    dashed = []
                    (item_blocks if item_blocks is not None else out).append(dashed)
                dashed.append(item)
                continue
            dashed = None
            if role == "p" and number:
                item_blocks = [block]
                out.append((number.group(1), item_blocks))
            elif item_blocks is not None and role == "p":
                item_blocks.append(block)
            else:
                item_blocks = None
                out.append(block)
        return _freeze(out)

    def back(self, raws):
        blocks, footnotes = [], []
        for i, raw in enumerate(raws, 1):
            piece = self.text[raw.start:raw.end]
            marker = FOOTNOTE_RE.match(piece)
            if marker and not RULE_RE.match(piece):
                label = Span(0, marker.end(), Mark("label"))
                block = self.block(raw.start, raw.end, footnote_key(marker.group(1)), 0, "footnote", (label,))
                footnotes.append(Footnote(marker=marker.group(1), block=block, attach="document"))
            else:
                role = "rule" if RULE_RE.match(piece) else "citation"
                blocks.append(self.block(raw.start, raw.end, f"b{i}", 0, role))
        return tuple(blocks), tuple(footnotes)


def footnote_key(marker: str) -> str:
    """Return the anchor id of an archival footnote: `s1` for `*`, `s2` for `**`, `s-x` for `x/`."""
    if set(marker) == {"*"}:
        return f"s{len(marker)}"
    return "s-" + re.sub(r"[^a-z0-9]", "", marker.lower())


def _freeze(out) -> tuple[Node, ...]:
    nodes = []
    groups: list = []
    for thing in out:
        if isinstance(thing, Block):
            nodes.append(thing)
        elif isinstance(thing, list):  # a dashed list at section level
            nodes.append(ListNode("dashed", tuple(thing)))
        else:  # a numbered item: join consecutive ones into one list
            label, children = thing
            item = Item(label=label, children=tuple(
                ListNode("dashed", tuple(c)) if isinstance(c, list) else c for c in children))
            if nodes and isinstance(nodes[-1], ListNode) and nodes[-1].style == "numbered" and groups and groups[-1] is nodes[-1]:
                nodes[-1] = groups[-1] = ListNode("numbered", nodes[-1].items + (item,))
            else:
                nodes.append(ListNode("numbered", (item,)))
                groups.append(nodes[-1])
    return tuple(nodes)


def _inline_spans(text: str) -> tuple[Span, ...]:
    """Bracketed interpolations and *emphasis* as spans; the characters themselves stay in the text."""
    spans = []
    for match in BRACKET_RE.finditer(text):
        inner = match.group(1).strip()
        kind = next((k for rx, k in _BRACKET_KINDS if rx.match(inner)), None)
        if kind is None:
            kind = "supplied" if inner and len(inner.split()) <= 5 else "interpolation"
        spans.append(Span(match.start(), match.end(), Mark(kind)))
    spans += [Span(m.start(), m.end(), Mark("emphasis")) for m in EMPHASIS_RE.finditer(text)]
    return tuple(spans)


def _closer_spans(text: str) -> list[Span]:
    """Split a closing line such as `3 July 1953 Vas'kov` into its dateline and signature."""
    match = DATELINE_RE.match(text)
    if not match:
        return [Span(0, len(text), Mark("signed"))]
    rest = len(text) - len(text[match.end():].lstrip())
    spans = [Span(0, match.end(), Mark("dateline"))]
    if rest < len(text):
        spans.append(Span(rest, len(text), Mark("signed")))
    return spans


def _attach_footnotes(document: Document, specs, meta: YNode, problems) -> Document:
    """Place each archival footnote: where its metadata says, else at its marker in the text."""
    from .model import iter_blocks
    body = list(document.front) + list(iter_blocks(document.sections))
    by_marker = {f.marker: f for f in document.footnotes}
    declared = {}
    for k, spec in enumerate(specs):
        location = meta.locate(("footnotes", k, "marker"))
        if spec["marker"] not in by_marker:
            problems.append(Diagnostic("footnote.unknown", location,
                                       f"there is no footnote '{spec['marker']}' at the end of the text.",
                                       f"the footnotes found are: {', '.join(by_marker) or 'none'}."))
        declared[spec["marker"]] = (spec, k)
    placements: dict[str, Hit] = {}
    for marker, footnote in by_marker.items():
        if marker in declared:
            spec, k = declared[marker]
            if spec["attach"] == "document":
                continue
            attach = spec["attach"]
            selector = Selector(attach["quote"], meta.locate(("footnotes", k, "attach", "quote")),
                                attach.get("prefix", ""), attach.get("suffix", ""), attach.get("occurrence", 0))
            hit, found = select(body, selector, f"footnote '{marker}'")
            problems += found
            if hit is not None:
                placements[marker] = hit
            continue
        in_text = [Hit(b, m.start(), m.end()) for b in body for m in STAR_MARKER_RE.finditer(b.text)
                   if m.group(0) == marker and not _inside(b, m.start(), "emphasis")]
        if len(in_text) == 1:
            placements[marker] = in_text[0]
        else:
            problems.append(Diagnostic(
                "footnote.unplaced", footnote.block.location,
                f"footnote '{marker}' has {'no marker' if not in_text else 'several markers'} in the text "
                "and no place in the metadata.",
                f"add to the metadata's footnotes: - marker: \"{marker}\" with attach: document, or attach: {{quote: ...}}."))
    if problems:
        return document
    return _with_footnote_refs(document, placements)


def _inside(block: Block, offset: int, kind: str) -> bool:
    return any(s.start <= offset < s.end and s.mark.kind == kind for s in block.spans)


def _with_footnote_refs(document: Document, placements: dict[str, Hit]) -> Document:
    by_block: dict[str, list[Span]] = {}
    for marker, hit in placements.items():
        by_block.setdefault(hit.block.key, []).append(Span(hit.start, hit.end, Mark("footnote-ref", marker)))

    def update(block: Block) -> Block:
        extra = by_block.get(block.key)
        return replace(block, spans=tuple(sorted(block.spans + tuple(extra)))) if extra else block

    footnotes = tuple(replace(f, attach="text" if f.marker in placements else "document") for f in document.footnotes)
    return map_blocks(replace(document, footnotes=footnotes), update)


def _metadata(spec: dict) -> Metadata:
    translation = spec.get("translation", {})
    return Metadata(
        title=spec["title"].strip(), summary=" ".join(spec["summary"].split()), type=spec["type"],
        date=spec["date"], sender=Party(**spec["sender"]), recipient=Party(**spec["recipient"]),
        archive=Archive(**spec["archive"]), language_original=spec["language"]["original"],
        language_translation=spec["language"]["translation"], translator=translation.get("translator", ""),
        translation_credit=" ".join(translation.get("credit", "").split()), rights=" ".join(spec.get("rights", "").split()),
        telegram_numbers=spec.get("telegram_numbers", ""), received=spec.get("received", ""),
        stamps=tuple(Stamp(**s) for s in spec.get("stamps", [])), source_url=spec.get("source_url", ""))
