"""iCalendar feeds: valid RFC 5545 by two independent parsers, one event per report with an
event, and UIDs that never change between builds."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
import vobject
from builtsite import build_site, copy_sample_site, report_front_matter

REPORTS = report_front_matter()
WITH_EVENT = {slug: meta for slug, meta in REPORTS.items() if "event" in meta}


@pytest.fixture(scope="module")
def output(sample_output: Path) -> Path:
    return sample_output


def ics_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.ics"))


def parse(path: Path) -> icalendar.Calendar:
    return icalendar.Calendar.from_ical(path.read_bytes())


def test_the_sample_has_events_in_several_months() -> None:
    months = {f"{m['event']['start']}"[:7] for m in WITH_EVENT.values()}
    assert len(months) >= 4


def test_every_ics_file_parses_with_icalendar_and_vobject(output: Path) -> None:
    files = ics_files(output)
    assert len(files) >= 1 + len(WITH_EVENT)
    for path in files:
        calendar = parse(path)
        assert calendar["VERSION"] == "2.0"
        text = path.read_bytes().decode("utf-8")
        parsed = vobject.readOne(text)
        icalendar_uids = sorted(str(e["UID"]) for e in calendar.walk("VEVENT"))
        vobject_uids = sorted(e.uid.value for e in parsed.contents.get("vevent", []))
        assert icalendar_uids == vobject_uids, path


def test_lines_are_crlf_and_folded_at_75_octets_without_splitting_characters(
    output: Path,
) -> None:
    for path in ics_files(output):
        data = path.read_bytes()
        assert b"\n" not in data.replace(b"\r\n", b"")
        for line in data.split(b"\r\n"):
            assert len(line) <= 75, (path, line)
            line.decode("utf-8")  # a fold never cuts a multi-byte character


def test_the_site_calendar_holds_exactly_the_reports_with_an_event(output: Path) -> None:
    calendar = parse(output / "calendar.ics")
    events = {str(e["URL"]).split("/")[-2]: e for e in calendar.walk("VEVENT")}
    assert set(events) == set(WITH_EVENT)
    for slug, meta in WITH_EVENT.items():
        event = events[slug]
        assert str(event["SUMMARY"]) == meta["title"]
        assert str(event["UID"]) == f"{slug}@bulletin.example.cn"
        start = event.decoded("DTSTART")
        expected = meta["event"]["start"]
        if isinstance(expected, str):
            expected = datetime.strptime(expected, "%Y-%m-%d %H:%M")
            assert start.replace(tzinfo=None) == expected
            assert str(start.tzinfo) == "Asia/Shanghai"
        else:  # all-day: DTEND is the day after the last day
            assert start == expected and not isinstance(start, datetime)
            last = meta["event"].get("end", expected)
            assert event.decoded("DTEND") == last + timedelta(days=1)
        if "location" in meta["event"]:
            assert str(event["LOCATION"]) == meta["event"]["location"]
        assert event.decoded("DTSTAMP").date() <= meta["date"] + timedelta(days=1)
    assert str(calendar["X-WR-CALNAME"]) == "社区快报活动"
    assert str(calendar["X-WR-TIMEZONE"]) == "Asia/Shanghai"
    assert calendar["X-PUBLISHED-TTL"] == "PT12H"


def test_a_place_calendar_names_the_place_and_holds_its_descendants_events(
    output: Path,
) -> None:
    calendar = parse(output / "places/pingcheng/calendar.ics")
    assert str(calendar["X-WR-CALNAME"]) == "平城区活动"
    slugs = {str(e["UID"]).split("@")[0] for e in calendar.walk("VEVENT")}
    assert slugs and slugs < set(WITH_EVENT)
    assert "nongnaner-five-constants" not in slugs  # a Taiyuan community


def test_timed_events_carry_a_vtimezone_for_asia_shanghai(tmp_path: Path) -> None:
    site = copy_sample_site(tmp_path)
    (site / "content/reports/2026/timed.md").write_text(
        '---\ntitle: 义诊\ndate: 2026-11-20\nplaces: [taian]\nevent:\n  start: "2026-12-03 09:00"'
        '\n  end: "2026-12-03 11:30"\n---\n\n义诊。\n',
        encoding="utf-8",
    )
    assert build_site(site, site / "output").returncode == 0
    calendar = parse(site / "output/reports/timed/event.ics")
    zones = [str(z["TZID"]) for z in calendar.walk("VTIMEZONE")]
    assert zones == ["Asia/Shanghai"]
    event = next(iter(calendar.walk("VEVENT")))
    assert event["DTSTART"].params["TZID"] == "Asia/Shanghai"
    assert event.decoded("DTEND").hour == 11
    assert "DTSTART;TZID=Asia/Shanghai:20261203T090000" in (
        site / "output/reports/timed/event.ics"
    ).read_text(encoding="utf-8")


def test_uids_and_bytes_stay_the_same_across_builds(output: Path, tmp_path: Path) -> None:
    site = copy_sample_site(tmp_path)
    later = str(1795579200 + 86400 * 3)  # three days later: nothing about events changes
    assert build_site(site, tmp_path / "later", epoch=later).returncode == 0
    assert (tmp_path / "later/calendar.ics").read_bytes() == (output / "calendar.ics").read_bytes()


def test_per_event_files_hold_one_event(output: Path) -> None:
    for slug in WITH_EVENT:
        calendar = parse(output / f"reports/{slug}/event.ics")
        assert [str(e["UID"]) for e in calendar.walk("VEVENT")] == [f"{slug}@bulletin.example.cn"]
    assert not (output / "reports/xingfuli-swap-shop/event.ics").exists()


def test_event_days_are_real_dates(output: Path) -> None:
    for event in parse(output / "calendar.ics").walk("VEVENT"):
        assert isinstance(event.decoded("DTSTART"), date)
