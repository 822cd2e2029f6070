"""The build: load → parse → render → write. The one module that knows every stage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import Diagnostic, EditionError, Location, raise_if_errors
from .model import Document
from .parse import load_document
from .render import data, html, text
from .site import check_output, write_site
from . import urls


@dataclass(frozen=True, slots=True)
class Project:
    """Where a project's inputs are."""

    root: Path

    @property
    def templates(self) -> Path:
        return self.root / "templates"

    def document_ids(self) -> tuple[str, ...]:
        """Return the ids of every document in `sources/`, sorted; a half-present pair is an error."""
        sources = self.root / "sources"
        if not sources.is_dir():
            raise EditionError([Diagnostic("project.no-sources", Location("sources/"),
                                           "the project has no sources/ folder.",
                                           "run the build from the project's root, or pass --root.")])
        texts = {p.stem for p in sources.glob("*.txt")}
        metas = {p.stem for p in sources.glob("*.yaml")}
        problems = [Diagnostic("source.no-metadata", Location(f"sources/{i}.txt"),
                               f"the transcription '{i}' has no metadata file.",
                               f"create sources/{i}.yaml (see README.md, 'Adding a document').")
                    for i in sorted(texts - metas)]
        problems += [Diagnostic("source.no-text", Location(f"sources/{i}.yaml"),
                                f"the metadata file '{i}' has no transcription.", f"add sources/{i}.txt.")
                     for i in sorted(metas - texts)]
        raise_if_errors(problems)
        if not texts:
            raise EditionError([Diagnostic("project.empty", Location("sources/"), "there is no document to build.",
                                           "add a transcription and its metadata (see README.md).")])
        return tuple(sorted(texts))


def load_corpus(project: Project) -> tuple[Document, ...]:
    """Parse every document, collecting the diagnostics of all of them before failing."""
    documents, problems = [], []
    for doc_id in project.document_ids():
        try:
            documents.append(load_document(project.root, doc_id))
        except EditionError as error:
            problems.extend(error.diagnostics)
    raise_if_errors(problems)
    return tuple(documents)


def render_site(project: Project, documents: tuple[Document, ...]) -> dict[str, bytes]:
    """Return every file of the site: site path → bytes."""
    env = html.environment(project.templates)
    files: dict[str, str | bytes] = {urls.home(): html.home_page(env, documents)}
    for document in documents:
        files[urls.document_page(document.id)] = html.document_page(env, document)
        files[urls.document_file(document.id, "json")] = data.document_json(document)
        files[urls.document_file(document.id, "txt")] = text.document_text(document)
    assets = project.templates / "assets"
    for path in sorted(assets.rglob("*")) if assets.is_dir() else ():
        if path.is_file():
            files[f"assets/{path.relative_to(assets).as_posix()}"] = path.read_bytes()
    return {k: v.encode("utf-8") if isinstance(v, str) else v for k, v in files.items()}


def build(project: Project, out: Path) -> int:
    """Build the site into `out`; return the number of files written. Raises `EditionError`."""
    raise_if_errors(check_output(project.root, out))
    documents = load_corpus(project)
    return write_site(out, render_site(project, documents))
