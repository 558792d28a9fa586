"""What the Chinese calendar says about a day: lunar date, solar term and festivals (tyme4py).

tyme4py computes with the astronomical algorithm and agrees day for day with lunar-python over
1901–2099; its festival list is the curated public one, with no fortune-telling content.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tyme4py.solar import SolarDay

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


_known: dict[date, Almanac] = {}  # a memo of a pure function: tyme4py takes ~3 ms a day


def almanac(day: date) -> Almanac:
    found = _known.get(day)
    if found is None:
        found = _known[day] = work_out(day)
    return found


def known() -> dict[date, Almanac]:
    """Every day worked out so far, to keep with the build state (see `remember`)."""
    return dict(_known)


def remember(days: dict[date, Almanac]) -> None:
    """Take days worked out by an earlier build (its state), so as not to work them out again."""
    _known.update(days)


def learn(days: list[date], jobs: int) -> None:
    """Work out the almanac of `days` in `jobs` processes and remember it here, so that the
    render workers forked next inherit it instead of each working out the same days."""
    todo = [day for day in days if day not in _known]
    chunks = [todo[i : i + 64] for i in range(0, len(todo), 64)]
    for chunk, found in zip(chunks, fork_map(_work_out_all, chunks, jobs), strict=True):
        _known.update(zip(chunk, found, strict=True))


def _work_out_all(days: list[date]) -> list[Almanac]:
    return [work_out(day) for day in days]


def work_out(day: date) -> Almanac:
    solar = SolarDay.from_ymd(day.year, day.month, day.day)
    lunar = solar.get_lunar_day()
    month = lunar.get_lunar_month().get_name()
    term_day = solar.get_term_day()
    term = term_day.get_solar_term().get_name() if term_day.get_day_index() == 0 else ""
    festivals = [f.get_name() for f in (lunar.get_festival(), solar.get_festival()) if f]
    return Almanac(
        lunar_month=MONTH_NAMES.get(month, month),
        lunar_day=lunar.get_name(),
        term=term,
        festivals=tuple(ALSO_CALLED.get(name, name) for name in festivals),
    )
