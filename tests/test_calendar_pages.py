"""Month calendars: the right days, the right activities on them, and readable on any screen."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml
from builtsite import (
    build_site,
    copy_sample_site,
    page_file,
    place_ancestors,
    report_front_matter,
    soup,
)
from playwright.sync_api import Browser
from sitemaker import assert_built, build, make_site, report_text
from webcheck import serve_directory

EXTRA_REPORTS = {
    "2025/xingfuli-double-ninth.md": """---
title: 幸福里社区重阳节敬老宴
date: 2025-10-29
places: [xingfuli]
tags: [elderly-care]
---

重阳节当天，社区为老人摆了敬老宴。
""",
    # published before the build date (2026-11-25), happening after it, over two days
    "2026/taian-winter-fire-drill.md": """---
title: 泰安社区将开展冬季消防演练
date: 2026-11-20
places: [taian]
tags: [safety]
event:
  start: 2026-12-03
  end: 2026-12-04
  location: 泰安社区广场
---

泰安社区将于12月3日至4日开展冬季消防演练，欢迎居民参加。
""",
    "2026/xingfuli-new-year-fair.md": """---
title: 幸福里社区新年集市
date: 2026-11-22
places: [xingfuli]
tags: [neighbours]
event:
  start: "2027-01-10 09:00"
  end: "2027-01-10 11:30"
  location: 幸福里社区活动室
---

新年集市，邻里置换。
""",
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample_site(tmp_path_factory.mktemp("calendar"))
    for name, text in EXTRA_REPORTS.items():
        (root / "content/reports" / name).write_text(text, encoding="utf-8")
    done = build_site(root, root / "output")
    assert done.returncode == 0, done.stderr
    return root / "output"


def cell(output: Path, page: str, day: str):
    return soup(page_file(output, page)).find("td", attrs={"data-date": day})


def activity_months(places: set[str] | None = None) -> set[str]:
    """The months with an event day, or the publication day of a report without an event, of
    the sample and extra reports (in `places`, with their descendants, when given)."""
    chains = place_ancestors()
    reports = list(report_front_matter().values())
    reports += [yaml.safe_load(text.split("---")[1]) for text in EXTRA_REPORTS.values()]
    months = set()
    for meta in reports:
        covered = {a for place in meta["places"] for a in chains[place]}
        if places is not None and not covered & places:
            continue
        event = meta.get("event")
        if event is None:
            months.add(str(meta["date"])[:7])
            continue
        first = date.fromisoformat(str(event["start"])[:10])
        last = date.fromisoformat(str(event.get("end", event["start"]))[:10])
        months |= {
            date.fromordinal(n).isoformat()[:7]
            for n in range(first.toordinal(), last.toordinal() + 1)
        }
    return months


def months_with_pages(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir() if p.is_dir()} if folder.is_dir() else set()


def test_a_month_has_a_calendar_page_only_when_something_happens_in_it(site: Path) -> None:
    assert months_with_pages(site / "calendar") == activity_months() | {"2026-11"}, (
        "the site's calendar also shows the current month"
    )
    assert page_file(site, "/calendar/").is_file()
    for place in place_ancestors():
        months = activity_months({place})
        assert months_with_pages(site / "places" / place / "calendar") == months, place
        assert page_file(site, f"/places/{place}/calendar/").is_file() == bool(months), place


def test_a_place_with_nothing_on_its_calendar_has_none_and_links_to_none(
    tmp_path: Path,
) -> None:
    # Every place of the sample has a report; here the community has none, its subdistrict one.
    site = make_site(tmp_path, reports={"2025/a.md": report_text(places="[zhenhua]")})
    assert_built(build(site))
    output = tmp_path / "output"
    assert not (output / "places/xingfuli/calendar").exists()
    quiet = soup(page_file(output, "/places/xingfuli/"))
    assert not quiet.find("a", href="/places/xingfuli/calendar/")
    busy = soup(page_file(output, "/places/zhenhua/"))
    assert busy.find("a", href="/places/zhenhua/calendar/")
    assert (output / "places/xingfuli/calendar.ics").is_file(), "a feed to subscribe to, still"


def test_a_place_calendar_opens_on_this_month_or_the_next_with_something(site: Path) -> None:
    entry = soup(page_file(site, "/places/taian/calendar/"))  # the drill is in 2026-12
    assert entry.find("td", attrs={"data-date": "2026-12-03"})
    past = soup(page_file(site, "/places/minfu/calendar/"))  # only past reports
    last = max(activity_months({"minfu"}))
    assert past.find("td", attrs={"data-date": f"{last}-01"})


def test_the_grid_starts_on_monday_and_is_an_accessible_table(site: Path) -> None:
    page = soup(page_file(site, "/calendar/2025-03/"))
    table = page.find("table", class_="month")
    assert table.caption.get_text().startswith("2025年3月")
    heads = [th.get_text() for th in table.thead.find_all("th")]
    assert heads == ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
    assert all(th["scope"] == "col" for th in table.thead.find_all("th"))
    first_row = table.tbody.find("tr").find_all("td")
    assert [td.get("data-date") for td in first_row][:6] == [None] * 5 + ["2025-03-01"]
    days = [td["data-date"] for td in table.find_all("td", attrs={"data-date": True})]
    assert days == [f"2025-03-{d:02d}" for d in range(1, 32)]


def test_a_day_shows_its_lunar_date_festivals_terms_and_holidays(site: Path) -> None:
    assert not page_file(site, "/calendar/2025-01/").exists(), "nothing happens in it"
    leifeng = cell(site, "/calendar/2026-03/", "2026-03-05")
    text = leifeng.get_text(" ", strip=True)
    assert "学雷锋纪念日" in text and "惊蛰" in text and "十七" in text
    national_day = cell(site, "/calendar/2025-10/", "2025-10-01")
    assert national_day.select_one(".day__holiday").get_text() == "休"
    assert "国庆节" in national_day.get_text()
    workday = cell(site, "/calendar/2025-09/", "2025-09-28")
    assert workday.select_one(".day__holiday").get_text() == "班"
    chongyang = cell(site, "/calendar/2025-10/", "2025-10-29")
    assert "重阳节（老年节）" in chongyang.get_text()
    first_of_month = cell(site, "/calendar/2025-12/", "2025-12-20")
    assert first_of_month.select_one(".day__lunar").get_text() == "冬月"


def test_activities_show_on_their_event_days_else_on_their_publication_date(site: Path) -> None:
    def links(page: str, day: str) -> set[str]:
        found = cell(site, page, day)
        return {a["href"] for a in found.select(".day__events a")} if found else set()

    drill = "/reports/taian-winter-fire-drill/"
    assert drill in links("/calendar/2026-12/", "2026-12-03")
    assert drill in links("/calendar/2026-12/", "2026-12-04")
    assert drill not in links("/calendar/2026-11/", "2026-11-20"), "not on its publication day"
    swap = "/reports/xingfuli-swap-shop/"  # no event: shown on its publication date
    assert swap in links("/calendar/2025-12/", "2025-12-02")


def test_a_place_calendar_counts_the_place_and_its_descendants(site: Path) -> None:
    chains = place_ancestors()
    assert "taian" in chains and "pingcheng" in chains["taian"]
    for place in ("taian", "yongtai", "pingcheng", "datong"):
        found = cell(site, f"/places/{place}/calendar/2026-12/", "2026-12-03")
        assert "/reports/taian-winter-fire-drill/" in {a["href"] for a in found.select("a")}
    assert not page_file(site, "/places/xingfuli/calendar/2026-12/").exists(), "nothing on it"


def test_today_is_marked_and_months_link_to_each_other(site: Path) -> None:
    today = cell(site, "/calendar/2026-11/", "2026-11-25")
    assert today["aria-current"] == "date"
    page = soup(page_file(site, "/calendar/2026-11/"))
    months = sorted(activity_months() | {"2026-11"})
    at = months.index("2026-11")
    assert page.find("a", rel="prev")["href"] == f"/calendar/{months[at - 1]}/"
    assert page.find("a", rel="next")["href"] == f"/calendar/{months[at + 1]}/"
    jump = {a["href"] for a in page.select(".jump a")}
    assert {"/calendar/2025-03/", "/calendar/2026-12/", "/calendar/2027-01/"} <= jump
    entry = soup(page_file(site, "/calendar/"))
    assert entry.find("td", attrs={"aria-current": "date"})["data-date"] == "2026-11-25"


def test_calendar_pages_link_their_feed_for_subscription_and_download(site: Path) -> None:
    page = soup(page_file(site, "/places/taian/calendar/2026-12/"))
    hrefs = {a["href"] for a in page.select(".subscribe a")}
    assert "webcal://bulletin.example.cn/places/taian/calendar.ics" in hrefs
    assert "/places/taian/calendar.ics" in hrefs


def test_upcoming_events_are_listed_nearest_first_and_past_ones_are_not(site: Path) -> None:
    home = soup(page_file(site, "/"))
    upcoming = [a["href"] for a in home.select(".upcoming__list a")]
    assert upcoming == ["/reports/taian-winter-fire-drill/", "/reports/xingfuli-new-year-fair/"]
    place = soup(page_file(site, "/places/yongtai/"))
    assert [a["href"] for a in place.select(".upcoming__list a")] == upcoming[:1]
    past = soup(page_file(site, "/places/nongnaner/"))
    assert past.select(".upcoming__list a") == []
    assert not past.select_one(".upcoming__empty").has_attr("hidden")


def test_a_report_with_an_event_offers_to_add_it_to_a_calendar(site: Path) -> None:
    page = soup(page_file(site, "/reports/taian-winter-fire-drill/"))
    assert page.find("a", string="加入日历")["href"] == "/reports/taian-winter-fire-drill/event.ics"
    assert (site / "reports/taian-winter-fire-drill/event.ics").is_file()


@pytest.fixture(scope="module")
def served(site: Path) -> Iterator[str]:
    with serve_directory(site) as url:
        yield url.rstrip("/")


@pytest.mark.parametrize("width", [360, 1280])
@pytest.mark.parametrize(
    "path", ["/calendar/2026-03/", "/calendar/2026-12/", "/places/pingcheng/calendar/2025-03/"]
)
def test_a_month_fits_the_screen_without_horizontal_scrolling(
    browser: Browser, served: str, path: str, width: int
) -> None:
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(served + path)
    widths = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    shown = page.locator("td.day:visible").count()
    page.close()
    assert widths[0] <= widths[1]
    if width == 360:
        assert 0 < shown < 28, "on a phone only the days with something are listed"
    else:
        assert shown >= 35, "on a desktop the whole grid is shown"


def test_the_readers_clock_moves_today_and_drops_events_that_have_ended(
    browser: Browser, served: str
) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.clock.set_fixed_time("2026-12-06T10:00:00+08:00")
    page.goto(served + "/")
    upcoming = page.locator(".upcoming__list a").all_inner_texts()
    assert upcoming == ["幸福里社区新年集市"]
    page.goto(served + "/calendar/2026-12/")
    marked = page.locator("td[aria-current=date]").get_attribute("data-date")
    page.goto(served + "/places/taian/")
    assert page.locator(".upcoming__list li").count() == 0
    assert page.locator(".upcoming__empty").is_visible()
    context.close()
    assert marked == "2026-12-06"
