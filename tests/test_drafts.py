"""Drafts and reports dated after the build date are not published, unless --drafts.

The build date comes from SOURCE_DATE_EPOCH, read in the site's time zone (2025-06-01 in
Asia/Shanghai for every test build). Held-back reports get a month, a reporter and a place
of their own, so "not in any list" covers the pages that would exist only because of them.
"""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import pytest
from sitemaker import BUILD_DATE, assert_built, build, make_site, report_text, snapshot

SHOWN = report_text(
    title="邻里置换铺开张", date="2025-03-05", tags="[volunteering]", reporters="[郑林]"
)
HELD_BACK = {
    "draft": report_text(
        title="还没写完的草稿",
        date="2025-04-10",
        places="[zhenhua]",
        tags="[volunteering]",
        reporters="[尚丽]",
        draft="true",
    ),
    "future": report_text(
        title="明天才发的报道",
        date="2025-06-02",
        places="[zhenhua]",
        tags="[volunteering]",
        reporters="[尚丽]",
    ),
}
TITLES = {"draft": "还没写完的草稿", "future": "明天才发的报道"}
MONTHS = {"draft": "archive/2025/04/index.html", "future": "archive/2025/06/index.html"}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(
        tmp_path_factory.mktemp("drafts"),
        reports={
            "2025/shown.md": SHOWN,
            "2025/held-draft.md": HELD_BACK["draft"],
            "2025/held-future.md": HELD_BACK["future"],
        },
    )


@pytest.fixture(scope="module")
def published(site: Path) -> dict[str, bytes]:
    assert_built(build(site, site.parent / "published"))
    return snapshot(site.parent / "published")


@pytest.fixture(scope="module")
def preview(site: Path) -> dict[str, bytes]:
    assert_built(build(site, site.parent / "preview", "--drafts"))
    return snapshot(site.parent / "preview")


def files_mentioning(files: dict[str, bytes], text: str) -> list[str]:
    return [path for path, data in files.items() if text.encode("utf-8") in data]


@pytest.mark.parametrize("kind", ["draft", "future"])
def test_held_back_report_has_no_page(published: dict[str, bytes], kind: str) -> None:
    assert f"reports/held-{kind}/index.html" not in published


@pytest.mark.parametrize("kind", ["draft", "future"])
def test_held_back_report_is_in_no_list_feed_or_sitemap(
    published: dict[str, bytes], kind: str
) -> None:
    assert files_mentioning(published, f"held-{kind}") == []
    assert files_mentioning(published, TITLES[kind]) == []


@pytest.mark.parametrize("kind", ["draft", "future"])
def test_held_back_report_makes_no_month_page(published: dict[str, bytes], kind: str) -> None:
    assert MONTHS[kind] not in published


def test_reporter_with_only_held_back_reports_has_no_page(published: dict[str, bytes]) -> None:
    assert "reporters/shang-li/index.html" not in published
    # The web editor offers every person of site.yaml as a reporter to choose: not a report.
    assert files_mentioning(published, "尚丽") in ([], ["admin/config.yml"])


def test_report_dated_on_the_build_day_in_the_site_time_zone_is_published(tmp_path: Path) -> None:
    """SOURCE_DATE_EPOCH is still the day before in UTC; the site's time zone decides."""
    tomorrow = BUILD_DATE + timedelta(days=1)
    site = make_site(
        tmp_path,
        reports={
            "2025/today.md": report_text(date=BUILD_DATE.isoformat()),
            "2025/tomorrow.md": report_text(date=tomorrow.isoformat()),
        },
    )
    assert_built(build(site, tmp_path / "output"))
    assert (tmp_path / "output" / "reports" / "today" / "index.html").is_file()
    assert not (tmp_path / "output" / "reports" / "tomorrow").exists()


def test_other_reports_are_published(published: dict[str, bytes]) -> None:
    assert "reports/shown/index.html" in published
    assert b"/reports/shown/" in published["feed.xml"]
    assert b"/reports/shown/" in published["sitemap.xml"]


@pytest.mark.parametrize("kind", ["draft", "future"])
def test_drafts_option_publishes_held_back_report(preview: dict[str, bytes], kind: str) -> None:
    assert f"reports/held-{kind}/index.html" in preview
    assert MONTHS[kind] in preview
    for listing in (
        "index.html",
        "feed.xml",
        "sitemap.xml",
        "places/zhenhua/index.html",
        "places/zhenhua/feed.xml",
        "tags/volunteering/index.html",
        "tags/volunteering/feed.xml",
        "reporters/shang-li/index.html",
    ):
        assert f"/reports/held-{kind}/".encode() in preview[listing], listing
