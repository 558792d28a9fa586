"""Renderers of the calendars: month grids, the calendar entry pages and iCalendar feeds."""

from __future__ import annotations

from datetime import date

import jinja2

from generator import urls
from generator.model.calendars import month_grid, scoped
from generator.model.items import Report
from generator.model.plan import Unit, calendar_months
from generator.model.site import Site
from generator.render.context import html_page
from generator.render.ics import calendar_ics


def month_reports_by_day(site: Site, scope: str, month: str) -> dict[date, tuple[Report, ...]]:
    """The reports active on each day of `month`, site-wide or in one place (with descendants)."""
    days = site.month_days.get(scoped(scope, month), {})
    return {day: tuple(site.by_slug[s] for s in slugs) for day, slugs in days.items()}


def render_calendar(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    place = site.config.places[unit.scope] if unit.scope else None
    months = calendar_months(site, unit.scope)
    at = months.index(unit.key)
    with_content = sorted(site.active_months.get(unit.scope, ()), reverse=True)
    name = f"{place.name}活动日历" if place else "活动日历"
    year, month = (int(part) for part in unit.key.split("-"))
    return html_page(
        env,
        "calendar.html",
        site,
        unit,
        title=f"{name}：{year}年{month}月",
        description=f"{year}年{month}月{place.name if place else ''}的活动、节日和节气",
        place=place,
        month=unit.key,
        weeks=month_grid(
            unit.key, month_reports_by_day(site, unit.scope, unit.key), site.calendar, site.today
        ),
        older_month=months[at - 1] if at > 0 else None,
        newer_month=months[at + 1] if at + 1 < len(months) else None,
        months_with_content=with_content,
        ics=urls.calendar_ics(unit.scope),
        notice=site.calendar.notices.get(year, ""),
    )


def render_calendar_ics(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    place = site.config.places[unit.scope] if unit.scope else None
    name = f"{place.name}活动" if place else f"{site.config.title}活动"
    reports = site.reports_for(site.scope_events.get(unit.scope, ()))
    return calendar_ics(name, reports, site.config.base_url, site.config.timezone)


def render_event_ics(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    report = site.by_slug[unit.key]
    return calendar_ics(report.title, [report], site.config.base_url, site.config.timezone)
