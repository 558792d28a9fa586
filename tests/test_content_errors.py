"""Problems in reports are reported as `file:line: field: …` with a hint, one test per case.

Every build here runs the real command line; a broken report makes it exit with status 1,
list the problem without a traceback, and publish nothing.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sitemaker import (
    assert_built,
    assert_failed,
    build,
    make_site,
    report_text,
    snapshot,
)

# --- front matter -------------------------------------------------------------------------


def test_missing_title_names_the_file_and_the_field(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        reports={"2025/a.md": "---\ndate: 2025-03-05\nplaces: [xingfuli]\n---\n\n正文。\n"},
    )
    result = build(site)
    assert_failed(result)
    assert re.search(r"a\.md:[12]: title: missing", result.stderr), result.stderr
    assert "add a line `title: …`" in result.stderr


def test_missing_date_names_the_file_and_the_field(tmp_path: Path) -> None:
    site = make_site(
        tmp_path, reports={"2025/a.md": "---\ntitle: 标题\nplaces: [xingfuli]\n---\n\n正文。\n"}
    )
    result = build(site)
    assert_failed(result)
    assert re.search(r"a\.md:[12]: date: missing", result.stderr), result.stderr


def test_impossible_date_names_its_line(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(date="2025-02-30")})
    result = build(site)
    assert_failed(result)
    assert "a.md:3: date: '2025-02-30' is not a real date" in result.stderr


def test_unknown_field_suggests_the_closest_field(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(evnt="\n  start: 2025-03-05")})
    result = build(site)
    assert_failed(result)
    assert "a.md:5: evnt: unknown field" in result.stderr
    assert 'did you mean "event"?' in result.stderr


def test_tags_that_are_not_a_list_are_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(tags="5")})
    result = build(site)
    assert_failed(result)
    assert "a.md:5: tags: must be a list" in result.stderr


def test_draft_that_is_not_true_or_false_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(draft='"yes"')})
    result = build(site)
    assert_failed(result)
    assert "a.md:5: draft: must be true or false, not 'yes'" in result.stderr


def test_yaml_syntax_error_names_its_line(tmp_path: Path) -> None:
    text = "---\ntitle: 标题\ndate: 2025-03-05\nplaces: [xingfuli]\nsubtitle: 一: 二\n---\n"
    site = make_site(tmp_path, reports={"2025/a.md": text})
    result = build(site)
    assert_failed(result)
    assert "a.md:5: YAML syntax error" in result.stderr


def test_file_without_front_matter_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": "标题\n\n只有正文，没有字段。\n"})
    result = build(site)
    assert_failed(result)
    assert "a.md:1: no front matter found" in result.stderr


def test_front_matter_that_is_never_closed_is_an_error(tmp_path: Path) -> None:
    text = "---\ntitle: 标题\ndate: 2025-03-05\nplaces: [xingfuli]\n\n正文。\n"
    site = make_site(tmp_path, reports={"2025/a.md": text})
    result = build(site)
    assert_failed(result)
    assert "a.md:1: the front matter is never closed" in result.stderr


def test_file_that_is_not_utf8_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text().encode("gb18030")})
    result = build(site)
    assert_failed(result)
    assert "a.md: the file is not UTF-8 text" in result.stderr


# --- places, tags and people must be registered in site.yaml -----------------------------


def test_misspelt_place_id_suggests_the_id_and_its_name(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(places="[xingfuil]")})
    result = build(site)
    assert_failed(result)
    assert "a.md:4: places: unknown place 'xingfuil'" in result.stderr
    assert 'did you mean "xingfuli" (幸福里社区)?' in result.stderr


@pytest.mark.parametrize("name", ["幸福里社区", "幸福里"])
def test_place_given_by_its_chinese_name_suggests_the_id(tmp_path: Path, name: str) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(places=f"[{name}]")})
    result = build(site)
    assert_failed(result)
    assert f"a.md:4: places: unknown place '{name}'" in result.stderr
    assert 'did you mean "xingfuli" (幸福里社区)?' in result.stderr


def test_unknown_tag_suggests_the_closest_tag_slug(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(tags="[volunteer]")})
    result = build(site)
    assert_failed(result)
    assert "a.md:5: tags: unknown tag 'volunteer'" in result.stderr
    assert 'did you mean "volunteering"' in result.stderr


def test_unknown_reporter_suggests_the_closest_registered_name(tmp_path: Path) -> None:
    """郑琳 for 郑林: one character of a two-character name is the typical slip."""
    site = make_site(tmp_path, reports={"2025/a.md": report_text(reporters="[郑琳]")})
    result = build(site)
    assert_failed(result)
    assert "a.md:5: reporters: unknown person '郑琳'" in result.stderr
    assert 'did you mean "郑林"' in result.stderr


# --- every problem of a build at once -----------------------------------------------------


def test_all_broken_files_are_reported_in_one_run(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        reports={
            "2025/no-title.md": "---\ndate: 2025-03-05\nplaces: [xingfuli]\n---\n\n正文。\n",
            "2025/good.md": report_text(),
            "2025/bad-date.md": report_text(date="2025-13-01"),
            "2026/bad-place.md": report_text(places="[nowhere]"),
        },
    )
    result = build(site, tmp_path / "output")
    assert_failed(result)
    assert re.search(r"no-title\.md:\d+: title: missing", result.stderr), result.stderr
    assert "bad-date.md:3: date:" in result.stderr
    assert "bad-place.md:4: places:" in result.stderr
    assert "good.md" not in result.stderr
    assert "3 errors; nothing was published." in result.stderr
    assert not (tmp_path / "output").exists()


# --- events --------------------------------------------------------------------------------


def test_event_ending_before_it_starts_names_the_end_line(tmp_path: Path) -> None:
    event = "\n  start: 2025-03-05 09:00\n  end: 2025-03-04 11:00"
    site = make_site(tmp_path, reports={"2025/a.md": report_text(event=event)})
    result = build(site)
    assert_failed(result)
    assert "a.md:7: event.end:" in result.stderr
    assert "before the start" in result.stderr


# --- slugs ---------------------------------------------------------------------------------


def test_two_reports_with_the_same_slug_name_both_files(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        reports={
            "2025/first.md": report_text(slug="swap-shop"),
            "2026/second.md": report_text(slug="swap-shop"),
        },
    )
    result = build(site)
    assert_failed(result)
    problem = next(line for line in result.stderr.splitlines() if "swap-shop" in line)
    assert "first.md" in problem
    assert "second.md" in problem


@pytest.mark.parametrize("slug", ["../../etc", "中文", "Swap_Shop", "/etc"])
def test_slug_that_is_not_lowercase_ascii_and_hyphens_is_an_error(
    tmp_path: Path, slug: str
) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(slug=f'"{slug}"')})
    result = build(site)
    assert_failed(result)
    assert f"a.md:5: slug: bad slug {slug!r}" in result.stderr


def test_bad_slug_writes_nothing_outside_the_output_folder(tmp_path: Path) -> None:
    """Even with --keep-going, which publishes the rest of the site."""
    site = make_site(
        tmp_path,
        reports={"2025/a.md": report_text(slug="../../escaped"), "2025/good.md": report_text()},
    )
    before = snapshot(tmp_path)
    result = build(site, tmp_path / "output", "--keep-going")
    assert_failed(result)
    assert (tmp_path / "output" / "reports" / "good" / "index.html").is_file()
    after = {
        path: data
        for path, data in snapshot(tmp_path).items()
        # the output, and the build cache that lives in the site's hidden folder
        if not path.startswith(("output/", "site/.bulletin-cache/"))
    }
    assert after == before
    assert not any("escaped" in path for path in snapshot(tmp_path / "output"))


def test_file_name_that_is_not_a_slug_asks_to_rename_or_add_slug(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/春节慰问.md": report_text()})
    result = build(site)
    assert_failed(result)
    assert "春节慰问.md: the file name '春节慰问' can't be a URL slug" in result.stderr
    assert "rename the file or add `slug:`" in result.stderr


def test_file_name_that_is_not_a_slug_is_fine_with_a_slug_field(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/春节慰问.md": report_text(slug="spring-visit")})
    assert_built(build(site))
    assert (tmp_path / "output" / "reports" / "spring-visit" / "index.html").is_file()


# --- aliases (old URLs) ---------------------------------------------------------------------


def test_alias_writes_a_redirect_page_to_the_report(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/swap-shop.md": report_text(aliases="[/old/path/]")})
    assert_built(build(site))
    page = (tmp_path / "output" / "old" / "path" / "index.html").read_text(encoding="utf-8")
    assert '<meta http-equiv="refresh" content="0; url=/reports/swap-shop/">' in page
    assert '<link rel="canonical" href="https://bulletin.example.cn/reports/swap-shop/">' in page


@pytest.mark.parametrize("alias", ["/old/../../x/", "/../outside/", "/old/.."])
def test_alias_with_dot_dot_is_an_error(tmp_path: Path, alias: str) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(aliases=f"['{alias}']")})
    result = build(site)
    assert_failed(result)
    assert f"a.md:5: aliases: bad old URL {alias!r}" in result.stderr


def test_alias_equal_to_another_reports_url_is_an_error(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        reports={"2025/a.md": report_text(aliases="[/reports/b/]"), "2025/b.md": report_text()},
    )
    result = build(site)
    assert_failed(result)
    assert "a.md" in result.stderr
    assert "aliases: '/reports/b/' is already a page of this site" in result.stderr


# --- images --------------------------------------------------------------------------------


def _small_jpeg() -> bytes:
    """A real JPEG, 800×600: pictures are read and processed, not copied."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


JPEG = _small_jpeg()


def test_image_outside_content_images_is_an_error(tmp_path: Path) -> None:
    images = "\n  - src: ../../site.yaml\n    alt: 站点设置"
    site = make_site(tmp_path, reports={"2025/a.md": report_text(images=images)})
    result = build(site)
    assert_failed(result)
    assert "a.md:6: images.src: '../../site.yaml' is not inside content/images/" in result.stderr


def test_image_outside_content_images_is_never_copied(tmp_path: Path) -> None:
    """--keep-going publishes the rest; no file of the output holds site.yaml's bytes."""
    images = "\n  - src: ../../site.yaml\n    alt: 站点设置"
    site = make_site(
        tmp_path, reports={"2025/a.md": report_text(images=images), "2025/good.md": report_text()}
    )
    assert_failed(build(site, tmp_path / "output", "--keep-going"))
    secret = (site / "site.yaml").read_bytes()
    published = snapshot(tmp_path / "output")
    assert "reports/good/index.html" in published
    assert not any(data == secret for data in published.values())


def test_image_symlinked_from_outside_the_site_is_not_published(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        reports={"2025/a.md": report_text(images="\n  - src: images/leak.jpg\n    alt: 泄露")},
    )
    (tmp_path / "secret.txt").write_text("password", encoding="utf-8")
    (site / "content" / "images" / "leak.jpg").symlink_to(tmp_path / "secret.txt")
    result = build(site)
    assert_failed(result)
    assert "a.md:6: images.src: 'images/leak.jpg' does not exist" in result.stderr


def test_missing_image_file_is_an_error(tmp_path: Path) -> None:
    images = "\n  - src: images/nope.jpg\n    alt: 活动现场"
    site = make_site(
        tmp_path, reports={"2025/a.md": report_text(images=images)}, images={"there.jpg": JPEG}
    )
    result = build(site)
    assert_failed(result)
    assert "a.md:6: images.src: 'images/nope.jpg' does not exist" in result.stderr


def test_image_without_alt_text_is_an_error(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        reports={
            "2025/a.md": report_text(images="\n  - src: images/there.jpg\n    caption: 活动现场")
        },
        images={"there.jpg": JPEG},
    )
    result = build(site)
    assert_failed(result)
    assert "a.md:6: images: 'images/there.jpg' has no alt text" in result.stderr


def test_image_with_alt_text_is_published(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        reports={
            "2025/a.md": report_text(
                images="\n  - src: images/there.jpg\n    alt: 居民在置换铺挑选物品"
            )
        },
        images={"there.jpg": JPEG},
    )
    assert_built(build(site))
    published = (tmp_path / "output" / "images" / "there.jpg").read_bytes()
    assert published.startswith(b"\xff\xd8") and published != JPEG  # processed, not copied
    page = (tmp_path / "output" / "reports" / "a" / "index.html").read_text(encoding="utf-8")
    assert '<img src="/images/there.jpg" srcset="' in page
    assert 'alt="居民在置换铺挑选物品"' in page


def test_two_aliases_for_the_same_output_file_are_an_error(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        reports={
            "a.md": report_text(aliases="[/old/]"),
            "b.md": report_text(aliases="[/old/index.html]"),
        },
    )
    result = build(site, tmp_path / "out")
    assert_failed(result)
    assert "b.md" in result.stderr and "'/old/index.html' is already a page" in result.stderr


# --- found in review: inputs that must be refused, not crash or misbehave -------------------


def test_yaml_aliases_are_refused_so_a_few_lines_cannot_explode(tmp_path: Path) -> None:
    bomb = "".join(f"l{i}: &l{i} [{', '.join([f'*l{i - 1}'] * 9)}]\n" for i in range(1, 9))
    text = "---\ntitle: 标题\ndate: 2025-03-05\nplaces: [xingfuli]\nl0: &l0 [x]\n" + bomb + "---\n"
    site = make_site(tmp_path, reports={"2025/a.md": text})
    result = build(site)
    assert_failed(result)
    assert "a.md:6: YAML aliases (*name) are not allowed here" in result.stderr


def test_a_field_given_twice_is_an_error(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        reports={"2025/a.md": report_text(title2="x").replace("title2: x", "title: 第二个标题")},
    )
    result = build(site)
    assert_failed(result)
    assert "a.md:5: `title` is given twice" in result.stderr


def test_an_invisible_control_character_in_a_title_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(title='"标\\u0001题"')})
    result = build(site)
    assert_failed(result)
    assert "a.md:2: `title` contains an invisible control character" in result.stderr


def test_a_control_character_in_a_body_is_dropped_and_the_feed_stays_valid(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(body="正文\x01内容。")})
    assert_built(build(site, tmp_path / "output"))
    feed = (tmp_path / "output/feed.xml").read_text(encoding="utf-8")
    assert "正文内容。" in feed


def test_an_implausible_year_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(date="0001-01-03")})
    result = build(site)
    assert_failed(result)
    assert "a.md:3: date: the year 1 is not plausible" in result.stderr


def test_an_alias_that_would_turn_a_generated_file_into_a_folder_is_an_error(
    tmp_path: Path,
) -> None:
    for alias in ("/feed.xml/", "/static/style.css/"):
        site = make_site(
            tmp_path,
            reports={"2025/a.md": report_text(aliases=f"[{alias}]")},
            name=f"site{len(alias)}",
        )
        result = build(site, tmp_path / f"out{len(alias)}")
        assert_failed(result)
        assert f"aliases: {alias} is already a page of this site" in result.stderr


def test_svg_pictures_from_content_are_not_published(tmp_path: Path) -> None:
    svg = b"<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>"
    site = make_site(tmp_path, reports={"2025/a.md": report_text()}, images={"x.svg": svg})
    assert_built(build(site, tmp_path / "output"))
    assert not (tmp_path / "output/images/x.svg").exists()


def test_an_event_time_with_an_offset_is_shown_in_the_sites_time_zone(tmp_path: Path) -> None:
    site = make_site(
        tmp_path, reports={"2025/a.md": report_text(event="\n  start: 2025-03-05T09:00:00Z")}
    )
    assert_built(build(site, tmp_path / "output"))
    page = (tmp_path / "output/reports/a/index.html").read_text(encoding="utf-8")
    assert "2025年3月5日（周三） 17:00" in page


def test_an_event_whose_fields_were_all_cleared_is_no_event(tmp_path: Path) -> None:
    """The web editor writes `start: ""` when an editor clears the event's date."""
    event = '\n  start: ""\n  end: ""\n  location: ""'
    site = make_site(tmp_path, reports={"2025/a.md": report_text(event=event)})
    assert_built(build(site))
    assert not (tmp_path / "output" / "reports" / "a" / "event.ics").exists()
