"""Place the editorial layer on the text: notes on their quotes, register aliases as mentions.

Anchoring is exact (see `quotes` for the only normalisations); every quote that
matches nothing, or several places without a disambiguator, is a diagnostic.
"""

from __future__ import annotations

import re
from dataclasses import replace

from .errors import Diagnostic
from .model import Block, Document, Entry, Mark, Note, Span, document_blocks, map_blocks
from .quotes import Hit, compile_quote, select


def anchor_document(document: Document, notes: tuple[Note, ...], entries: tuple[Entry, ...],
                    excluded: frozenset = frozenset()) -> tuple[Document, tuple[Note, ...], list[Diagnostic]]:
    """Return the document with note, correction and mention spans added, its notes numbered."""
    problems: list[Diagnostic] = []
    blocks = list(document_blocks(document))
    order = {b.key: i for i, b in enumerate(blocks)}
    added: dict[str, list[Span]] = {}
    placed = []
    for note in notes:
        hit = select(blocks, note.selector, f"note '{note.id}'")
        if isinstance(hit, Diagnostic):
            problems.append(hit)
            continue
        placed.append((order[hit.block.key], hit.start, hit.end, note))
        spans = added.setdefault(hit.block.key, [])
        spans.append(Span(hit.start, hit.end, Mark("note", note.id)))
        if note.corr:
            spans.append(Span(hit.start, hit.end, Mark("sic", note.id, note.corr)))
    numbered = tuple(replace(note, number=i, block=blocks[b].key)
                     for i, (b, _, _, note) in enumerate(sorted(placed, key=lambda p: p[:3]), 1))
    for key, spans in mentions(document, blocks, entries, excluded).items():
        added.setdefault(key, []).extend(spans)

    def update(block: Block) -> Block:
        extra = added.get(block.key)
        return replace(block, spans=tuple(sorted(block.spans + tuple(extra)))) if extra else block

    return map_blocks(document, update), numbered, problems


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
            results = [(d, select(list(document_blocks(d)), selector, f"the exclusion of '{entry.id}'"))
                       for d in candidates]
            hits = [(d, r) for d, r in results if isinstance(r, Hit)]
            if len(hits) == 1:
                d, hit = hits[0]
                excluded.add((d.id, hit.block.key, hit.start, hit.end, entry.id))
            elif hits:
                problems.append(Diagnostic("anchor.ambiguous", selector.location,
                                           f"the exclusion of '{entry.id}' matches in {len(hits)} documents.",
                                           "add document: <id> to the exclusion."))
            elif results:
                problems.append(results[0][1])
            else:
                problems.append(Diagnostic("ref.unknown-document", selector.location,
                                           f"there is no document '{selector.document}'.",
                                           "use the id of a file in sources/."))
    return frozenset(excluded), problems


def mentions(document: Document, blocks: list[Block], entries: tuple[Entry, ...],
             excluded: frozenset) -> dict[str, list[Span]]:
    """Return mention spans per block key: whole words, leftmost-longest alias wins, exclusions removed."""
    found: dict[str, list[Span]] = {}
    patterns = [(entry, _alias_pattern(alias)) for entry in entries for alias in entry.aliases]
    for block in blocks:
        if block.role == "header":
            continue
        candidates = [(m.start(), m.end(), entry) for entry, pattern in patterns for m in pattern.finditer(block.text)]
        taken_until = -1
        for start, end, entry in sorted(candidates, key=lambda c: (c[0], c[0] - c[1], c[2].kind, c[2].id)):
            if start < taken_until:
                continue
            taken_until = end
            if (document.id, block.key, start, end, entry.id) in excluded:
                continue
            found.setdefault(block.key, []).append(Span(start, end, Mark("mention", entry.id, entry.kind)))
    return found


def unused_aliases(documents: tuple[Document, ...], entries: tuple[Entry, ...]) -> list[Diagnostic]:
    """Warn about aliases found in no document: a misspelling, or a name for `also_known_as`."""
    texts = [b.text for d in documents for b in document_blocks(d)]
    problems = []
    for entry in entries:
        for alias in entry.aliases:
            pattern = _alias_pattern(alias)
            if not any(pattern.search(t) for t in texts):
                problems.append(Diagnostic(
                    "register.unused-alias", entry.location,
                    f"the alias \"{alias}\" of '{entry.id}' occurs in no document.",
                    "check its spelling against the text, or move it to also_known_as if it is another name "
                    "or romanisation.", severity="warning"))
    return problems
