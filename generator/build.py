"""The whole build, top to bottom: load → index → plan → render → write."""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import jinja2

from generator.cache import BuildCache, Fingerprints, global_fingerprint, link_or_copy, tracked
from generator.clock import build_time
from generator.config import load_config
from generator.content import load_content
from generator.errors import ContentError, Problem, ThemeError
from generator.history import last_commit_times
from generator.holidays import load_calendar_data
from generator.render import Unit, plan, render
from generator.site import Site, index_site
from generator.theme import make_environment, static_files, template_problem, theme_dirs
from generator.write import StagedOutput, check_output_folder


@dataclass
class BuildResult:
    """What a build wrote, and the broken files it left out (only with keep_going)."""

    counts: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    skipped: list[Problem] = field(default_factory=list)
    reused: int = 0  # pages taken unchanged from the previous build

    def summary(self) -> str:
        pages = sum(self.counts.values())
        parts = ", ".join(f"{n} {kind}" for kind, n in sorted(self.counts.items()))
        reused = f"; {self.reused} unchanged pages reused" if self.reused else ""
        return f"Wrote {pages} files ({parts}{reused}) in {self.seconds:.2f} s."


def load_site(
    site_dir: Path, include_drafts: bool = False, base_url: str | None = None
) -> tuple[Site, list[Problem]]:
    """Read and index the site; content problems are returned, config problems raised."""
    config = load_config(site_dir)
    if base_url:
        config = config.with_base_url(base_url)
    content = load_content(config)
    changed = last_commit_times(config.root)
    reports = [
        replace(r, updated=_in_zone(changed.get(r.source_path.resolve()), config.zone))
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
    return site, content.problems + calendar_problems + problems


def _in_zone(moment: datetime | None, zone: ZoneInfo) -> datetime | None:
    """A commit time in the site's time zone, so that its date is the local date."""
    return moment.astimezone(zone) if moment else None


def build(
    site_dir: Path,
    output: Path,
    include_drafts: bool = False,
    base_url: str | None = None,
    keep_going: bool = False,
    use_cache: bool = True,
    progress: Callable[[int, int], None] | None = None,
) -> BuildResult:
    """Build the site into `output`; on any error the previous `output` stays as it was.

    With `use_cache`, pages whose inputs did not change since the last build are taken from
    the previous output instead of being rendered again. `progress(done, total)` is called
    as pages are written.
    """
    started = time.perf_counter()
    check_output_folder(output, site_dir)
    site, problems = load_site(site_dir, include_drafts, base_url)
    units = plan(site)
    clashes = clashing_aliases(units, site)
    problems += [clash_problem(site, unit) for unit in clashes]
    units = [unit for unit in units if unit not in clashes]
    if problems and not keep_going:
        raise ContentError(problems)
    env = make_environment(site.config)
    result = BuildResult(skipped=problems)
    fingerprint = global_fingerprint(site, theme_dirs(site.config), include_drafts)
    cache = BuildCache.open(site_dir, fingerprint, output.resolve())
    fingerprints = Fingerprints(site)
    with StagedOutput(output) as staged:
        for done, unit in enumerate(units, 1):
            if use_cache and cache.reusable(unit.file, fingerprints, output):
                link_or_copy(output / unit.file, staged.folder / unit.file)
                cache.keep(unit.file)
                result.reused += 1
            else:
                view, reads = tracked(site)
                data = _render(view, env, unit)
                staged.write(unit.file, data)
                pairs = list(reads.pairs)
                cache.remember(unit.file, pairs, fingerprints.of(pairs), data)
            result.counts[unit.kind] += 1
            if progress:
                progress(done, len(units))
        for path, source in static_files(site.config).items():
            staged.copy(path, source)
            result.counts["static"] += 1
        for image in site.images:
            staged.copy(image, site_dir / "content" / image)
            result.counts["image"] += 1
        staged.commit()
    cache.save()
    result.seconds = time.perf_counter() - started
    return result


def _render(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    try:
        return render(site, env, unit)
    except jinja2.TemplateError as err:
        raise ThemeError([template_problem(err, site.config)]) from None


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
        "an old URL may not replace a page the site makes; remove it from aliases",
    )
