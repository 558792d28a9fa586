"""Incremental builds see every change: each index of the site model is tracked entry by entry,
and every other field of it is part of the fingerprint that makes every page render again."""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path

import pytest
from builtsite import SAMPLE_EPOCH
from webcheck import REPO_ROOT

from generator.incremental.stamps import fingerprint
from generator.incremental.tracking import (
    EVERYTHING,
    TODAY,
    TRACKED,
    changed_keys,
    key,
    snapshot,
    tracked,
)
from generator.load.config import load_config
from generator.load.site import load_site
from generator.model.items import CalendarData
from generator.model.site import Site


@pytest.fixture(scope="module")
def site() -> Site:
    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = SAMPLE_EPOCH
    try:
        return load_site(load_config(REPO_ROOT)).site
    finally:
        os.environ.pop("SOURCE_DATE_EPOCH")
        if before is not None:
            os.environ["SOURCE_DATE_EPOCH"] = before


def fields_of_site() -> list[str]:
    return [f.name for f in dataclasses.fields(Site)]


def test_every_field_of_the_site_is_tracked_or_fingerprinted() -> None:
    untracked = [name for name in fields_of_site() if name not in TRACKED]
    assert untracked == ["config", "build_time", "calendar"]


def with_one_more_entry(value):
    """The index with an entry added (a new key, or one more item)."""
    if isinstance(value, Mapping):
        return {**value, "zz-new": next(iter(value.values()), ())}
    return (*value, "zz-new")


@pytest.mark.parametrize("name", TRACKED)
def test_a_page_that_read_an_index_is_stale_when_it_changes(site: Site, name: str) -> None:
    view, reads = tracked(site)
    list(getattr(view, name))  # a page that lists the whole index
    assert key(name, EVERYTHING) in reads
    changed = dataclasses.replace(site, **{name: with_one_more_entry(getattr(site, name))})
    assert key(name, EVERYTHING) in changed_keys(snapshot(site), snapshot(changed))


@pytest.mark.parametrize(
    "change",
    [
        lambda s: {"config": dataclasses.replace(s.config, title="另一个标题")},
        lambda s: {"calendar": CalendarData(notices={2099: "通知"})},
    ],
    ids=["config", "calendar"],
)
def test_a_change_outside_the_indexes_changes_every_pages_fingerprint(site: Site, change) -> None:
    changed = dataclasses.replace(site, **change(site))
    assert fingerprint(changed, {}, [Path("themes")]) != fingerprint(site, {}, [Path("themes")])


def test_a_new_day_makes_stale_only_the_pages_that_read_the_day(site: Site) -> None:
    view, reads = tracked(site)
    assert view.today == site.today
    assert TODAY in reads
    quiet, untouched = tracked(site)
    list(quiet.reports)
    assert TODAY not in untouched
    tomorrow = dataclasses.replace(site, build_time=site.build_time + timedelta(days=1))
    assert TODAY in changed_keys(snapshot(site), snapshot(tomorrow))
    later = dataclasses.replace(site, build_time=site.build_time + timedelta(hours=1))
    assert TODAY not in changed_keys(snapshot(site), snapshot(later)), "the same day"
    themes = [Path("themes")]
    assert fingerprint(tomorrow, {}, themes) == fingerprint(site, {}, themes)
