"""The build: parse and load → anchor → check → render → publish. The one module that knows every stage."""

from __future__ import annotations

import re
from concurrent.futures import ThreadPoolExecutor
from contextlib import nullcontext
from dataclasses import dataclass, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Callable

from .errors import Diagnostic, EditionError, Location, raise_if_errors
from .cache import Cache, Record, digest, folder_state, generator_version
from .publish.site import Files, Staging, Update, check_output, remove_leftovers
from .workers import Runner, default_jobs
from . import urls

if TYPE_CHECKING:
    from .model import Corpus

# The stages are imported by the functions that run them: a rebuild with nothing changed
# loads none of them (nor Jinja, lxml, jsonschema, citeproc, Pagefind), so it starts at once.

INPUT_FOLDERS = ("sources", "annotations", "templates")
"""Everything under these folders (and the principles page) is an input: a change to any file is a change."""


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
        # An id becomes a folder of the site: `..` or a space would put pages where they do not belong.
        problems += [Diagnostic("source.bad-id", Location(f"sources/{i}.{'txt' if i in texts else 'yaml'}"),
                                f"the document id '{i}' may hold only lowercase letters, digits and hyphens.",
                                "rename the document's files, e.g. sources/roshchin-1950-05-13.txt and .yaml.")
                     for i in sorted(texts | metas) if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", i)]
        problems += [Diagnostic("source.unread-file", Location(f"sources/{p.name}"),
                                "the build does not read this file, so nothing in it would be published.",
                                f"rename it to {p.stem}{p.suffix.lower().replace('.yml', '.yaml')}.")
                     for p in sorted(sources.iterdir())
                     if p.suffix.lower() in (".txt", ".yaml", ".yml") and p.suffix not in (".txt", ".yaml")]
        raise_if_errors(problems)
        if not texts:
            raise EditionError([Diagnostic("project.empty", Location("sources/"), "there is no document to build.",
                                           "add a transcription and its metadata (see README.md).")])
        return tuple(sorted(texts))

    def inputs(self) -> dict[str, Path]:
        """Return the edition's inputs (sources, annotations): project path → file, for the data zip."""
        found = [p for folder in ("sources", "annotations") for p in (self.root / folder).rglob("*")
                 if p.is_file() and p.suffix in (".txt", ".yaml", ".yml")]
        return {p.relative_to(self.root).as_posix(): p for p in sorted(found)}


Progress = Callable[[str, str, int, int], None]
"""Told `(step, document id, done, total)` as each document passes a stage."""


def _silent(step: str, name: str, done: int, total: int) -> None:
    """A `Progress` that reports nothing."""


def _counter(progress: Progress, step: str, total: int, name=lambda item: item) -> Callable:
    """Return a `done(item)` callback that reports each finished item to `progress`."""
    count = iter(range(1, total + 1))
    return lambda item: progress(step, name(item), next(count), total)


def load_corpus(project: Project, progress: Progress = _silent,
                runner: Runner | None = None) -> tuple[Corpus, list[Diagnostic]]:
    """Parse, load, anchor and check everything; raise `EditionError` with all errors, else return warnings.

    Documents are parsed and anchored by `runner` (in worker processes, from its cache); registers
    and the checks that span the corpus run here.
    """
    from .anchor import AliasIndex, anchor_document, found_aliases, resolve_exclusions, unused_aliases
    from .annotations import load_annotations, load_notes
    from .check import check_corpus, half_made
    from .model import Corpus
    from .parse import load_document
    from .settings import load_settings

    runner = runner or Runner()
    problems = []
    ids = project.document_ids()
    parse_keys = [runner.key("parse", i, runner.file(f"sources/{i}.txt"), runner.file(f"sources/{i}.yaml"))
                  for i in ids]
    # Each document is parsed on its own, so that one bad file does not stop the others being read.
    parsed = runner.map(partial(load_document, project.root), ids, parse_keys, _counter(progress, "parse", len(ids)))
    documents = [document for document, _ in parsed if document is not None]
    problems += [diagnostic for _, found in parsed for diagnostic in found]

    def notes_files(paths: list[Path]) -> list:
        names = [p.relative_to(project.root).as_posix() for p in paths]
        keys = [runner.key("notes", name, runner.file(name)) for name in names]
        return runner.map(partial(load_notes, project.root), paths, keys)

    annotations, found = load_annotations(project.root, notes_files)
    problems += found
    problems += load_settings(project.root)[1]
    raise_if_errors(problems)
    documents = tuple(documents)
    problems += check_corpus(annotations.notes, annotations.entries, annotations.references,
                             tuple(d.id for d in documents))
    excluded, found = resolve_exclusions(documents, annotations.entries)
    problems += found

    aliases = AliasIndex(annotations.entries)

    def anchor(document):
        return (*anchor_document(document, annotations.notes.get(document.id, ()), aliases, excluded),
                found_aliases(document, aliases))

    registered = digest(repr([(e.kind, e.id, e.aliases) for e in annotations.entries]))
    anchor_keys = [runner.key("anchor", key, runner.file(f"annotations/notes/{d.id}.yaml"), registered,
                              repr(sorted(e for e in excluded if e[0] == d.id)))
                   for d, key in zip(documents, parse_keys)]
    runner.keys.update((("anchor", d.id), key) for d, key in zip(documents, anchor_keys))
    anchored, notes, found_anywhere = [], {}, set()
    for annotated, found, seen in runner.map(anchor, documents, anchor_keys,
                                             _counter(progress, "anchor", len(documents), _id)):
        problems += found
        anchored.append(annotated.document)
        notes[annotated.document.id] = annotated.notes
        found_anywhere |= seen
    problems += unused_aliases(found_anywhere, annotations.entries)
    problems += half_made(annotations.entries, annotations.notes, found_anywhere)
    raise_if_errors(problems)
    corpus = Corpus(documents=tuple(anchored), notes=notes, entries=annotations.entries,
                    references=annotations.references)
    return corpus, problems


def _id(document) -> str:
    return document.id


@dataclass(frozen=True, slots=True)
class DocumentOutput:
    """What one document adds to the site, made in a worker and kept in the cache."""

    files: dict
    """Its own files: page, data and citation files (site path → bytes)."""
    tei_member: bytes
    """Its TEI as it stands in the corpus file."""
    records: tuple
    """Its search records: blocks, then notes."""


def _document_output(project: Project, env, corpus: Corpus, settings, document) -> tuple:
    """Return `(DocumentOutput or None, template diagnostics)` for one document.

    It is made from the document, its notes, the registers, the bibliography, the settings and
    the templates only, so each document's output can be made in a worker and kept in the cache.
    """
    from .render import search
    from .render.exports import citation_files, model_json, plain_text
    from .render.html.document import document_page
    from .render.html.markdown import note_bodies
    from .render.tei.document import document_tei

    own_tei, tei_member = document_tei(corpus, document, settings)
    bodies = note_bodies(corpus, document)
    files: dict[str, str | bytes] = {
        urls.document_file(document.id, "json"): model_json.document_json(document),
        urls.document_file(document.id, "txt"): plain_text.document_text(document),
        urls.document_file(document.id, "xml"): own_tei,
        **citation_files.citation_files(document, settings)}
    try:
        files[urls.document_page(document.id)] = document_page(env, corpus, settings, document,
                                                               frozenset(files), bodies)
    except Exception as error:
        return None, (_template_mistake(project, error),)
    return DocumentOutput({k: v.encode("utf-8") if isinstance(v, str) else v for k, v in files.items()},
                          tei_member,
                          search.document_records(corpus, document, bodies)), ()


def _template_mistake(project: Project, error: Exception) -> Diagnostic:
    """Return where in which template `error` arose: a mistake in a template is bad input. Any other
    error is raised again, as the crash it is."""
    from .render.html.templates import template_diagnostic

    diagnostic = template_diagnostic(error, project.templates, project.root)
    if diagnostic is None:
        raise error
    return diagnostic


def _templates_used(env, name: str) -> set[str] | None:
    """Return the templates a page template extends, imports or includes (itself too), or None if one is
    chosen at render time: then a change to any template may change the page."""
    from jinja2 import TemplateError, meta

    found, todo = set(), [name]
    while todo:
        current = todo.pop()
        if current not in found:
            found.add(current)
            try:
                source, filename, _ = env.loader.get_source(env, current)
                references = list(meta.find_referenced_templates(env.parse(source, current, filename)))
            except TemplateError:  # a missing or broken template is reported, located, when pages are rendered
                return None
            if None in references:
                return None
            todo += references
    return found


def render_site(project: Project, corpus: Corpus, progress: Progress = _silent,
                with_search: bool = True, runner: Runner | None = None) -> dict[str, bytes]:
    """Return every file of the site, made in memory: site path → bytes (without the search index if not
    `with_search`)."""
    files = Files()
    make_site(project, corpus, files, progress, with_search, runner)
    return files.contents


def make_site(project: Project, corpus: Corpus, site: Files, progress: Progress = _silent,
              with_search: bool = True, runner: Runner | None = None) -> None:
    """Write every file of the site into `site` (in memory, or a `Staging` folder), each as soon as it is made.

    Each document's own output is made by `runner` (in worker processes, from its cache) and written
    away as it comes, its search records sent to Pagefind, which indexes in its own process; then
    the pages and files that span the corpus are made here. What is held in memory at any time is
    the corpus and one document's output, not the site.
    """
    from .publish import crawlers, data_zip, pagefind
    from .render import search
    from .render.html.assets import published_asset
    from .render.html.pages import render_pages
    from .render.html.templates import environment
    from .render.tei.document import corpus_tei
    from .settings import load_settings

    runner = runner or Runner()
    env = environment(project.templates)
    if runner.cache is not None and runner.cache.read:  # compiled templates, kept by their source's checksum
        from jinja2 import FileSystemBytecodeCache

        (runner.cache.folder / "templates").mkdir(parents=True, exist_ok=True)
        env.bytecode_cache = FileSystemBytecodeCache(str(runner.cache.folder / "templates"))
    settings = load_settings(project.root)[0]
    used = _templates_used(env, "document.html")
    context = runner.key("context", *(f"{path}={value}" for path, value in sorted(runner.files.items())
                                      if not path.startswith(("sources/", "annotations/notes/"))
                                      and (not path.startswith("templates/") or used is None
                                           or path.removeprefix("templates/") in used)),
                         repr(sorted((n.id, doc_id) for doc_id, doc_notes in corpus.notes.items() for n in doc_notes)))
    anchored = [runner.keys.get(("anchor", d.id)) for d in corpus.documents]
    # Without a cache, or for a corpus this runner did not load, there is nothing to look up.
    keys = None if context is None or None in anchored else [runner.key("render", k, context) for k in anchored]
    with pagefind.SearchIndex(site.write, cache=runner.cache) if with_search else nullcontext() as index:
        with site.open(urls.tei_corpus()) as corpus_file, corpus_tei(corpus_file, corpus, settings) as add_tei:
            for output, problems in runner.imap(partial(_document_output, project, env, corpus, settings),
                                                corpus.documents, keys,
                                                _counter(progress, "render", len(corpus.documents), _id)):
                raise_if_errors(problems)
                for path, content in output.files.items():
                    site.write(path, content)
                add_tei(output.tei_member)
                if index:
                    index.add(output.records)
        if index:
            index.add(search.entry_records(corpus))
            index.hand_over()  # Pagefind indexes the last shard while the pages are rendered
        # Every data file is written: zlib lets go of the interpreter as it compresses, so the data zip
        # is made in a thread while the pages are rendered.
        with ThreadPoolExecutor(1) as zipping:
            zipped = zipping.submit(data_zip.write_data_zip, site, site.paths(), project.inputs())
            assets = project.templates / "assets"
            for path in sorted(assets.rglob("*")) if assets.is_dir() else ():
                if path.is_file():
                    name = path.relative_to(assets).as_posix()
                    site.write(f"assets/{name}", published_asset(name, path.read_bytes()))
            try:
                for path, page in render_pages(env, corpus, settings, index.bundles if index else ()):
                    site.write(path, page.encode("utf-8"))
            except Exception as error:
                raise EditionError([_template_mistake(project, error)]) from error
        zipped.result()
        # Leaving this block writes the index's last shard: Pagefind has been indexing all along.
    crawlers.write_crawler_files(site, settings.url)


def search_bundle(corpus: Corpus) -> dict[str, bytes]:
    """Return the files of the site's search index: site path → bytes."""
    from .publish.pagefind import search_files
    from .render.search import search_records

    return search_files(search_records(corpus))


def input_files(project: Project) -> list[Path]:
    """Return every input file of the project, sorted."""
    from .settings import PRINCIPLES_FILE

    found = [p for folder in INPUT_FOLDERS for p in (project.root / folder).rglob("*") if p.is_file()]
    principles = project.root / PRINCIPLES_FILE
    return sorted(found + ([principles] if principles.is_file() else []))


def build(project: Project, out: Path, progress: Progress = _silent, strict: bool = False,
          jobs: int | None = None, clean: bool = False, with_search: bool = True) -> tuple[int, list[Diagnostic]]:
    """Build the site into `out`; return the number of files written or removed (0 when it was up to date)
    and the warnings. Raises `EditionError`.

    With `strict`, warnings are errors: the site is not written if there are any. Documents are
    handled by `jobs` processes (default: every core). Results of earlier builds are reused from
    the project's `.edition-cache/` unless `clean`. When `out` is as the last build left it, only the
    files that change are written; when no input changed either, nothing is made at all. Without
    `with_search` the site has no search index: the command line always makes it; the tests that do not
    look at it leave it out.
    """
    raise_if_errors(check_output(project.root, out))
    remove_leftovers(out.resolve())  # even when nothing is to be written: a killed build's staging folders
    cache = Cache(project.root, read=not clean)
    runner = Runner(jobs or default_jobs(), cache, cache.file_digests(input_files(project)))
    inputs = digest(generator_version(), f"strict={strict}", f"search={with_search}",
                    *(f"{p}={v}" for p, v in sorted(runner.files.items())))
    record = None if clean else cache.record(out)
    state = folder_state(out) if record is not None and out.is_dir() else None
    # A folder is updated in place only if it is as the last build left it; else it is written whole.
    intact = record is not None and state == record.files
    if intact and record.inputs == inputs:
        return 0, list(record.warnings)
    corpus, warnings = load_corpus(project, progress, runner)
    if strict:
        raise_if_errors([replace(w, severity="error") for w in warnings])
    with Update(out, record.digests) if intact and record.digests is not None else Staging(out) as site:
        make_site(project, corpus, site, progress, with_search, runner)
        cache.forget_record(out)
        count = site.publish()
    cache.save_record(out, Record(inputs, site.state(state), count, tuple(warnings), site.digests))
    cache.prune()
    return count, warnings
