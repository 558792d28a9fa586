"""Weekly and monthly sheets as the print room gets them, read back from the PDF: an official
notice (红头 in red, 落款), large type, every item it claims, honest cuts, and a QR code for
the items it had no room for that opens a page listing exactly those."""

from __future__ import annotations

import os
import re
from urllib.parse import urlsplit

import pytest
from bs4 import BeautifulSoup
from builtsite import BASE_URL, SAMPLE_EPOCH
from pdfcheck import (
    SamplePrinter,
    assert_legible_notice,
    pdf_text,
    qr_codes,
    red_rows,
    render_page,
    squeeze,
)
from webcheck import REPO_ROOT

from generator.model.calendars import next_week, scoped
from generator.model.plan import poster_unit, sheet_months, sheet_unit, sheet_weeks
from generator.printing.fitting import report_blocks, sentences
from generator.render.sheets import sheet_entries


@pytest.fixture(scope="module")
def printer(tmp_path_factory: pytest.TempPathFactory) -> SamplePrinter:
    os.environ["SOURCE_DATE_EPOCH"] = SAMPLE_EPOCH
    return SamplePrinter(REPO_ROOT, tmp_path_factory.mktemp("sheets"))


def busiest_week(printer: SamplePrinter) -> tuple[str, str]:
    """The place and week with the most items of all the sample site's weekly sheets."""
    site = printer.site
    _, place, week = max(
        (sheet_entries(site, sheet_unit("week_sheet", p, w)), p, w)
        for p in site.config.places
        for w in sheet_weeks(site, p)
    )
    return place, week


def busiest_month(printer: SamplePrinter, place: str) -> str:
    site = printer.site
    return max(
        sheet_months(site, place), key=lambda m: len(site.month_events.get(scoped(place, m), ()))
    )


def variant(html: str, paper: str) -> BeautifulSoup:
    return BeautifulSoup(html, "html.parser").select_one(f".sheet--{paper}")


@pytest.mark.parametrize("paper", ["a4", "a3", "a4-landscape"])
def test_the_busiest_weekly_sheet_is_a_legible_notice(printer: SamplePrinter, paper: str) -> None:
    place, week = busiest_week(printer)
    pdf, html = printer(sheet_unit("week_sheet", place, week), paper)
    text = assert_legible_notice(pdf, html, paper)
    assert "本周社区动态" in text


@pytest.mark.parametrize("paper", ["a4", "a3", "a4-landscape"])
def test_the_busiest_monthly_sheet_is_a_legible_notice(printer: SamplePrinter, paper: str) -> None:
    place, _ = busiest_week(printer)
    month = busiest_month(printer, place)
    pdf, html = printer(sheet_unit("month_sheet", place, month), paper)
    text = assert_legible_notice(pdf, html, paper)
    year, number = (int(x) for x in month.split("-"))
    assert f"{year}年{number}月活动日历" in text


def test_a3_has_a_layout_of_its_own_with_more_items_in_larger_type(printer: SamplePrinter) -> None:
    place, week = busiest_week(printer)
    unit = sheet_unit("week_sheet", place, week)
    _, html = printer(unit, "a4")
    a4, a3 = variant(html, "a4"), variant(html, "a3")
    assert len(a3.select(".sheet__entries li")) >= len(a4.select(".sheet__entries li"))
    style = BeautifulSoup(html, "html.parser").find("style").get_text()
    a4_title = re.search(r"\.sheet--a4 \.sheet__title \{ font-size: ([\d.]+)pt", style).group(1)
    a3_title = re.search(r"\.sheet--a3 \.sheet__title \{ font-size: ([\d.]+)pt", style).group(1)
    assert float(a3_title) / float(a4_title) < 1.41, "not an A4 sheet scaled up"


def test_the_red_header_is_printed_in_red_above_the_title(printer: SamplePrinter) -> None:
    place, week = busiest_week(printer)
    pdf, _ = printer(sheet_unit("week_sheet", place, week))
    image = render_page(pdf, dpi=40)
    rows = red_rows(image)
    assert rows, "a row of pixels more than half red: the rule under the issuing body"
    assert max(rows) < image.height * 0.15, "at the head of the sheet"


def test_a_poster_is_headed_by_its_office_in_red(printer: SamplePrinter) -> None:
    pdf, _ = printer(poster_unit("xingfuli-swap-shop"))
    image = render_page(pdf, dpi=40)
    assert red_rows(image)
    assert "幸福里社区居民委员会" in squeeze(pdf_text(pdf))


def test_the_qr_code_for_the_items_left_out_opens_a_list_of_exactly_those(
    printer: SamplePrinter,
) -> None:
    place, week = busiest_week(printer)
    unit = sheet_unit("week_sheet", place, week)
    pdf, html = printer(unit, "a4")
    sheet = variant(html, "a4")
    said = [int(re.search(r"(\d+)项", p.get_text()).group(1)) for p in sheet.select(".sheet__more")]
    assert said, "the busiest week does not fit on A4"
    codes = {text for text, kind, _ in qr_codes(render_page(pdf, dpi=150)) if kind == "QR Code"}
    assert BASE_URL + f"places/{place}/" in codes, "the main QR code"
    more = [c for c in codes if "#" in c]
    assert len(more) == 1, codes
    address = urlsplit(more[0])
    assert address.path == "/" + unit.path, "the sheet's own page on the website"
    page = BeautifulSoup(printer.html(unit), "html.parser")
    listing = page.find(id=address.fragment)
    listed = [a["href"] for a in listing.select("li > a")]
    # What the sheet left out: every item of its lists that is not printed on it.
    site = printer.site
    everything = [
        *site.week_events.get(scoped(place, week), ()),
        *site.week_events.get(scoped(place, next_week(week)), ()),
        *site.week_reports.get(scoped(place, week), ()),
    ]
    shown = [s.get_text() for s in sheet.select(".sheet__entries li strong")]
    titles = {slug: site.by_slug[slug].title for slug in everything}
    left_out = [f"/reports/{slug}/" for slug, title in titles.items() if title not in shown]
    assert sorted(listed) == sorted(left_out)
    assert len(listed) == sum(said)
    text = squeeze(pdf_text(pdf))
    assert all(squeeze(title) not in text for title in (titles[s.split("/")[2]] for s in listed))


def test_the_list_of_items_left_out_shows_alone_when_opened_by_its_address(
    printer: SamplePrinter,
) -> None:
    place, week = busiest_week(printer)
    css = (REPO_ROOT / "themes/default/static/print.css").read_text(encoding="utf-8")
    assert ".sheet-more:target { display: block; }" in css
    assert ".print-page:has(.sheet-more:target) .sheet" in css
    html = printer.html(sheet_unit("week_sheet", place, week))
    assert BeautifulSoup(html, "html.parser").select(".sheet .sheet-more") == [], (
        "outside the sheets: never printed"
    )


def test_a_long_report_is_cut_only_at_a_paragraph_or_sentence_end(printer: SamplePrinter) -> None:
    site = printer.site
    longest = max(site.reports, key=lambda r: len(r.body_html))
    _, html = printer(poster_unit(longest.slug))
    sheet = variant(html, "a4")
    assert sheet.select_one(".sheet__more").get_text() == "（未完）扫码阅读全文"
    shown = [p.get_text() for p in sheet.select(".sheet__body > :not(.sheet__more)")]
    blocks = [block.text for block in report_blocks(longest.body_html)]
    assert 0 < len(shown) < len(blocks)
    assert shown[:-1] == blocks[: len(shown) - 1], "whole paragraphs, in order"
    last, whole = shown[-1], blocks[len(shown) - 1]
    assert last == whole or (
        whole.startswith(last)
        and last in {"".join(sentences(whole)[:n]) for n in range(1, len(sentences(whole)))}
    ), "the last one whole, or its first sentences"
    assert not sheet.select(".sheet__body > :is(h2, h3, h4):nth-last-child(2)"), "no heading last"


def test_a_month_cell_shows_a_festival_and_a_solar_term_of_the_same_day(
    printer: SamplePrinter,
) -> None:
    unit = sheet_unit("month_sheet", "pingcheng", "2026-03")
    _, html = printer(unit, "a4")
    cells = variant(html, "a4").select(".sheet-month td")
    both = [c.get_text(" ") for c in cells if "学雷锋纪念日" in c.get_text()]
    assert both and "惊蛰" in both[0], "2026-03-05: 学雷锋纪念日 and 惊蛰"


def test_the_main_qr_codes_read_as_the_pages_permanent_address(printer: SamplePrinter) -> None:
    for unit, paper, address, min_mm in [
        (poster_unit("xingfuli-swap-shop"), "a4", "reports/xingfuli-swap-shop/", 30),
        (poster_unit("xingfuli-swap-shop"), "a3", "reports/xingfuli-swap-shop/", 42),
        (
            sheet_unit("month_sheet", "pingcheng", "2026-03"),
            "a4",
            "places/pingcheng/calendar/2026-03/",
            30,
        ),
    ]:
        pdf, _ = printer(unit, paper)
        codes = qr_codes(render_page(pdf, dpi=150))
        main = [(text, width) for text, kind, width in codes if "#" not in text]
        assert [text for text, _ in main] == [BASE_URL + address]
        assert main[0][1] / 150 * 25.4 >= min_mm
        assert squeeze(BASE_URL + address) in squeeze(pdf_text(pdf)), "printed under the code"


def test_poster_bodies_are_never_set_below_the_legible_size(printer: SamplePrinter) -> None:
    """The body size each poster names for its papers: never below 16 pt on A4, 22 pt on A3."""
    site = printer.site
    for report in site.reports[:10]:
        style = BeautifulSoup(printer.html(poster_unit(report.slug)), "html.parser").find("style")
        sizes = dict(
            re.findall(
                r"\.sheet--([\w-]+) \.sheet__body \{ font-size: ([\d.]+)pt", style.get_text()
            )
        )
        assert float(sizes["a4"]) >= 16 and float(sizes["a3"]) >= 22, report.slug
