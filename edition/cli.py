"""The command line: build, check, preview and scaffold the edition; exit 0 / 1 / 2.

`python3 build.py` (no command) builds the site (`python3 build.py test`, handled by build.py itself,
runs the tests). Every command prints bad input as located diagnostics and exits 1; a crash exits 2
with the traceback saved to a file.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from pathlib import Path

from .errors import EditionError

ENTRY_HELP = {"person": "persons.yaml", "organization": "organizations.yaml", "place": "places.yaml",
              "event": "events.yaml", "term": "terms.yaml"}


def _options(parser: argparse.ArgumentParser, top: bool, *names: str) -> None:
    """Add the shared options; on a command's parser they default to what was given before the command."""
    def default(value):
        return value if top else argparse.SUPPRESS

    parser.add_argument("--root", type=Path, default=default(Path(".")),
                        help="the project folder (default: current folder)")
    if "out" in names:
        parser.add_argument("--out", type=Path, default=default(None), help="output folder (default: ROOT/_site)")
    if "strict" in names:
        parser.add_argument("--strict", action="store_true", default=default(False), help="treat warnings as errors")
    if "speed" in names:
        parser.add_argument("--jobs", "-j", type=int, default=default(None), metavar="N",
                            help="documents are handled by N processes (default: one per core)")
        parser.add_argument("--clean", action="store_true", default=default(False),
                            help="rebuild everything, reusing nothing from .edition-cache/")
    if "verbosity" in names:
        loudness = parser.add_mutually_exclusive_group()
        loudness.add_argument("--quiet", "-q", action="store_true", default=default(False),
                              help="print only problems")
        loudness.add_argument("--verbose", "-v", action="store_true", default=default(False),
                              help="print every step with its time")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="build.py", description="Build, check and preview the digital edition.",
                                     epilog="With no command, builds the site (same as 'build'). "
                                            "'python3 build.py test [pytest options]' runs the tests.")
    _options(parser, True, "out", "strict", "speed", "verbosity")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    build = commands.add_parser("build", help="build the site into _site/ (the default)")
    _options(build, False, "out", "strict", "speed", "verbosity")
    check = commands.add_parser("check", help="run every check without writing the site")
    _options(check, False, "strict", "verbosity")
    check.add_argument("--format", choices=("text", "github", "json"), default="text",
                       help="text (default), github (workflow commands on pull-request lines) or json")
    serve = commands.add_parser("serve", help="preview on 127.0.0.1, rebuilding and reloading on every change")
    _options(serve, False)
    serve.add_argument("--port", type=int, default=8000, help="the port (default: 8000; 0 picks a free one)")
    new = commands.add_parser("new", help="start a note, a register entry or a document")
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    note = kinds.add_parser("note", help="append a note on a quote to annotations/notes/DOCUMENT.yaml")
    _options(note, False)
    note.add_argument("document", help="the document id, e.g. vaskov-1953-07-03")
    note.add_argument("quote", help="the exact words the note is about; they must occur once in the document")
    for kind, file in ENTRY_HELP.items():
        entry = kinds.add_parser(kind, help=f"append an entry to annotations/{file}")
        _options(entry, False)
        entry.add_argument("id", help="the new id: lowercase letters, digits and hyphens")
        entry.add_argument("name", help="the display name")
        if kind == "event":
            entry.add_argument("date", help="YYYY-MM-DD, YYYY-MM, YYYY, or a range start/end")
        entry.add_argument("--alias", action="append", default=[],
                           help="another form under which it appears in a text (repeat for several)")
    document = kinds.add_parser("document", help="create sources/ID.yaml, the metadata of a new document")
    _options(document, False)
    document.add_argument("id", help="the new document's id, e.g. roshchin-1950-05-13")
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 done, 1 bad input, 2 internal error)."""
    args = _parser().parse_args(argv)
    command = args.command or "build"
    try:
        return COMMANDS[command](args)
    except EditionError as error:
        from .report import count_errors, format_diagnostics

        print(format_diagnostics(error.diagnostics, "text", args.root), end="", file=sys.stderr)
        errors = count_errors(error.diagnostics)
        what = {"build": f"build failed: {errors} error{'s' if errors != 1 else ''}; "
                         f"{_out(args)} was left as it was.",
                "new": "nothing was added."}.get(command, f"{command} failed: {errors} error{'s' if errors != 1 else ''}.")
        print(what, file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(f"{command} interrupted; the previous site was left as it was.", file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 - the one place that turns a crash into a short message
        with tempfile.NamedTemporaryFile("w", prefix="edition-crash-", suffix=".txt", delete=False) as log:
            traceback.print_exc(file=log)
        print(f"internal error: the {command} crashed; this is a bug in the generator, not in your files.\n"
              f"The full traceback has been saved in: {log.name}", file=sys.stderr)
        return 2


def _out(args) -> Path:
    return args.out if args.out is not None else args.root / "_site"


def _build(args) -> int:
    from .pipeline import Project, build
    from .report import Progress, format_diagnostics

    started = time.perf_counter()
    progress = Progress(quiet=args.quiet, verbose=args.verbose)
    try:
        count, warnings = build(Project(args.root.resolve()), _out(args), progress, strict=args.strict,
                                jobs=args.jobs, clean=args.clean)
    finally:
        progress.finish()
    print(format_diagnostics(warnings, "text", args.root), end="", file=sys.stderr)
    if not args.quiet:
        elapsed = time.perf_counter() - started
        print(f"wrote or removed {count} files in {_out(args)} ({elapsed:.2f} s)" if count else
              f"{_out(args)} is up to date: nothing written ({elapsed:.2f} s)")
    return 0


def _check(args) -> int:
    from .pipeline import Project, load_corpus, render_site
    from .report import Progress, count_errors, format_diagnostics, strict, summary

    progress = Progress(quiet=args.quiet, verbose=args.verbose)
    project = Project(args.root.resolve())
    try:
        corpus, diagnostics = load_corpus(project, progress)
        render_site(project, corpus, progress, with_search=False)  # in memory: templates have mistakes too
    except EditionError as error:
        diagnostics = error.diagnostics
    finally:
        progress.finish()
    if args.strict:
        diagnostics = strict(diagnostics)
    print(format_diagnostics(diagnostics, args.format, args.root), end="")
    if not args.quiet and args.format != "json":
        print(f"check: {summary(diagnostics)}.", file=sys.stderr)
    return 1 if count_errors(diagnostics) else 0


def _serve(args) -> int:
    from .serve import serve

    serve(args.root, args.port)
    return 0


def _new(args) -> int:
    from . import scaffold

    root = args.root.resolve()
    if args.kind == "note":
        told = scaffold.new_note(root, args.document, args.quote)
    elif args.kind == "document":
        told = scaffold.new_document(root, args.id)
    else:
        told = scaffold.new_entry(root, args.kind, args.id, args.name, getattr(args, "date", ""), tuple(args.alias))
    print("\n".join(told))
    return 0


COMMANDS = {"build": _build, "check": _check, "serve": _serve, "new": _new}


if __name__ == "__main__":
    sys.exit(main())
