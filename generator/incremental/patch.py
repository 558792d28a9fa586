"""A one-edit rebuild: put the edited reports and pages into the last build's site, when that is
all that changed, instead of loading and indexing the whole site again.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from generator.clock import build_time
from generator.incremental.stamps import Stamp
from generator.incremental.state import BuildState
from generator.load.content import Parsed, parse_files
from generator.model.items import Page, Report
from generator.model.site import Site


@dataclass(frozen=True)
class Patched:
    """The last build's site with the edits put in, and the parse results to keep."""

    site: Site
    parsed: dict[str, Parsed]
    edits: tuple[Report | Page, ...]


def patched_site(previous: BuildState, stamps: dict[str, Stamp], code: str) -> Patched | None:
    """The last build's site with the edited reports and pages put in, when that is all that
    changed: no file added or removed, no file but reports and pages changed, and in those
    nothing the indexes are made of (see `_index_key`). Else None: index the site anew.

    This is the common case of an editor saving a report, and it spares indexing the whole
    site again; the plan of output files stays as it was.
    """
    site = previous.site
    if site is None or previous.had_problems or stamps.keys() != previous.stamps.keys():
        return None
    if previous.code != code or build_time(site.config.zone).date() != site.today:
        return None  # other code, or a new day: the plan itself may differ
    changed = [name for name, s in stamps.items() if s.digest != previous.stamps[name].digest]
    content = site.config.root / "content"
    folders = tuple(f"{content / sub}{os.sep}" for sub in ("reports", "pages"))
    if not all(name.endswith(".md") and name.startswith(folders) for name in changed):
        return None
    images = [PurePosixPath(name) for name in site.images]
    fresh = parse_files(site.config, images, [Path(name) for name in changed])
    parsed, edits = dict(previous.parsed), []
    for name, (item, problems) in zip(changed, fresh, strict=True):
        old = previous.parsed.get(name, ("", (None, [])))[1][0]
        if problems or type(item) is not type(old):
            return None
        if isinstance(item, Report):
            if _index_key(item) != _index_key(old):
                return None
            shown = site.by_slug.get(item.slug)
            edits.append(replace(item, updated=shown.updated) if shown else item)
        elif item.name != old.name or item.pictures != old.pictures:
            return None
        else:
            edits.append(item)
        parsed[name] = (stamps[name].digest, (item, problems))
    site = site.with_edits(edits, build_time(site.config.zone))
    return Patched(site, parsed, tuple(edits))


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
        report.pictures,  # which pictures are published (Site.photos)
    )
