"""Load a whole site: content, calendar data and history, indexed into the site model.

The one entry point of loading for `build`, `check` and `print`. The configuration is read by
the caller (once per command) and passed in.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from generator.clock import build_time
from generator.errors import Problem
from generator.load.content import Parsed, Reuse, load_content
from generator.load.history import History, history
from generator.load.holidays import load_calendar_data
from generator.load.photos import Probe, Use, load_photos
from generator.model.config import Config
from generator.model.items import Page, Report
from generator.model.site import Site, index_site


@dataclass(frozen=True)
class Loaded:
    """The indexed site, the problems found on the way, and what the next build can reuse."""

    site: Site
    problems: list[Problem]
    parsed: dict[str, Parsed]
    parse_context: str
    history: History
    probes: dict[str, Probe]  # what each picture's header said, by the file's digest


def load_site(
    config: Config,
    include_drafts: bool = False,
    reuse: Reuse | None = None,
    known_history: History | None = None,
    jobs: int = 1,
) -> Loaded:
    """Read and index the site; content problems are returned, not raised.

    `reuse` and `known_history` are what an earlier build read (see load_content, history).
    """
    content, parsed = load_content(config, reuse, jobs)
    photos, photo_problems, probes = load_photos(
        config.root / "content",
        _picture_uses([*content.reports, *content.pages]),
        reuse.digests if reuse else {},
        reuse.probes if reuse else {},
        jobs,
    )
    found = history(config.root, known_history)
    reports = [
        _with_updated(r, found[1].get(r.source_path.resolve()), config.zone)
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
        photos,
    )
    problems = content.problems + photo_problems + calendar_problems + problems
    return Loaded(site, problems, parsed, content.parse_context, found, probes)


def _picture_uses(items: list[Report | Page]) -> dict[str, Use]:
    """Each picture content shows, with the first file that shows it."""
    uses: dict[str, Use] = {}
    for item in sorted(items, key=lambda i: i.file):
        for src in item.pictures:
            uses.setdefault(src, Use(Path(item.file)))
    return uses


def _with_updated(report: Report, moment: datetime | None, zone: ZoneInfo) -> Report:
    """The report with the time of its last commit, in the site's time zone (so that its
    date is the local date)."""
    updated = moment.astimezone(zone) if moment else None
    return report if updated == report.updated else replace(report, updated=updated)
