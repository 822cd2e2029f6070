"""Corpus-wide consistency: unique ids, resolvable references, possible dates."""

from __future__ import annotations

import difflib
import re
import unicodedata

from .errors import Diagnostic
from .model import Entry, Reference
from .words import date_problem


def check_corpus(notes: dict, entries: tuple[Entry, ...], references: tuple[Reference, ...],
                 document_ids: tuple[str, ...]) -> list[Diagnostic]:
    """Return every problem found across the whole editorial layer."""
    problems = _duplicates([(e.id, e.location, f"{e.kind} entry") for e in entries], "entry")
    all_notes = [n for doc_notes in notes.values() for n in doc_notes]
    problems += _duplicates([(n.id, n.location, "note") for n in all_notes], "note")
    problems += _duplicates([(r.id, r.location, "reference") for r in references], "reference")
    problems += [Diagnostic("ref.unknown-document", n.location, f"there is no document '{doc_id}' for these notes.",
                            f"name the notes file after a document in sources/ ({', '.join(document_ids)}).")
                 for doc_id, doc_notes in notes.items() if doc_id not in document_ids for n in doc_notes[:1]]
    problems += [Diagnostic("ref.unknown-document", e.location, f"there is no document '{e.document}' for the event "
                            f"'{e.id}' to be.", f"use the id of a file in sources/ ({', '.join(document_ids)}).")
                 for e in entries if e.document and e.document not in document_ids]
    # Each id that a reference may name, with the names it is known by: an entry's name, aliases and other names.
    known = {kind: {e.id: (e.name, *e.aliases, *e.also_known_as) for e in entries if e.kind == kind}
             for kind in {e.kind for e in entries}}
    known["note"] = {n.id: () for n in all_notes}
    known["bibliography"] = {r.id: () for r in references}
    for owner in list(entries) + all_notes:
        for ref in owner.refs:
            problems += _unknown(ref.kind, ref.id, ref.location, known)
        for source in owner.sources:
            problems += _unknown("bibliography", source.id, source.location, known)
    for entry in entries:
        for key, value in entry.dates:
            problem = date_problem(value)
            if problem:
                problems.append(Diagnostic("date.impossible", entry.location,
                                           f"the {key} '{value}' of '{entry.id}' {problem}.",
                                           "write a real date as YYYY-MM-DD, YYYY-MM or YYYY, or a range start/end."))
    if any(e.sort for e in entries if e.kind == "persons"):  # a register half sorted by family name is misordered
        problems += [Diagnostic("register.no-sort-key", e.location,
                                f"the person '{e.id}' has no sort key, unlike others, so is listed under '{e.name}'.",
                                "add sort: with the family name first, e.g. sort: \"Clark, Mark W.\".",
                                severity="warning")
                     for e in entries if e.kind == "persons" and not e.sort]
    for note in all_notes:
        if note.corr and note.kind != "textual":
            problems.append(Diagnostic("note.corr-not-textual", note.location,
                                       f"note '{note.id}' gives a corrected reading but is not a textual note.",
                                       "add kind: textual to it."))
    return problems


def half_made(entries: tuple[Entry, ...], notes: dict, found: set) -> list[Diagnostic]:
    """Warn about each entry whose page would stand empty: one with no description, and one that nothing in the
    edition points to (no alias of it found in a text, as `found` holds them, and no other entry's description
    or note linking to it), unless it is declared `standalone`. An event is exempt from the second: the
    chronology is where it is read."""
    linked = {(ref.kind, ref.id, owner.id) for owner in [*entries, *(n for ns in notes.values() for n in ns)]
              for ref in owner.refs}
    pointed = {(kind, ident) for kind, ident, owner in linked if owner != ident} | {(k, i) for k, i, _ in found}
    problems = []
    for entry in entries:
        what = f"the {entry.kind.removesuffix('s')} '{entry.id}'"
        if not entry.description.strip():
            problems.append(Diagnostic("register.no-description", entry.location, f"{what} has no description.",
                                       "write under 'description: |' who or what it is, in a sentence or two "
                                       "with its source.", severity="warning"))
        # The chronology lists every event; a standalone entry says that nothing is meant to point to it.
        if (entry.kind, entry.id) not in pointed and entry.kind != "events" and not entry.standalone:
            problems.append(Diagnostic("register.unmentioned", entry.location,
                                       f"nothing in the edition mentions or links to {what}: no alias of it occurs "
                                       "in a text, and no note or other entry links to it.",
                                       "add to its aliases the words under which it appears in a text, link to it "
                                       "from a note, or, if it is kept for its own sake, say so with "
                                       "standalone: true.", severity="warning"))
    return problems


def _duplicates(items, what) -> list[Diagnostic]:
    seen, problems = {}, []
    for ident, location, label in items:
        if ident in seen:
            problems.append(Diagnostic(f"{what}.duplicate-id", location,
                                       f"the id '{ident}' is already used by a {seen[ident][1]} at {seen[ident][0]}.",
                                       "give each one its own id."))
        else:
            seen[ident] = (location, label)
    return problems


def _unknown(kind, ident, location, known) -> list[Diagnostic]:
    names = known.get(kind, {})
    if ident in names:
        return []
    close = _nearest_id(ident, names)
    label = "bibliography entry" if kind == "bibliography" else ("note" if kind == "note" else f"entry in {kind}")
    where = "a notes file in annotations/notes/" if kind == "note" else f"annotations/{kind}.yaml"
    named = f" ({names[close][0]})" if close and names[close] else ""
    hint = f"did you mean '{close}'{named}?" if close else f"add it to {where}, or correct the id."
    return [Diagnostic("ref.unknown", location, f"there is no {label} with the id '{ident}'.", hint)]


def _nearest_id(ident: str, names: dict) -> str | None:
    """Return the id nearest to `ident`, comparing it with each id and with each name the id is known by,
    written as an id ('Syngman Rhee' as syngman-rhee); None if none is near."""
    scored = [(difflib.SequenceMatcher(None, ident, form).ratio(), entry_id)
              for entry_id in sorted(names) for form in (entry_id, *map(_as_id, names[entry_id]))]
    score, entry_id = max(scored, key=lambda pair: pair[0], default=(0, None))
    return entry_id if score >= 0.6 else None


def _as_id(name: str) -> str:
    """Return a name as an editor would write it as an id: lowercase ASCII words joined by hyphens."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    return "-".join(re.findall(r"[a-z0-9]+", ascii_name))
