"""Every sample report's A4 poster, read back from the PDF: an official notice (红头, 落款)
whose title is at least 48 pt and whose text is at least 16 pt, on one page, with every
paragraph it claims."""

from __future__ import annotations

import os

import pytest
from builtsite import SAMPLE_EPOCH, report_front_matter
from pdfcheck import SamplePrinter, assert_legible_notice
from webcheck import REPO_ROOT

from generator.model.plan import poster_unit

PAPER = "a4"


@pytest.fixture(scope="module")
def printer(tmp_path_factory: pytest.TempPathFactory) -> SamplePrinter:
    os.environ["SOURCE_DATE_EPOCH"] = SAMPLE_EPOCH
    return SamplePrinter(REPO_ROOT, tmp_path_factory.mktemp("posters"))


@pytest.mark.parametrize("slug", sorted(report_front_matter()))
def test_every_poster_is_a_legible_one_page_notice(printer: SamplePrinter, slug: str) -> None:
    pdf, html = printer(poster_unit(slug), PAPER)
    assert_legible_notice(pdf, html, PAPER)


def test_posters_name_their_issuing_office(printer: SamplePrinter) -> None:
    _, html = printer(poster_unit("xingfuli-swap-shop"), PAPER)
    assert '<p class="sheet__office">幸福里社区居民委员会</p>' in html
    assert "<p>2025年12月2日</p>" in html, "the 落款 is dated with the report"


def test_a_poster_with_a_cover_picture_prints_it_and_keeps_all_its_text(
    printer: SamplePrinter,
) -> None:
    import pdfplumber

    pdf, html = printer(poster_unit("xingfuli-swap-shop"), PAPER)
    assert_legible_notice(pdf, html, PAPER)  # one page, every claimed paragraph
    with pdfplumber.open(pdf) as document:
        pictures = document.pages[0].images
    assert len(pictures) == 1
    picture = pictures[0]
    assert picture["srcsize"] == (1600, 1200)  # the print-resolution JPEG, not a thumbnail
    assert picture["height"] >= 50 * 72 / 25.4 - 1  # 50 mm tall on A4
