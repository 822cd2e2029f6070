"""The command line: build the edition, print located diagnostics, exit 0 / 1 / 2."""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
import traceback
from pathlib import Path

from .errors import EditionError


def main(argv: list[str] | None = None) -> int:
    """Run the command line; return the exit status (0 built, 1 bad input, 2 internal error)."""
    parser = argparse.ArgumentParser(prog="edition", description="Build the digital edition into a static site.")
    parser.add_argument("command", nargs="?", default="build", choices=["build"], help="what to do (default: build)")
    parser.add_argument("--root", type=Path, default=Path("."), help="the project folder (default: current folder)")
    parser.add_argument("--out", type=Path, default=None, help="output folder (default: ROOT/_site)")
    args = parser.parse_args(argv)
    out = args.out if args.out is not None else args.root / "_site"
    started = time.perf_counter()
    try:
        from .pipeline import Project, build
        count, warnings = build(Project(args.root.resolve()), out)
    except EditionError as error:
        for diagnostic in error.diagnostics:
            print(diagnostic.format(), file=sys.stderr)
        errors = sum(d.severity == "error" for d in error.diagnostics)
        print(f"build failed: {errors} error{'s' if errors != 1 else ''}; {out} was left as it was.", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("build interrupted; the previous site was left as it was.", file=sys.stderr)
        return 130
    except Exception:  # noqa: BLE001 - the one place that turns a crash into a short message
        with tempfile.NamedTemporaryFile("w", prefix="edition-crash-", suffix=".txt", delete=False) as log:
            traceback.print_exc(file=log)
        print(f"internal error: the build crashed; this is a bug in the generator, not in your files.\n"
              f"The full traceback has been saved in: {log.name}", file=sys.stderr)
        return 2
    for diagnostic in warnings:
        print(diagnostic.format(), file=sys.stderr)
    elapsed = time.perf_counter() - started
    print(f"wrote {count} files to {out} in {elapsed:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
