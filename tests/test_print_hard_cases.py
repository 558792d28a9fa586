"""Reports that used to print badly: each gives a complete one-page sheet, or a `check` and
`print` error that says where the trouble is; never an empty body, never a silent box."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from pdfcheck import char_sizes, missing_glyphs, page_count, pdf_text, smallest_size, squeeze
from runner import run_bulletin
from sitemaker import EPOCH, make_site, report_text

LONG = "居民们在广场上排队领取春联和福字" * 320  # 5,120 characters without a sentence end
ROW = "|" + "|".join(f"第{n}列的内容比较长" for n in range(1, 13)) + "|"
TABLE = "\n".join([ROW, "|" + "---|" * 12, ROW.replace("内容", "数据")])
CODE = "    " + "x" * 120 + "END"
REPORTS = {
    "2025/long.md": report_text(body=LONG + "\n\n第二段再也放不下了。"),
    "2025/emoji.md": report_text(title="𪚥𠀀邻里节😀🎉"),
    "2025/table.md": report_text(body="统计如下。\n\n" + TABLE + "\n\n" + CODE),
    "2025/boxes.md": report_text(body="正文里有一个没有字体能画的字\U0010fffd。"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_site(tmp_path_factory.mktemp("hard"), reports=REPORTS)


def print_poster(site: Path, slug: str) -> tuple[int, str, Path]:
    pdf = site.parent / f"{slug}.pdf"
    done = run_bulletin(
        "print", slug, "-o", str(pdf), "--site", str(site), cwd=site.parent,
        env={"SOURCE_DATE_EPOCH": str(EPOCH)},
    )  # fmt: skip
    assert "Traceback" not in done.stderr
    return done.returncode, done.stdout + done.stderr, pdf


def assert_complete_legible_page(pdf: Path) -> str:
    assert page_count(pdf) == 1
    sizes = char_sizes(pdf)
    link = "https://bulletin.example.cn/reports/"
    assert smallest_size(sizes, besides=link + "abcdefghijklmnopqrstuvwxyz-/") >= 16
    return squeeze(pdf_text(pdf))


def test_a_paragraph_of_5000_characters_is_cut_between_characters_not_dropped(
    site: Path,
) -> None:
    status, said, pdf = print_poster(site, "long")
    assert status == 0, said
    assert "with the beginning of the report" in said
    text = assert_complete_legible_page(pdf)
    assert LONG[:200] in text, "the body is not empty"
    assert "…（未完）扫码阅读全文" in text
    assert "第二段" not in text


def test_an_emoji_title_and_rare_characters_print_with_fonts_that_have_them(site: Path) -> None:
    status, said, pdf = print_poster(site, "emoji")
    assert status == 0, said
    text = assert_complete_legible_page(pdf)
    assert "邻里节" in text
    assert missing_glyphs(pdf, "𪚥𠀀邻里节😀🎉") == set()


def test_a_wide_table_and_a_long_code_line_wrap_instead_of_being_cut(site: Path) -> None:
    status, said, pdf = print_poster(site, "table")
    assert status == 0, said
    text = assert_complete_legible_page(pdf)
    # pdftotext reads a table's narrow cells line by line: count the pieces of every cell.
    assert all(f"第{n}" in text for n in range(1, 13))
    assert text.count("比较") >= 24 and text.count("数据") >= 12 and text.count("内容") >= 12
    assert "x" * 40 in text and "xxxEND" in text


def test_a_character_no_font_has_is_a_located_error_of_print_and_warning_of_check(
    site: Path,
) -> None:
    status, said, pdf = print_poster(site, "boxes")
    assert status == 1
    assert re.search(r"boxes\.md:7:15: “\U0010fffd” \(U\+10FFFD", said), said
    assert "nothing was printed" in said
    assert not pdf.exists()
    check = run_bulletin("check", "--site", str(site), cwd=site.parent)
    assert "boxes.md:7:15: warning: “\U0010fffd” (U+10FFFD" in check.stdout
