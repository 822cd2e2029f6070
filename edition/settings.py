"""The edition as a whole: what the site says about itself rather than about one document.

Its title, editors, version and licence come from `annotations/edition.yaml`
(described by `schemas/edition.schema.json`), its editorial principles from the
Markdown page `docs/editorial-principles.md`. Both are optional, so a project of
sources alone still builds: it is then titled `UNTITLED` and shows no version.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import Diagnostic

SETTINGS_FILE = "annotations/edition.yaml"
PRINCIPLES_FILE = "docs/editorial-principles.md"
UNTITLED = "Digital edition"


@dataclass(frozen=True, slots=True)
class Settings:
    """The edition's own metadata, as its editors declared it."""

    title: str = UNTITLED
    description: str = ""
    """Markdown, for the landing page."""
    editors: tuple[str, ...] = ()
    publisher: str = ""
    version: str = ""
    date: str = ""
    """The date of this version of the content (YYYY-MM-DD), never the date of a build."""
    licence: str = ""
    licence_url: str = ""
    url: str = ""
    """Where the site is published, ending with `/`; empty when not declared."""
    link_mentions: str = "section"
    """Which mentions of a register entry the texts link to its page: the first in the `document`, in each
    `section` or in each `paragraph`, or `every` one."""
    principles: str = ""
    """The Markdown of the editorial principles page, or empty when the project has none."""


def load_settings(root: Path) -> tuple[Settings, list[Diagnostic]]:
    """Return the edition's settings and the problems found in its files."""
    from .yamlsrc import load_yaml, read_text, validate  # here, so that naming the files costs no YAML parser

    problems: list[Diagnostic] = []
    values: dict = {}
    if (root / SETTINGS_FILE).exists():
        node, problems = load_yaml(root / SETTINGS_FILE, SETTINGS_FILE)
        if node is not None:
            problems += validate(node, "edition")
            if not problems:
                values = node.plain()
    principles = ""
    if (root / PRINCIPLES_FILE).exists():
        text, found = read_text(root / PRINCIPLES_FILE, PRINCIPLES_FILE)
        problems += found
        principles = text or ""
    values["editors"] = tuple(values.get("editors", ()))
    return Settings(**values, principles=principles), problems
