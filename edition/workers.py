"""Run one function over many documents in worker processes, results in order.

Each worker is given the function and the items when it starts (`_start`); the
workers are forked, so they receive them, with everything the build has loaded
so far (the registers, the corpus), without copying them through a pipe. Only
the items' indexes go out and the results come back. With one job, or one item,
no pool is started at all: the function runs in this process, so the edition of
a single cable starts as fast as it can.
"""

from __future__ import annotations

import multiprocessing
import os
from dataclasses import dataclass, field
from typing import Callable, Iterator, Sequence

from .cache import MISSING, Cache, digest, generator_version

_task: tuple[Callable, Sequence] | None = None
"""In a worker process: the function and items of its pool, set by `_start` when the worker starts."""


def default_jobs() -> int:
    """Return the number of cores this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def _start(function: Callable, items: Sequence) -> None:
    """Begin a worker: keep the function and items its pool was made for."""
    global _task
    _task = (function, items)


def _call(index: int):
    function, items = _task
    return function(items[index])


def run(function: Callable, items: Sequence, jobs: int, done: Callable | None = None) -> Iterator:
    """Yield `function(item)` for each of `items`, in order, computed by up to `jobs` processes.

    Results are yielded as they arrive, so a caller that writes each away holds one at a time.
    `done(item)` is called in this process as each result arrives. An exception in a worker is
    raised here.
    """
    items = list(items)
    if jobs <= 1 or len(items) <= 1 or "fork" not in multiprocessing.get_all_start_methods():
        for item in items:
            result = function(item)
            if done:
                done(item)
            yield result
        return
    processes = min(jobs, len(items))
    # Small chunks keep the workers evenly loaded; not so small that the pipe is the bottleneck.
    chunk = max(1, min(16, len(items) // (processes * 8)))
    with multiprocessing.get_context("fork").Pool(processes, _start, (function, items)) as pool:
        for index, result in enumerate(pool.imap(_call, range(len(items)), chunksize=chunk)):
            if done:
                done(items[index])
            yield result


@dataclass
class Runner:
    """How a build runs its per-document steps: in how many processes, and with which cache."""

    jobs: int = 1
    cache: Cache | None = None
    files: dict = field(default_factory=dict)
    """Input file (path relative to the project) → content digest; the cache keys are made from these."""
    keys: dict = field(default_factory=dict)
    """(step, document id) → the cache key of that step's result, for the steps that depend on it."""

    def key(self, *parts: str) -> str | None:
        """Return the cache key of a result made from `parts` by this generator, or None without a cache."""
        return digest(generator_version(), *parts) if self.cache is not None else None

    def file(self, path: str) -> str:
        """Return the digest of an input file, `absent` if there is none."""
        return self.files.get(path, "absent")

    def map(self, function: Callable, items: Sequence, keys: Sequence | None = None,
            done: Callable | None = None) -> list:
        """Return `[function(item) for item in items]`, reusing cached results where `keys` name them."""
        return list(self.imap(function, items, keys, done))

    def imap(self, function: Callable, items: Sequence, keys: Sequence | None = None,
             done: Callable | None = None) -> Iterator:
        """Yield `function(item)` for each item in order, reusing cached results where `keys` name them;
        a cached result is read only when its turn comes."""
        if self.cache is None or keys is None:
            yield from run(function, items, self.jobs, done)
            return
        todo = [i for i, key in enumerate(keys) if not self.cache.has(key)]
        computed = run(function, [items[i] for i in todo], self.jobs, done)
        pending = set(todo)
        for i, key in enumerate(keys):
            if i in pending:
                result = next(computed)
                self.cache.put(key, result)
            else:
                result = self.cache.get(key)
                if result is MISSING:  # removed since it was looked for: made here instead
                    result = function(items[i])
                    self.cache.put(key, result)
                if done:
                    done(items[i])
            yield result
