"""Build the edition: `python3 build.py` writes the site to _site/ (`--out DIR` to choose);
`python3 build.py test` runs the test suite.

Both work as written on a stock system, where `python3` may have none of the edition's libraries
and may refuse to install any (Debian's "externally managed" Python). Run by such a Python, this
file makes a virtual environment in `.venv/`, installs the edition into it (with the test extra for
`test`), and runs itself again inside it. Later runs reuse it; it is installed again when
`pyproject.toml` changes. A Python that already has everything (an activated environment, CI's)
is used as it is.
"""

import hashlib
import os
import re
import subprocess
import sys
import tomllib
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
STAMP = VENV / ".edition-installed"
"""What the environment was installed from: the digest of pyproject.toml and the extras."""


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


def wanted(testing: bool) -> str:
    """Return the stamp of an environment fit for building (and testing)."""
    extras = "test" if testing else ""
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest() + f" [{extras}]"


def _requirement_names(testing: bool) -> list[str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    requirements = project["dependencies"] + (project["optional-dependencies"]["test"] if testing else [])
    return [re.match(r"[A-Za-z0-9][A-Za-z0-9._-]*", requirement).group(0) for requirement in requirements]


def installed(testing: bool) -> bool:
    """Return whether `.venv/` is installed from this pyproject.toml, with the extras needed."""
    return STAMP.is_file() and STAMP.read_text(encoding="utf-8").strip() in (wanted(testing), wanted(True))


def ready(testing: bool) -> bool:
    """Return whether this Python can run the command: our environment as installed, or one that has
    every library pyproject.toml names."""
    if Path(sys.prefix).resolve() == VENV.resolve():
        return installed(testing)
    try:
        for name in _requirement_names(testing):
            metadata.distribution(name)
    except metadata.PackageNotFoundError:
        return False
    return True


def prepare(testing: bool) -> Path:
    """Make or update `.venv/` so that it can run the command; return its Python. Exits with a message
    saying what to do when the system cannot make one."""
    python = venv_python()
    if not python.exists():
        print(f"First run: making a virtual environment in {VENV} ...", file=sys.stderr, flush=True)
        made = subprocess.run([sys.executable, "-m", "venv", str(VENV)], capture_output=True, text=True)
        if made.returncode != 0:
            sys.exit("This Python cannot make a virtual environment"
                     + (" (its venv module has no pip)" if "ensurepip" in made.stdout + made.stderr else "") + ".\n"
                     "On Debian or Ubuntu install it with: sudo apt install python3-venv\n"
                     f"then run the same command again. ({(made.stderr or made.stdout).strip().splitlines()[-1:]})")
    target = f"{ROOT}[test]" if testing else str(ROOT)
    print(f"Installing the edition{' and its test tools' if testing else ''} into {VENV} ...",
          file=sys.stderr, flush=True)
    installed = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                                "-e", target])
    if installed.returncode != 0:
        sys.exit(f"Installing into {VENV} failed (pip's message is above). Check the network, then run the "
                 "same command again; delete .venv/ to start afresh.")
    STAMP.write_text(wanted(testing) + "\n", encoding="utf-8")
    return python


def main(argv: list[str]) -> int:
    testing = argv[:1] == ["test"]
    if not ready(testing):
        python = str(venv_python() if installed(testing) else prepare(testing))
        if os.name != "posix":
            return subprocess.run([python, __file__, *argv]).returncode
        os.execv(python, [python, __file__, *argv])
    if testing:
        os.chdir(ROOT)
        if os.name != "posix":
            return subprocess.run([sys.executable, "-m", "pytest", *argv[1:]]).returncode
        os.execv(sys.executable, [sys.executable, "-m", "pytest", *argv[1:]])
    sys.path.insert(0, str(ROOT))
    from edition.cli import main as edition

    return edition(["--root", str(ROOT), *argv])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
