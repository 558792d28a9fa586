"""The `bulletin build` command, top to bottom: load → index → plan → render → write.

A first build (or one after the configuration, templates or code changed) renders every unit
into a staging folder and swaps it in. Later builds compare the inputs and the site's indexes
with the last build's (incremental/): with nothing changed they stop at once, else they render
only the units that read something that changed, and replace just those files.
"""

from __future__ import annotations

import argparse
import copy
import shutil
import sys
import time
from array import array
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

from generator.clock import build_time
from generator.commands.progress import Progress, progress_bar
from generator.errors import ContentError, Problem, as_error
from generator.i18n import _, ngettext
from generator.incremental.stamps import (
    Stamp,
    code_digest,
    environment_key,
    file_stats,
    fingerprint,
    fresh_stamps,
    input_files,
)
from generator.incremental.state import BuildState, StateStore, lock_path, state_path
from generator.load.config import load_config, with_base_url
from generator.model.config import Config
from generator.model.plan import Plan
from generator.model.site import Site
from generator.pool import default_jobs
from generator.render.photos import made_digest, process_photos
from generator.render.theme import copied_files, theme_dirs
from generator.write.output import (
    StagedOutput,
    build_lock,
    move_in,
    output_folder,
    recover,
    work_folder,
)
from generator.write.result import BuildResult


def add_parser(commands: argparse._SubParsersAction, common_options: Callable) -> None:
    b = commands.add_parser(
        "build",
        help=_("build the website into the output folder"),
        description=_(
            "Read site.yaml and content/, and write the website into the output "
            "folder. If anything is wrong, every problem is listed and the previous "
            "website is left as it was."
        ),
    )
    common_options(b)
    b.add_argument(
        "--output",
        type=Path,
        default=None,
        metavar="DIR",
        help=_("where to write the website (default: output/ in the site folder)"),
    )
    b.add_argument(
        "--drafts",
        action="store_true",
        help=_("also publish drafts and reports dated in the future (for previews)"),
    )
    b.add_argument(
        "--base-url",
        metavar="URL",
        help=_("the address the site will be served from, instead of site.yaml's"),
    )
    b.add_argument(
        "--keep-going",
        action="store_true",
        help=_(
            "publish everything that is fine, leave broken reports out, list them, "
            "and still exit with status 1"
        ),
    )
    b.add_argument(
        "--clean",
        action="store_true",
        help=_("render every page again instead of reusing unchanged ones from the last build"),
    )
    b.add_argument(
        "--jobs",
        type=_positive,
        default=None,
        metavar="N",
        help=_("render with N processes (default: one per CPU core)"),
    )
    b.add_argument(
        "--quiet", action="store_true", help=_("print only problems (for CI and scripts)")
    )


def run(args: argparse.Namespace) -> int:
    output = args.output if args.output is not None else args.site / "output"
    with progress_bar(not args.quiet and sys.stderr.isatty(), _("writing pages")) as progress:
        result = build(
            args.site,
            output,
            include_drafts=args.drafts,
            base_url=args.base_url,
            keep_going=args.keep_going,
            use_cache=not args.clean,
            progress=progress,
            jobs=args.jobs,
        )
    for problem in result.warnings:
        print(_("warning: {message}").format(message=problem.format(Path.cwd())), file=sys.stderr)
    for problem in result.skipped:
        print(as_error(problem.format(Path.cwd())), file=sys.stderr)
    if result.skipped:
        count = len(result.skipped)
        left_out = ngettext(
            "{count} error; the files above were left out of the website.",
            "{count} errors; the files above were left out of the website.",
            count,
        )
        print(left_out.format(count=count), file=sys.stderr)
    if not args.quiet:
        print(result.summary())
    return 1 if result.skipped else 0


def build(
    site_dir: Path,
    output: Path,
    include_drafts: bool = False,
    base_url: str | None = None,
    keep_going: bool = False,
    use_cache: bool = True,
    progress: Progress | None = None,
    jobs: int | None = None,
    store: StateStore | None = None,
    search: bool = True,
) -> BuildResult:
    """Build the site into `output`; on any error the previous `output` stays as it was.

    With `use_cache`, a build after a successful one renders only the pages whose inputs
    changed and replaces just those files. `progress(done, total)` is called as pages are
    written; `jobs` processes render (default: one per core). `store` keeps the state
    between builds (default: in the site's .bulletin-cache/). Without `search`, the search
    index is not brought up to date (the preview does without: Pagefind indexes every page
    anew each time, seconds on a large site).
    """
    started = time.perf_counter()
    store = store or StateStore(site_dir, output)
    output = output_folder(output, site_dir, built_here=store.recorded())
    with build_lock(lock_path(site_dir, output)):
        if recover(output):  # a build killed while moving its files in: finished, not reused
            use_cache = False
        result = _build(
            site_dir,
            output,
            include_drafts,
            base_url,
            keep_going,
            use_cache,
            progress,
            jobs,
            store,
            search,
        )
    result.seconds = time.perf_counter() - started
    return result


def _build(
    site_dir: Path,
    output: Path,
    include_drafts: bool,
    base_url: str | None,
    keep_going: bool,
    use_cache: bool,
    progress: Progress | None,
    jobs: int | None,
    store: StateStore,
    search: bool,
) -> BuildResult:
    jobs = jobs or default_jobs()
    config = load_config(site_dir)
    if base_url:
        config = with_base_url(config, base_url)
    dirs = theme_dirs(config)
    seen = file_stats(input_files(site_dir, dirs))
    today = build_time(config.zone).date().isoformat()
    environment = environment_key(include_drafts, base_url, site_dir)
    inputs = store.inputs() if use_cache and output.is_dir() else None
    damaged = inputs.damaged(output) if inputs and store.checks_output else (set(), set())
    if inputs and inputs.unchanged(environment, today, seen) and not any(damaged):
        return BuildResult(reused=inputs.files)
    previous = store.state() if inputs else None
    if previous and previous.environment != environment:
        previous = None
    # Loading and rendering (Markdown, Jinja, iCalendar …) take a third of a second to import;
    # a build with nothing to do does without them.
    from generator.incremental.patch import patched_site
    from generator.model import almanac
    from generator.render import ics

    if previous:
        almanac.remember(previous.almanac)
        ics.remember(previous.events)
    known = (previous.stamps, previous.saved_at_ns) if previous else ({}, 0)
    stamps = fresh_stamps(seen, *known)
    code = code_digest(stamps)
    patched = patched_site(previous, stamps, code) if previous else None
    state = BuildState(environment=environment, today=today, stamps=stamps, code=code)
    if patched is not None:
        assert previous is not None
        site, the_plan, problems = patched.site, None, []  # None: the last build's plan
        state.parsed, state.parse_context = patched.parsed, previous.parse_context
        state.history, state.probes = previous.history, previous.probes
    else:
        site, the_plan, problems = _load_and_plan(config, include_drafts, previous, state, jobs)
    errors = [p for p in problems if p.severity == "error"]
    if errors and not keep_going:
        raise ContentError(errors)
    broken = process_photos(config, site.photos.values(), jobs)
    if broken:
        raise ContentError(broken)
    assets = copied_files(site)
    state.site = site
    state.assets = {name: _asset_digest(source, stamps) for name, source in assets.items()}
    state.fingerprint = fingerprint(site, stamps, dirs)
    state.had_problems = bool(errors)
    ics.learn(site.reports, config.base_url, config.timezone, jobs)
    if previous and previous.fingerprint == state.fingerprint:
        result = _update(site, the_plan, assets, output, previous, state, jobs, damaged, search)
    else:
        assert the_plan is not None  # a patched site has its previous build's fingerprint
        result = _build_all(site, the_plan, assets, output, state, jobs, progress, search)
    state.almanac = almanac.known()
    state.events = ics.known(site.reports, config.base_url, config.timezone)
    state.saved_at_ns = time.time_ns()
    if patched is not None:
        store.save(state, previous, patched.edits)
    else:
        store.save(state)
    result.skipped = errors
    result.warnings = [p for p in problems if p.severity == "warning"]
    return result


def _load_and_plan(
    config: Config,
    include_drafts: bool,
    previous: BuildState | None,
    state: BuildState,
    jobs: int,
) -> tuple[Site, Plan, list[Problem]]:
    """Load and index the site, reusing what `previous` parsed where the code is the same,
    and plan its files; what the next build may reuse goes into `state`."""
    from generator.load.content import Reuse
    from generator.load.site import load_site
    from generator.model.plan import clash_problem, clashing_aliases, plan

    reusable = previous is not None and previous.code == state.code
    reuse = Reuse(
        digests={name: s.digest for name, s in state.stamps.items()},
        parsed=previous.parsed if previous and reusable else {},
        context=previous.parse_context if previous and reusable else "",
        probes=previous.probes if previous else {},
    )
    history = previous.history if previous else None
    loaded = load_site(config, include_drafts, reuse, history, jobs)
    state.parsed, state.parse_context = loaded.parsed, loaded.parse_context
    state.history, state.probes = loaded.history, loaded.probes
    units = plan(loaded.site)
    clashes = clashing_aliases(units, set(copied_files(loaded.site)))
    problems = loaded.problems + [clash_problem(loaded.site, unit) for unit in clashes]
    # The workers that render are forked from this process: the plan is kept packed.
    return loaded.site, Plan.of(unit for unit in units if unit not in clashes), problems


def _build_all(
    site: Site,
    plan: Plan,
    assets: dict[str, Path],
    output: Path,
    state: BuildState,
    jobs: int,
    progress: Progress | None,
    search: bool,
) -> BuildResult:
    """Render every unit into a staging folder and swap it in."""
    from generator.incremental.tracking import tracked
    from generator.model.calendars import warm_almanac
    from generator.model.plan import calendar_months
    from generator.render.parallel import render_units
    from generator.search.pagefind import index_staged

    # Numbers in arrays, not lists: a large site records over a million reads.
    reads: dict[str, array] = defaultdict(lambda: array("I"))
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(done, len(plan))

    everything = list(range(len(plan)))
    # Compiled templates are kept between builds; a full build (after the code or the theme
    # changed) starts them afresh, so that no template compiled by older code is used.
    compiled = _compiled_templates(site.config, output)
    shutil.rmtree(compiled, ignore_errors=True)
    warm_almanac(calendar_months(site), jobs)
    with StagedOutput(output) as staged:
        rendered = render_units(
            site, plan, everything, staged.folder, jobs, tracked, compiled, advance, staged.previous
        )
        for unit in rendered:
            for key in unit.reads:
                reads[key].append(unit.index)
        for name, source in assets.items():
            staged.copy(name, source)
        if search:
            index_staged(staged)  # the search index of the pages just written
        staged.commit()
    state.plan = plan
    state.written.record(output, plan.files, everything)
    state.written.record_copied(output, assets)
    state.record_reads(reads)
    result = BuildResult()
    result.counts.update(plan.kinds())
    result.counts.update(_asset_kind(name) for name in assets)
    return result


def _update(
    site: Site,
    plan: Plan | None,
    assets: dict[str, Path],
    output: Path,
    previous: BuildState,
    state: BuildState,
    jobs: int,
    damaged: tuple[set[int], set[str]],
    search: bool,
) -> BuildResult:
    """Render only what changed (or was `damaged` in the output folder since) into a pending
    folder, and move it over the old files."""
    from generator.incremental.tracking import tracked
    from generator.incremental.update import forget_files, update_of
    from generator.render.parallel import render_units
    from generator.search.pagefind import update_index
    from generator.write.files import FolderWriter, same_bytes

    work = update_of(previous, site, plan, state.assets, damaged)
    state.plan, state.readers = work.plan, dict(previous.readers)
    state.written = copy.deepcopy(previous.written)
    batch = [work.plan[number] for number in work.todo]
    pending = work_folder(output, "pending")
    try:
        reads: dict[str, array] = defaultdict(lambda: array("I"))
        compiled = _compiled_templates(site.config, output)
        indexes = list(range(len(batch)))
        for unit in render_units(site, batch, indexes, pending, jobs, tracked, compiled):
            for key in unit.reads:
                reads[key].append(work.todo[unit.index])
        writer = FolderWriter(pending)
        for name in work.copied:
            writer.copy(name, assets[name])
        # A page rendered again but with the same bytes is left alone: its time stays put.
        rendered = [unit.file for unit in batch]
        same = {f for f in rendered if same_bytes(f"{output}/{f}", (pending / f).read_bytes())}
        changed = [f for f in rendered if f not in same] + work.copied
        index, unindexed = (
            update_index(output, pending, changed, work.deleted) if search else ([], [])
        )
        move_in(output, pending, changed + index, work.deleted + unindexed)
    finally:
        shutil.rmtree(pending, ignore_errors=True)
    state.written.record(output, state.plan.files, work.todo)
    state.written.record_copied(output, work.copied)
    state.record_reads(reads)
    if work.deleted:
        forget_files(state, set(work.deleted))
    result = BuildResult()
    result.counts.update(unit.kind for unit in batch if unit.file not in same)
    result.counts.update(_asset_kind(name) for name in work.copied)
    result.reused = len(state.plan) + len(state.assets) - sum(result.counts.values())
    result.deleted = len(work.deleted)
    return result


def _asset_digest(source: Path, stamps: dict[str, Stamp]) -> str:
    """A copied file's digest: its stamp's, or, for a processed picture, its cache name's."""
    stamp = stamps.get(str(source))
    return stamp.digest if stamp else made_digest(source)


def _compiled_templates(config: Config, output: Path) -> Path:
    # One folder per output, as the state: a full build empties it, and must not empty the
    # one another build (the preview, or a build into another folder) is using.
    return state_path(config.root, output, "templates", "")


def _asset_kind(name: str) -> str:
    return "static" if name.startswith("static/") else "image"


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(
            _("must be a whole number of at least 1, not {text}").format(text=repr(text))
        )
    return int(text)
