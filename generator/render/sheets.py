"""Renderers of the notice-board sheets: report posters, weekly and monthly sheets of a place.

A sheet is one page holding a variant for each paper size, each fitted at build time; the
reader or clerk picks the paper on the page (or `bulletin print --paper`), and only that
variant is shown and printed. Items a variant has no room for are listed on the sheet's page
under an anchor of their own, which a second QR code on the paper opens.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import lru_cache

import jinja2
import regex

from generator import urls
from generator.load.markup import summarize
from generator.model.calendars import Day, month_grid, next_week, scoped, week_days, week_key
from generator.model.items import Place, Report
from generator.model.plan import Unit, sheet_months, sheet_weeks
from generator.model.site import Site
from generator.printing.fitting import Entry, PosterFit, fit_entries, fit_poster
from generator.printing.layout import (
    CELL_PADDING_PT,
    META_LEADING,
    Dimensions,
    Footer,
    Grid,
    ListType,
    dimensions,
    footer_height,
    header_height,
    list_dimensions,
    list_type,
    month_grid_layout,
    title_height,
)
from generator.printing.measure import line_count, wrapped_lines
from generator.printing.notice import issuer, month_issued, week_issued
from generator.printing.papers import MM, PAPERS, Paper
from generator.printing.qr import QRCode, qr_code
from generator.render.calendars import month_reports_by_day
from generator.render.context import html_page
from generator.render.theme import cn_date, cn_month, event_when

SUMMARY_ON_SHEETS = 40  # characters of summary under each item of a weekly sheet
SUMMARY_ON_MONTH = 24  # and of a monthly sheet, where the grid takes most of the room
SECTION_GAP = 0.6  # ems of a section heading: its rule and the space below it
_CLUSTER = regex.compile(r"\X")

POSTER_CAPTION = "扫码阅读全文"
WEEK_CAPTION = "扫码看网站"
MONTH_CAPTION = "扫码看日历"
WEEK_TITLE = "本周社区动态"


@dataclass(frozen=True)
class Section:
    """A list on a weekly or monthly sheet: the entries shown, and those left out."""

    title: str
    entries: tuple[Entry, ...]
    left_out: tuple[Entry, ...] = ()
    heading: bool = True  # False: no room for the list, only a line saying how many it has

    @property
    def hidden(self) -> int:
        """How many entries did not fit on the sheet."""
        return len(self.left_out)


@dataclass(frozen=True)
class More:
    """The entries a sheet on one paper had no room for: listed on the sheet's web page at
    `anchor`, which the second QR code opens (`link`)."""

    anchor: str
    link: str
    qr: QRCode
    count: int


@dataclass(frozen=True)
class Variant:
    """A sheet on one paper: its layout numbers and what fits on it there."""

    paper: Paper
    dims: Dimensions
    footer: Footer
    fit: PosterFit | None = None  # a poster's body
    sections: tuple[Section, ...] = ()  # a weekly or monthly sheet's lists
    sizes: ListType | None = None  # their type sizes
    grid: Grid | None = None  # a monthly sheet's grid
    more: More | None = None  # the entries left out, when some were and the page lists them


def contact_lines(place: Place, sample: bool = False) -> tuple[str, ...]:
    """The footer's contact lines: the office's phone, address and hours; a made-up phone
    number (`sample_contacts` in site.yaml) is marked as one."""
    phone = f"电话：{place.phone}（示例号码，请勿拨打）" if sample else f"电话：{place.phone}"
    first = "　".join(
        text
        for text in (
            phone if place.phone else "",
            f"地址：{place.address}" if place.address else "",
        )
        if text
    )
    hours = f"办公时间：{place.hours}" if place.hours else ""
    return tuple(line for line in (first, hours) if line)


def _footer(site: Site, place: Place, issued: date, caption: str, more: int = 0) -> Footer:
    more_caption = f"扫码看未印出的{more}项" if more else ""
    contact = contact_lines(place, site.config.sample_contacts)
    return Footer((issuer(place), cn_date(issued)), contact, caption, more_caption)


def _links(site: Site, target: str) -> dict:
    link = site.config.base_url + target
    return {"qr": qr_code(link), "link": link}


def _first_place(site: Site, report: Report) -> Place:
    return site.config.places[report.places[0]]


# --- posters -------------------------------------------------------------------------------


def meta_lines(report: Report) -> tuple[str, ...]:
    """The lines of a poster's box of dates and place, as the template prints them."""
    lines = [f"发布日期：{cn_date(report.date)}"]
    if report.event:
        lines.append(f"活动时间：{event_when(report.event)}")
        if report.event.location:
            lines.append(f"活动地点：{report.event.location}")
    return tuple(lines)


def picture_height(report: Report, dims: Dimensions) -> float:
    """The room a poster keeps for its picture, in points (none without one)."""
    return dims.image_mm * MM + dims.gap_pt if report.cover else 0.0


def poster_room(
    report: Report, dims: Dimensions, office: str, footer: Footer, reserved_pt: float = 0.0
) -> float:
    """The height a poster's body has: the page less the 红头, title, box, footer and
    `reserved_pt` (a picture)."""
    box_width = dims.width_pt - 2 * 8 - 3  # the box's padding and border (print.css)
    box = sum(
        line_count(line, dims.meta_pt, box_width) * dims.meta_pt * META_LEADING
        for line in meta_lines(report)
    )
    fixed = header_height(dims, office) + title_height(dims, report.title, report.subtitle)
    fixed += box + 8 + 3 + dims.gap_pt
    return dims.height_pt - fixed - footer_height(dims, footer) - reserved_pt - dims.gap_pt


def poster_variants(site: Site, report: Report) -> list[Variant]:
    """A report's poster on each paper."""
    place = _first_place(site, report)
    footer = _footer(site, place, report.date, POSTER_CAPTION)
    variants = []
    for paper in PAPERS.values():
        dims = dimensions(paper)
        room = poster_room(report, dims, issuer(place), footer, picture_height(report, dims))
        variants.append(Variant(paper, dims, footer, fit=fit_poster(report, dims, room)))
    return variants


def render_poster(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    report = site.by_slug[unit.key]
    place = _first_place(site, report)
    return html_page(
        env,
        "print/poster.html",
        site,
        unit,
        title=f"海报：{report.title}",
        description=report.summary,
        report=report,
        places="、".join(site.config.places[p].name for p in report.places),
        issuer=issuer(place),
        variants=poster_variants(site, report),
        **_links(site, urls.report(report.slug)),
    )


# --- weekly and monthly sheets -------------------------------------------------------------


def _event_entry(report: Report, summary: int = SUMMARY_ON_SHEETS) -> Entry:
    assert report.event is not None
    details = [event_when(report.event)]
    if report.event.location:
        details.append(f"地点：{report.event.location}")
    details.append(_sheet_summary(report.summary, summary))
    return Entry(report, report.title, tuple(details))


def _report_entry(report: Report) -> Entry:
    summary = _sheet_summary(report.summary)
    return Entry(report, report.title, (f"{cn_date(report.date)}　{summary}",))


# A report is listed on its places' sheets in every paper size: work each summary out once
# (splitting text into grapheme clusters is a tenth of a sheet's time).
@lru_cache(maxsize=1024)
def _sheet_summary(text: str, length: int = SUMMARY_ON_SHEETS) -> str:
    return summarize(text, length)


def _fit_sections(
    parts: list[tuple[str, list[Entry]]], dims: Dimensions, room: float
) -> list[Section]:
    """Each list with the entries that fit in `room`, in order, the rest left out; a list
    with nothing in it is left off a sheet that has something in another."""
    sizes = list_type(dims)
    if any(entries for _, entries in parts):
        parts = [(title, entries) for title, entries in parts if entries]
    sections = []
    line = sizes.detail_pt * 1.45 * 1.2  # "暂无" or "共N项"
    for title, entries in parts:
        heading = sizes.section_pt * (1.3 + SECTION_GAP) + 2 + dims.gap_pt
        if room < heading + line:  # only the line: 本月活动共N项
            room -= line + dims.gap_pt
            sections.append(Section(title, (), tuple(entries), heading=False))
            continue
        room -= heading
        shown, used = fit_entries(
            entries, dims.main_width_pt, max(room, 0), sizes.heading_pt, sizes.detail_pt
        )
        room -= used if shown else line
        sections.append(Section(title, tuple(entries[:shown]), tuple(entries[shown:])))
    return sections


def _list_variant(
    parts: list[tuple[str, list[Entry]]],
    dims: Dimensions,
    room: float,
    footers: tuple[Footer, Footer],
    more: dict | None,
    grid: Grid | None = None,
) -> Variant:
    """A weekly or monthly sheet on one paper: the lists fitted above the footer, with the
    second QR code when something was left out (and the page lists it)."""
    plain, with_more = footers
    sections = _fit_sections(parts, dims, room - footer_height(dims, plain))
    left_out = sum(s.hidden for s in sections)
    sizes = list_type(dims)
    if not left_out:
        return Variant(dims.paper, dims, plain, sections=tuple(sections), sizes=sizes, grid=grid)
    footer = with_more if more else plain
    sections = _fit_sections(parts, dims, room - footer_height(dims, footer))
    left_out = sum(s.hidden for s in sections)
    footer = _with_count(footer, left_out) if more else footer
    found = None
    if more:
        anchor = f"more-{dims.paper.slug}"
        link = f"{more['link']}#{anchor}"
        found = More(anchor, link, qr_code(link), left_out)
    return Variant(
        dims.paper, dims, footer, sections=tuple(sections), sizes=sizes, grid=grid, more=found
    )


def _with_count(footer: Footer, count: int) -> Footer:
    return Footer(footer.sign, footer.contact, footer.caption, f"扫码看未印出的{count}项")


def _sheet_parts_room(dims: Dimensions, office: str, title: str, subtitle: str = "") -> float:
    return dims.height_pt - header_height(dims, office) - title_height(dims, title, subtitle)


def week_parts(site: Site, place: Place, week: str) -> list[tuple[str, list[Entry]]]:
    """The lists of a place's weekly sheet: 本周活动, 下周活动 and 本周报道."""

    def reports_of(index: dict[str, tuple[str, ...]], key: str) -> list[Report]:
        return site.reports_for(index.get(scoped(place.id, key), ()))

    return [
        ("本周活动", [_event_entry(r) for r in reports_of(site.week_events, week)]),
        ("下周活动", [_event_entry(r) for r in reports_of(site.week_events, next_week(week))]),
        ("本周报道", [_report_entry(r) for r in reports_of(site.week_reports, week)]),
    ]


def week_subtitle(week: str) -> str:
    days = week_days(week)
    last = days[-1]
    return f"{cn_date(days[0])}至{last.month}月{last.day}日（{week[:4]}年第{int(week[6:])}周）"


def week_variants(site: Site, unit: Unit) -> list[Variant]:
    """A place's weekly sheet on each paper."""
    place = site.config.places[unit.scope]
    days = week_days(unit.key)
    parts = week_parts(site, place, unit.key)
    total = sum(len(entries) for _, entries in parts)
    footers = (
        _footer(site, place, week_issued(days), WEEK_CAPTION),
        _footer(site, place, week_issued(days), WEEK_CAPTION, total),
    )
    listed = unit.key in sheet_weeks(site, place.id)  # the page is on the website
    more = {"link": site.config.base_url + unit.path} if listed else None
    variants = []
    for paper in PAPERS.values():
        dims = list_dimensions(paper)
        room = _sheet_parts_room(dims, issuer(place), WEEK_TITLE, week_subtitle(unit.key))
        variants.append(_list_variant(parts, dims, room, footers, more))
    return variants


def render_week_sheet(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    place = site.config.places[unit.scope]
    return html_page(
        env,
        "print/week.html",
        site,
        unit,
        title=f"{place.name}{WEEK_TITLE}",
        description=f"{place.name}{unit.key}的活动与报道",
        place=place,
        week=unit.key,
        days=week_days(unit.key),
        subtitle=week_subtitle(unit.key),
        issuer=issuer(place),
        variants=week_variants(site, unit),
        **_links(site, urls.place(place.id)),
    )


def cell_title(title: str, grid: Grid) -> str:
    """An event's title in a grid cell: whole on up to two lines, else shortened with …"""
    if wrapped_lines(title, grid.cell_em) <= 2:
        return title
    kept = ""
    for cluster in _CLUSTER.findall(title):
        if wrapped_lines(kept + cluster + "…", grid.cell_em) > 2:
            break
        kept += cluster
    return kept + "…"


def cell_line_count(text: str, grid: Grid) -> int:
    return wrapped_lines(text, grid.cell_em)


def date_line(day: Day) -> str:
    """A cell's first line as the estimate sees it: the date, the lunar day and 休 or 班."""
    mark = f" {day.holiday.mark}" if day.holiday else ""
    return f"{day.date.day:02d} {day.almanac.lunar_label}{mark}"


def cell_lines(day: Day, grid: Grid) -> list[str]:
    """What a grid cell shows under its date, in at most `grid.lines` lines: the day's
    festivals, commemorative day and solar term (all of them), then the titles of its events,
    each over at most two lines before it is shortened, then "另有N项" for those left out."""
    lines: list[str] = []
    used = 0
    if day.marks:
        marks = " ".join(day.marks)
        lines.append(marks)
        used += cell_line_count(marks, grid)
    titles = [cell_title(r.title, grid) for r in day.reports]
    for number, title in enumerate(titles):
        need = cell_line_count(title, grid)
        rest = len(titles) - number - 1
        if used + need + (1 if rest else 0) <= grid.lines:
            lines.append(title)
            used += need
            continue
        while lines and used + 1 > grid.lines and lines[-1] in titles:
            used -= cell_line_count(lines.pop(), grid)
            number -= 1
        if used + 1 <= grid.lines:
            lines.append(f"另有{len(titles) - number}项")
        break
    return lines


def _cell_height(day: Day | None, grid: Grid) -> int:
    if day is None:
        return 1
    under = sum(cell_line_count(line, grid) for line in cell_lines(day, grid))
    return cell_line_count(date_line(day), grid) + under


def grid_height(weeks: list[list[Day | None]], grid: Grid) -> float:
    """The height of a month grid: the weekday names, then each week as tall as its fullest
    day."""
    row_extra = 2 * CELL_PADDING_PT + 1
    height = grid.line_pt + row_extra
    for week in weeks:
        height += max(_cell_height(day, grid) for day in week) * grid.line_pt + row_extra
    return height


def _month_grid(weeks: list[list[Day | None]], dims: Dimensions, room: float) -> Grid:
    """The grid with the most lines a cell that leaves room for an item of the list below it;
    when even one line does not, the most that leave room for the line "共N项"."""
    most = month_grid_layout(dims)
    grids = [Grid(most.font_pt, most.cell_em, n, most.leading) for n in range(most.lines, 0, -1)]
    sizes = list_type(dims)
    heading = sizes.section_pt * (1.3 + SECTION_GAP) + 2 + 2 * dims.gap_pt
    entry = sizes.heading_pt * 1.35 + sizes.detail_pt * 1.45 * 3
    line = sizes.detail_pt * 1.45 * 1.2 + 2 * dims.gap_pt
    heights: dict[int, float] = {}  # each grid measured once, whatever it must leave room for
    for leave in (heading + entry, heading + line, line):
        for grid in grids:
            if grid.lines not in heights:
                heights[grid.lines] = grid_height(weeks, grid)
            if heights[grid.lines] <= room - leave:
                return grid
    return grids[-1]


def month_title(month: str) -> str:
    year, number = (int(part) for part in month.split("-"))
    return f"{year}年{number}月活动日历"


def _month_weeks(site: Site, place: Place, month: str) -> list[list[Day | None]]:
    by_day = month_reports_by_day(site, place.id, month)
    return month_grid(month, by_day, site.calendar, site.today)


def month_variants(
    site: Site, unit: Unit, weeks: list[list[Day | None]] | None = None
) -> list[Variant]:
    """A place's monthly sheet on each paper (`weeks`: its grid, when already made)."""
    place = site.config.places[unit.scope]
    weeks = weeks or _month_weeks(site, place, unit.key)
    happening = site.reports_for(site.month_events.get(scoped(place.id, unit.key), ()))
    parts = [("本月活动", [_event_entry(r, SUMMARY_ON_MONTH) for r in happening])]
    issued = month_issued(unit.key)
    footers = (
        _footer(site, place, issued, MONTH_CAPTION),
        _footer(site, place, issued, MONTH_CAPTION, len(happening)),
    )
    listed = unit.key in sheet_months(site, place.id)
    more = {"link": site.config.base_url + unit.path} if listed else None
    variants = []
    for paper in PAPERS.values():
        dims = list_dimensions(paper)
        above = _sheet_parts_room(dims, issuer(place), month_title(unit.key))
        grid = _month_grid(weeks, dims, above - footer_height(dims, footers[0]))
        above -= grid_height(weeks, grid) + dims.gap_pt
        variants.append(_list_variant(parts, dims, above, footers, more, grid))
    return variants


def render_month_sheet(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    place = site.config.places[unit.scope]
    weeks = _month_weeks(site, place, unit.key)
    return html_page(
        env,
        "print/month.html",
        site,
        unit,
        title=f"{place.name}{month_title(unit.key)}",
        description=f"{place.name}{cn_month(unit.key)}的活动",
        place=place,
        month=unit.key,
        weeks=weeks,
        cell_lines=cell_lines,
        issuer=issuer(place),
        variants=month_variants(site, unit, weeks),
        **_links(site, urls.calendar_month(unit.key, place.id)),
    )


def sheet_entries(site: Site, unit: Unit) -> int:
    """How many items a weekly or monthly sheet shows (0: the sheet would be empty)."""
    place = site.config.places[unit.scope]
    if unit.kind == "week_sheet":
        return sum(len(entries) for _, entries in week_parts(site, place, unit.key))
    days = site.month_days.get(scoped(place.id, unit.key), {})
    return len({slug for slugs in days.values() for slug in slugs})


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
