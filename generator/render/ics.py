"""iCalendar (RFC 5545) feeds of events, written with the `icalendar` library.

UIDs come from the report's slug and the site's domain, and DTSTAMP from the report's own date,
so that a rebuild never changes an event: calendar apps match updates by UID.

A feed is its header, the time zone and the VEVENT text of each event. `icalendar` takes a
third of a millisecond per event, and the site-wide calendar holds thousands, which would be
rendered again on every edit: so each text is remembered by what it is made of (`event_text`).
The build keeps what was remembered with its state (`known`, `remember`), and works out the
texts of a full build before its workers are forked (`learn`), as it does for the almanac.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from generator import urls
from generator.model.items import Report
from generator.pool import fork_map

REFRESH = timedelta(hours=12)
END = "END:VCALENDAR\r\n"


def calendar_ics(name: str, reports: list[Report], base_url: str, timezone: str) -> bytes:
    """A calendar named `name` holding the events of `reports` (those without one are left out)."""
    # Imported here, not above: most rebuilds write no event and so spare the import (~40 ms).
    from icalendar import Calendar, Timezone

    calendar = Calendar()
    calendar.add("prodid", "-//Bulletin//社区快报//ZH")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", timezone)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT12H")
    events = sorted((r for r in reports if r.event), key=lambda r: (r.event.first_day, r.slug))
    if any(not r.event.all_day for r in events):  # only timed events name the time zone
        calendar.add_component(
            Timezone.from_tzid(
                timezone,
                first_date=min(r.event.first_day for r in events) - timedelta(days=1),
                last_date=max(r.event.last_day for r in events) + timedelta(days=2),
            )
        )
    head = calendar.to_ical().decode("utf-8").removesuffix(END)
    texts = [event_text(report, base_url, timezone) for report in events]
    return (head + "".join(texts) + END).encode("utf-8")


_known: dict[tuple, str] = {}  # a memo of a pure function (see the module's docstring)


def _key(report: Report, base_url: str, timezone: str) -> tuple:
    """Everything of a report and the site that its VEVENT text is made of."""
    return (
        report.slug,
        report.title,
        report.summary,
        report.date,
        report.event,
        base_url,
        timezone,
    )


def event_text(report: Report, base_url: str, timezone: str) -> str:
    """`vevent(…)`, remembered."""
    key = _key(report, base_url, timezone)
    found = _known.get(key)
    if found is None:
        found = _known[key] = vevent(report, base_url, timezone)
    return found


def known(reports: tuple[Report, ...], base_url: str, timezone: str) -> dict[tuple, str]:
    """The remembered texts of `reports`' events, to keep with the build state."""
    keys = (_key(r, base_url, timezone) for r in reports if r.event)
    return {key: _known[key] for key in keys if key in _known}


def remember(texts: dict[tuple, str]) -> None:
    """Take the texts an earlier build worked out (its state)."""
    _known.update(texts)


def learn(reports: tuple[Report, ...], base_url: str, timezone: str, jobs: int) -> None:
    """Work out the texts of `reports`' events in `jobs` processes and remember them here, so
    that the render workers forked next inherit them."""
    todo = [r for r in reports if r.event and _key(r, base_url, timezone) not in _known]
    chunks = [todo[i : i + 64] for i in range(0, len(todo), 64)]
    work = _Texts(base_url, timezone)
    for chunk, texts in zip(chunks, fork_map(work.of, chunks, jobs), strict=True):
        for report, text in zip(chunk, texts, strict=True):
            _known[_key(report, base_url, timezone)] = text


class _Texts:
    def __init__(self, base_url: str, timezone: str):
        self.base_url, self.timezone = base_url, timezone

    def of(self, reports: list[Report]) -> list[str]:
        return [vevent(report, self.base_url, self.timezone) for report in reports]


def event_uid(report: Report, base_url: str) -> str:
    return f"{report.slug}@{urlsplit(base_url).hostname}"


def vevent(report: Report, base_url: str, timezone: str) -> str:
    """The VEVENT of the report's event, as iCalendar text ("" for a report without one)."""
    event = report.event
    if event is None:
        return ""
    from icalendar import Event

    zone = ZoneInfo(timezone)
    link = base_url + urls.report(report.slug)
    item = Event()
    item.add("uid", event_uid(report, base_url))
    item.add("dtstamp", datetime.combine(report.date, time(0, 0), tzinfo=zone))
    item.add("summary", report.title)
    if event.all_day:
        # All-day events end on the morning after their last day (DTEND is exclusive).
        item.add("dtstart", event.first_day)
        item.add("dtend", event.last_day + timedelta(days=1))
    else:
        item.add("dtstart", _local(event.start, zone))
        if event.end is not None:
            item.add("dtend", _local(event.end, zone))
    if event.location:
        item.add("location", event.location)
    item.add("url", link)
    item.add("description", f"{report.summary}\n\n{link}")
    return item.to_ical().decode("utf-8")


def _local(moment: date | datetime, zone: ZoneInfo) -> datetime:
    if not isinstance(moment, datetime):  # a timed start with an all-day end: end of that day
        return datetime.combine(moment, time(23, 59), tzinfo=zone)
    return moment.replace(tzinfo=zone)
