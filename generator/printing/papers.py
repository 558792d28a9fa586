"""The paper sizes of notice-board sheets: the one list that site.yaml, the command line, URLs
and the sheet layouts all read."""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4  # points per millimetre


@dataclass(frozen=True)
class Paper:
    """A sheet size. Each paper has its own layout (layout.py): an A3 sheet is not an A4 sheet
    scaled up."""

    slug: str  # used in URLs and in the sheet's class names: .sheet--a3
    option: str  # how site.yaml's `paper` and `bulletin print --paper` name it
    name: str  # shown to staff
    css_size: str  # the CSS @page size
    width_mm: float
    height_mm: float
    margin_mm: float  # every office printer prints this close to the edge

    @property
    def landscape(self) -> bool:
        return self.width_mm > self.height_mm


PAPERS = {
    paper.slug: paper
    for paper in (
        Paper("a4", "A4", "A4", "A4 portrait", 210, 297, 12),
        Paper("a3", "A3", "A3", "A3 portrait", 297, 420, 15),
        Paper("a4-landscape", "A4-landscape", "A4 横向", "A4 landscape", 297, 210, 12),
    )
}
PAPER_CHOICES = {paper.option: paper.slug for paper in PAPERS.values()}  # option → slug
