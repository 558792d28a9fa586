"""The indexed site: which reports are published, and the lists every page kind needs."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field, fields, replace
from datetime import date, datetime
from itertools import pairwise

from generator import urls
from generator.errors import Problem
from generator.i18n import _
from generator.model.calendars import calendar_index
from generator.model.config import Config
from generator.model.items import CalendarData, Page, Place, Report
from generator.model.photos import Photo

RELATED_COUNT = 4
NEIGHBOURS = 12  # candidates on each side, per place or tag shared (see _related)


# Marks the fields of `Site` that are not indexes: every page depends on them as a whole (they
# are part of the build's fingerprint, incremental/stamps.py). Every other field is an index
# whose entries pages read one by one, and which incremental builds track entry by entry.
NOT_AN_INDEX = {"index": False}


@dataclass(frozen=True)
class Site:
    """Everything a page needs, computed once before anything is rendered."""

    config: Config = field(metadata=NOT_AN_INDEX)
    build_time: datetime = field(metadata=NOT_AN_INDEX)
    reports: tuple[Report, ...]  # published, newest first
    pages: tuple[Page, ...]
    images: tuple[str, ...]  # every file of content/images/ (pictures are in `photos`)
    photos: dict[str, Photo]  # the pictures published reports and pages show, by images/… path
    by_slug: dict[str, Report]
    # Just the slugs, for what depends on which reports exist but not on what they say (the
    # plan of output files, the sitemap): editing a report's text leaves these unchanged.
    report_slugs: tuple[str, ...]
    event_slugs: tuple[str, ...]  # reports with an event
    place_reports: dict[str, tuple[str, ...]]  # a place and all its descendants
    tag_reports: dict[str, tuple[str, ...]]
    person_reports: dict[str, tuple[str, ...]]
    month_reports: dict[str, tuple[str, ...]]  # "YYYY-MM" of the publication date
    related: dict[str, tuple[str, ...]]
    older: dict[str, str]
    newer: dict[str, str]
    aliases: dict[str, str]  # old URL path (below the site root) → report slug
    calendar: CalendarData = field(metadata=NOT_AN_INDEX)
    # The calendar by scope ("" or a place id) and month or week; see calendars.CalendarIndex.
    month_days: dict[str, dict[date, tuple[str, ...]]]
    active_months: dict[str, tuple[str, ...]]
    week_events: dict[str, tuple[str, ...]]
    month_events: dict[str, tuple[str, ...]]
    week_reports: dict[str, tuple[str, ...]]
    active_weeks: dict[str, tuple[str, ...]]
    upcoming: dict[str, tuple[str, ...]]
    scope_events: dict[str, tuple[str, ...]]
    # The day each report last changed, for the sitemap (which would otherwise read every
    # report, and so be written again whenever any report's text changes).
    lastmod: dict[str, str]
    # Whether each report has a poster page (see RECENT_MONTHS), by slug: a report page reads
    # its own entry, so that a new month of news renders again only the pages it changes.
    posters: dict[str, bool]

    @classmethod
    def indexes(cls) -> tuple[str, ...]:
        """The names of the fields that are indexes (see NOT_AN_INDEX)."""
        return tuple(f.name for f in fields(cls) if f.metadata.get("index", True))

    @property
    def today(self) -> date:
        return self.build_time.date()

    def place_path(self, place_id: str) -> list[Place]:
        """The place and its ancestors, from the city down."""
        chain = []
        current: str | None = place_id
        while current is not None:
            chain.append(self.config.places[current])
            current = self.config.places[current].parent
        return chain[::-1]

    def reports_for(self, slugs: tuple[str, ...]) -> list[Report]:
        return [self.by_slug[s] for s in slugs]

    def with_edits(self, items: list[Report | Page], build_time: datetime) -> Site:
        """The site with these reports and pages in place of those with the same slug or
        name; the indexes stay as they are, so nothing they are made of may differ."""
        by_slug = dict(self.by_slug)
        by_slug.update((r.slug, r) for r in items if isinstance(r, Report) and r.slug in by_slug)
        pages = {page.name: page for page in self.pages}
        pages.update((p.name, p) for p in items if isinstance(p, Page))
        return replace(
            self,
            build_time=build_time,
            reports=tuple(by_slug[report.slug] for report in self.reports),
            by_slug=by_slug,
            pages=tuple(pages[page.name] for page in self.pages),
        )


def _shown_photos(
    photos: dict[str, Photo], reports: list[Report], pages: list[Page]
) -> dict[str, Photo]:
    """The photos published reports and pages show: a draft's pictures stay unpublished."""
    shown = {src for item in [*reports, *pages] for src in item.pictures}
    return {src: photo for src, photo in sorted(photos.items()) if src in shown}


def is_published(report: Report, today: date, include_drafts: bool) -> bool:
    return include_drafts or (not report.draft and report.date <= today)


def index_site(
    config: Config,
    reports: list[Report],
    pages: list[Page],
    images: list[str],
    build_time: datetime,
    include_drafts: bool = False,
    calendar: CalendarData | None = None,
    photos: dict[str, Photo] | None = None,
) -> tuple[Site, list[Problem]]:
    """Index the published reports; return the Site and any problem found across files."""
    today = build_time.date()
    shown = sorted(
        (r for r in reports if is_published(r, today, include_drafts)),
        key=lambda r: (-r.date.toordinal(), r.slug),
    )
    slugs = [r.slug for r in shown]
    aliases, problems = _aliases(shown, pages)
    scopes_of = {r.slug: ["", *_with_ancestors(config, r.places)] for r in shown}
    index = calendar_index(shown, scopes_of, today)
    site = Site(
        config=config,
        build_time=build_time,
        reports=tuple(shown),
        pages=tuple(sorted(pages, key=lambda p: p.name)),
        images=tuple(images),
        photos=_shown_photos(photos or {}, shown, pages),
        by_slug={r.slug: r for r in shown},
        report_slugs=tuple(slugs),
        event_slugs=tuple(r.slug for r in shown if r.event),
        place_reports=_group(shown, lambda r: scopes_of[r.slug][1:]),
        tag_reports=_group(shown, lambda r: r.tags),
        person_reports=_group(shown, lambda r: (*r.reporters, *r.photographers)),
        month_reports=_group(shown, lambda r: (f"{r.date:%Y-%m}",)),
        related=_related(config, shown),
        older=dict(pairwise(slugs)),
        newer={b: a for a, b in pairwise(slugs)},
        aliases=aliases,
        lastmod={r.slug: (r.revised or r.date).isoformat() for r in shown},
        calendar=calendar or CalendarData(),
        posters=_posters(shown, index.active_months),
        **vars(index),
    )
    return site, problems


# A notice board shows a recent week's or month's sheet, or a recent report's poster; those
# of long past weeks are not printed again (`bulletin print` still makes any of them).
# Counted in periods with something on them, not from today, so that every place with news
# has sheets and posters to print and a new day changes no list of them.
RECENT_WEEKS = 8
RECENT_MONTHS = 6


def _posters(reports: list[Report], active_months: dict[str, tuple[str, ...]]) -> dict[str, bool]:
    """Whether each report gets a poster page: while its month is among the RECENT_MONTHS of
    one of its places that had news, as that place's monthly sheets."""
    recent = {place: set(months[-RECENT_MONTHS:]) for place, months in active_months.items()}
    return {
        r.slug: any(f"{r.date:%Y-%m}" in recent.get(place, ()) for place in r.places)
        for r in reports
    }


def _with_ancestors(config: Config, place_ids: tuple[str, ...]) -> list[str]:
    result: list[str] = []
    for place_id in place_ids:
        current: str | None = place_id
        while current is not None:
            result.append(current)
            current = config.places[current].parent
    return list(dict.fromkeys(result))


def _group(reports: list[Report], keys_of) -> dict[str, tuple[str, ...]]:
    groups: dict[str, list[str]] = defaultdict(list)
    for report in reports:
        for key in dict.fromkeys(keys_of(report)):
            groups[key].append(report.slug)
    return {key: tuple(slugs) for key, slugs in sorted(groups.items())}


def _related(config: Config, reports: list[Report]) -> dict[str, tuple[str, ...]]:
    """Up to RELATED_COUNT reports sharing the most places and tags, newest first on ties.

    For each place and tag of a report, only the NEIGHBOURS reports nearest to it in date that
    share it are scored: the work grows with the number of reports, not with its square (a
    tag on thousands of reports would otherwise make every report score thousands).
    """
    position = {r.slug: i for i, r in enumerate(reports)}
    features = {r.slug: _features(config, r) for r in reports}
    holders: dict[tuple[str, str], list[tuple[str, int]]] = defaultdict(list)
    for slug, feats in features.items():  # newest first, like `reports`
        for feat, weight in feats.items():
            holders[feat].append((slug, weight))
    rank = {feat: {slug: i for i, (slug, _) in enumerate(found)} for feat, found in holders.items()}
    related = {}
    for report in reports:
        scores: dict[str, int] = defaultdict(int)
        for feat, weight in features[report.slug].items():
            at = rank[feat][report.slug]
            for other, theirs in holders[feat][max(0, at - NEIGHBOURS) : at + NEIGHBOURS + 1]:
                scores[other] += weight if weight <= theirs else theirs
        scores.pop(report.slug)
        best = sorted(scores, key=lambda s: (-scores[s], position[s]))[:RELATED_COUNT]
        related[report.slug] = tuple(best)
    return related


def _features(config: Config, report: Report) -> dict[tuple[str, str], int]:
    feats: dict[tuple[str, str], int] = {("tag", t): 2 for t in report.tags}
    for place_id in report.places:
        feats[("place", place_id)] = 3
        parent = config.places[place_id].parent
        if parent is not None:
            feats.setdefault(("place", parent), 1)
    return feats


def _aliases(reports: list[Report], pages: list[Page]) -> tuple[dict[str, str], list[Problem]]:
    # Compared as output files: /old/ and /old/index.html are the same page.
    taken = {urls.file_for(urls.report(r.slug)) for r in reports}
    taken |= {urls.file_for(urls.page(p.name)) for p in pages}
    taken |= {urls.file_for(path) for path in _RESERVED}
    files: set[str] = set()
    aliases: dict[str, str] = {}
    problems = []
    for report in reports:
        for alias in report.aliases:
            path = alias.lstrip("/")
            if urls.file_for(path) in taken | files:
                problems.append(
                    Problem(
                        report.source_path,
                        None,
                        _("aliases: {alias!r} is already a page of this site").format(alias=alias),
                        _(
                            "an old URL may only point to one report, and not "
                            "replace a page the site makes"
                        ),
                    )
                )
            else:
                aliases[path] = report.slug
                files.add(urls.file_for(path))
    return dict(sorted(aliases.items())), problems


_RESERVED = {"", "feed.xml", "sitemap.xml", "robots.txt", "404.html"}


def paginate(items: list, per_page: int) -> list[list]:
    """Split `items` into pages; an empty list still has one (empty) page."""
    return [items[i : i + per_page] for i in range(0, len(items), per_page)] or [[]]
