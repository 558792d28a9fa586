"""Every sample report's A3 poster, read back from the PDF: an official notice (红头, 落款)
whose title is at least 64 pt and whose text is at least 22 pt, on one page, with every
paragraph it claims."""

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


@pytest.mark.parametrize("slug", sorted(report_front_matter()))
def test_every_a3_poster_is_a_legible_one_page_notice(printer: SamplePrinter, slug: str) -> None:
    pdf, html = printer(poster_unit(slug), PAPER)
    assert_legible_notice(pdf, html, PAPER)
