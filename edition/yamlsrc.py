"""Located YAML: every value keeps the line and column it was written at.

Editors write YAML by hand, so every later error must point back to the
exact place. Values are validated against the JSON Schemas in `schemas/`
(the same files an editor's YAML-aware editor uses for completion).
"""

from __future__ import annotations

import difflib
import json
import re
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .errors import Diagnostic, Location
from .yamlerrors import Refused, indicator_message, syntax_diagnostic, yaml_lines

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


MAX_FILE_BYTES = 2_000_000
"""The largest input file read: the cable is 15 kB and its notes will be tens of kB, so anything
near this is a mistake; refusing it early keeps a build from spending minutes on it."""
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufffe\uffff]")
"""Characters no input may hold: invisible, not allowed in XML, and a sign of a wrong encoding."""
MAX_DEPTH = 64
"""The deepest nesting of lists and mappings a YAML file may have (editors' files need 6)."""


class _Loader(yaml.SafeLoader):
    """A safe loader that leaves dates as strings (the model checks them itself), refuses aliases
    (`*name` can multiply a small file into gigabytes) and nesting deeper than `MAX_DEPTH`."""

    depth = 0

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent) and event.anchor not in self.anchors:
            raise Refused("yaml.indicator", indicator_message("*"), "", event.start_mark)
        if isinstance(event, yaml.AliasEvent):
            raise Refused("yaml.alias", f"the alias '*{event.anchor}' repeats another value, which edition files "
                          "do not allow.", "write the value out again where it is needed.", event.start_mark)
        if self.depth >= MAX_DEPTH:
            raise Refused("yaml.too-deep", f"lists and mappings are nested more than {MAX_DEPTH} deep, which "
                          "edition files do not allow.", "check the brackets: a list or mapping is probably "
                          "never closed.", event.start_mark)
        self.depth += 1
        try:
            return super().compose_node(parent, index)
        finally:
            self.depth -= 1


def _without_colons(tag: str, rx: re.Pattern) -> re.Pattern:
    """YAML 1.1 reads `23:40` as the sexagesimal number 1420; YAML 1.2 and editors read text."""
    if tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float"):
        return re.compile(r"^(?![^\n]*:)" + rx.pattern.removeprefix("^"), rx.flags)
    return rx


_Loader.yaml_implicit_resolvers = {
    first: [(tag, _without_colons(tag, rx)) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_CLoader = None
if getattr(yaml, "__with_libyaml__", False):
    class _CLoader(yaml.CSafeLoader):
        """The same loader with libyaml's parser and composer, ten times faster on editors' files."""

    _CLoader.yaml_implicit_resolvers = _Loader.yaml_implicit_resolvers


def _compose(text: str):
    """Return `(loader, root node)` of a YAML text, with libyaml when it is installed.

    libyaml is used only for files it reads without error and that have no alias and no
    nesting deeper than `MAX_DEPTH` (checked on its event stream, which needs no recursion);
    anything else goes through `_Loader`, whose messages and refusals are the ones reported.
    """
    if _CLoader is not None:
        try:
            depth = 0
            for event in yaml.parse(text, Loader=_CLoader):
                if isinstance(event, yaml.AliasEvent):
                    break
                if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                    depth += 1
                    if depth > MAX_DEPTH:
                        break
                elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                    depth -= 1
            else:
                loader = _CLoader(text)
                return loader, loader.get_single_node()
        except yaml.YAMLError:
            pass  # the pure-Python loader below meets the same error and reports it with our messages
    loader = _Loader(text)
    return loader, loader.get_single_node()


@dataclass(frozen=True, slots=True)
class YNode:
    """A YAML value with its location; mappings hold `YNode`s and remember where each key is."""

    value: Any
    location: Location
    key_locations: dict = field(default_factory=dict)
    style: str = ""
    """For scalars: `|` or `>` for block scalars, a quote character, or empty for plain."""
    indent: int = 0
    """For block scalars: the column (0-based) where their content lines start."""
    written: str = ""
    """For a scalar folded from several lines (plain, quoted or `>`): its text as written in the file, from
    where the value starts."""

    def plain(self) -> Any:
        """Return the value as plain Python data (dicts, lists, scalars)."""
        if isinstance(self.value, dict):
            return {k: v.plain() for k, v in self.value.items()}
        if isinstance(self.value, tuple):
            return [v.plain() for v in self.value]
        return self.value

    def at(self, path) -> "YNode":
        """Return the node at a path of keys and indexes (as far as it exists)."""
        node = self
        for step in path:
            try:
                node = node.value[step]
            except (KeyError, IndexError, TypeError):
                break
        return node

    def locate(self, path) -> Location:
        """Return the location of the value at `path`."""
        return self.at(path).location

    def locate_in_text(self, offset: int) -> Location:
        """Return where character `offset` of this scalar's text stands in the file (exact for block scalars
        and one-line values; for a value folded over several lines, found by counting the characters
        other than white space, which folding keeps)."""
        text = self.value if isinstance(self.value, str) else ""
        if self.written:
            return self._locate_written(len("".join(text[:offset].split())))
        line_index = text.count("\n", 0, offset)
        col = offset - (text.rfind("\n", 0, offset) + 1)
        if self.style in ("|", ">"):
            return Location(self.location.path, self.location.line + 1 + line_index, self.indent + col + 1)
        quote = 1 if self.style in ("'", '"') else 0
        if line_index:
            return Location(self.location.path, self.location.line + line_index, col + 1)
        return Location(self.location.path, self.location.line, self.location.col + quote + col)

    def _locate_written(self, visible: int) -> Location:
        """Return where the character after the first `visible` characters other than white space of the
        value stands in `written`: an escape or a doubled quotation mark is one character of the value."""
        written, index, seen = self.written, (1 if self.style in ("'", '"') else 0), 0
        while index < len(written) and (seen < visible or written[index].isspace()):
            if not written[index].isspace():
                seen += 1
                pair = written[index:index + 2]
                index += 1 if not ((self.style == '"' and pair[0] == "\\") or (self.style == "'" and pair == "''")) \
                    else 2
            else:
                index += 1
        before = written[:index]
        if "\n" in before:
            return Location(self.location.path, self.location.line + before.count("\n"),
                            index - before.rfind("\n"))
        return Location(self.location.path, self.location.line, self.location.col + index)

    def locate_key(self, path, key: str) -> Location:
        """Return where `key` is written in the mapping at `path`."""
        node = self.at(path)
        return node.key_locations.get(key, node.location)


def read_text(path: Path, display: str) -> tuple[str | None, list[Diagnostic]]:
    """Read a UTF-8 text file; a missing file, one over `MAX_FILE_BYTES`, a BOM or bad bytes become diagnostics."""
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        return None, [Diagnostic("file.missing", Location(display), "the file does not exist.",
                                 "create it, or check the document id and the folder.")]
    except OSError as exc:
        return None, [Diagnostic("file.unreadable", Location(display),
                                 f"the file cannot be read ({exc.strerror}).", "check its permissions.")]
    if len(data) > MAX_FILE_BYTES:
        line = data.count(b"\n", 0, MAX_FILE_BYTES) + 1
        col = MAX_FILE_BYTES - (data.rfind(b"\n", 0, MAX_FILE_BYTES) + 1) + 1
        return None, [Diagnostic("file.too-large", Location(display, line, col),
                                 f"the file is larger than {MAX_FILE_BYTES // 1_000_000} MB, the limit for one input file.",
                                 "check that this is the right file; a document or its notes should be far smaller.")]
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [Diagnostic("file.bom", Location(display, 1, 1),
                                 "the file starts with a byte-order mark (BOM).",
                                 "save it as UTF-8 without BOM.")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Diagnostic("file.encoding", Location(display, line, col),
                                 f"byte 0x{data[exc.start]:02x} is not valid UTF-8.",
                                 "save the file as UTF-8.")]
    if match := CONTROL_RE.search(text):
        line = text.count("\n", 0, match.start()) + 1
        col = match.start() - (text.rfind("\n", 0, match.start()) + 1) + 1
        return None, [Diagnostic("file.character", Location(display, line, col),
                                 f"the control character U+{ord(match.group()):04X} is not allowed in the text.",
                                 "delete it: it is invisible, and comes with text pasted from another program "
                                 "or saved in another encoding.")]
    return text, []


def load_yaml(path: Path, display: str) -> tuple[YNode | None, list[Diagnostic]]:
    """Load one YAML file into located nodes, or return why it cannot be loaded."""
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    try:
        loader, root = _compose(text)
    except yaml.MarkedYAMLError as exc:
        return None, [syntax_diagnostic(text, exc, display)]
    if root is None:
        return None, [Diagnostic("yaml.empty", Location(display, 1, 1), "the file is empty.",
                                 "add the content described in docs/annotations.md, or delete the file.")]
    problems: list[Diagnostic] = []
    node = _convert(loader, root, display, problems, yaml_lines(text))
    return (None if problems else node), problems


def _convert(loader, node, display, problems, lines) -> YNode:
    location = Location(display, node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        values, key_locations = {}, {}
        for key_node, value_node in node.value:
            key = _convert(loader, key_node, display, problems, lines).plain()
            key_location = Location(display, key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            written_before = lines[key_node.start_mark.line][:key_node.start_mark.column].rstrip()
            if written_before.endswith("?"):
                problems.append(Diagnostic(
                    "yaml.question-mark", replace(key_location, col=len(written_before)),
                    "a '?' followed by a space makes what follows it a key, written the long way.",
                    "remove the '?' (a key is written 'key: value'), or put the text in quotation marks."))
            if not isinstance(key, str):
                key = str(key)
            if key in values:
                problems.append(Diagnostic(
                    "yaml.duplicate-key", key_location,
                    f"the key '{key}' appears twice in the same mapping (first at line {key_locations[key].line}).",
                    "remove or rename one of them."))
                continue
            values[key] = _convert(loader, value_node, display, problems, lines)
            key_locations[key] = key_location
        return YNode(values, location, key_locations)
    if isinstance(node, yaml.SequenceNode):
        return YNode(tuple(_convert(loader, item, display, problems, lines) for item in node.value), location)
    style = node.style or ""
    indent, written = 0, ""
    start, end = node.start_mark, node.end_mark
    if style in ("|", ">"):
        # The block ends on the line where its end mark is only if the mark is after text, not in the
        # indentation of the line that follows it.
        last = end.line + 1 if lines[end.line][:end.column].strip() else end.line
        following = [l for l in lines[start.line + 1:last] if l.strip()]
        indent = min((len(l) - len(l.lstrip(" ")) for l in following), default=0)
        if style == ">":  # folded: its line breaks are spaces in the value
            written = "\n" + "\n".join(lines[start.line + 1:last])
    elif end.line > start.line:
        written = "\n".join([lines[start.line][start.column:], *lines[start.line + 1:end.line],
                             lines[end.line][:end.column]])
    try:
        value = loader.construct_object(node)
    except (yaml.YAMLError, ValueError, OverflowError):
        tag = node.tag.replace("tag:yaml.org,2002:", "!!")
        problems.append(Diagnostic("yaml.tag", location, f"the value cannot be read as {tag}.",
                                   f"remove '{tag}' before it, or put the whole value in quotation marks."))
        value = None
    if isinstance(value, str) and (match := CONTROL_RE.search(value)):
        problems.append(Diagnostic("yaml.character", location,
                                   f"the value holds the control character U+{ord(match.group()):04X}, "
                                   "written as an escape.", "remove the escape (such as \\0, \\x07 or \\e) from it."))
    return YNode(value, location, style=style, indent=indent, written=written)


@cache
def _validator(schema_name: str):
    """Return the validator of one schema, made once per process (a series has a notes file per document)."""
    from jsonschema import Draft202012Validator

    return Draft202012Validator(load_schema(schema_name), format_checker=Draft202012Validator.FORMAT_CHECKER)


@cache
def load_schema(name: str) -> dict:
    """Return the JSON Schema `schemas/<name>.schema.json` shipped with the package."""
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


_TYPE_NAMES = {"string": "text", "integer": "a whole number", "number": "a number", "boolean": "true or false",
               "array": "a list", "object": "a mapping of keys to values", "null": "empty"}


def _python_type(value: Any) -> str:
    return {dict: "a mapping", list: "a list", str: "text", bool: "true/false", int: "a number",
            float: "a number", type(None): "empty"}.get(type(value), type(value).__name__)


def validate(node: YNode, schema_name: str) -> list[Diagnostic]:
    """Check a loaded file against its JSON Schema; one located diagnostic per problem."""
    validator = _validator(schema_name)
    problems = []
    for error in sorted(validator.iter_errors(node.plain()), key=lambda e: list(map(str, e.absolute_path))):
        problems.extend(_schema_diagnostics(node, error))
    return problems


def _schema_diagnostics(root: YNode, error) -> list[Diagnostic]:
    path = list(error.absolute_path)
    where = _describe(path)
    schema = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties":
        allowed = sorted(schema.get("properties", {}))
        extra = [k for k in error.instance if k not in allowed]
        found = []
        for key in extra:
            close = difflib.get_close_matches(key, allowed, n=1)
            hint = f"did you mean '{close[0]}'?" if close else f"the keys allowed here are: {', '.join(allowed)}."
            found.append(Diagnostic("yaml.unknown-key", root.locate_key(path, key),
                                    f"unknown key '{key}' in {where}.", hint))
        return found
    location = root.locate(path)
    description = schema.get("description", "")
    if error.validator == "required":
        missing = error.message.split("'")[1] if "'" in error.message else error.message
        return [Diagnostic("yaml.missing-key", location, f"{where} has no '{missing}'.",
                           f"add '{missing}:' here" + (f" ({_property_description(schema, missing)})."
                                                       if _property_description(schema, missing) else "."))]
    if error.validator == "type":
        expected = error.validator_value
        expected = " or ".join(_TYPE_NAMES.get(t, t) for t in (expected if isinstance(expected, list) else [expected]))
        return [Diagnostic("yaml.type", location, f"{where} should be {expected}, not {_python_type(error.instance)}.",
                           description or "change the value's type.")]
    if error.validator == "enum":
        options = ", ".join(map(str, error.validator_value))
        return [Diagnostic("yaml.value", location, f"{where} is '{error.instance}', which is not allowed.",
                           f"use one of: {options}.")]
    if error.validator in ("minItems", "minLength", "minProperties"):
        return [Diagnostic("yaml.empty-value", location, f"{where} is empty.", description or "give it a value.")]
    if error.validator in ("pattern", "format"):
        return [Diagnostic("yaml.value", location, f"{where} '{error.instance}' is not well formed.",
                           description or error.message)]
    return [Diagnostic("yaml.value", location, f"{where}: {error.message}.", description or "correct the value.")]


def _property_description(schema: dict, key: str) -> str:
    return schema.get("properties", {}).get(key, {}).get("description", "").rstrip(".")


def _describe(path) -> str:
    if not path:
        return "the file"
    parts = []
    for step in path:
        parts.append(f"[{step + 1}]" if isinstance(step, int) else f".{step}")
    text = "".join(parts).lstrip(".")
    return f"'{text}'"
