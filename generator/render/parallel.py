"""Render units in worker processes: each worker renders a share of the units and writes them.

Workers are forked once the site model is built, so they share it with the parent without
copying or pickling; each compiles the templates once. What comes back per unit is small: its
index and the keys it read from the site (the caller's `watch` gives the view of the site that
records them: incremental/tracking.py). Rendering is a pure function of the site and the unit,
so the order in which workers finish never changes a byte of the output.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import jinja2

from generator.errors import Problem, ThemeError
from generator.model.plan import Plan, Unit
from generator.model.site import Site
from generator.pool import fork_map
from generator.render.renderers import render
from generator.render.theme import make_environment, template_problem
from generator.write.files import FolderWriter

# A view of the site that records what a page reads, and the set it records into.
Watch = Callable[[Site], tuple[Site, set[str]]]

SERIAL_BELOW = 400  # fewer units than this render faster in one process than in a pool
CHUNK = 32  # units per task: big enough to amortize the pipe, small enough to balance
CHUNKS_PER_WORKER = 64  # then a fresh worker: bounds the memory a worker copies (pool.fork_map)


@dataclass(frozen=True)
class Rendered:
    """One unit rendered and written: its index in the plan and the keys it read."""

    index: int
    reads: frozenset[str]


@dataclass
class _Job:
    """What a worker needs; inherited through fork, never pickled."""

    site: Site
    units: Plan | list[Unit]
    folder: Path
    watch: Watch
    compiled: Path  # where compiled templates are kept between builds
    previous: Path | None  # the site as it is: unchanged files are linked, not written
    env: jinja2.Environment | None = None
    writer: FolderWriter | None = None

    def run(self, indexes: list[int]) -> list[Rendered] | Problem:
        if self.env is None:
            self.env = make_environment(self.site.config, self.compiled)
            self.writer = FolderWriter(self.folder, self.previous)
        assert self.writer is not None
        done = []
        for index in indexes:
            unit = self.units[index]
            view, reads = self.watch(self.site)
            try:
                data = render(view, self.env, unit)
            except jinja2.TemplateError as err:
                return template_problem(err, self.site.config)
            self.writer.write(unit.file, data)
            done.append(Rendered(index, frozenset(reads)))
        return done


def render_units(
    site: Site,
    units: Plan | list[Unit],
    indexes: list[int],
    folder: Path,
    jobs: int,
    watch: Watch,
    compiled: Path,
    progress: Callable[[int], None] | None = None,
    previous: Path | None = None,
) -> Iterator[Rendered]:
    """Render `units[i]` for each i in `indexes` into `folder`; yields each as it is done,
    with what it read of the site as `watch` recorded it. A file whose bytes are those of
    the file at the same place in `previous` is linked to it, not written.

    Raises ThemeError for a template that fails; the files written so far stay in `folder`,
    which the caller discards.
    """
    chunks = [indexes[i : i + CHUNK] for i in range(0, len(indexes), CHUNK)]
    job = _Job(site, units, folder, watch, compiled, previous)
    workers = jobs if len(indexes) >= SERIAL_BELOW else 1
    for result in fork_map(job.run, chunks, workers, CHUNKS_PER_WORKER):
        if isinstance(result, Problem):
            raise ThemeError([result])
        yield from result
        if progress:
            progress(len(result))
