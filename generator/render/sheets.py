"""Renderers of the notice-board sheets: report posters, weekly and monthly sheets of a place.

A sheet is one page holding a variant for each paper size, each fitted at build time; the
reader or clerk picks the paper on the page (or `bulletin print --paper`), and only that
variant is shown and printed.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import jinja2

from generator import urls
from generator.load.markup import summarize
from generator.model.calendars import Day, month_grid, next_week, scoped, week_days, week_key
from generator.model.items import Place, Report
from generator.model.plan import Unit, sheet_months, sheet_weeks
from generator.model.site import Site
from generator.printing.fitting import Entry, PosterFit, fit_entries, fit_poster
from generator.printing.layout import (
    Dimensions,
    Grid,
    ListType,
    dimensions,
    list_dimensions,
    list_type,
    month_grid_layout,
)
from generator.printing.papers import MM, PAPERS, Paper
from generator.printing.qr import qr_code
from generator.render.calendars import month_reports_by_day
from generator.render.context import html_page
from generator.render.theme import cn_date, event_when

SUMMARY_ON_SHEETS = 60  # characters of summary under each item of a weekly sheet
CELL_TITLE = 7  # characters of an event title in a cell of the monthly sheet's grid


def cell_lines(day: Day, count: int) -> list[str]:
    """What a grid cell shows under its date: a festival or term, then events, then "等N项"."""
    lines = list(day.marks[:1])
    titles = [
        r.title if len(r.title) <= CELL_TITLE else r.title[: CELL_TITLE - 1] + "…"
        for r in day.reports
    ]
    room = count - len(lines)
    if len(titles) > room:
        titles = [*titles[: room - 1], f"等{len(day.reports)}项活动"]
    return lines + titles


@dataclass(frozen=True)
class Section:
    title: str
    entries: tuple[Entry, ...]
    hidden: int  # entries that did not fit on the sheet


@dataclass(frozen=True)
class Variant:
    """A sheet on one paper: its layout numbers and what fits on it there."""

    paper: Paper
    dims: Dimensions
    fit: PosterFit | None = None  # a poster's body
    sections: tuple[Section, ...] = ()  # a weekly or monthly sheet's lists
    sizes: ListType | None = None  # their type sizes
    grid: Grid | None = None  # a monthly sheet's grid


def _footer(site: Site, place: Place | None, target: str) -> dict:
    link = site.config.base_url + target
    return {"qr": qr_code(link), "link": link, "contact": place}


def _first_place(site: Site, report: Report) -> Place:
    return site.config.places[report.places[0]]


def render_poster(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    report = site.by_slug[unit.key]
    places = "、".join(site.config.places[p].name for p in report.places)
    variants = [
        Variant(paper, dimensions(paper), fit=fit_poster(report, paper, places))
        for paper in PAPERS.values()
    ]
    return html_page(
        env,
        "print/poster.html",
        site,
        unit,
        title=f"海报：{report.title}",
        description=report.summary,
        report=report,
        places=places,
        variants=variants,
        **_footer(site, _first_place(site, report), urls.report(report.slug)),
    )


def _event_entry(report: Report) -> Entry:
    assert report.event is not None
    details = [event_when(report.event)]
    if report.event.location:
        details.append(f"地点：{report.event.location}")
    return Entry(report, report.title, tuple(details))


def _report_entry(report: Report) -> Entry:
    summary = _sheet_summary(report.summary)
    return Entry(report, report.title, (f"{cn_date(report.date)}　{summary}",))


# A report is listed on its places' weekly sheets in every paper size: work each summary out
# once (splitting text into grapheme clusters is a tenth of a sheet's time).
@lru_cache(maxsize=1024)
def _sheet_summary(text: str) -> str:
    return summarize(text, SUMMARY_ON_SHEETS)


def _fit_sections(
    parts: list[tuple[str, list[Entry]]], dims: Dimensions, room: float
) -> list[Section]:
    sizes = list_type(dims)
    sections = []
    for title, entries in parts:
        room -= sizes.section_pt * 1.6 + 10  # the heading with its rule and gap
        shown, used = fit_entries(entries, dims, max(room, 0), sizes.heading_pt, sizes.detail_pt)
        room -= used if shown else sizes.detail_pt * 2.2  # the items, or "暂无" / "共N项"
        sections.append(Section(title, tuple(entries[:shown]), len(entries) - shown))
    return sections


def render_week_sheet(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    place = site.config.places[unit.scope]
    days = week_days(unit.key)

    def reports_of(index: dict[str, tuple[str, ...]], week: str) -> list[Report]:
        return site.reports_for(index.get(scoped(place.id, week), ()))

    parts = [
        ("本周活动", [_event_entry(r) for r in reports_of(site.week_events, unit.key)]),
        ("下周活动", [_event_entry(r) for r in reports_of(site.week_events, next_week(unit.key))]),
        ("本周报道", [_report_entry(r) for r in reports_of(site.week_reports, unit.key)]),
    ]
    variants = []
    for paper in PAPERS.values():
        dims = list_dimensions(paper)
        sections = _fit_sections(parts, dims, dims.list_room_pt)
        variants.append(Variant(paper, dims, sections=tuple(sections), sizes=list_type(dims)))
    return html_page(
        env,
        "print/week.html",
        site,
        unit,
        title=f"{place.name}本周社区动态",
        description=f"{place.name}{unit.key}的活动与报道",
        place=place,
        week=unit.key,
        days=days,
        variants=variants,
        **_footer(site, place, urls.place(place.id)),
    )


def render_month_sheet(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    place = site.config.places[unit.scope]
    by_day = month_reports_by_day(site, place.id, unit.key)
    weeks = month_grid(unit.key, by_day, site.calendar, site.today)
    happening = site.reports_for(site.month_events.get(scoped(place.id, unit.key), ()))
    entries = [_event_entry(r) for r in happening]
    variants = []
    for paper in PAPERS.values():
        dims = list_dimensions(paper)
        grid = month_grid_layout(paper)
        room = dims.list_room_pt - grid.row_mm * (len(weeks) + 0.8) * MM
        sections = _fit_sections([("本月活动", entries)], dims, room)
        variants.append(
            Variant(paper, dims, sections=tuple(sections), sizes=list_type(dims), grid=grid)
        )
    year, month = (int(part) for part in unit.key.split("-"))
    return html_page(
        env,
        "print/month.html",
        site,
        unit,
        title=f"{place.name}{year}年{month}月活动日历",
        description=f"{place.name}{year}年{month}月的活动",
        place=place,
        month=unit.key,
        weeks=weeks,
        cell_lines=cell_lines,
        variants=variants,
        **_footer(site, place, urls.calendar_month(unit.key, place.id)),
    )


def render_sheets(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    place = site.config.places[unit.scope]
    return html_page(
        env,
        "print/sheets.html",
        site,
        unit,
        title=f"{place.name}的公告栏打印",
        description=f"打印{place.name}的每周动态和每月活动日历",
        place=place,
        weeks=list(reversed(sheet_weeks(site, place.id))),
        months=list(reversed(sheet_months(site, place.id))),
        this_week=week_key(site.today),
    )
