"""iCalendar (RFC 5545) feeds of events, written with the `icalendar` library.

UIDs come from the report's slug and the site's domain, and DTSTAMP from the report's own date,
so that a rebuild never changes an event: calendar apps match updates by UID.

Each event's VEVENT text is made once, when its report is parsed (`vevent`), and kept with the
report: the site-wide calendar holds thousands of events, and serializing them all again with
`icalendar` on every edit would cost seconds. A feed is its header, the time zone and those
texts.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit

from generator import urls
from generator.config import Config
from generator.model import Report

REFRESH = timedelta(hours=12)
END = "END:VCALENDAR\r\n"


def calendar_ics(config: Config, name: str, reports: list[Report]) -> bytes:
    """A calendar named `name` holding the events of `reports` (those without one are left out)."""
    # Imported here, not above: most rebuilds write no event and so spare the import (~40 ms).
    from icalendar import Calendar, Timezone

    calendar = Calendar()
    calendar.add("prodid", "-//Bulletin//社区快报//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", config.timezone)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    events = sorted((r for r in reports if r.event), key=lambda r: (r.event.first_day, r.slug))
    if any(not r.event.all_day for r in events):  # only timed events name the time zone
        calendar.add_component(
            Timezone.from_tzid(
                config.timezone,
                first_date=min(r.event.first_day for r in events) - timedelta(days=1),
                last_date=max(r.event.last_day for r in events) + timedelta(days=2),
            )
        )
    head = calendar.to_ical().decode("utf-8").removesuffix(END)
    texts = [report.event_ics or vevent(config, report) for report in events]
    return (head + "".join(texts) + END).encode("utf-8")


def event_uid(config: Config, report: Report) -> str:
    return f"{report.slug}@{urlsplit(config.base_url).hostname}"


def vevent(config: Config, report: Report) -> str:
    """The VEVENT of the report's event, as iCalendar text ("" for a report without one)."""
    event = report.event
    if event is None:
        return ""
    from icalendar import Event

    link = config.base_url + urls.report(report.slug)
    item = Event()
    item.add("uid", event_uid(config, report))
    item.add("dtstamp", datetime.combine(report.date, time(0, 0), tzinfo=config.zone))
    item.add("summary", report.title)
    if event.all_day:
        # All-day events end on the morning after their last day (DTEND is exclusive).
        item.add("dtstart", event.first_day)
        item.add("dtend", event.last_day + timedelta(days=1))
    else:
        item.add("dtstart", _local(config, event.start))
        if event.end is not None:
            item.add("dtend", _local(config, event.end))
    if event.location:
        item.add("location", event.location)
    item.add("url", link)
    item.add("description", f"{report.summary}\n\n{link}")
    return item.to_ical().decode("utf-8")


def _local(config: Config, moment: date | datetime) -> datetime:
    if not isinstance(moment, datetime):  # a timed start with an all-day end: end of that day
        return datetime.combine(moment, time(23, 59), tzinfo=config.zone)
    return moment.replace(tzinfo=config.zone)
