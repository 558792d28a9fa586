"""What a build makes: one `Unit` per output file, and the `Plan` of them all, in order.

`plan(site)` is the one list of the site's output files: the build renders it, `check` looks
for old addresses that clash with it, `bulletin print` picks its sheets from it and the sitemap
lists its pages. Static files and images are copied, not planned.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import NamedTuple, overload

from generator import urls
from generator.errors import Problem
from generator.i18n import _
from generator.model.calendars import month_key
from generator.model.site import RECENT_MONTHS, RECENT_WEEKS, Site, paginate


class Unit(NamedTuple):
    """One output file: its URL path below the site root, its kind, and what it shows.

    (A named tuple, not a dataclass: a large site plans hundreds of thousands of units.)
    """

    path: str
    kind: str
    key: str = ""
    number: int = 1
    scope: str = ""  # the place a calendar or sheet is of, or "" for the whole site

    @property
    def file(self) -> str:
        return urls.file_for(self.path)

    def packed(self) -> str:
        """The unit as one string, for the build state: a few hundred thousand strings load
        ten times faster than as many tuples."""
        return _FIELD.join((*self[:3], str(self.number), *self[4:]))

    @classmethod
    def unpacked(cls, text: str) -> Unit:
        path, kind, key, number, scope = text.split(_FIELD)
        return cls(path, kind, key, int(number), scope)


_FIELD = "\x1f"  # never in a path, id or slug (see incremental/tracking.py)


class Strings(Sequence[str]):
    """An unchanging list of strings kept as one string and where each ends: two objects for
    the memory allocator and for pickle, however many strings."""

    def __init__(self, items: Iterable[str] = ()):
        items = list(items)
        self.text = "".join(items)
        self.ends = array("Q", accumulate(map(len, items)))

    def __len__(self) -> int:
        return len(self.ends)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        end = self.ends[index]  # IndexError as a list would, and negative indexes work
        index %= len(self.ends)
        return self.text[self.ends[index - 1] if index else 0 : end]

    def __iter__(self) -> Iterator[str]:
        text = self.text
        return map(text.__getitem__, map(slice, (0, *self.ends), self.ends))


@dataclass(frozen=True)
class Plan:
    """The units of a build, in order, each with its output file.

    Held packed (see `Strings`): a large site plans 190,000 files, which as tuples and
    strings take 75 MB in the process that hands them out to the workers and a tenth of a
    second to load with the build state; packed, a third of that and milliseconds.
    """

    files: Strings = field(default_factory=Strings)
    packed: Strings = field(default_factory=Strings)  # each unit's Unit.packed()

    @classmethod
    def of(cls, units: Iterable[Unit]) -> Plan:
        units = list(units)
        return cls(Strings(unit.file for unit in units), Strings(unit.packed() for unit in units))

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, number: int) -> Unit:
        return Unit.unpacked(self.packed[number])

    def __iter__(self) -> Iterator[Unit]:
        return map(Unit.unpacked, self.packed)

    def kinds(self) -> Counter[str]:
        """How many units of each kind."""
        return Counter(text.split(_FIELD, 2)[1] for text in self.packed)


def plan(site: Site) -> list[Unit]:
    """Every file the site consists of, except static files and images, which are copied."""
    return [*_pages(site), *_calendar_units(site), *_print_units(site)]


# Redirects, the 404 page, printable copies of pages and the web editor are not for search
# engines.
NOT_IN_SITEMAP = {"alias", "not_found", "poster", "week_sheet", "month_sheet", "admin"}


def sitemap_units(site: Site) -> list[Unit]:
    """The pages the sitemap lists: every HTML page for readers, in plan order."""
    return [u for u in plan(site) if u.file.endswith(".html") and u.kind not in NOT_IN_SITEMAP]


def _pages(site: Site) -> list[Unit]:
    per_page = site.config.per_page
    units = [
        Unit(urls.HOME, "home"),
        Unit(urls.PLACES, "places"),
        Unit(urls.TAGS, "tags"),
        Unit(urls.PEOPLE, "people"),
        Unit(urls.ARCHIVE, "archive"),
        Unit(urls.FEED, "feed"),
        Unit(urls.SITEMAP, "sitemap"),
        Unit(urls.ROBOTS, "robots"),
        Unit(urls.NOT_FOUND, "not_found"),
        Unit(urls.MINE, "mine"),
        Unit(urls.STAFF, "staff"),
        Unit(urls.share_card(), "share_card"),
        Unit(urls.SEARCH, "search"),
        Unit(urls.ADMIN, "admin"),
        Unit(urls.ADMIN_CONFIG, "admin_config"),
    ]
    units += [Unit(urls.report(slug), "report", slug) for slug in site.report_slugs]
    units += [Unit(urls.page(p.name), "page", p.name) for p in site.pages]
    for place_id in site.config.places:
        count = len(paginate(list(site.place_reports.get(place_id, ())), per_page))
        units += [Unit(urls.place(place_id, n), "place", place_id, n) for n in range(1, count + 1)]
        units.append(Unit(urls.place_feed(place_id), "place_feed", place_id))
        units.append(Unit(urls.share_card(place_id), "share_card", place_id))
    for slug in site.config.tags:
        count = len(paginate(list(site.tag_reports.get(slug, ())), per_page))
        units += [Unit(urls.tag(slug, n), "tag", slug, n) for n in range(1, count + 1)]
        units.append(Unit(urls.tag_feed(slug), "tag_feed", slug))
    for slug in site.person_reports:
        count = len(paginate(list(site.person_reports[slug]), per_page))
        units += [Unit(urls.person(slug, n), "person", slug, n) for n in range(1, count + 1)]
    for key, slugs in site.month_reports.items():
        count = len(paginate(list(slugs), per_page))
        units += [Unit(urls.month(key, n), "month", key, n) for n in range(1, count + 1)]
    units += [Unit(path, "alias", slug) for path, slug in site.aliases.items()]
    return units


def calendar_months(site: Site, scope: str = "") -> list[str]:
    """The months that get a calendar page ("YYYY-MM"), oldest first: those with an event or
    a report in the scope (a page exists because something is on it), and on the site's own
    calendar the current month, which its entry page shows."""
    months = set(site.active_months.get(scope, ()))
    if not scope:
        months.add(month_key(site.today))
    return sorted(months)


def calendar_entry_month(site: Site, scope: str = "") -> str | None:
    """The month a calendar's entry page shows: this month if it has a page, else the next
    month with one, else the last; None for a place with nothing on its calendar."""
    months = calendar_months(site, scope)
    today = month_key(site.today)
    coming = [month for month in months if month >= today]
    return coming[0] if coming else (months[-1] if months else None)


def _calendar_units(site: Site) -> list[Unit]:
    units = []
    for place_id in ("", *site.config.places):
        entry = calendar_entry_month(site, place_id)
        if entry is not None:
            units.append(Unit(urls.calendar(place_id), "calendar", entry, scope=place_id))
        units += [
            Unit(urls.calendar_month(key, place_id), "calendar", key, scope=place_id)
            for key in calendar_months(site, place_id)
        ]
        units.append(Unit(urls.calendar_ics(place_id), "calendar_ics", scope=place_id))
    units += [Unit(urls.event_ics(slug), "event_ics", slug) for slug in site.event_slugs]
    return units


def sheet_weeks(site: Site, place_id: str) -> tuple[str, ...]:
    """Weeks that get a place's weekly sheet: the last RECENT_WEEKS of those with something
    on it (a report published, or an event this week or the next)."""
    return site.active_weeks.get(place_id, ())[-RECENT_WEEKS:]


def sheet_months(site: Site, place_id: str) -> tuple[str, ...]:
    """Months that get a place's monthly sheet: the last RECENT_MONTHS with an activity."""
    return site.active_months.get(place_id, ())[-RECENT_MONTHS:]


def _print_units(site: Site) -> list[Unit]:
    """Every printable sheet: one page each, whatever the paper (render/sheets.py)."""
    units = [poster_unit(slug) for slug in site.report_slugs if site.posters[slug]]
    for place_id in site.config.places:
        units.append(Unit(urls.place_sheets(place_id), "sheets", scope=place_id))
        units += [sheet_unit("week_sheet", place_id, w) for w in sheet_weeks(site, place_id)]
        units += [sheet_unit("month_sheet", place_id, m) for m in sheet_months(site, place_id)]
    return units


def poster_unit(slug: str) -> Unit:
    """A report's poster."""
    return Unit(urls.poster(slug), "poster", slug)


def sheet_unit(kind: str, place_id: str, key: str) -> Unit:
    """A place's weekly ("week_sheet", `key` "YYYY-Www") or monthly ("month_sheet",
    "YYYY-MM") sheet."""
    url = urls.week_sheet if kind == "week_sheet" else urls.month_sheet
    return Unit(url(place_id, key), kind, key, scope=place_id)


def clashing_aliases(units: list[Unit], copied: set[str]) -> list[Unit]:
    """Redirect pages that would overwrite a file the site makes or copies (`copied`: static
    files and images), or need one to be a folder (an alias /feed.xml/ would put
    feed.xml/index.html where the feed is)."""
    made = {u.file for u in units if u.kind != "alias"} | copied

    def clashes(file: str) -> bool:
        parts = file.split("/")
        return file in made or any("/".join(parts[:n]) in made for n in range(1, len(parts)))

    return [u for u in units if u.kind == "alias" and clashes(u.file)]


def clash_problem(site: Site, unit: Unit) -> Problem:
    """The problem of an alias unit that `clashing_aliases` found."""
    return Problem(
        site.by_slug[unit.key].source_path,
        None,
        _("aliases: /{path} is already a page of this site").format(path=unit.path),
        _("an old URL may not replace a page the site makes"),
    )
