"""`bulletin new report|page` writes a file an editor can start from, never overwrites one,
and what it writes passes `bulletin check` once the text is written; one test per behaviour.

The build date of every run is 2025-06-01 (sitemaker.EPOCH), so new reports go to
content/reports/2025/.
"""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

import yaml
from runner import run_bulletin
from sitemaker import EPOCH, make_site, report_text

SLUG = "xing-fu-li-she-qu-chong-yang-jie-jing-lao-yan"


def bulletin(site: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """Run `bulletin ARGS…` in the site folder, as an editor would."""
    return run_bulletin(*args, cwd=site, env={"SOURCE_DATE_EPOCH": str(EPOCH)})


def refused(result: subprocess.CompletedProcess[str]) -> str:
    """The command exited with status 1 without a traceback; its error output."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)
    return result.stderr


def front_matter(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])


# --- new report ------------------------------------------------------------------------


def test_new_report_prints_the_path_made_from_the_titles_pinyin(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    result = bulletin(site, "new", "report", "幸福里社区重阳节敬老宴", "--place", "xingfuli")
    assert result.returncode == 0, result.stderr
    assert result.stdout == f"content/reports/2025/{SLUG}.md\n"
    assert (site / "content" / "reports" / "2025" / f"{SLUG}.md").is_file()


def test_new_report_front_matter(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    bulletin(site, "new", "report", "幸福里社区重阳节敬老宴", "--place", "xingfuli", "zhenhua")
    path = site / "content" / "reports" / "2025" / f"{SLUG}.md"
    assert front_matter(path) == {
        "title": "幸福里社区重阳节敬老宴",
        "date": date(2025, 6, 1),
        "places": ["xingfuli", "zhenhua"],
        "tags": [],
        "reporters": [],
        "draft": True,
    }


def test_new_report_writes_chinese_as_it_is(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    bulletin(site, "new", "report", "幸福里社区重阳节敬老宴", "--place", "xingfuli")
    text = (site / "content" / "reports" / "2025" / f"{SLUG}.md").read_text(encoding="utf-8")
    assert text.startswith("---\ntitle: 幸福里社区重阳节敬老宴\ndate: 2025-06-01\n")
    assert "places: [xingfuli]\n" in text
    assert "\\u" not in text


def test_new_report_has_a_chinese_placeholder_body(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    bulletin(site, "new", "report", "幸福里社区重阳节敬老宴", "--place", "xingfuli")
    text = (site / "content" / "reports" / "2025" / f"{SLUG}.md").read_text(encoding="utf-8")
    body = text.split("---\n", 2)[2]
    assert body.startswith("\n（在这里写正文：")


def test_new_report_fails_check_until_its_text_is_written(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    bulletin(site, "new", "report", "幸福里社区重阳节敬老宴", "--place", "xingfuli")
    path = site / "content" / "reports" / "2025" / f"{SLUG}.md"
    result = bulletin(site, "check")
    assert result.returncode == 1, result.stdout
    assert f"{SLUG}.md:10:1: error: the text is still the placeholder" in result.stdout
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split("（在这里写正文")[0] + "社区开展了敬老宴。\n", encoding="utf-8")
    result = bulletin(site, "check")
    assert result.returncode == 0, result.stdout
    assert "0 errors, 0 warnings in 1 file" in result.stdout


def test_new_report_without_a_place_says_so_and_fails_check(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    bulletin(site, "new", "report", "重阳节敬老宴")
    path = site / "content" / "reports" / "2025" / "chong-yang-jie-jing-lao-yan.md"
    assert "places: []  # 请填写 site.yaml 中的地点 id，例如 [xingfuli]\n" in path.read_text(
        encoding="utf-8"
    )
    result = bulletin(site, "check")
    assert result.returncode == 1
    assert "chong-yang-jie-jing-lao-yan.md:4:1: error: places: lists no place" in result.stdout


def test_date_option_chooses_the_year_folder(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    result = bulletin(
        site, "new", "report", "敬老宴", "--place", "xingfuli", "--date", "2024-10-11"
    )
    assert result.stdout == "content/reports/2024/jing-lao-yan.md\n"
    assert front_matter(site / result.stdout.strip())["date"].isoformat() == "2024-10-11"


def test_impossible_date_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    error = refused(bulletin(site, "new", "report", "敬老宴", "--date", "2025-02-30"))
    assert "error: --date: '2025-02-30' is not a real date" in error
    assert list((site / "content" / "reports").rglob("*.md")) == []


def test_slug_option_is_the_file_name(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    result = bulletin(site, "new", "report", "敬老宴", "--place", "xingfuli", "--slug", "feast")
    assert result.stdout == "content/reports/2025/feast.md\n"


def test_bad_slug_option_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    error = refused(bulletin(site, "new", "report", "敬老宴", "--slug", "Feast_2025"))
    assert "error: --slug: bad slug 'Feast_2025'" in error
    assert "lowercase ASCII letters, digits and hyphens" in error


def test_ascii_words_and_digits_of_the_title_are_kept(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    result = bulletin(site, "new", "report", "“365工作法”走进 Wi-Fi 小区", "--place", "xingfuli")
    assert result.stdout == "content/reports/2025/365-gong-zuo-fa-zou-jin-wi-fi-xiao-qu.md\n"


def test_long_title_is_cut_at_a_word_within_60_characters(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    title = "幸福里社区志愿者走进独居老人家中开展重阳节敬老爱老慰问活动"
    result = bulletin(site, "new", "report", title, "--place", "xingfuli")
    slug = Path(result.stdout.strip()).stem
    # with the next word, "-zhong", it would be 62 characters
    assert slug == "xing-fu-li-she-qu-zhi-yuan-zhe-zou-jin-du-ju-lao-ren-jia"


def test_title_without_letters_needs_a_slug(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    error = refused(bulletin(site, "new", "report", "！！！"))
    assert "error: can't make an address from the title '！！！'" in error
    assert "hint: pass --slug SLUG" in error


def test_misspelt_place_is_refused_with_did_you_mean(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    error = refused(bulletin(site, "new", "report", "敬老宴", "--place", "xingfuil"))
    assert "error: --place: unknown place 'xingfuil'" in error
    assert 'hint: did you mean "xingfuli" (幸福里社区)?' in error
    assert list((site / "content" / "reports").rglob("*.md")) == []


def test_existing_file_is_not_overwritten(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    first = bulletin(site, "new", "report", "幸福里社区重阳节敬老宴", "--place", "xingfuli")
    path = site / first.stdout.strip()
    path.write_text("编辑已经写好的报道", encoding="utf-8")
    error = refused(
        bulletin(site, "new", "report", "幸福里社区重阳节敬老宴", "--place", "xingfuli")
    )
    assert f"error: content/reports/2025/{SLUG}.md already exists" in error
    assert "hint: pass --slug with another address" in error
    assert path.read_text(encoding="utf-8") == "编辑已经写好的报道"


def test_slug_of_a_report_in_another_year_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2024/jing-lao-yan.md": report_text()})
    error = refused(bulletin(site, "new", "report", "敬老宴", "--place", "xingfuli"))
    assert "error: the address 'jing-lao-yan' is already used by" in error
    assert "2024/jing-lao-yan.md" in error
    assert "hint: pass --slug with another address, e.g. --slug jing-lao-yan-2" in error


def test_slug_given_in_another_reports_front_matter_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2024/feast.md": report_text(slug="jing-lao-yan")})
    error = refused(bulletin(site, "new", "report", "敬老宴", "--place", "xingfuli"))
    assert "error: the address 'jing-lao-yan' is already used by" in error
    assert "2024/feast.md" in error


def test_new_report_without_site_yaml_is_refused(tmp_path: Path) -> None:
    error = refused(bulletin(tmp_path, "new", "report", "敬老宴"))
    assert "site.yaml not found" in error


# --- new page --------------------------------------------------------------------------


def test_new_page_writes_title_and_description(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    result = bulletin(site, "new", "page", "contact", "--title", "联系我们")
    assert result.stdout == "content/pages/contact.md\n"
    assert front_matter(site / "content" / "pages" / "contact.md") == {
        "title": "联系我们",
        "description": "",
    }


def test_new_page_fails_check_until_its_text_is_written(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    bulletin(site, "new", "page", "contact", "--title", "联系我们")
    path = site / "content" / "pages" / "contact.md"
    assert "error: the text is still the placeholder" in bulletin(site, "check").stdout
    text = path.read_text(encoding="utf-8")
    path.write_text(text.split("（在这里写")[0] + "电话：0352-5550101。\n", encoding="utf-8")
    result = bulletin(site, "check")
    assert result.returncode == 0, result.stdout
    assert "0 errors, 0 warnings in 1 file" in result.stdout


def test_new_page_is_not_overwritten(tmp_path: Path) -> None:
    site = make_site(tmp_path, pages={"contact.md": "---\ntitle: 联系我们\n---\n\n电话。\n"})
    error = refused(bulletin(site, "new", "page", "contact"))
    assert "error: content/pages/contact.md already exists" in error
    text = (site / "content" / "pages" / "contact.md").read_text(encoding="utf-8")
    assert text == "---\ntitle: 联系我们\n---\n\n电话。\n"


def test_bad_page_name_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    error = refused(bulletin(site, "new", "page", "联系我们"))
    assert "error: bad page name '联系我们'" in error
