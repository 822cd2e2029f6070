"""Exact quote matching, shared by section starts, footnote places and notes.

Normalisation rules (the only ones; everything else must match exactly):
1. a run of white space in a quote matches any run of white space in the text,
   so a quote may span a line wrap;
2. straight and typographic quotation marks match each other
   (' ‘ ’ are one character class, " “ ” another).
Letters, case and all other punctuation must match exactly: the edition never guesses.
A quote is whole words: a place where it begins or ends inside a word of the text is not a match,
unless its selector says it is meant to (`inside_word`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .errors import Diagnostic, Location
from .model import Block, Selector

_SINGLE = "'‘’"
_DOUBLE = '"“”'


def _pattern_text(quote: str) -> str:
    parts = []
    for piece in re.split(r"(\s+)", quote):
        if not piece:
            continue
        if piece.isspace():
            parts.append(r"\s+")
            continue
        for char in piece:
            if char in _SINGLE:
                parts.append(f"[{_SINGLE}]")
            elif char in _DOUBLE:
                parts.append(f"[{_DOUBLE}]")
            else:
                parts.append(re.escape(char))
    return "".join(parts)


@lru_cache(maxsize=4096)
def compile_quote(exact: str, prefix: str = "", suffix: str = "") -> re.Pattern:
    """Return a pattern whose group `q` is the quote, with optional context around it."""
    before = f"(?<={_pattern_text(prefix)})" if prefix else ""
    # A look-behind must have fixed width; white space in a prefix makes it variable, so fall back to a group.
    if prefix and re.search(r"\s", prefix):
        before = f"(?:{_pattern_text(prefix)})"
    after = f"(?={_pattern_text(suffix)})" if suffix else ""
    return re.compile(f"{before}(?P<q>{_pattern_text(exact)}){after}")


def find_quote(text: str, exact: str, prefix: str = "", suffix: str = "") -> list[tuple[int, int]]:
    """Return every `(start, end)` of the quote in `text`, overlapping matches included."""
    pattern = compile_quote(exact, prefix, suffix)
    found, pos = [], 0
    while (match := pattern.search(text, pos)) is not None:
        found.append(match.span("q"))
        pos = match.start() + 1
    return found


@dataclass(frozen=True, slots=True)
class Hit:
    """Where a selector landed: a block and a range of its text."""

    block: Block
    start: int
    end: int


def select(blocks, selector: Selector, what: str) -> tuple[Hit | None, list[Diagnostic]]:
    """Return the single place `selector` matches among `blocks` (None if there is none) and why there is none.

    Zero matches, or several without a disambiguator, is a diagnostic; a near miss is
    offered as a hint but never used.
    """
    hits = [Hit(block, start, end) for block in blocks
            for start, end in find_quote(block.text, selector.quote, selector.prefix, selector.suffix)]
    whole = hits if selector.inside_word else [hit for hit in hits if not any(cut_words(hit))]
    if hits and not whole:
        return None, [inside_word(hits[0], selector.location, f"{what}: the quote \"{_short(selector.quote)}\"")]
    hits = whole
    if selector.occurrence:
        if selector.occurrence <= len(hits):
            return _matching(hits[selector.occurrence - 1], selector), []
        return None, [Diagnostic("anchor.occurrence", selector.location,
                                 f"{what} asks for occurrence {selector.occurrence} of \"{selector.quote}\", "
                                 f"but the text has {len(hits)}.",
                                 "lower the occurrence number, or check the quote.")]
    if len(hits) == 1:
        return _matching(hits[0], selector), []
    if not hits:
        return None, [Diagnostic("anchor.not-found", selector.location,
                                 f"{what}: the quote \"{_short(selector.quote)}\""
                                 f"{' with its prefix/suffix' if selector.prefix or selector.suffix else ''}"
                                 " is not in the text.",
                                 _context_hint(blocks, selector) if selector.prefix or selector.suffix
                                 else nearest_hint(blocks, selector.quote, COPY_ADVICE))]
    places = ", ".join(_line_col(hit) for hit in hits[:8]) + (", ..." if len(hits) > 8 else "")
    return None, [Diagnostic("anchor.ambiguous", selector.location,
                             f"{what}: the quote \"{_short(selector.quote)}\" matches {len(hits)} places "
                             f"({hits[0].block.location.path} at {places}).",
                             "add a prefix or suffix (the exact words just before or after it), "
                             "or an occurrence number.")]


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


def cut_words(hit: Hit) -> tuple[str, str]:
    """Return the word of the text the hit begins inside and the one it ends inside ("" for a word's edge)."""
    text, start, end = hit.block.text, hit.start, hit.end
    whole = whole_words(hit)
    words = text[whole.start:whole.end].split() or [""]
    begins = words[0] if 0 < start < len(text) and _is_word(text[start - 1]) and _is_word(text[start]) else ""
    ends = words[-1] if 0 < end < len(text) and _is_word(text[end - 1]) and _is_word(text[end]) else ""
    return begins, ends


def whole_words(hit: Hit) -> Hit:
    """Return the hit widened to the whole words it begins and ends in."""
    text, start, end = hit.block.text, hit.start, hit.end
    while start > 0 and _is_word(text[start - 1]):
        start -= 1
    while end < len(text) and _is_word(text[end]):
        end += 1
    return Hit(hit.block, start, end)


def inside_word(hit: Hit, location: Location, what: str) -> Diagnostic:
    """Return the error for a quote that begins or ends inside a word, at `hit`: `what` names the quote."""
    begins, ends = cut_words(hit)
    cuts = " and ".join(part for part in (begins and f"begins inside the word \"{begins}\"",
                                          ends and f"ends inside the word \"{ends}\"") if part)
    whole = whole_words(hit)
    words = " ".join(whole.block.text[whole.start:whole.end].split())
    return Diagnostic("anchor.inside-word", location,
                      f"{what} {cuts} ({hit.block.location.path}:{_line_col(hit)}).",
                      f"quote whole words: \"{_short(words)}\"; a note on part of a word says so "
                      "with inside_word: true.")


def _matching(hit: Hit, selector: Selector) -> Hit:
    """Return `hit` once it is sure its words are the quote's (under the two normalisations only): anything
    else would anchor a note on words it is not about, so it stops the build as a bug, not bad input."""
    if compile_quote(selector.quote).fullmatch(hit.block.text[hit.start:hit.end]) is None:
        raise RuntimeError(f"the quote {selector.quote!r} was placed on {hit.block.text[hit.start:hit.end]!r}, "
                           "words it does not match")
    return hit


def _short(text: str, size: int = 60) -> str:
    return text if len(text) <= size else text[: size - 1] + "…"


def _line_col(hit: Hit) -> str:
    offset = hit.start
    before = hit.block.text[:offset]
    line = hit.block.location.line + before.count("\n")
    col = (offset - before.rfind("\n")) if "\n" in before else hit.block.location.col + offset
    return f"{line}:{col}"


NEAR_MISS_WORDS = 24
"""How many of a quote's first words are weighed for the nearest text: a pasted paragraph would make the search
slow, and its first words are enough to show where it goes astray."""
NEAR_ENOUGH = 60
"""The least similarity (0 to 100) at which a passage is offered as the nearest text; below it the hint would
point the editor at unrelated words."""
_STRAIGHT = str.maketrans({"‘": "'", "’": "'", "“": '"', "”": '"'})


def _folded(text: str) -> str:
    """Return the text in lower case, with straight quotation marks and spaces for white space, each character
    kept at its offset: so that the words the quote rules let differ do not count against a passage."""
    return "".join(" " if c.isspace() else low if len(low := c.lower()) == 1 else c for c in text.translate(_STRAIGHT))


def nearest(blocks, quote: str, at_start: bool = False) -> tuple[Hit, str] | None:
    """Return the passage of whole words most like `quote` among `blocks`, and what differs, or None if nothing
    is near. With `at_start`, only the first words of each block are weighed (what a section or block is
    declared by). For a hint only: never used to anchor anything.
    """
    from rapidfuzz import fuzz

    quote = " ".join(quote.split()[:NEAR_MISS_WORDS])
    wanted = _folded(quote)
    if not wanted:
        return None
    slack = max(8, len(wanted) // 4)
    folded = [(block, _folded(block.text)) for block in blocks]
    if at_start:
        places = [(block, text, 0, len(wanted)) for block, text in folded]
    else:
        aligned = [(fuzz.partial_ratio_alignment(wanted, text), block, text) for block, text in folded]
        aligned.sort(key=lambda found: -found[0].score)  # stable: the first of equally near blocks first
        places = [(block, text, found.dest_start, found.dest_end) for found, block, text in aligned[:3]]
    best = None
    for block, text, near_start, near_end in places:
        # A passage begins and ends at a word, with or without the punctuation that clings to it: "POWs;".
        words = [span for m in re.finditer(r"\S+", text) for span in (m.span(), _word_part(m))]
        starts = [words[0][0]] if at_start and words else [s for s, _ in words if abs(s - near_start) <= slack]
        ends = {e for _, e in words if abs(e - near_end) <= slack}
        for start in starts:
            for end in sorted(e for e in ends if e > start):
                score = fuzz.ratio(wanted, " ".join(text[start:end].split()))
                if best is None or score > best[0]:
                    best = (score, Hit(block, start, end))
    if best is None or best[0] < NEAR_ENOUGH:
        return None
    hit = best[1]
    return hit, _differences(quote, hit.block.text[hit.start:hit.end])


def _word_part(token: re.Match) -> tuple[int, int]:
    """Return the span of a white-space-delimited token without the punctuation around its letters and digits."""
    inner = re.search(r"\w(?:.*\w)?", token.group(0))
    return (token.start() + inner.start(), token.start() + inner.end()) if inner else token.span()


def _differences(quote: str, found: str) -> str:
    """Return what differs between a quote and the text found, word by word: `"freed" where the text has
    "released"`, at most three such places."""
    import difflib

    ours, theirs = quote.split(), found.split()
    matcher = difflib.SequenceMatcher(None, [w.translate(_STRAIGHT) for w in ours],
                                      [w.translate(_STRAIGHT) for w in theirs], autojunk=False)
    changes = [op for op in matcher.get_opcodes() if op[0] != "equal"]
    parts = []
    for _, i1, i2, j1, j2 in changes[:3]:
        if i1 == i2 or j1 == j2:  # a word left out or added: shown with the word before it (after it, at the start)
            i1, j1, i2, j2 = (i1 - 1, j1 - 1, i2, j2) if i1 and j1 else (i1, j1, i2 + 1, j2 + 1)
        parts.append(f"\"{_short(' '.join(ours[i1:i2]), 40)}\" where the text has "
                     f"\"{_short(' '.join(theirs[j1:j2]), 40)}\"")
    return ", and ".join(parts) + (", and more" if len(changes) > 3 else "")


def nearest_hint(blocks, quote: str, advice: str, at_start: bool = False) -> str:
    """Return a hint that shows the nearest text to `quote` in `blocks`, its paragraph and what differs, then
    `advice`; only `advice` if nothing is near."""
    found = nearest(blocks, quote, at_start)
    if found is None:
        return advice
    hit, differences = found
    place = f"{hit.block.location.path}:{_line_col(hit)}"
    where = f"in ¶ {hit.block.n} ({place})" if hit.block.n else f"at {place}"
    words = _short(" ".join(hit.block.text[hit.start:hit.end].split()))
    nearest_what = "paragraph start" if at_start else "text"
    return (f"the nearest {nearest_what} is \"{words}\" {where}{', with ' + differences if differences else ''}; "
            f"{advice}")


def _context_hint(blocks, selector: Selector) -> str:
    """Return a hint for a quote found only without its prefix or suffix: the place whose words around it are
    nearest to them, and what those words are."""
    from rapidfuzz import fuzz

    hits = [Hit(block, start, end) for block in blocks for start, end in find_quote(block.text, selector.quote)]
    hits = [hit for hit in hits if selector.inside_word or not any(cut_words(hit))]
    if not hits:
        return nearest_hint(blocks, selector.quote, COPY_ADVICE)

    def before(hit: Hit) -> str:
        return " ".join(hit.block.text[:hit.start].split()[-max(3, len(selector.prefix.split()) + 1):])

    def after(hit: Hit) -> str:
        return " ".join(hit.block.text[hit.end:].split()[:max(3, len(selector.suffix.split()) + 1)])

    def likeness(hit: Hit) -> float:
        return (fuzz.ratio(_folded(selector.prefix.strip()), _folded(before(hit))[-len(selector.prefix.strip()):])
                + fuzz.ratio(_folded(selector.suffix.strip()), _folded(after(hit))[:len(selector.suffix.strip())]))

    hit = max(hits, key=likeness)  # the first of equally near places
    around = [f"the words just before it are \"{before(hit)}\"" for _ in selector.prefix[:1]]
    around += [f"the words just after it are \"{after(hit)}\"" for _ in selector.suffix[:1]]
    others = f" (one of {len(hits)})" if len(hits) > 1 else ""
    return (f"the quote is at {hit.block.location.path}:{_line_col(hit)}{others}, where {' and '.join(around)}; "
            "copy the prefix or suffix exactly from the transcription.")


COPY_ADVICE = "copy the words exactly as they stand in the transcription."
