"""The whole build, top to bottom: load → index → plan → render → write.

A first build (or one after the configuration, templates or code changed) renders every unit
into a staging folder and swaps it in. Later builds compare the inputs and the site's indexes
with the last build's (cache.py, tracking.py): with nothing changed they stop at once, else
they render only the units that read something that changed.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

from generator.cache import (
    RACY_SECONDS,
    BuildState,
    Seen,
    Stamp,
    StateStore,
    environment_key,
    file_stats,
    input_files,
    stamp,
)
from generator.clock import build_time
from generator.config import load_config
from generator.errors import ContentError
from generator.plan import Plan
from generator.pool import default_jobs
from generator.result import BuildResult
from generator.theme import theme_dirs
from generator.write import check_output_folder


def build(
    site_dir: Path,
    output: Path,
    include_drafts: bool = False,
    base_url: str | None = None,
    keep_going: bool = False,
    use_cache: bool = True,
    progress: Callable[[int, int], None] | None = None,
    jobs: int | None = None,
    store: StateStore | None = None,
) -> BuildResult:
    """Build the site into `output`; on any error the previous `output` stays as it was.

    With `use_cache`, a build after a successful one renders only the pages whose inputs
    changed and replaces just those files. `progress(done, total)` is called as pages are
    written; `jobs` processes render (default: one per core). `store` keeps the state
    between builds (default: in the site's .bulletin-cache/).
    """
    started = time.perf_counter()
    jobs = jobs or default_jobs()
    check_output_folder(output, site_dir)
    config = load_config(site_dir)
    dirs = theme_dirs(config)
    seen = file_stats(input_files(site_dir, dirs))
    today = build_time(config.zone).date().isoformat()
    environment = environment_key(today, include_drafts, base_url, site_dir)
    store = store or StateStore(site_dir, output)
    inputs = store.inputs() if use_cache and output.is_dir() else None
    if inputs and inputs.unchanged(environment, seen):
        return BuildResult(reused=inputs.files, seconds=time.perf_counter() - started)
    previous = store.state() if inputs else None
    if previous and previous.environment != environment:
        previous = None
    # The renderers (Markdown, Jinja, iCalendar …) take a third of a second to import; a
    # build with nothing to do does without them.
    from generator import almanac, pipeline, render

    if previous:
        almanac.remember(previous.almanac)
    stamps = _stamps(seen, previous)
    loaded = pipeline.patched_site(previous, stamps) if previous else None
    plan = None  # None: the last build's plan, for only the text of reports or pages changed
    if loaded is None:
        digests = {name: s.digest for name, s in stamps.items()}
        loaded = pipeline.load_site(site_dir, include_drafts, base_url, previous, digests, jobs)
        units = render.plan(loaded.site)
        clashes = pipeline.clashing_aliases(units, loaded.site)
        loaded.problems.extend(pipeline.clash_problem(loaded.site, unit) for unit in clashes)
        plan = Plan.of(unit for unit in units if unit not in clashes)
        del units  # the workers that render are forked from this process: keep it small
    site, problems = loaded.site, loaded.problems
    if problems and not keep_going:
        raise ContentError(problems)
    assets = pipeline.assets_of(site, site_dir)
    state = BuildState(
        environment=environment,
        stamps=stamps,
        parse_context=loaded.parse_context,
        parsed=loaded.parsed,
        fingerprint=pipeline.fingerprint(site, stamps, dirs),
        site=site,
        assets={name: stamps[str(source)].digest for name, source in assets.items()},
        history=loaded.history,
        had_problems=bool(problems),
    )
    if previous and previous.fingerprint == state.fingerprint:
        result = pipeline.update(site, plan, assets, output, previous, state, jobs)
    else:
        assert plan is not None  # a patched site has its previous build's fingerprint
        result = pipeline.build_all(site, plan, assets, output, state, jobs, progress)
    state.almanac = almanac.known()
    state.saved_at_ns = time.time_ns()
    if loaded.edits is not None:
        store.save(state, previous, loaded.edits)
    else:
        store.save(state)
    result.skipped = problems
    result.seconds = time.perf_counter() - started
    return result


def _stamps(seen: dict[str, Seen | None], previous: BuildState | None) -> dict[str, Stamp]:
    """Each input file's stamp, reading only files whose size or mtime moved (or are racy)."""
    old = previous.stamps if previous else {}
    racy = (previous.saved_at_ns if previous else 0) - int(RACY_SECONDS * 1e9)
    stamps = {}
    for name, info in seen.items():
        known = old.get(name)
        same = known and info is not None and info == known[:3] and info[1] < racy
        # A file gone since it was listed is stamped (and so found missing) like a new one.
        stamps[name] = known if same else stamp(Path(name))
    return stamps
