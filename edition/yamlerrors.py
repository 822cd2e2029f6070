"""YAML syntax errors in plain words: what the editor did, at the line where they did it, and how to fix it.

PyYAML says what its parser expected ("expected <block end>, but found '?'"), often on a line
after the mistake. Each kind of error is matched here against the lines around it and told
as the editor sees it: a line indented too far or not far enough, a ': ' inside a value, a
bracket never closed, a quotation mark that ends a value early. A kind not foreseen falls back
to PyYAML's words, still located.
"""

from __future__ import annotations

import re

import yaml

from .errors import Diagnostic, Location

QUOTE_ADVICE = "put the whole value in quotation marks, or write it on the lines under 'key: |'"


def _quote_advice(line: str) -> str:
    """Return `QUOTE_ADVICE` with the key of `line`, if it has one, in place of 'key'."""
    key = _KEY_RE.match(line)
    return QUOTE_ADVICE.replace("'key: |'", f"'{key.group('key')}: |'") if key else QUOTE_ADVICE
_KEY_RE = re.compile(r"(?P<lead> *(?:- +)*)(?P<key>[\w-]+):(?: |$)")


class Refused(yaml.MarkedYAMLError):
    """YAML that is valid but not accepted in an edition file, with its code, message and hint (by default,
    to quote the value)."""

    def __init__(self, code: str, problem: str, hint: str, mark):
        super().__init__(problem=problem, problem_mark=mark)
        self.code, self.hint = code, hint


def yaml_lines(text: str) -> list[str]:
    """Return the lines of a text as YAML counts them (it also breaks lines at CR, NEL, U+2028 and U+2029)."""
    return re.split("\r\n|[\r\n\x85\u2028\u2029]", text)


def syntax_diagnostic(text: str, exc: yaml.MarkedYAMLError, display: str) -> Diagnostic:
    """Return the diagnostic for a YAML file that cannot be read, in the editor's words."""
    lines = yaml_lines(text)
    if isinstance(exc, Refused):
        mark = exc.problem_mark
        return Diagnostic(exc.code, Location(display, mark.line + 1, mark.column + 1), exc.problem,
                          exc.hint or f"{_quote_advice(lines[mark.line])}.")
    for explain in (_quote, _tab, _indicator, _block_scalar, _escape, _flow, _colon, _simple_key, _block_end):
        found = explain(exc, lines, text)
        if found:
            code, (line, col), message, hint = found
            return Diagnostic(code, Location(display, line + 1, col + 1), message, hint)
    mark = exc.problem_mark or exc.context_mark
    location = Location(display, mark.line + 1, mark.column + 1) if mark else Location(display)
    if "another document" in (exc.problem or ""):
        return Diagnostic("yaml.syntax", location, "a second YAML document starts here.",
                          "an edition file holds one document: remove this '---' line and what should not follow it.")
    return Diagnostic("yaml.syntax", location, f"YAML cannot read the file from here ({(exc.problem or '').rstrip('.')}).",
                      "compare this line with the one before it and with the examples in docs/annotations.md: "
                      "the indentation, the ': ' after each key, and the quotation marks.")


def _spaces(count: int) -> str:
    return f"{count} space{'s' if count != 1 else ''}"


def _at(mark) -> tuple[int, int]:
    return mark.line, mark.column


def _key_column(line: str) -> int:
    """Return where a line's content starts, after its indentation and any '- ' list markers."""
    return len(re.match(r" *(?:- +)*", line).group(0))


def _content_before(lines: list[str], index: int) -> int | None:
    """Return the index of the nearest line above `index` that holds something other than a comment."""
    for i in range(index - 1, -1, -1):
        if lines[i].strip() and not lines[i].lstrip().startswith("#"):
            return i
    return None


def _levels(lines: list[str], index: int) -> dict[int, tuple[int, bool]]:
    """Return each indentation the lines above `index` open, column → (nearest line index, whether it is a
    list's '- '): where the keys of each enclosing mapping start, and where each enclosing list's '- ' stands."""
    levels, deepest = {}, None
    for i in range(index - 1, -1, -1):
        line = lines[i]
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, indent = _key_column(line), len(line) - len(line.lstrip(" "))
        if deepest is None or key < deepest:
            levels.setdefault(key, (i, False))
        for dash in (m.start() for m in re.finditer(r"-(?= )", line[:key])):
            if deepest is None or dash < deepest:
                levels.setdefault(dash, (i, True))
        deepest = indent if deepest is None else min(deepest, indent)
        if deepest == 0:
            break
    return levels


def _block_header(lines: list[str], index: int) -> tuple[int, str, int | None] | None:
    """Return `(line index, key, column of its text or None)` of the `key: |` or `key: >` whose text ends just
    above line `index`, if the lines above it are such a text."""
    for i in range(index - 1, -1, -1):
        match = re.match(r"(?P<lead> *(?:- +)*)(?P<key>[\w-]+): *[|>][-+0-9]* *(?:#.*)?$", lines[i])
        if match:
            content = [len(l) - len(l.lstrip(" ")) for l in lines[i + 1:index] if l.strip()]
            return i, match.group("key"), (content[0] if content else None)
        if lines[i].strip() and len(lines[i]) - len(lines[i].lstrip(" ")) <= _key_column(lines[index]):
            return None
    return None


def _quote(exc, lines, text):
    """A quotation mark never closed, closed only lines later, or one that ends its value early."""
    hint = "close the quotation mark at the end of the value, or remove it."
    if exc.context == "while scanning a quoted scalar" and exc.context_mark:
        return "yaml.unclosed-quote", _at(exc.context_mark), "this quotation mark is never closed.", hint
    if not exc.problem_mark:
        return None
    runaway = previous = None
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= exc.problem_mark.index:
                break
            previous = token
            if (isinstance(token, yaml.ScalarToken) and token.style in ("'", '"')
                    and token.start_mark.line < token.end_mark.line == exc.problem_mark.line):
                runaway = token
    except yaml.YAMLError:  # the scan stops at the same error; the tokens before it are what matter
        pass
    if runaway is not None:
        return ("yaml.unclosed-quote", _at(runaway.start_mark),
                f"this quotation mark closes only on line {runaway.end_mark.line + 1}, "
                "so everything between is read as one value.", hint)
    if previous is None or previous.end_mark.line != exc.problem_mark.line or "<scalar>" not in (exc.problem or ""):
        return None
    if isinstance(previous, yaml.ScalarToken) and previous.style in ("'", '"'):
        doubled = "write an apostrophe inside '...' twice ('Vas''kov')" if previous.style == "'" else \
            'write a quotation mark inside "..." as \\"'
        return ("yaml.early-quote", (previous.end_mark.line, previous.end_mark.column - 1),
                "this quotation mark ends the value early, and the words after it cannot be read.",
                f"{doubled}, or quote the value with the other kind of quotation mark.")
    if isinstance(previous, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)):
        bracket = "[" if isinstance(previous, yaml.FlowSequenceEndToken) else "{"
        kind = "list" if bracket == "[" else "mapping"
        return ("yaml.bracket", _at(previous.start_mark),
                f"a value that begins with '{bracket}' is read as a {kind}, which ends at this bracket, "
                "so the words after it cannot be read.", f"{_quote_advice(lines[previous.start_mark.line])}.")
    return None


def _tab(exc, lines, text):
    if any(tab in (exc.problem or "") for tab in ("\t", "\\t", "tab")):
        return ("yaml.tab", _at(exc.problem_mark), "a tab character is used where YAML allows only spaces.",
                "indent with spaces, not tabs.")
    return None


def indicator_message(char: str) -> str:
    """Return the message for a value that begins with `char`, a character YAML keeps for itself."""
    meaning = {"*": ": it is read as a reference to another value", "&": ": it is read as a name for the value"}
    return f"{'a line' if char == '%' else 'a value'} cannot begin with '{char}' in YAML{meaning.get(char, '')}."


def _indicator(exc, lines, text):
    """A value that begins with a character YAML keeps for itself: @ ` * & %, or with '[' that makes it a list."""
    if exc.context in ("while scanning an alias", "while scanning an anchor", "while scanning a directive"):
        mark = exc.context_mark
    elif "that cannot start any token" in (exc.problem or ""):
        mark = exc.problem_mark
    else:
        return None
    line = lines[mark.line]
    flow = re.search(r"^ *(?:- +)*[\w-]+: +([\[{])[^\]}]*$", line[:mark.column])
    if flow:  # `[@hermes1966] says ...`: the bracket made the value a list, in which '@' cannot begin an item
        bracket = flow.group(1)
        return ("yaml.bracket", (mark.line, flow.start(1)),
                f"a value that begins with '{bracket}' is read as a {'list' if bracket == '[' else 'mapping'}, "
                "not as text.", f"{_quote_advice(line)}.")
    char = line[mark.column]
    hint = "remove the '%', or put the line's text in quotation marks" if char == "%" else _quote_advice(line)
    return "yaml.indicator", _at(mark), indicator_message(char), f"{hint}."


def _list_dash(lines: list[str], index: int):
    """A list item written '-id:' rather than '- id:'."""
    if re.match(r" *-[^\s-]", lines[index]):
        dash = lines[index].index("-")
        return ("yaml.list-dash", (index, dash), "the '-' that starts a list item must be followed by a space.",
                f"write '- {lines[index][dash + 1:].strip()}'.")
    return None


def _block_scalar(exc, lines, text):
    if exc.context != "while scanning a block scalar":
        return None
    header = lines[exc.context_mark.line]
    key = _KEY_RE.match(header)
    indent = (len(key.group("lead")) if key else _key_column(header)) + 2
    return ("yaml.block-scalar", _at(exc.problem_mark),
            f"the text of a '{header[exc.context_mark.column]}' value must start on the line below it.",
            f"move these words to the next line, indented by {indent} spaces.")


def _escape(exc, lines, text):
    if "double-quoted" not in (exc.context or "") or "escape" not in (exc.problem or ""):
        return None
    line = lines[exc.problem_mark.line]
    column = line.rfind("\\", 0, exc.problem_mark.column)
    escape = line[column:column + 2]
    return ("yaml.escape", (exc.problem_mark.line, column),
            f"'{escape}' is not an escape YAML knows: inside \"...\" a backslash starts an escape.",
            "write a backslash as \\\\, or put the value in single quotation marks ('...'), "
            "where a backslash is an ordinary character.")


def _flow(exc, lines, text):
    """A '[' or '{' never closed, or a ']' or '}' that closes nothing."""
    mark = exc.context_mark if exc.context in ("while parsing a flow sequence", "while parsing a flow mapping") \
        else _open_bracket(text, exc.problem_mark) if exc.context == "while parsing a flow node" else None
    if mark is not None:
        opening = lines[mark.line][mark.column]
        closing = {"[": "]", "{": "}"}[opening]
        return ("yaml.bracket", _at(mark), f"this '{opening}' is never closed.",
                f"close it with '{closing}' at the end of the value; to write '{opening}' in text, "
                "put the whole value in quotation marks.")
    found = re.search(r"but found '([\]},])'", exc.problem or "")
    if found:
        return ("yaml.bracket", _at(exc.problem_mark), f"this '{found.group(1)}' closes no '[' or '{{'.",
                "remove it, or put the whole value in quotation marks.")
    return None


def _open_bracket(text: str, mark):
    """Return where the innermost '[' or '{' still open at `mark` was written, if one is."""
    opened = []
    try:
        for token in yaml.scan(text, Loader=yaml.SafeLoader):
            if token.start_mark.index >= mark.index:
                break
            if isinstance(token, (yaml.FlowSequenceStartToken, yaml.FlowMappingStartToken)):
                opened.append(token.start_mark)
            elif isinstance(token, (yaml.FlowSequenceEndToken, yaml.FlowMappingEndToken)) and opened:
                opened.pop()
    except yaml.YAMLError:  # the scan stops at the same error; the tokens before it are what matter
        pass
    return opened[-1] if opened else None


def _colon(exc, lines, text):
    """'mapping values are not allowed here': a ': ' in a value, a line indented too far, or the line before
    it is not a key."""
    if exc.problem not in ("mapping values are not allowed here", "mapping keys are not allowed here"):
        return None
    index, column = _at(exc.problem_mark)
    line = lines[index]
    if exc.problem.startswith("mapping keys"):
        return ("yaml.question-mark", (index, column),
                "a '?' followed by a space cannot stand inside a value: YAML reads it as the start of a key.",
                f"{_quote_advice(line)}.")
    before = _content_before(lines, index)
    previous = lines[before] if before is not None else ""
    if before is not None and _list_dash(lines, before):
        return _list_dash(lines, before)
    if previous and ":" not in previous and not re.match(r" *- ", previous) and _block_header(lines, index) is None:
        return ("yaml.missing-colon", (before, _key_column(previous)), "this line has no ':' after its key.",
                f"write '{previous.strip()}:'.")
    key = _KEY_RE.match(line)
    if key and key.end() - 1 <= column + 1 and previous and _key_column(line) > _key_column(previous):
        return ("yaml.indentation", (index, _key_column(line)),
                f"this line is indented by {_spaces(_key_column(line))}, more than the line before "
                f"({_key_column(previous)}), so YAML reads it as part of that line's value.",
                f"indent it by {_spaces(_key_column(previous))}, as the line before.")
    value = line[column + 1:].strip() if not key else line[key.end():].strip()
    example = f" ({key.group('key')}: \"{value}\")" if key and '"' not in value else ""
    return ("yaml.colon-in-value", (index, column),
            "this ': ' inside a value makes YAML read the words before it as a key.",
            _quote_advice(line).replace("quotation marks", f"quotation marks{example}", 1) + ".")


def _simple_key(exc, lines, text):
    """'could not find expected ':'': a line with no ': ', or one that ends the text of a '|' too early."""
    if exc.context != "while scanning a simple key":
        return None
    index = exc.context_mark.line
    line = lines[index]
    column = _key_column(line)
    header = _block_header(lines, index)
    if header is not None:
        at, key, content = header
        indent = len(lines[at]) - len(lines[at].lstrip(" "))
        if content is None and column <= indent + 2:
            return ("yaml.indentation", (index, column),
                    f"the text of '{key}: |' must be indented more than '{key}', and this line is not.",
                    f"indent it by {_spaces(_key_column(lines[at]) + 2)}.")
        if content is not None and column < content:
            return ("yaml.indentation", (index, column),
                    f"this line is indented by {_spaces(column)}, less than the text of '{key}' above it "
                    f"({content}), so it ends that text and YAML reads it as a key.",
                    f"indent it by {_spaces(content)}, as the text above it.")
    glued = re.match(r" *(?:- +)*([\w-]+):(\S.*)", line)
    if glued:
        return ("yaml.missing-colon", (index, column + len(glued.group(1))),
                f"the ':' after '{glued.group(1)}' must be followed by a space.",
                f"write '{glued.group(1)}: {glued.group(2)}'.")
    first, _, rest = line.strip().removeprefix("- ").partition(" ")
    advice = f"if '{first}' is a key, write '{first}:{' ' + rest if rest else ''}'"
    before = _content_before(lines, index)
    key = _KEY_RE.match(lines[before]) if before is not None else None
    if key and lines[before][key.end():].strip():
        advice += (f"; if the line continues the value of '{key.group('key')}' (line {before + 1}), "
                   f"indent it by {_spaces(_key_column(lines[before]) + 2)}")
    return ("yaml.missing-colon", (index, column),
            "this line has no ':' after its first word, so YAML reads it neither as a key nor as more of the value above it.",
            f"{advice}.")


def _block_end(exc, lines, text):
    """'expected <block end>, but found ...': a line indented so that it fits none of the lines above it."""
    found = re.search(r"expected <block end>, but found '(.*)'", exc.problem or "")
    if not found or not exc.problem_mark:
        return None
    index = exc.problem_mark.line
    if _list_dash(lines, index):
        return _list_dash(lines, index)
    line = lines[index]
    column = len(line) - len(line.lstrip(" "))
    levels = _levels(lines, index)
    item = line.lstrip().startswith("- ") or line.strip() == "-"
    if item and column in levels:
        before = _content_before(lines, index)
        key = _KEY_RE.match(lines[before]) if before is not None else None
        if key:
            name, value = key.group("key"), lines[before][key.end():].strip()
            return ("yaml.list-item", (index, column),
                    f"this list item stands among keys: '{name}' on line {before + 1} already has its value.",
                    f"to give '{name}' a list, leave nothing after '{name}:' and put each item under it on a line "
                    f"of its own, indented more than '{name}', or write {name}: [{value + ', ' if value else ''}...].")
    wider = min((level for level in levels if level > column), default=None)
    narrower = max((level for level in levels if level < column), default=None)
    as_wider = f"by {_spaces(wider)}, as line {levels[wider][0] + 1}" if wider is not None else ""
    if column in levels and levels[column][1] and not item:
        return ("yaml.indentation", (index, column),
                f"this line is indented by {_spaces(column)}, as the '- ' on line {levels[column][0] + 1}, "
                "where YAML expects a new list item.",
                f"indent it {as_wider or 'more'}, or begin it with '- ' if it starts a new item.")
    if column in levels:
        return None
    fits = ", or ".join(f"by {_spaces(level)}, as line {levels[level][0] + 1}"
                        for level in (wider, narrower) if level is not None)
    return ("yaml.indentation", (index, column),
            f"this line is indented by {_spaces(column)}, which fits none of the lines above it, "
            "so YAML cannot tell what it belongs to.",
            f"indent it {fits}.")
