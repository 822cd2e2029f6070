"""Publishing and build reports: the CI workflow runs the README's commands; progress suits terminal and log."""

from __future__ import annotations

import io
import re
import shutil
import subprocess
import sys

import yaml

from conftest import CABLE, ROOT, copy_project
from edition.report import Progress

WORKFLOW = ROOT / ".github" / "workflows" / "edition.yml"


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))


def readme_commands() -> tuple[str, str]:
    """Return the README's two commands: build; tests."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"## The two commands.*?```sh\n(.*?)```", text, re.S).group(1)
    commands = [line for line in block.splitlines() if line and not line.startswith("#")]
    assert len(commands) == 2, commands
    return commands[0], commands[1]


def run_lines(job: dict) -> list[str]:
    return [line.strip() for step in job["steps"] if "run" in step for line in step["run"].splitlines()]


def test_workflow_is_valid_yaml_run_on_every_push_and_pull_request():
    """The workflow parses, and runs on push and on pull requests."""
    data = workflow()
    triggers = data.get("on", data.get(True))  # YAML 1.1 reads a bare `on` as true
    assert "push" in triggers and "pull_request" in triggers
    assert data["permissions"] == {"contents": "read"}


def test_workflow_runs_the_readme_commands_in_order():
    """Check (strict, GitHub format), the README's tests, then the README's build, then the upload."""
    build_command, test_command = readme_commands()
    job = workflow()["jobs"]["build"]
    lines = run_lines(job)
    check = f"{build_command} check --strict --format github"
    assert test_command in lines and check in lines
    build = next(line for line in lines if line.startswith(f"{build_command} ") and "--out" in line)
    assert lines.index(check) < lines.index(test_command) < lines.index(build)
    out = build.split("--out")[1].split()[0]
    upload = next(step for step in job["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == out
    assert job["steps"].index(upload) == len(job["steps"]) - 1


def test_workflow_gives_the_tests_java_and_a_browser_before_running_them():
    """GitHub's runners have no Debian Chromium: the workflow installs Playwright's, and Java 17, before the tests,
    so that no browser or validator test skips there."""
    job = workflow()["jobs"]["build"]
    steps = job["steps"]
    tests = next(i for i, step in enumerate(steps) if step.get("run", "").strip() == readme_commands()[1])
    java = next(i for i, step in enumerate(steps) if step.get("uses", "").startswith("actions/setup-java@"))
    browser = next(i for i, step in enumerate(steps) if "playwright install --with-deps chromium" in step.get("run", ""))
    assert java < tests and browser < tests
    assert int(steps[java]["with"]["java-version"]) >= 17


def test_ci_runs_the_readme_commands_as_written():
    """`.ci/run` installs what the tests need, then runs exactly the README's two commands, in order, with CI set."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    commands = [line.strip() for line in script.splitlines() if line.strip().startswith("python3 build.py")]
    assert commands == list(readme_commands())
    assert 'export CI="${CI:-true}"' in script
    assert "python3-venv" in script


def test_first_run_makes_an_environment_only_where_it_is_needed(tmp_path):
    """build.py runs in the Python it is given when that Python has every library pyproject.toml names (this
    one does); a stock Python without them makes .venv/ instead; .venv/ is used once it is installed from this
    very pyproject.toml, and installed again when that changes."""
    import venv

    project = tmp_path / "project"
    project.mkdir()
    for name in ("build.py", "pyproject.toml"):
        shutil.copy(ROOT / name, project / name)
    probe = "import runpy, sys; build = runpy.run_path(sys.argv[1]); print(build['ready'](False), build['ready'](True))"

    def ready(python) -> list[str]:
        result = subprocess.run([str(python), "-c", probe, str(project / "build.py")], capture_output=True,
                                text=True, timeout=60)
        return result.stdout.split() or [result.stderr]

    assert ready(sys.executable) == ["True", "True"]
    venv.create(tmp_path / "bare", with_pip=False)
    bin_folder = "Scripts" if sys.platform == "win32" else "bin"
    assert ready(tmp_path / "bare" / bin_folder / "python") == ["False", "False"]
    venv.create(project / ".venv", with_pip=False)
    own = project / ".venv" / bin_folder / "python"
    assert ready(own) == ["False", "False"]
    stamp = runpy_call(project, "wanted", False)
    (project / ".venv" / ".edition-installed").write_text(stamp + "\n", encoding="utf-8")
    assert ready(own) == ["True", "False"]
    with (project / "pyproject.toml").open("a", encoding="utf-8") as changed:
        changed.write("\n# changed\n")
    assert ready(own) == ["False", "False"]


def runpy_call(project, name: str, *args):
    """Call a function of a project's build.py (run as a module, not as the command)."""
    import runpy

    return runpy.run_path(str(project / "build.py"))[name](*args)


def test_licence_is_an_spdx_expression():
    """pyproject.toml gives the licence as an SPDX string (the table form is deprecated by setuptools)."""
    import tomllib

    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert project["license"] == "MIT"


def test_only_main_is_deployed_with_pages_permissions():
    """Deployment needs the build job, runs only for pushes to main, and has just the Pages permissions."""
    deploy = workflow()["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert "github.ref == 'refs/heads/main'" in deploy["if"] and "github.event_name == 'push'" in deploy["if"]
    assert deploy["permissions"] == {"pages": "write", "id-token": "write"}
    assert deploy["environment"]["name"] == "github-pages"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_every_action_is_pinned_to_a_version():
    """Each action names its major version, so a new release cannot change the workflow unseen."""
    uses = [step["uses"] for job in workflow()["jobs"].values() for step in job["steps"] if "uses" in step]
    assert uses and all(re.fullmatch(r"[\w-]+/[\w-]+@v\d+", u) for u in uses), uses


def test_progress_is_plain_lines_in_a_log():
    """Without a terminal, a build of several documents reports one line per step."""
    stream = io.StringIO()
    progress = Progress(stream, terminal=False)
    for done, name in enumerate(["a-1950-01-01", "b-1950-01-02"], 1):
        progress("parse", name, done, 2)
    progress.finish()
    assert stream.getvalue() == "parse a-1950-01-01 [1/2]\nparse b-1950-01-02 [2/2]\n"


def test_progress_is_a_bar_on_a_terminal():
    """On a terminal the same steps redraw one bar in place, and the line is ended when done."""
    stream = io.StringIO()
    progress = Progress(stream, terminal=True)
    progress("render", "a-1950-01-01", 1, 2)
    progress("render", "b-1950-01-02", 2, 2)
    progress.finish()
    text = stream.getvalue()
    assert text.count("\r") == 2 and text.endswith("\n") and text.count("\n") == 1
    assert "[############............] 1/2" in text and "[########################] 2/2" in text


def test_progress_is_silent_for_one_document_or_when_quiet():
    """A single document shows no progress, and `--quiet` none at all; `--verbose` shows every step."""
    for progress, total in ((Progress(io.StringIO(), terminal=True), 1), (Progress(io.StringIO(), quiet=True), 5)):
        progress("parse", "a", 1, total)
        assert progress.stream.getvalue() == ""
    verbose = Progress(io.StringIO(), verbose=True, terminal=True)
    verbose("parse", "a", 1, 1)
    assert re.fullmatch(r"parse a \[1/1\] \(\d+\.\d\d s\)\n", verbose.stream.getvalue())


def test_build_of_two_documents_reports_progress(tmp_path):
    """`python build.py` on two documents reports each step on stderr in a log; `--quiet` prints nothing."""
    root = copy_project(tmp_path / "project")
    for path in (ROOT / "tests" / "roots" / "second-cable" / "sources").iterdir():
        shutil.copy(path, root / "sources" / path.name)
    command = [sys.executable, str(ROOT / "build.py"), "--root", str(root), "--out", str(tmp_path / "site")]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    for step in ("parse", "anchor", "render"):
        assert f"{step} {CABLE} [2/2]" in result.stderr
    assert result.stdout.startswith("wrote or removed ")
    again = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0 and "is up to date: nothing written" in again.stdout
    quiet = subprocess.run([*command, "--quiet", "--clean"], capture_output=True, text=True, timeout=120)
    assert quiet.returncode == 0 and quiet.stdout == "" and quiet.stderr == ""


def test_a_missing_tool_skips_but_fails_under_ci(monkeypatch):
    """Outside CI a test whose browser, Java or schema is missing skips, saying how to install it; under CI,
    which installs them all, it fails."""
    import pytest

    from conftest import unavailable

    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="Chromium is missing: install"):
        unavailable("Chromium", "install Debian's chromium package.")
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="CI is set"):
        unavailable("Chromium", "install Debian's chromium package.")
