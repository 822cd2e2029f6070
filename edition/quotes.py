"""Exact quote matching, shared by section starts, footnote places and notes.

Normalisation rules (the only ones; everything else must match exactly):
1. a run of white space in a quote matches any run of white space in the text,
   so a quote may span a line wrap;
2. straight and typographic quotation marks match each other
   (' ‘ ’ are one character class, " “ ” another).
Letters, case and all other punctuation must match exactly: the edition never guesses.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from .errors import Diagnostic
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


NEAR_MISS_WORDS = 24


def near_miss(text: str, exact: str) -> tuple[int, str] | None:
    """Return `(offset, text found)` of the closest thing to a missing quote, for a hint only.

    First a case- and spacing-insensitive match; otherwise the longest run of the quote's
    leading words that does occur. Never used to anchor anything.
    """
    # Only the first words are weighed: a pasted paragraph would make this search quadratic,
    # and its first words are enough to show where it goes astray.
    exact = " ".join(exact.split()[:NEAR_MISS_WORDS])
    loose = re.compile(r"\s*".join(re.escape(c) for c in re.sub(r"\s+", "", exact)), re.IGNORECASE)
    if exact.strip() and (match := loose.search(text)):
        return match.start(), match.group(0)
    words = exact.split()
    for size in range(len(words) - 1, 0, -1):
        head = " ".join(words[:size])
        if len(head) < 4:
            break
        hits = find_quote(text, head)
        if hits:
            start, end = hits[0]
            return start, text[start:end]
    return None


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
                                 " is not in the text.", _near_miss_hint(blocks, selector.quote))]
    places = ", ".join(_line_col(hit) for hit in hits[:8]) + (", ..." if len(hits) > 8 else "")
    return None, [Diagnostic("anchor.ambiguous", selector.location,
                             f"{what}: the quote \"{_short(selector.quote)}\" matches {len(hits)} places "
                             f"({hits[0].block.location.path} at {places}).",
                             "add a prefix or suffix (the exact words just before or after it), "
                             "or an occurrence number.")]


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


def _near_miss_hint(blocks, quote: str) -> str:
    for block in blocks:
        found = near_miss(block.text, quote)
        if found:
            offset, text = found
            return (f"the nearest text is \"{_short(text)}\" at {block.location.path}:"
                    f"{_line_col(Hit(block, offset, offset))};"
                    " copy the words exactly as they stand in the transcription.")
    return "copy the words exactly as they stand in the transcription."
