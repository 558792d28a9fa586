"""A3 posters, read back from the PDF: an official notice (红头, 落款) whose title is at least
64 pt and whose text is at least 22 pt, on one page, with every paragraph it claims.

Every sample poster is checked on A4 (tests/test_print_posters.py); on A3, which the same
fitting lays out with larger type, those that test it hardest: the longest reports (cut to
fit), every report with pictures, and the shortest (nothing to cut)."""

from __future__ import annotations

import os

import pytest
from builtsite import SAMPLE_EPOCH, report_front_matter
from pdfcheck import SamplePrinter, assert_legible_notice
from webcheck import REPO_ROOT

from generator.model.plan import poster_unit

PAPER = "a3"


@pytest.fixture(scope="module")
def printer(tmp_path_factory: pytest.TempPathFactory) -> SamplePrinter:
    os.environ["SOURCE_DATE_EPOCH"] = SAMPLE_EPOCH
    return SamplePrinter(REPO_ROOT, tmp_path_factory.mktemp("posters-a3"))


def hardest_posters(longest: int = 8, shortest: int = 2) -> list[str]:
    """The sample reports whose posters test the A3 layout hardest (see the docstring)."""
    sizes = {
        path.stem: path.stat().st_size for path in (REPO_ROOT / "content/reports").rglob("*.md")
    }
    by_length = sorted(report_front_matter(), key=lambda slug: (sizes[slug], slug))
    pictured = [slug for slug, meta in report_front_matter().items() if meta.get("images")]
    return sorted({*by_length[-longest:], *by_length[:shortest], *pictured})


@pytest.mark.parametrize("slug", hardest_posters())
def test_a3_posters_are_legible_one_page_notices(printer: SamplePrinter, slug: str) -> None:
    pdf, html = printer(poster_unit(slug), PAPER)
    assert_legible_notice(pdf, html, PAPER)
