"""Start new editorial material: a note, a register entry, a document.

Every command appends text at the end of a file (or creates a new file) and never
rewrites what an editor wrote: the previous bytes stay a prefix of the new file,
comments and layout included. Before anything is written, the new item is checked:
a note's quote must occur exactly once in its document, an id must be new.
"""

from __future__ import annotations

import json
import os
import re
import unicodedata
from pathlib import Path

import yaml

from .errors import Diagnostic, EditionError, Location, raise_if_errors
from .model import REGISTER_KINDS, document_blocks
from .parse import load_document
from .quotes import compile_quote, find_quote, near_miss
from .words import date_problem
from .yamlsrc import SCHEMA_DIR, load_yaml

ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]*$")
ENTRY_KINDS = {kind.removesuffix("s"): kind for kind in REGISTER_KINDS}
"""The singular the command line uses (`person`) → the register (`persons`)."""
_STOPWORDS = frozenset("a an and as at by for from in into is it its of on or that the this to was were with".split())


def new_note(root: Path, doc_id: str, quote: str) -> list[str]:
    """Append a note skeleton on `quote` to `annotations/notes/<doc_id>.yaml`; return what to tell the editor."""
    _check_id(doc_id, "document id")
    if not (root / "sources" / f"{doc_id}.txt").exists():
        known = ", ".join(sorted(p.stem for p in (root / "sources").glob("*.txt"))) or "none yet"
        _refuse("ref.unknown-document", Location(f"sources/{doc_id}.txt"), f"there is no document '{doc_id}'.",
                f"use the id of a transcription in sources/ ({known}).")
    where = _place_quote(root, doc_id, quote)
    taken = _ids(root, sorted((root / "annotations" / "notes").glob("*.yaml")), "notes")
    note_id = _fresh_id(quote, taken)
    fields = [f"id: {note_id}", f"quote: {_scalar(quote)}",
              "# Write the note on the lines below 'body: |', indented by two more spaces (Markdown).",
              "body: |"]
    path = root / "annotations" / "notes" / f"{doc_id}.yaml"
    line = _append(root, path, "notes", fields, note_id)
    return [f"added note '{note_id}' at {_display(root, path)}:{line}",
            f"  its quote is at {where}",
            "  write the note under 'body: |'; the build reports the note as empty until you do."]


def new_entry(root: Path, kind: str, entry_id: str, name: str, date: str = "",
              aliases: tuple[str, ...] = ()) -> list[str]:
    """Append a register entry (`person`, `place`, `event`, ...) to its file; return what to tell the editor.

    The name is an alias when it occurs in a transcription; each of `aliases` must occur in one.
    """
    register = ENTRY_KINDS[kind]
    _check_id(entry_id, f"{kind} id")
    if register == "events" and (not date or date_problem(date)):
        _refuse("date.impossible", Location(f"annotations/{register}.yaml"),
                f"the date '{date}' of the new event {date_problem(date) if date else 'is missing'}.",
                "give it as YYYY-MM-DD, YYYY-MM or YYYY, or a range start/end, e.g. 1953-07-27.")
    files = [root / "annotations" / f"{r}.yaml" for r in REGISTER_KINDS]
    if entry_id in _ids(root, [f for f in files if f.exists()], None):
        _refuse("entry.duplicate-id", Location(f"annotations/{register}.yaml"),
                f"the id '{entry_id}' is already used by a register entry.", "choose another id.")
    found = {alias: _occurrences(root, alias) for alias in dict.fromkeys((name, *aliases))}
    for alias in aliases:
        if not found[alias]:
            _refuse("register.unused-alias", Location("sources/"), f"the alias \"{alias}\" occurs in no document.",
                    "copy it exactly as it stands in a transcription (aliases are case-sensitive).")
    used = [alias for alias, places in found.items() if places]
    fields = [f"id: {entry_id}", f"name: {_scalar(name)}"]
    if used:
        fields += ["aliases:", *(f"  - {_scalar(alias)}" for alias in used)]
    if register == "events":
        fields.append(f"date: {_scalar(date)}")
    fields.append("description: |")
    path = root / "annotations" / f"{register}.yaml"
    line = _append(root, path, register, fields, entry_id)
    told = [f"added {kind} '{entry_id}' at {_display(root, path)}:{line}"]
    for alias, places in found.items():
        if places:
            told.append(f"  \"{alias}\" occurs {len(places)} time{'s' if len(places) != 1 else ''}: "
                        + ", ".join(places[:5]) + (", …" if len(places) > 5 else ""))
    if not used:
        told.append(f"  \"{name}\" occurs in no document: add the forms under which it appears to 'aliases:'.")
    told.append("  write a short description under 'description: |'.")
    return told


def new_document(root: Path, doc_id: str) -> list[str]:
    """Create `sources/<doc_id>.yaml` with a commented metadata skeleton; return what to tell the editor."""
    _check_id(doc_id, "document id")
    meta = root / "sources" / f"{doc_id}.yaml"
    if meta.exists():
        _refuse("source.exists", Location(_display(root, meta)), f"the document '{doc_id}' already has a metadata file.",
                "edit it, or choose another id.")
    meta.parent.mkdir(parents=True, exist_ok=True)
    schema = os.path.relpath(SCHEMA_DIR / "document.schema.json", meta.parent)
    with meta.open("x", encoding="utf-8") as out:
        out.write(DOCUMENT_SKELETON.format(schema=Path(schema).as_posix(), id=doc_id))
    text = root / "sources" / f"{doc_id}.txt"
    told = [f"created {_display(root, meta)}: fill in each value (the comments say what goes there)."]
    if text.exists():
        told.append(f"  the transcription {_display(root, text)} is already there; it is never modified.")
    else:
        told.append(f"  paste the transcription, unchanged, into {_display(root, text)} (UTF-8).")
    told.append("  then run 'python build.py check': it names every value still missing, file:line:col.")
    return told


DOCUMENT_SKELETON = """\
# yaml-language-server: $schema={schema}
# Metadata and structure of sources/{id}.txt (the transcription itself is never edited).
# Fill in every value; see sources/vaskov-1953-07-03.yaml for a complete example.
title: ""  # e.g. "Telegram from V. V. Vas'kov in Beijing to G. M. Malenkov on ..."
summary: ""  # two or three sentences on what the document says
type: telegram  # the genre: telegram, letter, memorandum, ...
date: ""  # YYYY-MM-DD
# received: "23:40"  # time of receipt, HH:MM
# telegram_numbers: "1211-1220"
sender:
  name: ""
  # role: office or function at the time
  # place: where the sender was
recipient:
  name: ""
  # role: office or function at the time
  # place: where the recipient was
archive:
  repository: ""  # e.g. Archive of the President of the Russian Federation
  abbreviation: ""  # e.g. AP RF
  # fond: "3"
  # opis: "65"
  # delo: "830"
  # pages: "136-147"
  # status: original  # or copy
language:
  original: ru  # ISO 639 code of the original
  translation: en  # ISO 639 code of the translation
# translation:
#   translator: the translator's name
#   credit: how the translation is credited
# rights: the licence of transcription and editorial layer

# The sections in reading order, each declared by the exact words its first paragraph starts with.
structure:
  - id: report
    kind: framing-report  # framing-report, embedded-note, letter, oral-report, closing, ...
    title: ""
    start: ""  # the first words of the section, copied exactly from the transcription

# Archival footnotes at the end of the text (*, **, ...), attached to the whole document or a quote:
# footnotes:
#   - marker: "*"
#     attach: document
"""


def _refuse(code: str, location: Location, message: str, hint: str) -> None:
    raise EditionError([Diagnostic(code, location, message, hint)])


def _check_id(ident: str, what: str) -> None:
    if not ID_RE.match(ident):
        _refuse("id.malformed", Location("command line"), f"the {what} '{ident}' is not well formed.",
                "use lowercase letters, digits and hyphens, e.g. 'zhou-enlai'.")


def _display(root: Path, path: Path) -> str:
    return path.relative_to(root).as_posix()


def _scalar(text: str) -> str:
    """Return `text` as a YAML double-quoted scalar (JSON's string syntax is valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _source_location(source: str, display: str, offset: int) -> str:
    line = source.count("\n", 0, offset) + 1
    return f"{display}:{line}:{offset - (source.rfind(chr(10), 0, offset) + 1) + 1}"


def _place_quote(root: Path, doc_id: str, quote: str) -> str:
    """Return where `quote` occurs in the document, file:line:col; refuse unless it occurs exactly once."""
    document, problems = load_document(root, doc_id)
    raise_if_errors(problems)
    display = document.source_path
    blocks = list(document_blocks(document))
    hits = [block.start + start for block in blocks for start, _ in find_quote(block.text, quote)]
    if len(hits) == 1:
        return _source_location(document.source, display, hits[0])
    if not hits:
        hint = "copy the words exactly as they stand in the transcription."
        for block in blocks:
            found = near_miss(block.text, quote)
            if found:
                near = " ".join(found[1].split())
                hint = (f"the nearest text is \"{near}\" at "
                        f"{_source_location(document.source, display, block.start + found[0])}; " + hint)
                break
        _refuse("anchor.not-found", Location(display), f"the quote \"{quote}\" is not in the text.", hint)
    first, *others = [_source_location(document.source, display, h) for h in hits]
    places = ", ".join(o.removeprefix(display + ":") for o in others[:9]) + (", …" if len(others) > 9 else "")
    path, line, col = first.rsplit(":", 2)
    _refuse("anchor.ambiguous", Location(path, int(line), int(col)),
            f"the quote \"{quote}\" occurs {len(hits)} times: here, and at {places} (line:column).",
            "quote more of the words around it, so that it occurs only once.")
    raise AssertionError("unreachable")


def _occurrences(root: Path, name: str) -> list[str]:
    """Return file:line:col of every whole-word occurrence of `name` in the transcriptions."""
    pattern = re.compile(r"(?<!\w)" + compile_quote(name).pattern + r"(?!\w)")
    found = []
    for path in sorted((root / "sources").glob("*.txt")):
        source = path.read_text(encoding="utf-8")
        found += [_source_location(source, _display(root, path), m.start()) for m in pattern.finditer(source)]
    return found


def _ids(root: Path, paths: list[Path], top: str | None) -> set[str]:
    """Return the ids of the items of every file; a file that does not load stops the command."""
    ids, problems = set(), []
    for path in paths:
        node, found = load_yaml(path, _display(root, path))
        problems += found
        if node is None or not isinstance(node.value, dict):
            continue
        for key, items in node.value.items():
            if (top is None or key == top) and isinstance(items.value, tuple):
                ids |= {item.value["id"].value for item in items.value
                        if isinstance(item.value, dict) and "id" in item.value}
    if problems:
        raise EditionError(problems)
    return ids


def _fresh_id(quote: str, taken: set[str]) -> str:
    """Return an id made of the quote's first significant words, numbered if already taken."""
    ascii_text = unicodedata.normalize("NFKD", quote).encode("ascii", "ignore").decode().lower()
    words = re.findall(r"[a-z0-9]+", ascii_text)
    base = "-".join(([w for w in words if w not in _STOPWORDS] or words)[:4]) or "note"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def _append(root: Path, path: Path, top: str, fields: list[str], item_id: str) -> int:
    """Append one list item to the `top:` list of a YAML file (created if absent); return the item's line."""
    display = _display(root, path)
    if path.exists():
        old, (dash, keys), count, keyed = _layout(path, display, top)
        separator = "" if old.endswith("\n") or not old else "\n"
        separator += "\n" if count else ("" if keyed else f"{top}:\n")
    else:
        schema = Path(os.path.relpath(SCHEMA_DIR / f"{top}.schema.json", path.parent)).as_posix()
        old, (dash, keys), count = "", (2, 4), 0
        separator = f"# yaml-language-server: $schema={schema}\n{top}:\n"
    addition = separator + _item_lines(fields, dash, keys)
    if "\r\n" in old:  # keep a file's Windows line endings
        addition = addition.replace("\n", "\r\n")
    _verify(old + addition, top, count, item_id, display)
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a" if path.exists() else "x", encoding="utf-8", newline="") as out:
        out.write(addition)
    return old.count("\n") + separator.count("\n") + 1


def _layout(path: Path, display: str, top: str) -> tuple[str, tuple[int, int], int, bool]:
    """Return an existing file's text, the columns of its items' dashes and keys, its number of items
    and whether it has the `top:` key (a file of nothing but comments has not)."""
    node, problems = load_yaml(path, display)
    old = path.read_bytes().decode("utf-8")
    if node is None and [p.code for p in problems] == ["yaml.empty"]:
        return old, (2, 4), 0, False
    if node is None:
        raise EditionError(problems)
    if not isinstance(node.value, dict) or top not in node.value:
        _refuse("scaffold.no-list", Location(display, 1, 1), f"the file has no '{top}:' list to add to.",
                f"put '{top}:' on a line of its own at the start of the file, or fix the file first.")
    items = node.value[top].value or ()
    if not isinstance(items, tuple) or not items:
        return old, (2, 4), 0, True
    lines = old.split("\n")
    first = items[0].location
    offset = sum(len(line) + 1 for line in lines[: first.line - 1]) + first.col - 1
    dash = old.rfind("-", 0, offset)
    dash_col = dash - (old.rfind("\n", 0, dash) + 1)
    return old, (dash_col, max(first.col - 1, dash_col + 2)), len(items), True


def _item_lines(fields: list[str], dash: int, keys: int) -> str:
    """Return the item as block YAML: the dash at column `dash`, its keys at column `keys`."""
    first = " " * dash + "-" + " " * (keys - dash - 1)
    return "".join((first if i == 0 else " " * keys) + field + "\n" for i, field in enumerate(fields))


def _verify(text: str, top: str, count: int, item_id: str, display: str) -> None:
    """Refuse unless `text` reads as the old list plus the new item at its end."""
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        data = None
    items = data.get(top) if isinstance(data, dict) else None
    if not isinstance(items, list) or len(items) != count + 1 or not isinstance(items[-1], dict) \
            or items[-1].get("id") != item_id:
        _refuse("scaffold.layout", Location(display), f"the new item cannot be added at the end of the '{top}:' list.",
                f"write the '{top}:' list one item per line ('- id: ...'), or add the item by hand.")
