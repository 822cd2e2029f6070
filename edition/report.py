"""How the command line reports: diagnostics as text, GitHub workflow commands or JSON, and progress.

Diagnostics are data (`errors.Diagnostic`); this module only formats them for
a reader: an editor at a terminal, a pull request on GitHub, or another tool.
"""

from __future__ import annotations

import json
import os
import sys
import time
from dataclasses import replace
from pathlib import Path
from typing import Iterable, TextIO

from .errors import Diagnostic

FORMATS = ("text", "github", "json")


def strict(diagnostics: Iterable[Diagnostic]) -> tuple[Diagnostic, ...]:
    """Return the diagnostics with every warning made an error (`--strict`)."""
    return tuple(replace(d, severity="error") for d in diagnostics)


def count_errors(diagnostics: Iterable[Diagnostic]) -> int:
    """Return how many of the diagnostics are errors."""
    return sum(d.severity == "error" for d in diagnostics)


def format_diagnostics(diagnostics: Iterable[Diagnostic], style: str, root: Path) -> str:
    """Return the diagnostics as one text in `style` (`text`, `github` or `json`), paths made usable from here."""
    diagnostics = tuple(diagnostics)
    if style == "json":
        return json.dumps([_as_dict(d, root) for d in diagnostics], ensure_ascii=False, indent=2) + "\n"
    if style == "github":
        return "".join(_github(d, root) + "\n" for d in diagnostics)
    return "".join(d.format() + "\n" for d in diagnostics)


def _display_path(path: str, root: Path) -> str:
    """Return a project-relative path relative to the current folder, as CI and tools expect."""
    if not path or Path(path).is_absolute():
        return path
    return Path(os.path.relpath(root / path, Path.cwd())).as_posix()


def _as_dict(diagnostic: Diagnostic, root: Path) -> dict:
    location = diagnostic.location
    return {"severity": diagnostic.severity, "code": diagnostic.code, "path": _display_path(location.path, root),
            "line": location.line, "col": location.col, "message": diagnostic.message, "hint": diagnostic.hint}


def _escape_data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _escape_property(text: str) -> str:
    return _escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _github(diagnostic: Diagnostic, root: Path) -> str:
    """Return `::error file=...,line=...,col=...,title=code::message — hint` for a GitHub workflow log."""
    location = diagnostic.location
    properties = [f"file={_escape_property(_display_path(location.path, root))}"]
    if location.line:
        properties.append(f"line={location.line}")
    if location.col:
        properties.append(f"col={location.col}")
    properties.append(f"title={_escape_property(diagnostic.code)}")
    message = diagnostic.message + (f" — {diagnostic.hint}" if diagnostic.hint else "")
    command = "error" if diagnostic.severity == "error" else "warning"
    return f"::{command} {','.join(properties)}::{_escape_data(message)}"


def summary(diagnostics: Iterable[Diagnostic]) -> str:
    """Return e.g. `2 errors, 1 warning`."""
    diagnostics = tuple(diagnostics)
    errors = count_errors(diagnostics)
    warnings = len(diagnostics) - errors
    return f"{errors} error{'s' if errors != 1 else ''}, {warnings} warning{'s' if warnings != 1 else ''}"


class Progress:
    """Report the build's steps: a bar on a terminal, plain lines in a log, nothing when quiet.

    Called by the pipeline as `progress(step, name, done, total)`. A bar or lines are shown
    only for builds of more than one document, unless `verbose`, which prints every step
    with the time since the start.
    """

    def __init__(self, stream: TextIO | None = None, *, quiet: bool = False, verbose: bool = False,
                 terminal: bool | None = None):
        self.stream = stream = stream or sys.stderr  # the current one, not the one at import
        self.quiet = quiet
        self.verbose = verbose
        self.terminal = stream.isatty() if terminal is None else terminal
        self.started = time.perf_counter()
        self._bar_shown = False

    def __call__(self, step: str, name: str, done: int, total: int) -> None:
        if self.quiet or (total < 2 and not self.verbose):
            return
        if self.verbose or not self.terminal:
            elapsed = f" ({time.perf_counter() - self.started:.2f} s)" if self.verbose else ""
            print(f"{step} {name} [{done}/{total}]{elapsed}", file=self.stream, flush=True)
            return
        width = 24
        filled = width * done // total
        line = f"\r{step:<7} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name}"
        print(f"{line[:79]:<80}", end="", file=self.stream, flush=True)
        self._bar_shown = True

    def finish(self) -> None:
        """End the bar's line, so that what is printed next starts on a line of its own."""
        if self._bar_shown:
            print(file=self.stream, flush=True)
            self._bar_shown = False
