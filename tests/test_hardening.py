"""What real folders and real editors produce: links to nowhere, pipes, stray line breaks,
blank titles, huge or deeply nested text, outputs that are links or mount points, a full or
read-only disk, a hand-edited output. Never a traceback, a hang or a half-updated site."""

from __future__ import annotations

import contextlib
import os
import subprocess
from collections.abc import Iterator
from pathlib import Path

import feedparser
import icalendar
import pytest
from builtsite import SAMPLE_EPOCH, copy_sample_site
from pdfcheck import missing_glyphs, page_count, pdf_text, squeeze
from runner import run_bulletin
from sitemaker import (
    EPOCH,
    SITE_YAML,
    assert_built,
    assert_failed,
    build,
    comparable,
    make_site,
    report_text,
    snapshot,
    write,
)

EVENT = "\n  start: 2025-06-03 09:00\n  end: 2025-06-03 11:00\n  location: 社区广场"


def check(site: Path) -> subprocess.CompletedProcess[str]:
    return run_bulletin("check", cwd=site, env={"SOURCE_DATE_EPOCH": "1748736000"})


# --- what an editor's folder holds besides files ------------------------------------------


def test_a_dangling_link_left_by_an_unsaved_emacs_buffer_is_skipped_with_a_warning(
    tmp_path: Path,
) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text()})
    (site / "content/reports/2025/.#a.md").symlink_to("user@host.123:1")
    (site / "data").mkdir()
    (site / "data/holidays").mkdir()
    (site / "data/holidays/2025.yaml").symlink_to("/nowhere/2025.yaml")
    (site / "themes/default/static").mkdir(parents=True)
    (site / "themes/default/static/gone.css").symlink_to("/nowhere.css")
    for result in (build(site), check(site)):
        assert result.returncode == 0, result.stderr
        assert "Traceback" not in result.stderr + result.stdout
        said = result.stderr + result.stdout
        assert ".#a.md" in said and "lock or backup" in said
        assert "2025.yaml" in said and "symbolic link" in said
    assert (tmp_path / "output/reports/a/index.html").is_file()


def test_a_pipe_or_a_link_to_a_device_in_content_is_never_opened(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text()})
    os.mkfifo(site / "content/reports/2025/pipe.md")
    (site / "content/reports/2025/zero.md").symlink_to("/dev/zero")
    # A new program with a time limit: had it opened either, it would hang or fill memory.
    result = build(site, fresh_process=True)
    assert result.returncode == 0, result.stderr
    assert "pipe.md: a named pipe: skipped" in result.stderr
    assert "zero.md: a symbolic link" in result.stderr


# --- text that is not one line, or blank --------------------------------------------------


@pytest.mark.parametrize(
    ("title", "shown"),
    [
        ("|\n  社区消防演练\n  第二行", "社区消防演练 第二行"),
        ('"社区消防\\r演练"', "社区消防 演练"),
    ],
    ids=["block", "carriage return"],
)
def test_a_title_written_over_several_lines_is_one_line_in_the_calendar(
    tmp_path: Path, title: str, shown: str
) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(title=title, event=EVENT)})
    assert_built(build(site))
    ics = (tmp_path / "output/reports/a/event.ics").read_bytes()
    assert b"\r" not in ics.replace(b"\r\n", b"")
    event = icalendar.Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(event["SUMMARY"]) == shown


def test_place_and_site_names_with_line_breaks_are_one_line(tmp_path: Path) -> None:
    config = SITE_YAML.replace("title: 测试快报", 'title: "测试\\n快报"').replace(
        "name: 幸福里社区", 'name: "幸福里\\r社区"'
    )
    site = make_site(tmp_path, reports={"2025/a.md": report_text(event=EVENT)}, site_yaml=config)
    assert_built(build(site))
    calendar = icalendar.Calendar.from_ical((tmp_path / "output/calendar.ics").read_bytes())
    assert str(calendar["X-WR-CALNAME"]) == "测试 快报活动"
    feed = feedparser.parse((tmp_path / "output/places/xingfuli/feed.xml").read_bytes())
    assert not feed.bozo and feed.feed.title.startswith("幸福里 社区")


@pytest.mark.parametrize("blank", ["'　'", "'   '", "'\u00a0'", '""'])
def test_a_blank_title_is_an_error_at_its_line(tmp_path: Path, blank: str) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(title=blank)})
    result = build(site)
    assert_failed(result)
    assert "a.md:2: title: is blank" in result.stderr


def test_a_blank_site_title_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, site_yaml=SITE_YAML.replace("title: 测试快报", "title: '　'"))
    result = build(site)
    assert_failed(result)
    assert "site.yaml:1: `title` is blank" in result.stderr


def test_noncharacters_never_reach_the_feed(tmp_path: Path) -> None:
    body = "正文\ufffe里有\uffff两个非字符。"
    site = make_site(tmp_path, reports={"2025/a.md": report_text(body=body)})
    assert_built(build(site))
    feed = feedparser.parse((tmp_path / "output/feed.xml").read_bytes())
    assert not feed.bozo, feed.bozo_exception
    assert "正文里有两个非字符" in feed.entries[0].content[0].value
    titled = {"2025/a.md": report_text(title="标\ufffe题")}
    in_title = make_site(tmp_path, name="titled", reports=titled)
    result = build(in_title, tmp_path / "titled-output")
    assert_failed(result)
    assert "a.md" in result.stderr


# --- one report that would multiply the output, or stall the parser -----------------------


def test_an_event_of_many_years_is_an_error_with_a_hint(tmp_path: Path) -> None:
    event = "\n  start: 2025-06-03\n  end: 2045-06-03"
    site = make_site(tmp_path, reports={"2025/a.md": report_text(event=event)})
    result = build(site)
    assert_failed(result)
    assert "event: lasts 7306 days; an event may last at most 366" in result.stderr
    assert "a.md:7:" in result.stderr and "check the year of `end:`" in result.stderr


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("[" * 20000, "more than 16 [ brackets inside each other"),
        ("\n".join("  " * n + "- 项" for n in range(300)), "nested more than 16 levels deep"),
        ("> " * 300 + "引用", "nested more than 16 levels deep"),
    ],
    ids=["brackets", "lists", "quotes"],
)
def test_text_nested_too_deep_is_an_error_at_its_line(
    tmp_path: Path, body: str, message: str
) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(body=body)})
    result = build(site)
    assert_failed(result)
    assert message in result.stderr
    assert "a.md:" in result.stderr


def test_a_huge_content_file_is_refused(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(body="字" * 400_000)})
    result = build(site)
    assert_failed(result)
    assert "a.md: the file is 1171 KB; a report or page may have at most 1024 KB" in result.stderr


# --- the output folder ----------------------------------------------------------------------


def test_a_folder_with_a_sitemap_that_bulletin_did_not_build_is_never_replaced(
    tmp_path: Path,
) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text()})
    upload = tmp_path / "upload"
    write(upload / "sitemap.xml", "<urlset/>")
    write(upload / "photos/a.jpg", b"\xff\xd8\xff\xd9")
    before = snapshot(upload)
    result = build(site, upload)
    assert_failed(result)
    assert "was not built by Bulletin" in result.stderr
    assert snapshot(upload) == before


def test_a_symlinked_output_updates_its_target_and_stays_a_link(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text()})
    web_root = tmp_path / "www"
    web_root.mkdir()
    link = tmp_path / "output-link"
    link.symlink_to(web_root)
    assert_built(build(site, link))
    assert link.is_symlink() and (web_root / "reports/a/index.html").is_file()
    (site / "content/reports/2025/a.md").write_text(report_text(title="新标题"), encoding="utf-8")
    assert_built(build(site, link))
    assert "新标题" in (web_root / "reports/a/index.html").read_text(encoding="utf-8")
    assert_built(build(site, link, "--clean"))
    assert link.is_symlink() and (web_root / ".bulletin-output").is_file()


@contextlib.contextmanager
def tmpfs(folder: Path, options: str = "") -> Iterator[Path]:
    """A fresh file system mounted on `folder` (needs root, as CI is)."""
    folder.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options or "size=64m", "tmpfs", str(folder)],
        capture_output=True,
        check=False,
    )
    if mounted.returncode != 0:
        pytest.skip(f"can't mount a tmpfs here: {mounted.stderr.decode().strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)


def test_an_output_that_is_a_mount_point_is_built_and_rebuilt(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text()})
    with tmpfs(tmp_path / "volume") as volume:
        assert_built(build(site, volume))
        assert (volume / "reports/a/index.html").is_file()
        assert_built(build(site, volume, "--clean"))
        assert sorted(p.name for p in volume.iterdir() if p.name.startswith(".")) == [
            ".bulletin-output"
        ]


def test_a_full_disk_is_one_clear_error_and_the_previous_site_stays(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text()})
    # Room for the site (the web editor's script alone is 5 MB), not for the big report's pages.
    with tmpfs(tmp_path / "small", "size=9m") as small:
        output = small / "site"
        assert_built(build(site, output))
        before = snapshot(output)
        write(site / "content/reports/2025/big.md", report_text(body="大" * 300_000))
        result = build(site, output, "--clean")
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert (
            "No space left on device" in result.stderr and "free some disk space" in result.stderr
        )
        assert snapshot(output) == before


def test_a_read_only_output_is_one_clear_error(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text()})
    with tmpfs(tmp_path / "readonly", "ro,size=1m") as readonly:
        result = build(site, readonly / "site")
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "Read-only file system" in result.stderr and "read-only" in result.stderr


# --- values a computer can't take ---------------------------------------------------------


def test_an_old_address_too_long_for_a_file_name_is_an_error(tmp_path: Path) -> None:
    alias = "[/" + "a" * 300 + "/]"
    site = make_site(tmp_path, reports={"2025/a.md": report_text(aliases=alias)})
    result = build(site)
    assert_failed(result)
    assert "a.md:5: aliases: bad old URL" in result.stderr


def test_a_number_of_five_thousand_digits_is_an_error_at_its_line(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(source="1" * 5000)})
    result = build(site)
    assert_failed(result)
    assert "a.md:5: `source` holds a number too long to be real" in result.stderr


def test_a_time_out_of_range_is_not_a_real_date(tmp_path: Path) -> None:
    event = "\n  start: 0001-01-01T00:00:00+14:00"
    site = make_site(tmp_path, reports={"2025/a.md": report_text(event=event)})
    result = build(site)
    assert_failed(result)
    assert "event.start:" in result.stderr and "not a real date" in result.stderr


# --- an output folder changed behind the cache's back ---------------------------------------


def test_a_page_deleted_by_hand_is_written_again(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text()})
    assert_built(build(site))
    page = tmp_path / "output/reports/a/index.html"
    good = page.read_bytes()
    page.unlink()
    (tmp_path / "output/index.html").write_text("被改坏了", encoding="utf-8")
    result = build(site)
    assert result.returncode == 0 and "Nothing changed" not in result.stdout
    assert page.read_bytes() == good
    assert "被改坏了" not in (tmp_path / "output/index.html").read_text(encoding="utf-8")


def test_an_older_cache_put_back_does_not_leave_wrong_pages(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(title="第一版")})
    assert_built(build(site))
    cache = site / ".bulletin-cache"
    saved = {p: p.read_bytes() for p in cache.glob("*") if p.is_file()}
    (site / "content/reports/2025/a.md").write_text(report_text(title="第二版"), encoding="utf-8")
    assert_built(build(site))
    (site / "content/reports/2025/a.md").write_text(report_text(title="第一版"), encoding="utf-8")
    for path, data in saved.items():  # the cache as it was after the first build
        path.write_bytes(data)
    assert_built(build(site))
    clean = tmp_path / "clean"
    assert_built(build(site, clean, "--clean"))
    assert comparable(tmp_path / "output") == comparable(clean)


# --- bodies ---------------------------------------------------------------------------------


def test_a_body_cannot_repeat_the_pages_own_ids(tmp_path: Path) -> None:
    body = '<p id="main">正文</p>\n\n脚注[^1]\n\n[^1]: 说明'
    site = make_site(tmp_path, reports={"2025/a.md": report_text(body=body)})
    assert_built(build(site))
    page = (tmp_path / "output/reports/a/index.html").read_text(encoding="utf-8")
    assert page.count('id="main"') == 1 and 'id="c-main"' in page
    assert 'href="#c-fn:1"' in page and 'id="c-fn:1"' in page


def test_a_picture_from_another_host_is_a_link_and_check_warns(tmp_path: Path) -> None:
    body = "![活动照片](https://tracker.example/p.gif)"
    site = make_site(tmp_path, reports={"2025/a.md": report_text(body=body)})
    result = check(site)
    assert "a.md:7:" in result.stdout and "picture from another host" in result.stdout
    assert result.returncode == 0, "a warning"
    build(site)
    page = (tmp_path / "output/reports/a/index.html").read_text(encoding="utf-8")
    assert "<img" not in page.split("<main")[1].split("</main>")[0]
    assert '<a href="https://tracker.example/p.gif" rel="noopener">活动照片</a>' in page


@pytest.mark.parametrize("name", ["a#1.png", "b?.png", "c%20d.png"])
def test_a_picture_whose_name_has_url_characters_is_found(tmp_path: Path, name: str) -> None:
    import io

    import lxml.html
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (800, 600), (30, 120, 60)).save(out, "PNG")
    body = f"![图]({'images/' + name})"
    site = make_site(
        tmp_path, reports={"2025/a.md": report_text(body=body)}, images={name: out.getvalue()}
    )
    assert check(site).returncode == 0
    assert_built(build(site))
    page = lxml.html.parse(str(tmp_path / "output/reports/a/index.html")).getroot()
    img = page.cssselect(".report__body img")[0]
    from urllib.parse import unquote

    for src in [img.get("src"), *(s.split()[0] for s in img.get("srcset").split(", "))]:
        with Image.open(tmp_path / "output" / unquote(src).lstrip("/")) as published:
            assert published.size[0] in (720, 800), src


# --- posters that used to lose text -----------------------------------------------------------


def print_poster(site: Path, slug: str, tmp_path: Path) -> tuple[Path, str]:
    pdf = tmp_path / f"{slug}.pdf"
    env = {"SOURCE_DATE_EPOCH": str(EPOCH)}
    done = run_bulletin("print", slug, "-o", str(pdf), "--site", str(site), cwd=tmp_path, env=env)
    assert done.returncode == 0, done.stderr
    return pdf, squeeze(pdf_text(pdf))


def test_a_long_paragraph_without_sentence_ends_is_cut_between_characters(
    tmp_path: Path,
) -> None:
    body = "居民们在广场上排队领取春联和福字" * 320 + "\n\n第二段再也放不下了。"
    site = make_site(tmp_path, reports={"2025/a.md": report_text(body=body)})
    pdf, text = print_poster(site, "a", tmp_path)
    assert page_count(pdf) == 1
    assert "居民们在广场上排队领取春联和福字" * 3 in text, "the body is not empty"
    assert "…" in text and "扫码阅读全文" in text
    assert "第二段" not in text


def test_a_wide_table_and_a_long_code_line_wrap_instead_of_being_cut(tmp_path: Path) -> None:
    row = "|" + "|".join(f"第{n}列的内容比较长" for n in range(1, 9)) + "|"
    table = "\n".join([row, "|" + "---|" * 8, row.replace("内容", "数据")])
    code = "    " + "x" * 300 + "END"
    site = make_site(tmp_path, reports={"2025/a.md": report_text(body=table + "\n\n" + code)})
    pdf, text = print_poster(site, "a", tmp_path)
    assert page_count(pdf) == 1
    assert "第8列" in text and text.count("比较长") >= 16, "every cell, whole"
    assert "xxxEND" in text


def test_emoji_and_rare_characters_print_with_a_font_that_has_them(tmp_path: Path) -> None:
    title = "𪚥𠀀邻里节😀"
    site = make_site(tmp_path, reports={"2025/a.md": report_text(title=title)})
    assert "no font on this computer" not in check(site).stdout
    pdf, _ = print_poster(site, "a", tmp_path)
    assert missing_glyphs(pdf, title) == set()


def test_a_character_no_font_has_is_a_located_warning_of_check(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(body="正文\U0010fffd。")})
    result = check(site)
    assert result.returncode == 0, "a warning: the website shows it with the reader's fonts"
    assert "a.md:7:3: warning: “\U0010fffd” (U+10FFFD" in result.stdout


# --- residents' numbers -----------------------------------------------------------------------


def test_check_flags_a_residents_phone_and_id_number_in_the_sample_site(tmp_path: Path) -> None:
    site = copy_sample_site(tmp_path)
    report = site / "content/reports/2025/xingfuli-swap-shop.md"
    text = report.read_text(encoding="utf-8")
    id_number = "11010519491231002X"  # a valid check digit, made up
    text = text.replace("王阿姨", f"王阿姨（电话13812345678，身份证{id_number}）", 1)
    report.write_text(text, encoding="utf-8")
    line = next(n for n, row in enumerate(text.splitlines(), 1) if "13812345678" in row)
    column = text.splitlines()[line - 1].index("13812345678") + 1
    result = run_bulletin("check", cwd=site, env={"SOURCE_DATE_EPOCH": SAMPLE_EPOCH})
    assert result.returncode == 1
    where = f"content/reports/2025/xingfuli-swap-shop.md:{line}"
    assert f"{where}:{column}: error: a mobile number, '13812345678'" in result.stdout
    assert f"{where}:{column + 15}: error: an ID card number, '{id_number}'" in result.stdout
    assert "138****5678" in result.stdout and "1101**********002X" in result.stdout
    built = build(site, tmp_path / "out")
    assert built.returncode == 1 and "13812345678" in built.stderr
    assert not (tmp_path / "out").exists(), "nothing published"
