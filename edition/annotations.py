"""Load the editorial layer: notes, registers and bibliography, validated and located.

Nothing here looks at a document's text: quotes are placed by `anchor`, and
references between entries are resolved by `check` once everything is loaded.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from . import notes_md
from .errors import Diagnostic, Location
from .model import REGISTER_KINDS, Entry, Note, Ref, Reference, Selector, SourceRef
from .yamlsrc import YNode, load_yaml, validate

DATE_KEYS = ("born", "died", "date", "founded", "dissolved")
AUTHORITY_KEYS = ("wikidata", "viaf", "geonames")


@dataclass(frozen=True, slots=True)
class Annotations:
    """The editorial layer as loaded: notes per document (unanchored), entries, references."""

    notes: dict
    """document id → tuple of `Note` in file order."""
    entries: tuple[Entry, ...]
    references: tuple[Reference, ...]


def load_annotations(root: Path, load_all_notes=None) -> tuple[Annotations, list[Diagnostic]]:
    """Load every annotation file under `root/annotations`; return them with all problems found.

    `load_all_notes(paths)` may load the notes files (a list of `load_notes` results, in order),
    for instance in parallel or from a cache.
    """
    problems: list[Diagnostic] = _unread_files(root)
    folder = root / "annotations"
    notes = {}
    paths = sorted((folder / "notes").glob("*.yaml")) if (folder / "notes").is_dir() else []
    loaded = load_all_notes(paths) if load_all_notes else [load_notes(root, path) for path in paths]
    for path, (file_notes, found) in zip(paths, loaded):
        problems += found
        if file_notes is not None:
            notes[path.stem] = file_notes
    entries = []
    for kind in REGISTER_KINDS:
        path = folder / f"{kind}.yaml"
        if path.exists():
            node = _load(root, path, kind, problems)
            if node is not None:
                entries += [_entry(kind, node, i) for i in range(len(node.value[kind].value))]
    references = ()
    path = folder / "bibliography.yaml"
    if path.exists():
        node = _load(root, path, "bibliography", problems)
        if node is not None:
            references = tuple(_reference(node, i, problems) for i in range(len(node.value["references"].value)))
    return Annotations(notes=notes, entries=tuple(entries), references=references), problems


def load_notes(root: Path, path: Path) -> tuple[tuple[Note, ...] | None, list[Diagnostic]]:
    """Load one notes file, `annotations/notes/ID.yaml`; return its notes (None if unusable) and its problems."""
    problems: list[Diagnostic] = []
    node = _load(root, path, "notes", problems)
    if node is None:
        return None, problems
    return tuple(_note(path.stem, node, i) for i in range(len(node.value["notes"].value))), problems


def _unread_files(root: Path) -> list[Diagnostic]:
    """Return an error for each YAML file under annotations/ that the build would not read.

    A misnamed file (`person.yaml`, `notes/ID.yml`) would otherwise be skipped without a word,
    and everything in it left out of the edition.
    """
    folder = root / "annotations"
    known = [f"{name}.yaml" for name in (*REGISTER_KINDS, "bibliography", "edition")]  # edition.yaml: settings
    found = [p for p in folder.glob("*.y*ml") if p.name not in known]
    found += [p for p in folder.glob("notes/*.yml")]
    problems = []
    for path in sorted(found):
        if path.parent.name == "notes":
            hint = f"rename it to {path.stem}.yaml."
        else:
            close = difflib.get_close_matches(path.stem + ".yaml", known, n=1)
            hint = (f"did you mean {close[0]}?" if close else
                    f"annotation files are notes/<document id>.yaml, {', '.join(known)}.")
        problems.append(Diagnostic("annotations.unread-file", Location(path.relative_to(root).as_posix()),
                                   "the build does not read this file, so nothing in it would be published.", hint))
    return problems


def _load(root: Path, path: Path, schema: str, problems: list) -> YNode | None:
    display = path.relative_to(root).as_posix()
    node, found = load_yaml(path, display)
    problems += found
    if node is None:
        return None
    invalid = validate(node, schema)
    problems += invalid
    return None if invalid else node


def _refs(node: YNode | None) -> tuple[Ref, ...]:
    """Collect the references written in a Markdown value, each located in the YAML file."""
    if node is None:
        return ()
    return tuple(Ref(kind, ident, node.locate_in_text(offset))
                 for kind, ident, offset in notes_md.references(node.value))


def _sources(node: YNode | None) -> tuple[SourceRef, ...]:
    if node is None:
        return ()
    return tuple(SourceRef(s.value["id"].value, s.value.get("locator", YNode("", s.location)).value,
                           s.value["id"].location) for s in node.value)


def _selector(node: YNode) -> Selector:
    values = node.value
    return Selector(quote=values["quote"].value, location=values["quote"].location,
                    prefix=values["prefix"].value if "prefix" in values else "",
                    suffix=values["suffix"].value if "suffix" in values else "",
                    occurrence=values["occurrence"].value if "occurrence" in values else 0,
                    document=values["document"].value if "document" in values else "",
                    inside_word=values["inside_word"].value if "inside_word" in values else False)


def _note(doc_id: str, root: YNode, index: int) -> Note:
    node = root.value["notes"].value[index]
    values = node.value
    return Note(id=values["id"].value, document=doc_id, number=0,
                kind=values["kind"].value if "kind" in values else "commentary",
                body=values["body"].value, sources=_sources(values.get("sources")),
                refs=_refs(values["body"]), location=values["id"].location, selector=_selector(node),
                corr=values["corr"].value if "corr" in values else "")


def _entry(kind: str, root: YNode, index: int) -> Entry:
    node = root.value[kind].value[index]
    values = node.value
    plain = node.plain()
    return Entry(kind=kind, id=plain["id"], name=plain["name"], aliases=tuple(plain.get("aliases", ())),
                 description=plain.get("description", ""), location=values["id"].location,
                 dates=tuple((k, plain[k]) for k in DATE_KEYS if k in plain),
                 authorities=tuple((k, plain[k]) for k in AUTHORITY_KEYS if k in plain),
                 sources=_sources(values.get("sources")), refs=_refs(values.get("description")),
                 exclude=tuple(_selector(s) for s in values["exclude"].value) if "exclude" in values else (),
                 also_known_as=tuple(plain.get("also_known_as", ())), standalone=plain.get("standalone", False),
                 sort=plain.get("sort", ""), document=plain.get("document", ""))


def _reference(root: YNode, index: int, problems: list) -> Reference:
    node = root.value["references"].value[index]
    csl = node.plain()
    if not any(csl.get(k) for k in ("author", "editor", "publisher")):
        problems.append(Diagnostic("bibliography.no-creator", node.value["id"].location,
                                   f"the reference '{csl['id']}' has no author, editor or publisher.",
                                   "add author: [{family: ..., given: ...}], editor, or publisher."))
    return Reference(id=csl["id"], csl=csl, location=node.value["id"].location)
