"""Located YAML: every value keeps the line and column it was written at.

Editors write YAML by hand, so every later error must point back to the
exact place. Values are validated against the JSON Schemas in `schemas/`
(the same files an editor's YAML-aware editor uses for completion).
"""

from __future__ import annotations

import difflib
import json
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from .errors import Diagnostic, Location

SCHEMA_DIR = Path(__file__).resolve().parent / "schemas"


class _Loader(yaml.SafeLoader):
    """A safe loader that leaves dates as strings: the model checks them itself."""


_Loader.yaml_implicit_resolvers = {
    first: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


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
        """Return where character `offset` of this scalar's text stands in the file (best effort
        for folded plain scalars, exact for block scalars and one-line values)."""
        text = self.value if isinstance(self.value, str) else ""
        line_index = text.count("\n", 0, offset)
        col = offset - (text.rfind("\n", 0, offset) + 1)
        if self.style in ("|", ">"):
            return Location(self.location.path, self.location.line + 1 + line_index, self.indent + col + 1)
        quote = 1 if self.style in ("'", '"') else 0
        if line_index:
            return Location(self.location.path, self.location.line + line_index, col + 1)
        return Location(self.location.path, self.location.line, self.location.col + quote + col)

    def locate_key(self, path, key: str) -> Location:
        """Return where `key` is written in the mapping at `path`."""
        node = self.at(path)
        return node.key_locations.get(key, node.location)


def read_text(path: Path, display: str) -> tuple[str | None, list[Diagnostic]]:
    """Read a UTF-8 text file; a missing file, a BOM or bad bytes become diagnostics."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None, [Diagnostic("file.missing", Location(display), "the file does not exist.",
                                 "create it, or check the document id and the folder.")]
    except OSError as exc:
        return None, [Diagnostic("file.unreadable", Location(display),
                                 f"the file cannot be read ({exc.strerror}).", "check its permissions.")]
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [Diagnostic("file.bom", Location(display, 1, 1),
                                 "the file starts with a byte-order mark (BOM).",
                                 "save it as UTF-8 without BOM.")]
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        col = exc.start - (data.rfind(b"\n", 0, exc.start) + 1) + 1
        return None, [Diagnostic("file.encoding", Location(display, line, col),
                                 f"byte 0x{data[exc.start]:02x} is not valid UTF-8.",
                                 "save the file as UTF-8.")]


def load_yaml(path: Path, display: str) -> tuple[YNode | None, list[Diagnostic]]:
    """Load one YAML file into located nodes, or return why it cannot be loaded."""
    text, problems = read_text(path, display)
    if text is None:
        return None, problems
    loader = _Loader(text)
    try:
        root = loader.get_single_node()
    except yaml.MarkedYAMLError as exc:
        return None, [_syntax_diagnostic(exc, display)]
    except yaml.YAMLError as exc:
        return None, [Diagnostic("yaml.syntax", Location(display, 1, 1), f"{exc}.", "fix the YAML syntax.")]
    finally:
        loader.dispose()
    if root is None:
        return None, [Diagnostic("yaml.empty", Location(display, 1, 1), "the file is empty.",
                                 "add the content described in docs/annotations.md, or delete the file.")]
    problems: list[Diagnostic] = []
    node = _convert(loader, root, display, problems, text.split("\n"))
    return (None if problems else node), problems


def _syntax_diagnostic(exc: yaml.MarkedYAMLError, display: str) -> Diagnostic:
    mark = exc.problem_mark or exc.context_mark
    location = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display)
    problem = (exc.problem or "invalid YAML").rstrip(".")
    if "'\\t'" in problem or "\t" in problem:
        return Diagnostic("yaml.tab", location, "a tab character is used where YAML allows only spaces.",
                          "indent with spaces, not tabs.")
    return Diagnostic("yaml.syntax", location, f"YAML syntax error: {problem}.",
                      "check indentation, colons and quotes on this line and the one before; "
                      "quote text that contains ': ' or starts with a special character.")


def _convert(loader, node, display, problems, lines) -> YNode:
    location = Location(display, node.start_mark.line + 1, node.start_mark.column + 1)
    if isinstance(node, yaml.MappingNode):
        values, key_locations = {}, {}
        for key_node, value_node in node.value:
            key = loader.construct_object(key_node)
            key_location = Location(display, key_node.start_mark.line + 1, key_node.start_mark.column + 1)
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
    indent = 0
    if style in ("|", ">"):
        following = [l for l in lines[node.start_mark.line + 1:node.end_mark.line + 1] if l.strip()]
        indent = min((len(l) - len(l.lstrip(" ")) for l in following), default=0)
    return YNode(loader.construct_object(node), location, style=style, indent=indent)


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
    from jsonschema import Draft202012Validator

    schema = load_schema(schema_name)
    validator = Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)
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
