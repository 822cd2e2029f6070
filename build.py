"""Build the edition: `python build.py` writes the site to _site/ (`--out DIR` to choose)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from edition.cli import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main(["--root", str(Path(__file__).resolve().parent), *sys.argv[1:]]))
