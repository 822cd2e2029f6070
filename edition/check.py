"""Corpus-wide consistency: unique ids, resolvable references, possible dates."""

from __future__ import annotations

import difflib

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
    known = {kind: {e.id for e in entries if e.kind == kind} for kind in {e.kind for e in entries}}
    known["note"] = {n.id for n in all_notes}
    known["bibliography"] = {r.id for r in references}
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
    ids = known.get(kind, set())
    if ident in ids:
        return []
    close = difflib.get_close_matches(ident, sorted(ids), n=1)
    label = "bibliography entry" if kind == "bibliography" else ("note" if kind == "note" else f"entry in {kind}")
    where = "a notes file in annotations/notes/" if kind == "note" else f"annotations/{kind}.yaml"
    hint = f"did you mean '{close[0]}'?" if close else f"add it to {where}, or correct the id."
    return [Diagnostic("ref.unknown", location, f"there is no {label} with the id '{ident}'.", hint)]
