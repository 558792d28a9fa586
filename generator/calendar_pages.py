"""Renderers of the calendars: month grids, the calendar entry pages and iCalendar feeds."""

from __future__ import annotations

from datetime import date

import jinja2

from generator import urls
from generator.calendars import month_grid, month_key, month_span, scoped
from generator.ics import calendar_ics
from generator.model import Report
from generator.site import Site
from generator.units import Unit, html_page


def month_reports_by_day(site: Site, scope: str, month: str) -> dict[date, tuple[Report, ...]]:
    """The reports active on each day of `month`, site-wide or in one place (with descendants)."""
    days = site.month_days.get(scoped(scope, month), {})
    return {day: tuple(site.by_slug[s] for s in slugs) for day, slugs in days.items()}


def calendar_months(site: Site, scope: str = "") -> list[str]:
    """The months that get a calendar page ("YYYY-MM"), oldest first."""
    return month_span(site.active_months.get(scope, ()), site.today)


def calendar_units(site: Site, place_id: str = "") -> list[Unit]:
    units = [Unit(urls.calendar(place_id), "calendar", month_key(site.today), scope=place_id)]
    units += [
        Unit(urls.calendar_month(key, place_id), "calendar", key, scope=place_id)
        for key in calendar_months(site, place_id)
    ]
    units.append(Unit(urls.calendar_ics(place_id), "calendar_ics", scope=place_id))
    return units


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
    return calendar_ics(site.config, name, site.reports_for(site.scope_events.get(unit.scope, ())))


def render_event_ics(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    report = site.by_slug[unit.key]
    return calendar_ics(site.config, report.title, [report])
