"""The build: load → parse → render → write. The one module that knows every stage."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .errors import Diagnostic, EditionError, Location, raise_if_errors
from .anchor import anchor_document, resolve_exclusions, unused_aliases
from .annotations import load_annotations
from .check import check_corpus
from .model import Corpus
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


def load_corpus(project: Project) -> tuple[Corpus, list[Diagnostic]]:
    """Parse, load, anchor and check everything; raise `EditionError` with all errors, else return warnings."""
    documents, problems = [], []
    for doc_id in project.document_ids():
        try:
            documents.append(load_document(project.root, doc_id))
        except EditionError as error:
            problems.extend(error.diagnostics)
    annotations, found = load_annotations(project.root)
    problems += found
    raise_if_errors(problems)
    documents = tuple(documents)
    problems += check_corpus(annotations.notes, annotations.entries, annotations.references,
                             tuple(d.id for d in documents))
    excluded, found = resolve_exclusions(documents, annotations.entries)
    problems += found
    anchored, notes = [], {}
    for document in documents:
        document, doc_notes, found = anchor_document(document, annotations.notes.get(document.id, ()),
                                                     annotations.entries, excluded)
        problems += found
        anchored.append(document)
        notes[document.id] = doc_notes
    problems += unused_aliases(documents, annotations.entries)
    raise_if_errors(problems)
    corpus = Corpus(documents=tuple(anchored), notes=notes, entries=annotations.entries,
                    references=annotations.references)
    return corpus, problems


def render_site(project: Project, corpus: Corpus) -> dict[str, bytes]:
    """Return every file of the site: site path → bytes."""
    env = html.environment(project.templates)
    files: dict[str, str | bytes] = {urls.home(): html.home_page(env, corpus)}
    for document in corpus.documents:
        files[urls.document_page(document.id)] = html.document_page(env, corpus, document)
        files[urls.document_file(document.id, "json")] = data.document_json(document)
        files[urls.document_file(document.id, "txt")] = text.document_text(document)
    for entry in corpus.entries:
        files[urls.entry_page(entry.kind, entry.id)] = html.entry_page(env, corpus, entry)
    assets = project.templates / "assets"
    for path in sorted(assets.rglob("*")) if assets.is_dir() else ():
        if path.is_file():
            files[f"assets/{path.relative_to(assets).as_posix()}"] = path.read_bytes()
    return {k: v.encode("utf-8") if isinstance(v, str) else v for k, v in files.items()}


def build(project: Project, out: Path) -> tuple[int, list[Diagnostic]]:
    """Build the site into `out`; return the number of files written and the warnings. Raises `EditionError`."""
    raise_if_errors(check_output(project.root, out))
    corpus, warnings = load_corpus(project)
    return write_site(out, render_site(project, corpus)), warnings
