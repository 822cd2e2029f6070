"""Located diagnostics: what went wrong, where, and how to fix it.

Every stage reports bad input as `Diagnostic` values rather than raising at
the first problem, so an editor sees all mistakes of a build at once. A stage
returns its value with the diagnostics it found, as a pair `(value, diagnostics)`;
the value is None when errors leave nothing to go on. Only the build
(`pipeline`) and the commands raise `EditionError`, to stop.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable


@dataclass(frozen=True, slots=True, order=True)
class Location:
    """A place in an input file; line and column count from 1."""

    path: str
    line: int = 0
    col: int = 0

    def __str__(self) -> str:
        if not self.line:
            return self.path
        return f"{self.path}:{self.line}:{self.col}"


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in the inputs."""

    code: str
    """Stable identifier such as `anchor.ambiguous`."""
    location: Location
    message: str
    """One sentence saying what is wrong."""
    hint: str = ""
    """How to fix it."""
    severity: str = "error"
    """`error` stops the build; `warning` does not (unless strict)."""

    def format(self) -> str:
        """Return the diagnostic as `path:line:col: error[code]: message` plus a hint line."""
        text = f"{self.location}: {self.severity}[{self.code}]: {self.message}"
        if self.hint:
            text += f"\n  hint: {self.hint}"
        return text


class EditionError(Exception):
    """Raised by a stage whose input has errors; carries every diagnostic found."""

    def __init__(self, diagnostics: Iterable[Diagnostic]):
        self.diagnostics = tuple(sorted(diagnostics, key=_sort_key))
        super().__init__("\n".join(d.format() for d in self.diagnostics))


def _sort_key(diagnostic: Diagnostic) -> tuple:
    return (diagnostic.location, diagnostic.code, diagnostic.message)


def has_errors(diagnostics: Iterable[Diagnostic]) -> bool:
    """Return whether any of the diagnostics is an error (a warning lets the build go on)."""
    return any(d.severity == "error" for d in diagnostics)


def raise_if_errors(diagnostics: Iterable[Diagnostic]) -> None:
    """Raise `EditionError` when any diagnostic is an error."""
    diagnostics = tuple(diagnostics)
    if has_errors(diagnostics):
        raise EditionError(diagnostics)
