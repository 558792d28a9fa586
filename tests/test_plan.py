"""The plan of a build: its units and their files, kept packed, read back exactly."""

from __future__ import annotations

import pickle

import pytest

from generator.model.plan import Plan, Strings, Unit

UNITS = [
    Unit("", "home"),
    Unit("reports/xingfuli-swap-shop/", "report", "xingfuli-swap-shop"),
    Unit("print/places/xingfuli/2025-W03/", "week_sheet", "2025-W03", 1, "xingfuli"),
    Unit("feed.xml", "feed"),
    Unit("people/zheng-lin/page/2/", "person", "zheng-lin", 2),
]


def test_a_plan_gives_back_its_units_and_their_files_in_order() -> None:
    plan = Plan.of(UNITS)
    assert len(plan) == len(UNITS)
    assert list(plan) == UNITS
    assert [plan[i] for i in range(len(UNITS))] == UNITS
    assert list(plan.files) == [unit.file for unit in UNITS]
    assert plan.files[0] == "index.html" and plan.files[3] == "feed.xml"


def test_a_plan_counts_its_units_by_kind() -> None:
    assert Plan.of([*UNITS, Unit("reports/b/", "report", "b")]).kinds() == {
        "home": 1,
        "report": 2,
        "week_sheet": 1,
        "feed": 1,
        "person": 1,
    }


def test_a_plan_survives_the_build_state_pickle() -> None:
    plan = pickle.loads(pickle.dumps(Plan.of(UNITS), protocol=pickle.HIGHEST_PROTOCOL))
    assert list(plan) == UNITS


def test_strings_index_like_a_list_of_strings() -> None:
    items = ["a", "", "公告栏", "b/c", ""]
    strings = Strings(items)
    assert list(strings) == items
    assert [strings[i] for i in range(-5, 5)] == items + items
    assert strings[1:4] == items[1:4] and strings[::-2] == items[::-2]
    assert "公告栏" in strings and "x" not in strings
    with pytest.raises(IndexError):
        strings[5]
    assert list(Strings()) == [] and len(Strings()) == 0
