"""What the Chinese calendar says about a day: lunar date, solar term and festivals (tyme4py).

tyme4py computes with the astronomical algorithm and agrees day for day with lunar-python over
1901–2099; its festival list is the curated public one, with no fortune-telling content.
"""

from __future__ import annotations

import calendar as gregorian
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from tyme4py.festival import LunarFestival, SolarFestival
from tyme4py.lunar import LunarDay
from tyme4py.solar import SolarDay, SolarTerm

from generator.pool import fork_map

# The names people use for the 11th and 12th lunar months.
MONTH_NAMES = {"十一月": "冬月", "十二月": "腊月", "闰十一月": "闰冬月", "闰十二月": "闰腊月"}
# Festivals with a second, official meaning worth showing.
ALSO_CALLED = {"重阳节": "重阳节（老年节）"}


@dataclass(frozen=True)
class Almanac:
    """The lunar and traditional facts of one Gregorian day."""

    lunar_month: str  # 正月 … 腊月, 闰六月
    lunar_day: str  # 初一 … 三十
    term: str  # the solar term beginning on this day, e.g. 立春, or ""
    festivals: tuple[str, ...]  # lunar and Gregorian festivals of this day

    @property
    def lunar_label(self) -> str:
        """What a calendar cell shows: the month's name on its first day, else the day."""
        return self.lunar_month if self.lunar_day == "初一" else self.lunar_day

    @property
    def lunar_date(self) -> str:
        return f"农历{self.lunar_month}{self.lunar_day}"


_known: dict[date, Almanac] = {}  # a memo of a pure function: tyme4py takes ~2 ms a day


def almanac(day: date) -> Almanac:
    found = _known.get(day)
    if found is None:
        _known.update(work_out_month(day.year, day.month))
        found = _known[day]
    return found


def known() -> dict[date, Almanac]:
    """Every day worked out so far, to keep with the build state (see `remember`)."""
    return dict(_known)


def remember(days: dict[date, Almanac]) -> None:
    """Take days worked out by an earlier build (its state), so as not to work them out again."""
    _known.update(days)


def learn(days: list[date], jobs: int) -> None:
    """Work out the almanac of `days` (whole months at a time) in `jobs` processes and
    remember it here, so that the render workers forked next inherit it instead of each
    working out the same days."""
    months = sorted({(day.year, day.month) for day in days if day not in _known})
    for found in fork_map(
        _work_out_months, [months[i : i + 6] for i in range(0, len(months), 6)], jobs
    ):
        _known.update(found)


def _work_out_months(months: list[tuple[int, int]]) -> dict[date, Almanac]:
    found: dict[date, Almanac] = {}
    for year, month in months:
        found.update(work_out_month(year, month))
    return found


def work_out_month(year: int, month: int) -> dict[date, Almanac]:
    """The almanac of every day of a month. Asking tyme4py day by day took 2 ms a day: here
    the lunar months are walked once, and the year's solar terms and festivals are looked
    up in tables made once per year (tests/test_almanac.py checks the two agree)."""
    terms, lunar_festivals, solar_festivals = _marks_of(year)
    lunar_month = SolarDay.from_ymd(year, month, 1).get_lunar_day().get_lunar_month()
    first = _date(lunar_month.get_first_julian_day().get_solar_day())
    found = {}
    for number in range(1, gregorian.monthrange(year, month)[1] + 1):
        day = date(year, month, number)
        while (day - first).days >= lunar_month.get_day_count():
            first = date.fromordinal(first.toordinal() + lunar_month.get_day_count())
            lunar_month = lunar_month.next(1)
        name = lunar_month.get_name()
        festivals = [f for f in (lunar_festivals.get(day), solar_festivals.get(day)) if f]
        found[day] = Almanac(
            lunar_month=MONTH_NAMES.get(name, name),
            lunar_day=LunarDay.NAMES[(day - first).days],
            term=terms.get(day, ""),
            festivals=tuple(ALSO_CALLED.get(f, f) for f in festivals),
        )
    return found


Marks = dict[date, str]


@lru_cache(maxsize=8)
def _marks_of(year: int) -> tuple[Marks, Marks, Marks]:
    """The days of `year` on which a solar term begins, and its lunar and solar festivals."""
    terms, lunar, solar = {}, {}, {}
    for cycle in (year, year + 1):  # a cycle of terms starts at the winter solstice before
        for index in range(len(SolarTerm.NAMES)):
            term = SolarTerm.from_index(cycle, index)
            terms[_date(term.get_julian_day().get_solar_day())] = term.get_name()
    for lunar_year in (year - 1, year):  # a lunar year ends in the next solar one
        for index in range(len(LunarFestival.NAMES)):
            festival = LunarFestival.from_index(lunar_year, index)
            if festival is not None:
                lunar[_date(festival.get_day().get_solar_day())] = festival.get_name()
    for index in range(len(SolarFestival.NAMES)):
        festival = SolarFestival.from_index(year, index)
        if festival is not None:
            solar[_date(festival.get_day())] = festival.get_name()
    return terms, lunar, solar


def _date(solar: SolarDay) -> date:
    return date(solar.get_year(), solar.get_month(), solar.get_day())
