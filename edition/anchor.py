"""Place the editorial layer on the text: notes on their quotes, register aliases as mentions.

Anchoring is exact (see `quotes` for the only normalisations); every quote that
matches nothing, or several places without a disambiguator, is a diagnostic.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .errors import Diagnostic
from .model import AnnotatedDocument, Block, Document, Entry, Mark, Note, Span, document_blocks, map_blocks
from .quotes import compile_quote, select


def anchor_document(document: Document, notes: tuple[Note, ...], aliases: AliasIndex,
                    excluded: frozenset = frozenset()) -> tuple[AnnotatedDocument, list[Diagnostic]]:
    """Return the document with note, correction and mention spans added and its notes numbered (those
    whose quote is found), and the problems found; `aliases` is the index of the registers' aliases."""
    problems: list[Diagnostic] = []
    blocks = list(document_blocks(document))
    order = {key: i for i, key in enumerate(reading_order(document))}
    added: dict[str, list[Span]] = {}
    placed = []
    for note in notes:
        hit, found = select(blocks, note.selector, f"note '{note.id}'")
        problems += found
        if hit is None:
            continue
        placed.append((order[hit.block.key], hit.start, hit.end, note, hit.block))
        spans = added.setdefault(hit.block.key, [])
        spans.append(Span(hit.start, hit.end, Mark("note", note.id)))
        if note.corr:
            spans.append(Span(hit.start, hit.end, Mark("sic", note.id, note.corr)))
    problems += _stacked_notes(placed)
    numbered = tuple(replace(note, number=i, block=block.key, start=start, end=end, lemma=block.text[start:end])
                     for i, (_, start, end, note, block) in enumerate(_marker_order(placed), 1))
    for key, spans in mentions(document, blocks, aliases, excluded).items():
        added.setdefault(key, []).extend(spans)

    def update(block: Block) -> Block:
        extra = added.get(block.key)
        return replace(block, spans=tuple(sorted(block.spans + tuple(extra)))) if extra else block

    return AnnotatedDocument(map_blocks(document, update), numbered), problems


def reading_order(document: Document) -> list[str]:
    """Return the keys of the document's blocks in the order a reader meets them: an archival footnote on
    the whole document belongs to the description of the source, which comes before the text."""
    whole = {f.block.key for f in document.footnotes if f.attach == "document"}
    keys = [b.key for b in document_blocks(document)]
    return [k for k in keys if k in whole] + [k for k in keys if k not in whole]


def _marker_order(placed: list) -> list:
    """Return the placed notes in the order of their markers, which follow the notes' last words: by block, then
    by where the words end; of notes ending at the same place the one nested deepest (starting last) closes,
    and shows its marker, first (see `segments.nest`)."""
    deepest_first = sorted(placed, key=lambda p: (p[1], p[3].id), reverse=True)
    return sorted(deepest_first, key=lambda p: (p[0], p[2]))


MAX_STACKED_NOTES = 16
"""How many notes may cover the same character: more is a mistake, and would nest the markup too deep."""


def _stacked_notes(placed) -> list[Diagnostic]:
    """Return an error for each block where more than `MAX_STACKED_NOTES` notes cover the same words."""
    problems = []
    for block in sorted({b for b, *_ in placed}):
        # An end sorts before a start at the same offset: spans are end-exclusive.
        events = sorted((offset, opening, i) for i, (b, start, end, *_) in enumerate(placed) if b == block
                        for offset, opening in ((start, 1), (end, 0)))
        depth = 0
        for _, opening, i in events:
            depth += 1 if opening else -1
            if depth > MAX_STACKED_NOTES:
                note = placed[i][3]
                problems.append(Diagnostic("anchor.too-many", note.selector.location,
                                           f"note '{note.id}' covers words that {MAX_STACKED_NOTES} other notes "
                                           "already cover.", "merge the notes on these words into one."))
                break
    return problems


def _alias_pattern(alias: str) -> re.Pattern:
    return re.compile(r"(?<!\w)" + compile_quote(alias).pattern + r"(?!\w)")


def resolve_exclusions(documents: tuple[Document, ...], entries: tuple[Entry, ...]
                       ) -> tuple[frozenset, list[Diagnostic]]:
    """Return `(document id, block key, start, end, entry id)` of every excluded occurrence.

    An exclusion names its document, or else must match in exactly one document of the edition.
    """
    excluded, problems = set(), []
    for entry in entries:
        for selector in entry.exclude:
            candidates = [d for d in documents if not selector.document or d.id == selector.document]
            results = [(d, *select(list(document_blocks(d)), selector, f"the exclusion of '{entry.id}'"))
                       for d in candidates]
            hits = [(d, hit) for d, hit, _ in results if hit is not None]
            if len(hits) == 1:
                d, hit = hits[0]
                excluded.add((d.id, hit.block.key, hit.start, hit.end, entry.id))
            elif hits:
                problems.append(Diagnostic("anchor.ambiguous", selector.location,
                                           f"the exclusion of '{entry.id}' matches in {len(hits)} documents.",
                                           "add document: <id> to the exclusion."))
            elif results:
                problems += results[0][2]
            else:
                problems.append(Diagnostic("ref.unknown-document", selector.location,
                                           f"there is no document '{selector.document}'.",
                                           "use the id of a file in sources/."))
    return frozenset(excluded), problems


class AliasIndex:
    """Every alias of every entry, looked up by its first word: one dictionary probe per word of a text.

    Matching each alias's pattern over every block would cost entries × blocks searches;
    an alias can only start where a word of the text equals its own first word, so only
    those places are tried. The matches are exactly those of each pattern's `finditer`.
    It is made once per build, from the registers, and given to every document's anchoring.
    """

    def __init__(self, entries: tuple[Entry, ...]):
        self.by_word: dict[str, list] = {}
        self.others = []  # aliases that do not begin with a word character: searched in full
        for slot, (entry, alias) in enumerate((e, a) for e in entries for a in e.aliases):
            first = _WORD.match(alias)
            target = self.by_word.setdefault(first.group(0), []) if first else self.others
            target.append((slot, entry, alias, _alias_pattern(alias)))

    def matches(self, text: str) -> list[tuple[int, int, Entry, str]]:
        """Return `(start, end, entry, alias)` of every non-overlapping match of each alias in `text`."""
        found = [(m.start(), m.end(), entry, alias)
                 for _, entry, alias, pattern in self.others for m in pattern.finditer(text)]
        resume: dict[int, int] = {}  # alias slot → where its next match may start, as finditer would resume
        for word in _WORD.finditer(text):
            for slot, entry, alias, pattern in self.by_word.get(word.group(0), ()):
                start = word.start()
                if start < resume.get(slot, 0):
                    continue
                match = pattern.match(text, start)
                if match:
                    found.append((start, match.end(), entry, alias))
                    resume[slot] = match.end()
        return found


_WORD = re.compile(r"\w+")


def mentions(document: Document, blocks: list[Block], index: AliasIndex,
             excluded: frozenset) -> dict[str, list[Span]]:
    """Return mention spans per block key: whole words, leftmost-longest alias wins, exclusions removed."""
    found: dict[str, list[Span]] = {}
    for block in blocks:
        if block.role == "header":
            continue
        candidates = [(start, end, entry) for start, end, entry, _ in index.matches(block.text)]
        taken_until = -1
        for start, end, entry in sorted(candidates, key=lambda c: (c[0], c[0] - c[1], c[2].kind, c[2].id)):
            if start < taken_until:
                continue
            taken_until = end
            if (document.id, block.key, start, end, entry.id) in excluded:
                continue
            found.setdefault(block.key, []).append(Span(start, end, Mark("mention", entry.id, entry.kind)))
    return found


def found_aliases(document: Document, index: AliasIndex) -> frozenset[tuple[str, str, str]]:
    """Return `(kind, id, alias)` of every alias that occurs somewhere in the document's text."""
    return frozenset((entry.kind, entry.id, alias) for block in document_blocks(document)
                     for _, _, entry, alias in index.matches(block.text))


def unused_aliases(found: set, entries: tuple[Entry, ...]) -> list[Diagnostic]:
    """Warn about aliases found in no document (`found` holds `found_aliases` of every document)."""
    problems = []
    for entry in entries:
        for alias in entry.aliases:
            if (entry.kind, entry.id, alias) not in found:
                problems.append(Diagnostic(
                    "register.unused-alias", entry.location,
                    f"the alias \"{alias}\" of '{entry.id}' occurs in no document.",
                    "check its spelling against the text, or move it to also_known_as if it is another name "
                    "or romanisation.", severity="warning"))
    return problems
