"""A process pool that shares the parent's memory: forked workers inherit what a task needs."""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator
from typing import Any


def default_jobs() -> int:
    """One worker per core this process may use."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


_task: Callable[[Any], Any] | None = None  # the function a forked worker runs, set before fork


def _call(item: Any) -> Any:
    assert _task is not None
    return _task(item)


def fork_map(
    task: Callable[[Any], Any], items: list, jobs: int, per_worker: int | None = None
) -> Iterator[Any]:
    """`task(item)` for each item, in order: in `jobs` forked workers, or here when jobs is 1.

    The workers inherit `task` and everything it refers to (the site model, the
    configuration) through fork, so nothing big is pickled; only items and results are.
    A worker that has done `per_worker` items is replaced by a fresh fork: every object a
    worker touches (its reference count changes) becomes a private copy of that memory page,
    so a long-lived worker ends up with a copy of the whole model.
    """
    global _task
    if jobs <= 1 or len(items) < 2 or "fork" not in multiprocessing.get_all_start_methods():
        yield from map(task, items)
        return
    _task = task
    gc.freeze()  # keep the collector from touching (and so copying) the shared model
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(jobs, len(items)), maxtasksperchild=per_worker) as pool:
            yield from pool.imap(_call, items)
    finally:
        _task = None
        gc.unfreeze()
