"""Printed sheets as the print room gets them: one page, every word it claims, real CJK fonts,
no missing glyph, and a QR code a phone reads as the page's permanent address."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from builtsite import BASE_URL, SAMPLE_EPOCH, report_front_matter
from pdfcheck import (
    NOTO_ASCENT_DESCENT,
    embedded_fonts,
    missing_glyphs,
    page_count,
    pdf_text,
    qr_codes,
    render_page,
    squeeze,
    word_boxes,
)
from webcheck import REPO_ROOT

from generator.load.config import load_config
from generator.load.site import load_site
from generator.model.plan import Unit, poster_unit, sheet_months, sheet_unit, sheet_weeks
from generator.printing.pdf import print_pdf
from generator.render.renderers import render
from generator.render.theme import copied_files, make_environment

REPORTS = report_front_matter()
LONGEST = max(
    REPORTS,
    key=lambda slug: len(
        (REPO_ROOT / "content").rglob(f"{slug}.md").__next__().read_text(encoding="utf-8")
    ),
)


@pytest.fixture(scope="module")
def printer(tmp_path_factory: pytest.TempPathFactory):
    """Prints a unit of the sample site to a PDF file; returns (pdf path, sheet HTML)."""
    os.environ["SOURCE_DATE_EPOCH"] = SAMPLE_EPOCH
    loaded = load_site(load_config(REPO_ROOT))
    site, problems = loaded.site, loaded.problems
    assert problems == []
    env = make_environment(site.config)
    files = copied_files(site)
    folder = tmp_path_factory.mktemp("pdf")

    def print_unit(unit: Unit, paper: str = "a4") -> tuple[Path, BeautifulSoup]:
        """The unit's sheet printed on `paper`, and that paper's variant of the sheet."""
        html = render(site, env, unit).decode("utf-8")
        pdf = folder / (unit.path.strip("/").replace("/", "_") + f"-{paper}.pdf")
        pdf.write_bytes(print_pdf(html, files, site.config.base_url, paper).pdf)
        return pdf, BeautifulSoup(html, "html.parser").select_one(f".sheet--{paper}")

    print_unit.site = site
    return print_unit


def assert_prints_on_one_page_with_all_its_text(pdf: Path, sheet: BeautifulSoup) -> str:
    assert page_count(pdf) == 1
    text = squeeze(pdf_text(pdf))
    claimed = [sheet.select_one(".sheet__title").get_text()]
    claimed += [p.get_text() for p in sheet.select(".sheet__body > *, .sheet__entries li")]
    claimed += [p.get_text() for p in sheet.select(".sheet__more, .sheet__contact p")]
    for paragraph in claimed:
        assert squeeze(paragraph) in text, paragraph[:40]
    fonts = embedded_fonts(pdf)
    assert any("CJK" in name or "WenQuanYi" in name for name in fonts), fonts
    assert missing_glyphs(pdf, "".join(claimed)) == set()
    return text


def assert_qr_code_reads(pdf: Path, expected: str, min_mm: float) -> None:
    codes = qr_codes(render_page(pdf, dpi=150))
    assert [(text, kind) for text, kind, _ in codes] == [(expected, "QR Code")]
    width_mm = codes[0][2] / 150 * 25.4
    assert width_mm >= min_mm


@pytest.mark.parametrize("slug", sorted(REPORTS))
def test_every_report_poster_prints_on_one_a4_page(printer, slug: str) -> None:
    pdf, sheet = printer(poster_unit(slug))
    text = assert_prints_on_one_page_with_all_its_text(pdf, sheet)
    assert squeeze(REPORTS[slug]["title"]) in text
    assert_qr_code_reads(pdf, BASE_URL + f"reports/{slug}/", min_mm=30)
    assert squeeze(BASE_URL + f"reports/{slug}/") in text, "the URL is printed under the code"
    title_heights = [h for word, h in word_boxes(pdf) if word and word in REPORTS[slug]["title"]]
    assert max(title_heights) / NOTO_ASCENT_DESCENT >= 35.5, "the title is at least 36 pt"


def test_a_long_report_is_cut_at_a_paragraph_end_with_a_pointer_to_the_web(printer) -> None:
    pdf, sheet = printer(poster_unit(LONGEST))
    assert sheet.select_one(".sheet__more").get_text() == "（未完）扫码阅读全文"
    shown = [p.get_text() for p in sheet.select(".sheet__body > :not(.sheet__more)")]
    report = printer.site.by_slug[LONGEST]
    full = BeautifulSoup(report.body_html, "html.parser").find_all(recursive=False)
    assert 0 < len(shown) < len(full)
    assert shown == [p.get_text() for p in full[: len(shown)]], "whole paragraphs, in order"
    assert_prints_on_one_page_with_all_its_text(pdf, sheet)


@pytest.mark.parametrize("paper", ["a3", "a4-landscape"])
def test_the_longest_report_prints_on_one_page_of_other_papers(printer, paper: str) -> None:
    pdf, sheet = printer(poster_unit(LONGEST), paper)
    assert_prints_on_one_page_with_all_its_text(pdf, sheet)
    assert_qr_code_reads(
        pdf, BASE_URL + f"reports/{LONGEST}/", min_mm=30 if paper == "a4-landscape" else 42
    )


def test_a3_shows_more_of_a_long_report_in_larger_type(printer) -> None:
    _, a4 = printer(poster_unit(LONGEST), "a4")
    _, a3 = printer(poster_unit(LONGEST), "a3")
    assert len(a3.select(".sheet__body > p")) >= len(a4.select(".sheet__body > p"))


def test_short_reports_are_set_in_larger_type_than_long_ones(printer) -> None:
    sizes = {}
    for slug in (LONGEST, "hexin-kindergarten-lei-feng"):
        _, sheet = printer(poster_unit(slug))
        style = sheet.find_parent("html").find("style").get_text()
        sizes[slug] = float(style.split(".sheet--a4 .sheet__body { font-size: ")[1].split("pt")[0])
    assert sizes["hexin-kindergarten-lei-feng"] > sizes[LONGEST] >= 12


@pytest.mark.parametrize(
    ("place", "paper"),
    [
        ("pingcheng", "a4"),
        ("datong", "a4"),
        ("xingfuli", "a4"),
        ("pingcheng", "a3"),
        ("datong", "a4-landscape"),
    ],
)
def test_weekly_sheets_print_on_one_page(printer, place: str, paper: str) -> None:
    week = sheet_weeks(printer.site, place)[-1]
    pdf, sheet = printer(sheet_unit("week_sheet", place, week), paper)
    text = assert_prints_on_one_page_with_all_its_text(pdf, sheet)
    assert "本周社区动态" in text
    assert_qr_code_reads(pdf, BASE_URL + f"places/{place}/", min_mm=30)


def test_the_busiest_week_lists_what_fits_and_counts_the_rest(printer) -> None:
    place, week = "datong", "2026-W11"
    pdf, sheet = printer(sheet_unit("week_sheet", place, week))
    assert_prints_on_one_page_with_all_its_text(pdf, sheet)
    reports = [s for s, m in REPORTS.items() if str(m["date"]) == "2026-03-10"]
    listed = sheet.select(".sheet__entries li")
    more = sheet.select_one(".sheet__more")
    hidden = int(re.search(r"\d+", more.get_text()).group()) if more else 0
    assert len(listed) + hidden >= len(reports)


@pytest.mark.parametrize("paper", ["a4", "a3", "a4-landscape"])
def test_monthly_sheets_print_on_one_page(printer, paper: str) -> None:
    place = "pingcheng"
    for month in sheet_months(printer.site, place):
        pdf, sheet = printer(sheet_unit("month_sheet", place, month), paper)
        text = assert_prints_on_one_page_with_all_its_text(pdf, sheet)
        year, number = (int(x) for x in month.split("-"))
        assert f"{year}年{number}月活动日历" in text
    assert_qr_code_reads(pdf, BASE_URL + f"places/{place}/calendar/{month}/", min_mm=20)
