"""The map of the generator (DESIGN.md, Pipeline): data flows one way, so no stage imports a later one;
parsing knows nothing of annotations, rendering nothing of YAML, and publishing comes after rendering."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parent.parent / "edition"

STAGES = (
    ("shared values", ("errors", "model", "urls", "segments", "words", "quotes", "yamlsrc", "cache")),
    ("parse", ("parse",)),
    ("load", ("annotations", "notes_md", "settings")),
    ("anchor", ("anchor",)),
    ("check", ("check",)),
    ("render", ("render",)),
    ("publish", ("publish",)),
    ("build and commands", ("workers", "pipeline", "report", "serve", "scaffold", "cli")),
)
"""The stages in the order data flows through them, each with the top-level modules or packages it holds.
The shared values are what every stage may use: the model, diagnostics, addresses, words, quote matching,
located YAML and the cache."""
RANK = {name: rank for rank, (_, names) in enumerate(STAGES) for name in names}
NOT_IN_RENDER = {"yaml", "edition.yamlsrc", "edition.annotations", "edition.parse"}
"""Rendering reads the model, never the files it came from."""


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imports(path: Path) -> set[str]:
    """Return every module `path` imports, at its top or inside a function, relative imports resolved."""
    package = module_name(path).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[:len(package) - node.level + 1] + ([node.module] if node.module else [])) \
                if node.level else node.module
            found.add(base)
            # `from . import header` imports a module, `from .model import Block` a name.
            found.update(f"{base}.{alias.name}" for alias in node.names
                         if (PACKAGE.parent / f"{base}.{alias.name}".replace(".", "/")).with_suffix(".py").exists())
    return found


def graph() -> dict[str, set[str]]:
    return {module_name(path): imports(path) for path in sorted(PACKAGE.rglob("*.py"))}


def stage(module: str) -> int | None:
    parts = module.split(".")
    return RANK.get(parts[1]) if parts[0] == "edition" and len(parts) > 1 else None


def test_every_module_has_its_place_on_the_map():
    """Each module of the generator belongs to one stage, so the layering below covers it."""
    assert [m for m in graph() if m != "edition" and stage(m) is None] == []


def test_no_stage_imports_a_later_one():
    """A stage imports only earlier stages and the shared values: parse nothing of annotations, anchoring
    nothing of rendering, rendering nothing of publishing or the build."""
    modules = graph()
    assert "edition.render.html.pages" in modules["edition.pipeline"]  # the map is read, not empty
    backwards = sorted((module, imported) for module, found in modules.items() for imported in found
                       if stage(module) is not None and stage(imported) is not None
                       and stage(imported) > stage(module))
    assert backwards == []


def test_render_knows_nothing_of_yaml():
    """No rendering module imports YAML, the loaders of the editorial layer or the parser."""
    modules = graph()
    assert "edition.words" in modules["edition.render.html.pages"]
    found = sorted((module, imported) for module, imports_ in modules.items() if module.startswith("edition.render")
                   for imported in imports_ if imported in NOT_IN_RENDER)
    assert found == []
