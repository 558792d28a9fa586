"""The Chinese calendar facts shown on month grids, checked against the official calendar."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from tyme4py.solar import SolarDay
from webcheck import REPO_ROOT

from generator.load.holidays import load_calendar_data
from generator.model.almanac import almanac

# The 24 solar terms of 2025 as published in the official calendar (中国天文年历 2025).
TERMS_2025 = {
    date(2025, 1, 5): "小寒", date(2025, 1, 20): "大寒", date(2025, 2, 3): "立春",
    date(2025, 2, 18): "雨水", date(2025, 3, 5): "惊蛰", date(2025, 3, 20): "春分",
    date(2025, 4, 4): "清明", date(2025, 4, 20): "谷雨", date(2025, 5, 5): "立夏",
    date(2025, 5, 21): "小满", date(2025, 6, 5): "芒种", date(2025, 6, 21): "夏至",
    date(2025, 7, 7): "小暑", date(2025, 7, 22): "大暑", date(2025, 8, 7): "立秋",
    date(2025, 8, 23): "处暑", date(2025, 9, 7): "白露", date(2025, 9, 23): "秋分",
    date(2025, 10, 8): "寒露", date(2025, 10, 23): "霜降", date(2025, 11, 7): "立冬",
    date(2025, 11, 22): "小雪", date(2025, 12, 7): "大雪", date(2025, 12, 21): "冬至",
}  # fmt: skip


@pytest.mark.parametrize(
    ("day", "month", "lunar_day", "festival"),
    [
        (date(2025, 1, 29), "正月", "初一", "春节"),
        (date(2025, 1, 28), "腊月", "廿九", "除夕"),  # 腊月 has 29 days: 除夕 on 廿九
        (date(2026, 2, 16), "腊月", "廿九", "除夕"),
        (date(2025, 2, 12), "正月", "十五", "元宵节"),
        (date(2025, 5, 31), "五月", "初五", "端午节"),
        (date(2025, 8, 29), "七月", "初七", "七夕节"),
        (date(2025, 9, 6), "七月", "十五", "中元节"),
        (date(2025, 10, 6), "八月", "十五", "中秋节"),
        (date(2025, 10, 29), "九月", "初九", "重阳节（老年节）"),
        (date(2026, 1, 26), "腊月", "初八", "腊八节"),
        (date(2026, 2, 17), "正月", "初一", "春节"),
    ],
)
def test_lunar_dates_and_traditional_festivals(day, month, lunar_day, festival) -> None:
    facts = almanac(day)
    assert (facts.lunar_month, facts.lunar_day) == (month, lunar_day)
    assert festival in facts.festivals


def test_the_first_day_of_a_lunar_month_shows_the_month_name() -> None:
    assert almanac(date(2025, 1, 29)).lunar_label == "正月"
    assert almanac(date(2026, 1, 19)).lunar_label == "腊月"
    assert almanac(date(2025, 12, 20)).lunar_label == "冬月"
    assert almanac(date(2025, 7, 25)).lunar_label == "闰六月"
    assert almanac(date(2025, 7, 26)).lunar_label == "初二"


def test_the_24_solar_terms_of_2025_fall_on_the_official_days() -> None:
    day, found = date(2025, 1, 1), {}
    while day.year == 2025:
        if term := almanac(day).term:
            found[day] = term
        day += timedelta(days=1)
    assert found == TERMS_2025


@pytest.mark.parametrize(
    ("day", "name"),
    [(date(2025, 1, 1), "元旦"), (date(2025, 3, 12), "植树节"), (date(2025, 5, 1), "劳动节"),
     (date(2025, 5, 4), "青年节"), (date(2025, 7, 1), "建党节"), (date(2025, 8, 1), "建军节"),
     (date(2025, 9, 10), "教师节"), (date(2025, 10, 1), "国庆节")],
)  # fmt: skip
def test_public_days(day: date, name: str) -> None:
    assert name in almanac(day).festivals


def test_commemorative_days_come_from_the_site_data() -> None:
    data, problems = load_calendar_data(REPO_ROOT)
    assert problems == []
    assert data.commemorative[(3, 5)] == "学雷锋纪念日"


def test_no_fortune_telling_reaches_the_calendar() -> None:
    day = date(2025, 1, 1)
    while day < date(2027, 1, 1):
        facts = almanac(day)
        assert not any(word in "".join(facts.festivals) for word in ("宜", "忌", "诞", "煞"))
        day += timedelta(days=1)


def test_holiday_files_agree_with_the_library_table_for_every_day() -> None:
    """The site's own 休/班 data, cross-checked against tyme4py's legal-holiday table."""
    data, problems = load_calendar_data(REPO_ROOT)
    assert problems == []
    assert set(data.notices) == {2025, 2026}
    day = date(2025, 1, 1)
    while day < date(2027, 1, 1):
        expected = SolarDay.from_ymd(day.year, day.month, day.day).get_legal_holiday()
        ours = data.holidays.get(day)
        assert (ours is None) == (expected is None), day
        if ours:
            assert ours.off == (not expected.is_work()), day
        day += timedelta(days=1)


def test_event_times_read_naturally() -> None:
    from datetime import datetime

    from generator.model.items import Event
    from generator.render.theme import event_when

    assert event_when(Event(datetime(2025, 3, 5, 0, 0), datetime(2025, 3, 5, 0, 30))) == (
        "2025年3月5日（周三） 0:00至0:30"
    )
    assert event_when(Event(datetime(2025, 3, 5, 9, 0), datetime(2025, 3, 6, 9, 5))) == (
        "2025年3月5日（周三） 9:00至2025年3月6日（周四） 9:05"
    )
    assert event_when(Event(date(2025, 3, 5), date(2025, 3, 7))) == (
        "2025年3月5日（周三）至2025年3月7日（周五）"
    )


def test_a_holiday_file_with_the_wrong_shape_is_an_error(tmp_path) -> None:
    (tmp_path / "data/holidays").mkdir(parents=True)
    (tmp_path / "data/holidays/2026.yaml").write_text(
        "notice: 通知\nholidays: 5\n", encoding="utf-8"
    )
    _, problems = load_calendar_data(tmp_path)
    assert [p.message for p in problems] == [
        "`holidays` must be a list of holidays, each with `name:`, `from:` and `to:`"
    ]


def asked_day_by_day(day: date) -> tuple[str, str, str, tuple[str, ...]]:
    """What tyme4py says of one day, asked the slow way: lunar month, day, term, festivals."""
    from tyme4py.solar import SolarDay

    solar = SolarDay.from_ymd(day.year, day.month, day.day)
    lunar = solar.get_lunar_day()
    term_day = solar.get_term_day()
    term = term_day.get_solar_term().get_name() if term_day.get_day_index() == 0 else ""
    festivals = [f.get_name() for f in (lunar.get_festival(), solar.get_festival()) if f]
    return lunar.get_lunar_month().get_name(), lunar.get_name(), term, tuple(festivals)


@pytest.mark.parametrize(
    "months",
    [
        [(year, month) for year in (2025, 2026) for month in range(1, 13)],
        [(1900, 1), (1900, 2), (1949, 10), (1984, 2), (2033, 11), (2034, 1), (2099, 12)],
    ],
    ids=["2025-2026", "edge months"],
)
def test_months_worked_out_at_once_agree_with_tyme4py_day_by_day(months) -> None:
    from generator.model.almanac import ALSO_CALLED, MONTH_NAMES, work_out_month

    for year, month in months:
        for day, found in work_out_month(year, month).items():
            lunar_month, lunar_day, term, festivals = asked_day_by_day(day)
            assert found.lunar_month == MONTH_NAMES.get(lunar_month, lunar_month), day
            assert found.lunar_day == lunar_day, day
            assert found.term == term, day
            assert found.festivals == tuple(ALSO_CALLED.get(f, f) for f in festivals), day
