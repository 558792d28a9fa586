"""iCalendar (RFC 5545) feeds of events, written with the `icalendar` library.

UIDs come from the report's slug and the site's domain, and DTSTAMP from the report's own date,
so that a rebuild never changes an event: calendar apps match updates by UID.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

from icalendar import Calendar, Event

from generator import urls
from generator.model import Report
from generator.site import Site

REFRESH = timedelta(hours=12)


def calendar_ics(site: Site, name: str, reports: list[Report]) -> bytes:
    """A calendar named `name` holding the events of `reports` (those without one are left out)."""
    config = site.config
    calendar = Calendar()
    calendar.add("prodid", "-//Bulletin//社区快报//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", config.timezone)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    events = sorted((r for r in reports if r.event), key=lambda r: (r.event.first_day, r.slug))
    for report in events:
        calendar.add_component(_event(site, report))
    if events:
        calendar.add_missing_timezones(
            first_date=min(r.event.first_day for r in events) - timedelta(days=1),
            last_date=max(r.event.last_day for r in events) + timedelta(days=2),
        )
    return calendar.to_ical()


def event_uid(site: Site, report: Report) -> str:
    return f"{report.slug}@{urlsplit(site.config.base_url).hostname}"


def _event(site: Site, report: Report) -> Event:
    config, event = site.config, report.event
    assert event is not None
    link = config.base_url + urls.report(report.slug)
    item = Event()
    item.add("uid", event_uid(site, report))
    item.add("dtstamp", datetime.combine(report.date, time(0, 0), tzinfo=config.zone))
    item.add("summary", report.title)
    if event.all_day:
        # All-day events end on the morning after their last day (DTEND is exclusive).
        item.add("dtstart", event.first_day)
        item.add("dtend", event.last_day + timedelta(days=1))
    else:
        item.add("dtstart", _local(site, event.start))
        if event.end is not None:
            item.add("dtend", _local(site, event.end))
    if event.location:
        item.add("location", event.location)
    item.add("url", link)
    item.add("description", f"{report.summary}\n\n{link}")
    return item


def _local(site: Site, moment: date | datetime) -> datetime:
    if not isinstance(moment, datetime):  # a timed start with an all-day end: end of that day
        return datetime.combine(moment, time(23, 59), tzinfo=site.config.zone)
    return moment.replace(tzinfo=site.config.zone)
