"""The work of a build that has something to do: load, index, plan, render, write.

build.py decides whether there is anything to do; this module does it, rendering everything
into a staging folder (`build_all`) or only what changed, in place (`update`).
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from array import array
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.cache import BuildState, Stamp, git_head
from generator.clock import build_time
from generator.config import load_config
from generator.content import Parsed, load_content
from generator.errors import Problem
from generator.history import last_commit_times
from generator.holidays import load_calendar_data
from generator.model import Report
from generator.parallel import render_units
from generator.render import Unit
from generator.result import BuildResult
from generator.site import Site, index_site
from generator.theme import static_files
from generator.tracking import changed_keys
from generator.write import FolderWriter, StagedOutput, apply_in_place

History = tuple[str, dict[Path, datetime]]  # (git HEAD, last commit time of each file)


@dataclass(frozen=True)
class Loaded:
    """The indexed site, the problems found on the way, and what the next build can reuse."""

    site: Site
    problems: list[Problem]
    parsed: dict[str, Parsed]
    history: History


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
    known = previous.parsed if previous else None
    content, parsed = load_content(config, known, digests, jobs)
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
    return Loaded(site, content.problems + calendar_problems + problems, parsed, history)


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
    units: list[Unit],
    assets: dict[str, Path],
    output: Path,
    state: BuildState,
    jobs: int,
    progress: Callable[[int, int], None] | None,
) -> BuildResult:
    """Render every unit into a staging folder and swap it in."""
    reads: dict[str, list[int]] = defaultdict(list)
    done = 0

    def advance(count: int) -> None:
        nonlocal done
        done += count
        if progress:
            progress(done, len(units))

    everything = list(range(len(units)))
    with StagedOutput(output) as staged:
        for rendered in render_units(site, units, everything, staged.folder, jobs, advance):
            for key in rendered.reads:
                reads[key].append(rendered.index)
        for name, source in assets.items():
            staged.copy(name, source)
        staged.commit()
    state.files = [unit.file for unit in units]
    state.record_reads(reads)
    result = BuildResult()
    result.counts.update(unit.kind for unit in units)
    result.counts.update(_asset_kind(name) for name in assets)
    return result


def update(
    site: Site,
    units: list[Unit],
    assets: dict[str, Path],
    output: Path,
    previous: BuildState,
    state: BuildState,
    jobs: int,
) -> BuildResult:
    """Render only the units that read something that changed, or are new, and put them in
    place of the old files; delete the files the site no longer has."""
    position = {name: i for i, name in enumerate(previous.files)}
    stale = previous.readers_of(changed_keys(previous.snapshot, state.snapshot))
    names = [unit.file for unit in units]
    todo = [
        i for i, name in enumerate(names) if position.get(name, -1) in stale or name not in position
    ]
    planned = set(names)
    deleted = [name for name in previous.files if name not in planned]
    deleted += [name for name in previous.assets if name not in assets]
    copied = [name for name, digest in state.assets.items() if previous.assets.get(name) != digest]
    # Output files keep their numbers in the readers; new ones are numbered after the old.
    state.files, state.readers = list(previous.files), dict(previous.readers)
    for index in todo:
        if names[index] not in position:
            position[names[index]] = len(state.files)
            state.files.append(names[index])
    pending = Path(tempfile.mkdtemp(prefix=f".{output.name}.pending-", dir=output.parent))
    try:
        reads: dict[str, list[int]] = defaultdict(list)
        for rendered in render_units(site, units, todo, pending, jobs):
            for key in rendered.reads:
                reads[key].append(position[names[rendered.index]])
        writer = FolderWriter(pending)
        for name in copied:
            writer.copy(name, assets[name])
        apply_in_place(output, pending, [names[i] for i in todo] + copied, deleted)
    finally:
        shutil.rmtree(pending, ignore_errors=True)
    state.record_reads(reads)
    if deleted:
        _forget_files(state, set(deleted))
    result = BuildResult(reused=len(units) + len(assets) - len(todo) - len(copied))
    result.counts.update(units[i].kind for i in todo)
    result.counts.update(_asset_kind(name) for name in copied)
    result.deleted = len(deleted)
    return result


def _forget_files(state: BuildState, gone: set[str]) -> None:
    """Drop `gone` from the state's output files, renumbering the readers."""
    kept = [name for name in state.files if name not in gone]
    new_number = {name: i for i, name in enumerate(kept)}
    old_to_new = {i: new_number[name] for i, name in enumerate(state.files) if name in new_number}
    readers = {}
    for key, packed in state.readers.items():
        numbers = array("I", (old_to_new[i] for i in array("I", packed) if i in old_to_new))
        if numbers:
            readers[key] = numbers.tobytes()
    state.files, state.readers = kept, readers


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
