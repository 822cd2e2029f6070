"""The templates: the one Jinja environment, and mistakes in templates as located diagnostics.

A template is an input an editor may change. Jinja2 compiles each template to Python and
rewrites tracebacks so that a template's frames carry its file name and line; that is how
an error raised while rendering is traced back to the line of the template that caused it.
"""

from __future__ import annotations

import re
import traceback
from pathlib import Path

import jinja2
from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ...errors import Diagnostic, Location
from .document import ItemView, ListView, Para, SectionView

_NAME_RE = re.compile(r"'([^']+)' is undefined|has no attribute '([^']+)'|No (?:filter|test) named '([^']+)'"
                      r"|unknown tag '([^']+)'|unexpected '([^']+)'")


def environment(template_dir: Path) -> Environment:
    """Return the one Jinja environment: autoescaped, strict about undefined names."""
    env = Environment(loader=FileSystemLoader(str(template_dir)), autoescape=select_autoescape(default=True),
                      undefined=StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)
    env.tests["para"] = lambda node: isinstance(node, Para)
    env.tests["list"] = lambda node: isinstance(node, ListView)
    env.tests["section"] = lambda node: isinstance(node, SectionView)
    env.tests["item"] = lambda node: isinstance(node, ItemView)
    return env


def template_diagnostic(error: Exception, templates: Path, root: Path) -> Diagnostic | None:
    """Return where in which template `error` arose, what it is and how to fix it; None if it is
    not a template's fault (an error raised by the generator's own code is a bug, not bad input)."""
    if isinstance(error, jinja2.TemplateSyntaxError):
        first, _, rest = (error.message or "").partition(". ")
        return Diagnostic("template.syntax", _locate(error.filename, error.lineno, first, root),
                          f"template syntax error: {_sentence(first)}",
                          rest.strip() or "check that every {{ }}, {% %} and {% block %} is closed, "
                                          "and every name is spelled right.")
    frames = [f for f in traceback.extract_tb(error.__traceback__) if _is_template(f.filename, templates)]
    if isinstance(error, jinja2.TemplateNotFound):
        missing = getattr(error, "templates", None) or [error.name]
        message = f"the template '{missing[-1]}' does not exist."
        hint = f"create {_display(templates / str(missing[-1]), root)}, or correct the template's name."
        if not frames:
            return Diagnostic("template.missing", Location(_display(templates / str(missing[-1]), root)), message, hint)
        return Diagnostic("template.missing", _locate(frames[-1].filename, frames[-1].lineno, "", root), message, hint)
    if not frames or (not isinstance(error, jinja2.TemplateError)
                      and not _is_template(traceback.extract_tb(error.__traceback__)[-1].filename, templates)):
        return None
    frame = frames[-1]
    if isinstance(error, jinja2.UndefinedError):
        return Diagnostic("template.undefined", _locate(frame.filename, frame.lineno, str(error), root),
                          f"template error: {_sentence(str(error))}",
                          "use only the names the page's template is given, or guard the value with "
                          "{% if ... is defined %}.")
    return Diagnostic("template.error", _locate(frame.filename, frame.lineno, str(error), root),
                      f"template error: {_sentence(str(error) or type(error).__name__)}",
                      "correct the expression on this line of the template.")


def _is_template(filename: str | None, templates: Path) -> bool:
    if not filename or filename.endswith(".py"):
        return False
    return Path(filename).resolve().is_relative_to(templates.resolve())


def _display(path: Path, root: Path) -> str:
    path = path.resolve()
    return path.relative_to(root.resolve()).as_posix() if path.is_relative_to(root.resolve()) else str(path)


def _locate(filename: str | None, line: int | None, message: str, root: Path) -> Location:
    """Return the location of `line` in the template; the column of the name the message is about,
    else of the line's first character."""
    if not filename:
        return Location("templates")
    path = Path(filename)
    try:
        text = path.read_text(encoding="utf-8").splitlines()[line - 1] if line else ""
    except (OSError, IndexError, UnicodeDecodeError):
        text = ""
    match = _NAME_RE.search(message)
    name = next((g for g in match.groups() if g), "") if match else ""
    found = re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text) if name else None
    col = found.start() + 1 if found else len(text) - len(text.lstrip()) + 1
    return Location(_display(path, root), line or 0, col if line else 0)


def _sentence(text: str) -> str:
    text = re.sub(r"'(?:\w+\.)+(\w+ object)'", r"'\1'", " ".join(text.split())).rstrip(".")
    return text[:1].lower() + text[1:] + "."
