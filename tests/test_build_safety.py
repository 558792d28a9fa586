"""A build never damages what is already there: the previous website, the site, other files.

It either replaces the whole output folder with a complete new site or leaves it exactly as
it was; and the same input always gives the same bytes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sitemaker import (
    PAGE_TEXT,
    assert_built,
    assert_failed,
    build,
    comparable,
    leftovers,
    make_site,
    report_text,
    snapshot,
    write,
)

from generator.errors import BulletinError
from generator.write.files import FolderWriter

GOOD = {
    "2025/swap-shop.md": report_text(tags="[volunteering]", reporters="[郑林]"),
    "2025/winter-care.md": report_text(
        title="冬日送温暖", date="2025-01-10", tags="[elderly-care]", reporters="[尚丽]"
    ),
}


# --- a failed build leaves the previous website as it was ---------------------------------


def test_failed_build_leaves_the_previous_site_byte_for_byte(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports=GOOD)
    output = tmp_path / "output"
    assert_built(build(site, output))
    before = snapshot(output)
    write(site / "content" / "reports" / "2025" / "swap-shop.md", report_text(date="2025-02-30"))
    assert_failed(build(site, output))
    assert snapshot(output) == before


def test_failed_build_leaves_no_staging_folder_behind(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports=GOOD)
    output = tmp_path / "output"
    assert_built(build(site, output))
    write(site / "content" / "reports" / "2025" / "swap-shop.md", report_text(date="2025-02-30"))
    assert_failed(build(site, output))
    assert leftovers(output) == []


def test_successful_rebuild_leaves_no_staging_folder_behind(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports=GOOD)
    output = tmp_path / "output"
    assert_built(build(site, output))
    assert_built(build(site, output))
    assert leftovers(output) == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["output", "site"]


def test_rebuild_removes_pages_of_deleted_reports(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports=GOOD)
    output = tmp_path / "output"
    assert_built(build(site, output))
    (site / "content" / "reports" / "2025" / "winter-care.md").unlink()
    assert_built(build(site, output))
    assert (output / "reports" / "swap-shop" / "index.html").is_file()
    assert not (output / "reports" / "winter-care").exists()


# --- --keep-going ---------------------------------------------------------------------------


def test_keep_going_publishes_the_good_reports_only(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={**GOOD, "2025/broken.md": report_text(date="2025-02-30")})
    output = tmp_path / "output"
    assert_failed(build(site, output, "--keep-going"))
    assert (output / "reports" / "swap-shop" / "index.html").is_file()
    assert (output / "reports" / "winter-care" / "index.html").is_file()
    assert not (output / "reports" / "broken").exists()
    assert not any(
        "broken" in data.decode("utf-8", "replace") for data in snapshot(output).values()
    )


def test_keep_going_lists_the_broken_file_and_exits_1(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={**GOOD, "2025/broken.md": report_text(date="2025-02-30")})
    result = build(site, tmp_path / "output", "--keep-going")
    assert_failed(result)
    assert "broken.md:3: date: '2025-02-30' is not a real date" in result.stderr
    assert "1 error; the files above were left out of the website." in result.stderr


# --- the output folder ----------------------------------------------------------------------


def test_output_equal_to_the_site_folder_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports=GOOD)
    before = snapshot(site)
    result = build(site, site)
    assert_failed(result)
    assert "contains the site itself" in result.stderr
    assert snapshot(site) == before
    assert (site / "content" / "reports" / "2025" / "swap-shop.md").is_file()


def test_output_folder_holding_other_files_is_refused_and_left_alone(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports=GOOD)
    mine = tmp_path / "mine"
    write(mine / "notes.txt", "我的笔记")
    write(mine / "photos" / "a.jpg", b"\xff\xd8\xff\xd9")
    before = snapshot(mine)
    result = build(site, mine)
    assert_failed(result)
    assert "is not empty and was not built by Bulletin" in result.stderr
    assert snapshot(mine) == before
    assert leftovers(mine) == []


def test_empty_output_folder_is_used(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports=GOOD)
    (tmp_path / "empty").mkdir()
    assert_built(build(site, tmp_path / "empty"))
    assert (tmp_path / "empty" / "reports" / "swap-shop" / "index.html").is_file()


# --- reproducible builds --------------------------------------------------------------------


def test_same_site_builds_to_identical_bytes(tmp_path: Path) -> None:
    """Different output folders and hash seeds, same SOURCE_DATE_EPOCH: the same files."""
    reports = {
        **GOOD,
        "2025/event.md": report_text(
            title="义诊进社区",
            date="2025-04-01",
            places="[zhenhua, xingfuli]",
            tags="[elderly-care, volunteering]",
            reporters="[郑林, 尚丽]",
            aliases="[/old/clinic/]",
            event="\n  start: 2025-04-03 09:00\n  end: 2025-04-03 11:30\n  location: 社区服务站",
        ),
    }
    site = make_site(tmp_path, reports=reports, pages={"about.md": PAGE_TEXT})
    for seed, output in (("1", "one"), ("2", "two")):
        fresh = build(site, tmp_path / output, env={"PYTHONHASHSEED": seed}, fresh_process=True)
        assert_built(fresh)
    one, two = comparable(tmp_path / "one"), comparable(tmp_path / "two")
    assert sorted(one) == sorted(two)
    assert [path for path in one if one[path] != two[path]] == []


def test_an_output_that_is_a_file_is_refused_and_the_file_kept(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text()})
    result = build(site, site / "site.yaml")
    assert_failed(result)
    assert "is a file; choose a folder" in result.stderr
    assert (site / "site.yaml").is_file()


# --- nothing is written outside the output folder -----------------------------------------


@pytest.mark.parametrize("relative", ["../escape.html", "/tmp/escape.html", "a/../../b", "", "./"])
def test_a_page_path_leading_outside_the_output_folder_is_refused(
    tmp_path: Path, relative: str
) -> None:
    output = tmp_path / "output"
    output.mkdir()
    with pytest.raises(BulletinError, match="refusing to write outside the output folder"):
        FolderWriter(output).write(relative, b"<p>x</p>")
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["output"]


def test_pages_are_written_below_the_output_folder_with_their_folders(tmp_path: Path) -> None:
    FolderWriter(tmp_path).write("print/places/a/2025-W03/a4/index.html", b"<p>sheet</p>")
    FolderWriter(tmp_path).write("print/places/a/2025-W03/a4/index.html", b"<p>new</p>")
    assert (tmp_path / "print/places/a/2025-W03/a4/index.html").read_bytes() == b"<p>new</p>"
