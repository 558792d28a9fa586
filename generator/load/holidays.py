"""Read the site's calendar data: official holidays and make-up workdays (休/班), one file per
year in data/holidays/, and extra commemorative days in data/commemorative-days.yaml.

Holidays are announced each November by the State Council for the next year, so they are data
the site keeps, citing the notice; a library's table is only a cross-check.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

from generator.errors import Problem
from generator.i18n import _
from generator.load.files import list_files
from generator.load.yamlfile import LineDict, YamlSyntaxError, load_yaml
from generator.model.items import CalendarData, DayOff


def load_calendar_data(root: Path) -> tuple[CalendarData, list[Problem]]:
    """Read data/holidays/*.yaml and data/commemorative-days.yaml below the site `root`."""
    data, problems = CalendarData(), []
    listing = list_files(root / "data")
    problems += listing.skipped
    for path in listing.files:
        if path.parent == root / "data" / "holidays" and path.suffix == ".yaml":
            problems += _read_year(path, data)
        elif path == root / "data" / "commemorative-days.yaml":
            problems += _read_commemorative(path, data)
    return data, problems


def _load(path: Path) -> tuple[Any, list[Problem]]:
    try:
        return load_yaml(path.read_text(encoding="utf-8")), []
    except YamlSyntaxError as err:
        return None, [err.problem(path)]
    except UnicodeDecodeError:
        return None, [Problem(path, None, _("the file is not UTF-8 text"), _("save it as UTF-8"))]


def _read_year(path: Path, data: CalendarData) -> list[Problem]:
    doc, problems = _load(path)
    if problems:
        return problems
    if not path.stem.isdigit() or not isinstance(doc, LineDict):
        return [
            Problem(
                path,
                None,
                _("expected a file named YEAR.yaml with `notice:` and `holidays:`"),
                _("see data/holidays/2026.yaml for the format"),
            )
        ]
    year = int(path.stem)
    if not str(doc.get("notice", "")).strip():
        problems.append(
            Problem(
                path,
                doc.line,
                _("{field}: missing").format(field="notice"),
                _("name the State Council notice these dates come from"),
            )
        )
    data.notices[year] = str(doc.get("notice", "")).strip()
    holidays = doc.get("holidays") or []
    if not isinstance(holidays, list):
        return [
            *problems,
            Problem(
                path,
                doc.line_of("holidays"),
                _("`holidays` must be a list of holidays, each with `name:`, `from:` and `to:`"),
            ),
        ]
    for item in holidays:
        problems += _read_holiday(path, year, item, data)
    return problems


def _read_holiday(path: Path, year: int, item: Any, data: CalendarData) -> list[Problem]:
    if not isinstance(item, LineDict) or not item.get("name"):
        return [
            Problem(
                path,
                getattr(item, "line", None),
                _("each holiday needs `name:`, `from:` and `to:` (and maybe `workdays:`)"),
            )
        ]
    first, last = item.get("from"), item.get("to", item.get("from"))
    workdays = item.get("workdays") or []
    dates = [first, last, *workdays] if isinstance(workdays, list) else [first, last]
    if not all(isinstance(d, date) for d in dates) or not isinstance(workdays, list):
        return [
            Problem(
                path,
                item.line,
                _("{holiday}: dates must be written YYYY-MM-DD").format(holiday=item["name"]),
                _("e.g. `from: 2026-10-01`, `to: 2026-10-07`, `workdays: [2026-09-20]`"),
            )
        ]
    # A notice may start a holiday or set a make-up day in the last days of the year before
    # (元旦 2019 began on 2018-12-30, with 2018-12-29 a workday).
    near = all(year - 1 <= d.year <= year for d in (first, *workdays))
    if last < first or not near:
        return [
            Problem(
                path,
                item.line,
                _(
                    "{holiday}: the days must belong to {year} (or its eve) and `from` must "
                    "come before `to`"
                ).format(holiday=item["name"], year=year),
            )
        ]
    day = first
    while day <= last:
        data.holidays[day] = DayOff(str(item["name"]), off=True)
        day += timedelta(days=1)
    for workday in workdays:
        data.holidays[workday] = DayOff(str(item["name"]), off=False)
    return []


def _read_commemorative(path: Path, data: CalendarData) -> list[Problem]:
    doc, problems = _load(path)
    if problems:
        return problems
    for item in doc if isinstance(doc, list) else [None]:
        when = str(item.get("date", "")) if isinstance(item, LineDict) else ""
        try:
            month, day = (int(part) for part in when.split("-"))
            date(2000, month, day)  # a leap year, so 02-29 is allowed
        except ValueError:
            problems.append(
                Problem(
                    path,
                    getattr(item, "line", None),
                    _("bad day {day}: write `date: MM-DD` and `name:`").format(day=repr(when)),
                )
            )
            continue
        data.commemorative[(month, day)] = str(item.get("name", "")).strip()
    return problems
