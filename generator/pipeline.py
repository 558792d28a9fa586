"""The work of a build that has something to do: load, index, plan, render, write.

build.py decides whether there is anything to do; this module does it, rendering everything
into a staging folder (`build_all`) or only what changed, in place (`update`).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from array import array
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path, PurePosixPath
from zoneinfo import ZoneInfo

from generator.cache import CACHE_FOLDER, BuildState, Stamp, git_head
from generator.calendar_pages import calendar_months
from generator.calendars import warm_almanac
from generator.clock import build_time
from generator.config import load_config
from generator.content import Parsed, load_content, parse_files
from generator.errors import Problem
from generator.history import last_commit_times
from generator.holidays import load_calendar_data
from generator.model import Page, Report
from generator.parallel import render_units
from generator.plan import Plan, Strings, Unit
from generator.result import BuildResult
from generator.site import Site, index_site
from generator.theme import static_files
from generator.tracking import changed_keys, snapshot
from generator.write import FolderWriter, StagedOutput, apply_in_place

History = tuple[str, dict[Path, datetime]]  # (git HEAD, last commit time of each file)


@dataclass(frozen=True)
class Loaded:
    """The indexed site, the problems found on the way, and what the next build can reuse."""

    site: Site
    problems: list[Problem]
    parsed: dict[str, Parsed]
    parse_context: str
    history: History
    edits: tuple[Report | Page, ...] | None = None  # a patched site: what was put in


def load_site(
    site_dir: Path,
    include_drafts: bool = False,
    base_url: str | None = None,
    previous: BuildState | None = None,
    digests: dict[str, str] | None = None,
    jobs: int = 1,
) -> Loaded:
    """Read and index the site; content problems are returned, config problems raised.

    Content files whose digest is the one `previous` parsed are not parsed again.
    """
    config = load_config(site_dir)
    if base_url:
        config = config.with_base_url(base_url)
    known, context = (previous.parsed, previous.parse_context) if previous else (None, "")
    content, parsed = load_content(config, known, digests, jobs, context, _code(digests or {}))
    history = _history(config.root, previous)
    reports = [
        _with_updated(r, history[1].get(r.source_path.resolve()), config.zone)
        for r in content.reports
    ]
    calendar, calendar_problems = load_calendar_data(config.root)
    site, problems = index_site(
        config,
        reports,
        content.pages,
        [i.as_posix() for i in content.images],
        build_time(config.zone),
        include_drafts,
        calendar,
    )
    problems = content.problems + calendar_problems + problems
    return Loaded(site, problems, parsed, content.parse_context, history)


def patched_site(previous: BuildState, stamps: dict[str, Stamp]) -> Loaded | None:
    """The last build's site with the edited reports and pages put in, when that is all that
    changed: no file added or removed, no file but reports and pages changed, and in those
    nothing the indexes are made of (see `_index_key`). Else None: index the site anew.

    This is the common case of an editor saving a report, and it spares indexing the whole
    site again; the plan of output files stays as it was.
    """
    site = previous.site
    if site is None or previous.had_problems or stamps.keys() != previous.stamps.keys():
        return None
    changed = [name for name, s in stamps.items() if s.digest != previous.stamps[name].digest]
    content = site.config.root / "content"
    folders = tuple(f"{content / sub}{os.sep}" for sub in ("reports", "pages"))
    if not all(name.endswith(".md") and name.startswith(folders) for name in changed):
        return None
    images = [PurePosixPath(name) for name in site.images]
    fresh = parse_files(site.config, images, [Path(name) for name in changed])
    parsed, edits = dict(previous.parsed), []
    for name, (digest, (item, problems)) in zip(changed, fresh, strict=True):
        old = previous.parsed.get(name, ("", (None, [])))[1][0]
        if problems or type(item) is not type(old):
            return None
        if isinstance(item, Report):
            if _index_key(item) != _index_key(old):
                return None
            shown = site.by_slug.get(item.slug)
            edits.append(replace(item, updated=shown.updated) if shown else item)
        elif item.name != old.name:
            return None
        else:
            edits.append(item)
        parsed[name] = (digest, (item, problems))
    site = site.with_edits(edits, build_time(site.config.zone))
    return Loaded(site, [], parsed, previous.parse_context, previous.history, tuple(edits))


def _code(digests: dict[str, str]) -> str:
    """A digest of Bulletin's own code among the input files' `digests`: parses made by other
    code (an upgrade, a fix to the sanitizer) are not reused."""
    package = f"{Path(__file__).parent}{os.sep}"
    ours = sorted((name, d) for name, d in digests.items() if name.startswith(package))
    return "".join(d for _, d in ours)


def _index_key(report: Report) -> tuple:
    """What of a report the site's indexes are made of (its text and title are not)."""
    return (
        report.slug,
        report.date,
        report.draft,
        report.places,
        report.tags,
        report.reporters,
        report.photographers,
        report.event,
        report.aliases,
    )


def _history(root: Path, previous: BuildState | None) -> History:
    """The last commit time of each content file; `git log` runs only when HEAD moved."""
    head = git_head(root)
    if previous and head and previous.history[0] == head:
        return previous.history
    return head, last_commit_times(root)


def _with_updated(report: Report, moment: datetime | None, zone: ZoneInfo) -> Report:
    """The report with the time of its last commit, in the site's time zone (so that its
    date is the local date)."""
    updated = moment.astimezone(zone) if moment else None
    return report if updated == report.updated else replace(report, updated=updated)


def fingerprint(site: Site, stamps: dict[str, Stamp], dirs: list[Path]) -> str:
    """What every page depends on: configuration, calendar data, the day, templates, code."""
    digest = hashlib.sha256()
    for part in (repr(site.config), repr(site.calendar), site.today.isoformat()):
        digest.update(part.encode("utf-8") + b"\0")
    code = tuple(str(d) + "/" for d in (*dirs, Path(__file__).parent))
    for name, found in stamps.items():
        if name.startswith(code):
            digest.update(f"{name}={found.digest};".encode())
    return digest.hexdigest()


def assets_of(site: Site, site_dir: Path) -> dict[str, Path]:
    """Files copied as they are: the theme's static files and the content's images."""
    found = dict(static_files(site.config))
    found.update((image, site_dir / "content" / image) for image in site.images)
    return found


def build_all(
    site: Site,
    plan: Plan,
    assets: dict[str, Path],
    output: Path,
    state: BuildState,
    jobs: int,
    progress: Callable[[int, int], None] | None,
) -> BuildResult:
    """Render every unit into a staging folder and swap it in."""
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
    shutil.rmtree(site.config.root / CACHE_FOLDER / "templates", ignore_errors=True)
    warm_almanac(calendar_months(site), jobs)
    with StagedOutput(output) as staged:
        for rendered in render_units(site, plan, everything, staged.folder, jobs, advance):
            for key in rendered.reads:
                reads[key].append(rendered.index)
        for name, source in assets.items():
            staged.copy(name, source)
        staged.commit()
    state.plan = plan
    state.record_reads(reads)
    result = BuildResult()
    result.counts.update(plan.kinds())
    result.counts.update(_asset_kind(name) for name in assets)
    return result


def update(
    site: Site,
    plan: Plan | None,
    assets: dict[str, Path],
    output: Path,
    previous: BuildState,
    state: BuildState,
    jobs: int,
) -> BuildResult:
    """Render only the units that read something that changed, or are new or different, and
    put them in place of the old files; delete the files the site no longer has.

    `plan` None means the plan is the previous build's (pipeline.patched_site).
    """
    stale = previous.readers_of(changed_keys(snapshot(previous.site), snapshot(site)))
    state.readers = dict(previous.readers)
    deleted = []
    if plan is None:
        state.plan, todo = previous.plan, sorted(stale)
    else:
        state.plan, todo = _todo(plan, previous.plan, stale)
        planned = set(plan.files)
        deleted = [name for name in previous.plan.files if name not in planned]
    deleted += [name for name in previous.assets if name not in assets]
    copied = [name for name, digest in state.assets.items() if previous.assets.get(name) != digest]
    batch = [state.plan[number] for number in todo]
    pending = Path(tempfile.mkdtemp(prefix=f".{output.name}.pending-", dir=output.parent))
    try:
        reads: dict[str, array] = defaultdict(lambda: array("I"))
        for rendered in render_units(site, batch, list(range(len(batch))), pending, jobs):
            for key in rendered.reads:
                reads[key].append(todo[rendered.index])
        writer = FolderWriter(pending)
        for name in copied:
            writer.copy(name, assets[name])
        apply_in_place(output, pending, [unit.file for unit in batch] + copied, deleted)
    finally:
        shutil.rmtree(pending, ignore_errors=True)
    state.record_reads(reads)
    result = BuildResult()
    result.counts.update(unit.kind for unit in batch)
    result.counts.update(_asset_kind(name) for name in copied)
    if deleted:
        _forget_files(state, set(deleted))
    result.reused = len(state.plan) + len(state.assets) - len(todo) - len(copied)
    result.deleted = len(deleted)
    return result


def _todo(plan: Plan, previous: Plan, stale: set[int]) -> tuple[Plan, list[int]]:
    """The plan to record, and the numbers in it of the units to render: those that read
    something that changed, are new, or render differently (an alias now pointing to another
    report). Output files keep their numbers in the readers; new ones are numbered after the
    old, and files gone keep theirs until `_forget_files`."""
    number_of = {name: i for i, name in enumerate(previous.files)}
    files, packed = list(previous.files), list(previous.packed)
    todo = []
    for file, text in zip(plan.files, plan.packed, strict=True):
        number = number_of.get(file)
        if number is None:
            number = len(files)
            files.append(file)
            packed.append(text)
        elif number not in stale and packed[number] == text:
            continue
        packed[number] = text
        todo.append(number)
    return Plan(Strings(files), Strings(packed)), todo


def _forget_files(state: BuildState, gone: set[str]) -> None:
    """Drop `gone` from the state's plan, renumbering the readers."""
    kept = [n for n, name in enumerate(state.plan.files) if name not in gone]
    old_to_new = {old: new for new, old in enumerate(kept)}
    plan = state.plan
    state.plan = Plan(Strings(plan.files[n] for n in kept), Strings(plan.packed[n] for n in kept))
    readers = {}
    for key, packed in state.readers.items():
        numbers = array("I", (old_to_new[i] for i in array("I", packed) if i in old_to_new))
        if numbers:
            readers[key] = numbers.tobytes()
    state.readers = readers


def _asset_kind(name: str) -> str:
    return "static" if name.startswith("static/") else "image"


def clashing_aliases(units: list[Unit], site: Site) -> list[Unit]:
    """Redirect pages that would overwrite a file the site makes, or need one to be a folder
    (an alias /feed.xml/ would put feed.xml/index.html where the feed is)."""
    made = {u.file for u in units if u.kind != "alias"}
    made |= set(static_files(site.config)) | set(site.images)

    def clashes(file: str) -> bool:
        parts = file.split("/")
        return file in made or any("/".join(parts[:n]) in made for n in range(1, len(parts)))

    return [u for u in units if u.kind == "alias" and clashes(u.file)]


def clash_problem(site: Site, unit: Unit) -> Problem:
    return Problem(
        site.by_slug[unit.key].source_path,
        None,
        f"aliases: /{unit.path} is already a page of this site",
        "an old URL may not replace a page the site makes",
    )
