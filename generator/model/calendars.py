"""Month grids and upcoming events: which activities fall on which day, and what each day is."""

from __future__ import annotations

import calendar as gregorian  # the standard library's
from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from generator.model.almanac import Almanac, almanac, learn
from generator.model.items import CalendarData, DayOff, Report

WEEKDAYS = ("周一", "周二", "周三", "周四", "周五", "周六", "周日")


@dataclass(frozen=True)
class Day:
    """One cell of a month grid."""

    date: date
    almanac: Almanac
    holiday: DayOff | None
    commemorative: str
    reports: tuple[Report, ...]
    is_today: bool

    @property
    def weekday(self) -> str:
        return WEEKDAYS[self.date.weekday()]

    @property
    def marks(self) -> tuple[str, ...]:
        """Festivals, commemorative days and the solar term, without saying one thing twice."""
        names = [*self.almanac.festivals, *([self.commemorative] if self.commemorative else [])]
        if self.almanac.term and not any(n.startswith(self.almanac.term) for n in names):
            names.append(self.almanac.term)
        return tuple(dict.fromkeys(names))

    @property
    def notable(self) -> bool:
        """Whether the day appears in the phone-sized list of a month."""
        return bool(self.reports or self.marks or self.holiday or self.is_today)


def activity_days(report: Report) -> list[date]:
    """The days a report shows on: every day of its event, else its publication date."""
    if report.event is None:
        return [report.date]
    first, last = report.event.first_day, report.event.last_day
    return [date.fromordinal(n) for n in range(first.toordinal(), last.toordinal() + 1)]


def reports_by_day(reports: list[Report]) -> dict[date, tuple[str, ...]]:
    """Slugs active on each day, events by start time first, then by slug."""
    days: dict[date, list[Report]] = {}
    for report in reports:
        for day in activity_days(report):
            days.setdefault(day, []).append(report)
    return {
        day: tuple(r.slug for r in sorted(found, key=_start_key))
        for day, found in sorted(days.items())
    }


@dataclass(frozen=True)
class CalendarIndex:
    """Which reports fall on which days, months and weeks, per scope: "" for the whole site, or
    a place id (the place and its descendants). Keys are "scope/YYYY-MM" and "scope/YYYY-Www",
    so a page reads only the entries of its own month or week, never the whole calendar."""

    month_days: dict[str, dict[date, tuple[str, ...]]]  # slugs active each day of a month
    active_months: dict[str, tuple[str, ...]]  # scope → months with an activity, oldest first
    week_events: dict[str, tuple[str, ...]]  # events on any day of a week, earliest first
    month_events: dict[str, tuple[str, ...]]  # events on any day of a month, earliest first
    week_reports: dict[str, tuple[str, ...]]  # reports published in a week, oldest first
    active_weeks: dict[str, tuple[str, ...]]  # scope → weeks with something for a weekly sheet
    upcoming: dict[str, tuple[str, ...]]  # scope → events not over by the build date, nearest first
    scope_events: dict[str, tuple[str, ...]]  # scope → all its events, earliest first


def scoped(scope: str, key: str) -> str:
    return f"{scope}/{key}"


def calendar_index(
    reports: list[Report], scopes_of: dict[str, list[str]], today: date
) -> CalendarIndex:
    """Index `reports` (newest first) by day, week and month in every scope that shows them."""
    month_days: dict[str, dict[date, list[str]]] = defaultdict(dict)
    active: dict[str, set[str]] = defaultdict(set)
    weeks: dict[str, set[str]] = defaultdict(set)
    for day, slugs in reports_by_day(reports).items():
        month = month_key(day)
        for slug in slugs:
            for scope in scopes_of[slug]:
                month_days[scoped(scope, month)].setdefault(day, []).append(slug)
                active[scope].add(month)
    week_events: dict[str, list[str]] = defaultdict(list)
    month_events: dict[str, list[str]] = defaultdict(list)
    coming: dict[str, list[str]] = defaultdict(list)
    every: dict[str, list[str]] = defaultdict(list)
    for report in events(reports):
        assert report.event is not None
        for scope in scopes_of[report.slug]:
            every[scope].append(report.slug)
        if report.event.last_day >= today:
            for scope in scopes_of[report.slug]:
                coming[scope].append(report.slug)
        days = range(report.event.first_day.toordinal(), report.event.last_day.toordinal() + 1)
        on = [date.fromordinal(n) for n in days]
        # A weekly sheet for each week of the event, and the week before ("下周活动").
        event_weeks = list(dict.fromkeys(week_key(d) for d in on))
        before = week_key(date.fromordinal(on[0].toordinal() - 7))
        for scope in scopes_of[report.slug]:
            weeks[scope].update((before, *event_weeks))
            for key in event_weeks:
                week_events[scoped(scope, key)].append(report.slug)
            for key in dict.fromkeys(month_key(d) for d in on):
                month_events[scoped(scope, key)].append(report.slug)
    week_reports: dict[str, list[str]] = defaultdict(list)
    for report in reversed(reports):
        for scope in scopes_of[report.slug]:
            week_reports[scoped(scope, week_key(report.date))].append(report.slug)
            weeks[scope].add(week_key(report.date))
    return CalendarIndex(
        month_days={
            key: {day: tuple(slugs) for day, slugs in days.items()}
            for key, days in sorted(month_days.items())
        },
        active_months={scope: tuple(sorted(found)) for scope, found in sorted(active.items())},
        week_events=_tuples(week_events),
        month_events=_tuples(month_events),
        week_reports=_tuples(week_reports),
        active_weeks={scope: tuple(sorted(found)) for scope, found in sorted(weeks.items())},
        upcoming=_tuples(coming),
        scope_events=_tuples(every),
    )


def _tuples(groups: dict[str, list[str]]) -> dict[str, tuple[str, ...]]:
    return {key: tuple(slugs) for key, slugs in sorted(groups.items())}


def _start_key(report: Report) -> tuple[str, str]:
    start = report.event.start if report.event else report.date
    return (start.isoformat(), report.slug)


def month_key(day: date) -> str:
    return f"{day.year:04d}-{day.month:02d}"


def warm_almanac(months: list[str], jobs: int) -> None:
    """Work out the almanac of every day of `months` before rendering, so that forked
    workers inherit it: tyme4py takes milliseconds a day, and each worker would otherwise
    work out the same days again (and again, each time a fresh worker replaces it)."""
    days = []
    for key in months:
        year, month = (int(part) for part in key.split("-"))
        days += [date(year, month, n) for n in range(1, gregorian.monthrange(year, month)[1] + 1)]
    learn(days, jobs)


def month_grid(
    key: str, by_day: dict[date, tuple[Report, ...]], data: CalendarData, today: date
) -> list[list[Day | None]]:
    """The weeks of a month, Monday first; days outside the month are None."""
    year, month = (int(part) for part in key.split("-"))
    weeks = gregorian.Calendar(firstweekday=0).monthdatescalendar(year, month)
    return [
        [_day(d, by_day, data, today) if d.month == month else None for d in week] for week in weeks
    ]


def _day(day: date, by_day: dict[date, tuple[Report, ...]], data: CalendarData, today: date) -> Day:
    return Day(
        date=day,
        almanac=almanac(day),
        holiday=data.holidays.get(day),
        commemorative=data.commemorative.get((day.month, day.day), ""),
        reports=by_day.get(day, ()),
        is_today=day == today,
    )


def events(reports: list[Report]) -> list[Report]:
    """The reports with an event, the earliest start first."""
    return sorted((r for r in reports if r.event is not None), key=_start_key)


def week_key(day: date) -> str:
    """The ISO week of `day`, "YYYY-Www"."""
    year, week, _ = day.isocalendar()
    return f"{year:04d}-W{week:02d}"


def week_days(key: str) -> list[date]:
    """Monday to Sunday of the ISO week `key`."""
    monday = date.fromisocalendar(int(key[:4]), int(key[6:]), 1)
    return [date.fromordinal(monday.toordinal() + n) for n in range(7)]


def next_week(key: str) -> str:
    return week_key(date.fromordinal(week_days(key)[0].toordinal() + 7))
