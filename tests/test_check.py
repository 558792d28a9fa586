"""`bulletin check` lists every problem as `file:line:col: severity: message`, writes nothing,
and exits with status 1 only when there is an error; one test per check.

Every check runs the real command line from inside the site folder, so problems name files
as `content/reports/…`.
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

from builtsite import SAMPLE_EPOCH, copy_sample_site
from runner import run_bulletin
from sitemaker import EPOCH, PAGE_TEXT, SITE_YAML, make_site, report_text, snapshot


def _small_jpeg() -> bytes:
    """A real JPEG, 800×600: pictures are read and processed, not copied."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (800, 600), (200, 120, 40)).save(out, "JPEG")
    return out.getvalue()


JPEG = _small_jpeg()


def check(
    site: Path, *options: str, epoch: int | str = EPOCH, cwd: Path | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `bulletin check` as an editor would, in the site folder."""
    return run_bulletin("check", *options, cwd=cwd or site, env={"SOURCE_DATE_EPOCH": str(epoch)})


def assert_passed(result: subprocess.CompletedProcess[str]) -> None:
    assert result.returncode == 0, (result.returncode, result.stdout, result.stderr)
    assert "Traceback" not in result.stderr, result.stderr


def assert_errors(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)


def with_body(body: str, **fields: str) -> str:
    """A valid report whose body is `body`; with no `fields` the body starts on line 7."""
    return report_text(body=body, **fields)


# --- a clean site passes, and nothing is written -----------------------------------------


def test_sample_site_has_no_errors(tmp_path: Path) -> None:
    site = copy_sample_site(tmp_path)
    result = check(site, epoch=SAMPLE_EPOCH)
    assert_passed(result)
    assert "0 errors, 0 warnings in 44 files" in result.stdout


def test_check_writes_nothing_into_the_site_folder(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": with_body("[坏链接](/reports/nope/)")})
    before = snapshot(site)
    result = check(site)
    assert_errors(result)
    assert snapshot(site) == before
    assert not (site / "output").exists()


def test_small_valid_site_passes(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text()}, pages={"about.md": PAGE_TEXT})
    result = check(site)
    assert_passed(result)
    assert result.stdout.strip() == "0 errors, 0 warnings in 2 files"


# --- problems load_site finds are reported the same way ----------------------------------


def test_front_matter_problem_has_line_and_did_you_mean(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(places="[xingfuil]")})
    result = check(site)
    assert_errors(result)
    assert "content/reports/2025/a.md:4:1: error: places: unknown place 'xingfuil'" in (
        result.stdout
    )
    assert '    hint: did you mean "xingfuli" (幸福里社区)?' in result.stdout


def test_event_ending_before_it_starts_is_an_error(tmp_path: Path) -> None:
    event = '\n  start: "2025-03-05 10:00"\n  end: "2025-03-05 09:00"'
    site = make_site(tmp_path, reports={"2025/a.md": report_text(event=event)})
    result = check(site)
    assert_errors(result)
    assert "a.md:7:1: error: event.end: 2025-03-05 09:00:00 is before the start" in result.stdout


def test_duplicate_slug_is_an_error_without_a_line(tmp_path: Path) -> None:
    site = make_site(
        tmp_path, reports={"2025/a.md": report_text(), "2026/b.md": report_text(slug="a")}
    )
    result = check(site)
    assert_errors(result)
    assert "content/reports/2026/b.md: error: slug 'a' is already used by" in result.stdout


def test_alias_that_replaces_a_tag_page_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(aliases="[/tags/volunteering/]")})
    result = check(site)
    assert_errors(result)
    assert "a.md: error: aliases: /tags/volunteering/ is already a page" in (result.stdout)


def test_config_error_is_listed_without_a_traceback(tmp_path: Path) -> None:
    site = make_site(tmp_path, site_yaml=SITE_YAML + "per_pag: 10\n")
    result = check(site)
    assert_errors(result)
    line = len(SITE_YAML.splitlines()) + 1
    assert f"site.yaml:{line}:1: error: unknown setting `per_pag` in site.yaml" in result.stdout
    assert 'hint: did you mean "per_page"?' in result.stdout


def test_missing_site_yaml_is_listed(tmp_path: Path) -> None:
    result = check(tmp_path)
    assert_errors(result)
    assert "site.yaml: error: site.yaml not found" in result.stdout


def test_missing_theme_folder_is_listed(tmp_path: Path) -> None:
    site = make_site(tmp_path, site_yaml=SITE_YAML + "theme: mytheme\n")
    result = check(site)
    assert_errors(result)
    assert "site.yaml: error: theme folder themes/mytheme/ not found" in result.stdout


# --- links in the body -------------------------------------------------------------------


def test_link_to_unknown_report_names_line_and_column(tmp_path: Path) -> None:
    """Body lines are counted in the file: 5 front matter fields, `---`, a blank line."""
    body = "第一段。\n\n居民说：请看[上一篇](/reports/no-such-slug/)。"
    site = make_site(tmp_path, reports={"2025/a.md": with_body(body, tags="[volunteering]")})
    result = check(site)
    assert_errors(result)
    assert "content/reports/2025/a.md:10:13: error: link to unknown report 'no-such-slug'" in (
        result.stdout
    )


def test_link_to_misspelt_report_suggests_the_slug(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        reports={
            "2025/swap-shop.md": report_text(),
            "2025/b.md": with_body("见[置换铺](/reports/swap-shp/)"),
        },
    )
    result = check(site)
    assert_errors(result)
    assert "b.md:7:8: error: link to unknown report 'swap-shp'" in result.stdout
    assert 'hint: did you mean "swap-shop"?' in result.stdout


def test_link_to_unknown_page(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        reports={"2025/a.md": with_body("请阅读[关于本站](/pages/abuot/)")},
        pages={"about.md": PAGE_TEXT},
    )
    result = check(site)
    assert_errors(result)
    assert "a.md:7:11: error: link to unknown page 'abuot'" in result.stdout
    assert 'did you mean "about"?' in result.stdout


def test_link_to_unknown_place(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": with_body("[社区](/places/xingfuil/)")})
    result = check(site)
    assert_errors(result)
    assert "a.md:7:6: error: link to unknown place 'xingfuil'" in result.stdout
    assert 'did you mean "xingfuli" (幸福里社区)?' in result.stdout


def test_link_to_unknown_tag(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": with_body("[志愿](/tags/volunteer/)")})
    result = check(site)
    assert_errors(result)
    assert "a.md:7:6: error: link to unknown tag 'volunteer'" in result.stdout
    assert 'did you mean "volunteering" (志愿服务)?' in result.stdout


def test_link_by_the_sites_full_address_is_checked(tmp_path: Path) -> None:
    body = "[全文](https://bulletin.example.cn/reports/nope/)"
    site = make_site(tmp_path, reports={"2025/a.md": with_body(body)})
    result = check(site)
    assert_errors(result)
    assert "a.md:7:6: error: link to unknown report 'nope'" in result.stdout


def test_reference_definition_is_checked(tmp_path: Path) -> None:
    body = "见[标签][t]。\n\n[t]: /tags/nope/"
    site = make_site(tmp_path, reports={"2025/a.md": with_body(body)})
    result = check(site)
    assert_errors(result)
    assert "a.md:9:6: error: link to unknown tag 'nope'" in result.stdout


def test_links_that_exist_pass(tmp_path: Path) -> None:
    body = (
        "[另一篇](/reports/b/) [相对](../b/) [页面](../../pages/about/) "
        "[地点](/places/zhenhua/calendar/) [标签](/tags/elderly-care/feed.xml) "
        "[外站](https://example.org/reports/x/) [邮件](mailto:a@example.cn) [本页](#top)"
    )
    site = make_site(
        tmp_path,
        reports={"2025/a.md": with_body(body), "2025/b.md": report_text()},
        pages={"about.md": PAGE_TEXT},
    )
    assert_passed(check(site))


def test_link_to_an_old_address_passes(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        reports={
            "2025/a.md": with_body("[旧地址](/reports/old-name/)"),
            "2025/b.md": report_text(aliases="[/reports/old-name/]"),
        },
    )
    assert_passed(check(site))


def test_links_in_code_are_not_checked(tmp_path: Path) -> None:
    body = "`[x](/reports/nope/)`\n\n```\n[y](/tags/nope/)\n```"
    site = make_site(tmp_path, reports={"2025/a.md": with_body(body)})
    assert_passed(check(site))


def test_link_on_a_page_is_checked_relative_to_the_page(tmp_path: Path) -> None:
    page = PAGE_TEXT + "\n请阅读[如何投稿](../submit/)。\n"
    site = make_site(tmp_path, pages={"about.md": page})
    result = check(site)
    assert_errors(result)
    assert "content/pages/about.md:7:11: error: link to unknown page 'submit'" in result.stdout


def test_link_to_a_draft_is_a_warning(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        reports={
            "2025/a.md": with_body("[预告](/reports/b/)"),
            "2025/b.md": report_text(draft="true"),
        },
    )
    result = check(site)
    assert_passed(result)
    assert "a.md:7:6: warning: link to report 'b', which is not published" in result.stdout


def test_link_to_a_draft_passes_with_drafts(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        reports={
            "2025/a.md": with_body("[预告](/reports/b/)"),
            "2025/b.md": report_text(draft="true"),
        },
    )
    result = check(site, "--drafts")
    assert_passed(result)
    assert "0 errors, 0 warnings" in result.stdout


# --- pictures in the body ----------------------------------------------------------------


def test_missing_body_image_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": with_body("![合影](images/x.jpg)")})
    result = check(site)
    assert_errors(result)
    assert "a.md:7:7: error: image 'images/x.jpg' does not exist" in result.stdout


def test_missing_body_image_by_absolute_path_suggests_a_file(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        reports={"2025/a.md": with_body("![合影](/images/grup.jpg)")},
        images={"group.jpg": JPEG},
    )
    result = check(site)
    assert_errors(result)
    assert "a.md:7:7: error: image '/images/grup.jpg' does not exist" in result.stdout
    assert 'did you mean "images/group.jpg"?' in result.stdout


def test_body_image_outside_images_folder_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": with_body("![合影](photo.jpg)")})
    result = check(site)
    assert_errors(result)
    assert "a.md:7:7: error: image 'photo.jpg' is not inside content/images/" in result.stdout


def test_body_image_without_alt_text_is_an_error(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        reports={"2025/a.md": with_body("活动现场：![](images/x.jpg)")},
        images={"x.jpg": JPEG},
    )
    result = check(site)
    assert_errors(result)
    assert "a.md:7:6: error: image 'images/x.jpg' has no alt text" in result.stdout


def test_body_image_that_exists_with_alt_text_passes(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        reports={"2025/a.md": with_body("[![居民合影](images/x.jpg)](/reports/a/)")},
        images={"x.jpg": JPEG},
    )
    assert_passed(check(site))


# --- titles too long for a poster --------------------------------------------------------


def test_title_too_long_for_a_poster_is_a_warning_that_passes(tmp_path: Path) -> None:
    title = "幸福里社区" * 7  # 35 characters: four lines at the A4 poster's 48 pt
    site = make_site(tmp_path, reports={"2025/a.md": report_text(title=title)})
    result = check(site)
    assert_passed(result)
    assert "a.md:2:1: warning: title: too long for a poster: 4 lines on A4" in result.stdout
    assert "0 errors, 1 warning in 1 file" in result.stdout


def test_title_of_three_poster_lines_passes_without_warning(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(title="幸福里社区" * 6)})
    result = check(site)
    assert_passed(result)
    assert "0 errors, 0 warnings" in result.stdout


def test_warnings_and_errors_are_counted_apart(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        reports={"2025/a.md": with_body("[x](/tags/nope/)", title="幸福里社区" * 7)},
    )
    result = check(site)
    assert_errors(result)
    assert result.stdout.splitlines()[-1] == "1 error, 1 warning in 1 file"


# --- JSON --------------------------------------------------------------------------------


def test_json_lists_problems_with_paths_relative_to_the_site(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        reports={"2025/a.md": with_body("[x](/tags/nope/)", title="幸福里社区" * 7)},
    )
    result = check(site, "--site", "site", "--format", "json", cwd=tmp_path)
    assert_errors(result)
    data = json.loads(result.stdout)
    assert data == {
        "problems": [
            {
                "file": "content/reports/2025/a.md",
                "line": 2,
                "column": 1,
                "severity": "warning",
                "message": "title: too long for a poster: 4 lines on A4, at most 3 fit well",
                "hint": "shorten the title, or move part of it into `subtitle:`",
            },
            {
                "file": "content/reports/2025/a.md",
                "line": 7,
                "column": 5,
                "severity": "error",
                "message": "link to unknown tag 'nope'",
                "hint": "see site.yaml for the names",
            },
        ],
        "errors": 1,
        "warnings": 1,
    }


def test_json_gives_null_line_and_column_when_unknown(tmp_path: Path) -> None:
    result = check(tmp_path, "--format", "json")
    assert_errors(result)
    problem = json.loads(result.stdout)["problems"][0]
    assert (problem["file"], problem["line"], problem["column"]) == ("site.yaml", None, None)


def test_json_of_a_clean_site_has_no_problems(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text()})
    result = check(site, "--format", "json")
    assert_passed(result)
    assert json.loads(result.stdout) == {"problems": [], "errors": 0, "warnings": 0}
