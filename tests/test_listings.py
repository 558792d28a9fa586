"""Each report is listed where a resident would look for it: its places and their ancestors,
its tags, its reporters and photographers, and its month."""

from __future__ import annotations

from pathlib import Path

import pytest
from builtsite import (
    listed_reports,
    page_file,
    place_ancestors,
    report_front_matter,
    sample_config,
    soup,
)

from generator.render.context import page_window

REPORTS = report_front_matter()


def test_the_sample_has_about_forty_reports(sample_output: Path) -> None:
    assert len(REPORTS) >= 35
    for slug in REPORTS:
        assert page_file(sample_output, f"/reports/{slug}/").is_file(), slug


@pytest.mark.parametrize("place_id", sorted(place_ancestors()))
def test_a_place_lists_the_reports_of_itself_and_all_its_descendants(
    sample_output: Path, place_id: str
) -> None:
    chains = place_ancestors()
    expected = {
        f"/reports/{slug}/"
        for slug, meta in REPORTS.items()
        if any(place_id in chains[p] for p in meta["places"])
    }
    listed = listed_reports(sample_output, f"/places/{place_id}/")
    assert len(listed) == len(set(listed)), "a report is listed twice"
    assert set(listed) == expected


def test_place_lists_are_newest_first_and_paginated(sample_output: Path) -> None:
    listed = listed_reports(sample_output, "/places/pingcheng/")
    per_page = sample_config()["per_page"]
    assert len(listed) > per_page, "the sample needs a place with more than one page"
    assert page_file(sample_output, "/places/pingcheng/page/2/").is_file()
    dates = [REPORTS[url.split("/")[2]]["date"] for url in listed]
    assert dates == sorted(dates, reverse=True)


@pytest.mark.parametrize("tag", [t["slug"] for t in sample_config()["tags"]])
def test_a_tag_lists_exactly_its_reports(sample_output: Path, tag: str) -> None:
    expected = {f"/reports/{s}/" for s, meta in REPORTS.items() if tag in meta.get("tags", [])}
    assert expected, f"tag {tag} is never used"
    assert set(listed_reports(sample_output, f"/tags/{tag}/")) == expected


@pytest.mark.parametrize("person", sample_config()["people"], ids=lambda p: p["slug"])
def test_a_reporter_page_lists_what_they_wrote_or_photographed(
    sample_output: Path, person: dict
) -> None:
    expected = {
        f"/reports/{s}/"
        for s, meta in REPORTS.items()
        if person["name"] in (meta.get("reporters") or []) + (meta.get("photographers") or [])
    }
    assert set(listed_reports(sample_output, f"/reporters/{person['slug']}/")) == expected


def test_month_archives_list_reports_by_publication_month(sample_output: Path) -> None:
    months = {f"{meta['date']:%Y/%m}" for meta in REPORTS.values()}
    for month in months:
        expected = {
            f"/reports/{s}/" for s, meta in REPORTS.items() if f"{meta['date']:%Y/%m}" == month
        }
        assert set(listed_reports(sample_output, f"/archive/{month}/")) == expected
    archive = soup(page_file(sample_output, "/archive/"))
    linked = {a["href"] for a in archive.select("main a")}
    assert {f"/archive/{m}/" for m in months} <= linked


def test_the_report_page_shows_its_places_as_breadcrumbs_of_the_tree(sample_output: Path) -> None:
    page = soup(page_file(sample_output, "/reports/xingfuli-swap-shop/"))
    trail = [a.get_text() for a in page.select(".trails .trail a")]
    assert trail == ["大同市", "平城区", "振华街道", "幸福里社区"]


def test_the_report_page_shows_what_a_reader_needs(sample_output: Path) -> None:
    page = soup(page_file(sample_output, "/reports/xingfuli-swap-shop/"))
    text = page.get_text(" ", strip=True)
    meta = REPORTS["xingfuli-swap-shop"]
    assert page.h1.get_text() == meta["title"]
    assert meta["subtitle"] in text
    assert f"{meta['date'].year}年{meta['date'].month}月{meta['date'].day}日" in text
    assert "约" in text and "分钟" in text
    assert "来源：大同日报" in text
    assert {a.get_text() for a in page.select(".credits a")} >= set(meta["reporters"])
    assert page.select("a[rel=prev], a[rel=next]"), "previous/next links"
    assert page.select(".related li"), "related reports"
    assert len(page.find_all("h1")) == 1


def test_home_shows_latest_reports_districts_and_a_tag_cloud(sample_output: Path) -> None:
    home = soup(page_file(sample_output, "/"))
    latest = [a["href"] for a in home.select(".report-list a")]
    newest = sorted(REPORTS.items(), key=lambda kv: kv[1]["date"], reverse=True)
    assert latest[0] in {f"/reports/{s}/" for s, m in newest if m["date"] == newest[0][1]["date"]}
    assert "/places/pingcheng/" in {a["href"] for a in home.select("a")}
    assert len(home.select(".tag-cloud a")) == len(sample_config()["tags"])


@pytest.mark.parametrize(
    ("number", "count", "window"),
    [
        (1, 1, [1]),
        (4, 7, [1, 2, 3, 4, 5, 6, 7]),  # nothing left out
        (1, 10, [1, 2, 3, None, 10]),
        (5, 10, [1, 2, 3, 4, 5, 6, 7, None, 10]),  # page 2 shown rather than "…" for it
        (150, 300, [1, None, 148, 149, 150, 151, 152, None, 300]),
        (300, 300, [1, None, 298, 299, 300]),
    ],
)
def test_a_long_list_links_its_first_and_last_pages_and_two_either_side(
    number: int, count: int, window: list[int | None]
) -> None:
    """A city's list runs to hundreds of pages; each page links a handful, not all."""
    assert page_window(number, count) == window
