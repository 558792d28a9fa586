"""The layout numbers of notice-board sheets on each paper: type sizes, boxes and the heights
of the fixed parts. The sheet templates and the text fitting (fitting.py) read the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.printing.papers import MM, Paper


@dataclass(frozen=True)
class Dimensions:
    """Type sizes (pt) and boxes (mm) of a sheet on one paper; the template and the fit use
    the same numbers."""

    paper: Paper
    band_pt: float
    title_pt: float
    subtitle_pt: float
    meta_pt: float
    image_mm: float
    qr_mm: float
    footer_mm: float
    columns: int  # body columns: two on landscape sheets, whose lines would be too long
    column_gap_mm: float

    @property
    def column_width_pt(self) -> float:
        return (self.width_pt - (self.columns - 1) * self.column_gap_mm * MM) / self.columns

    @property
    def width_pt(self) -> float:
        return (self.paper.width_mm - 2 * self.paper.margin_mm) * MM

    @property
    def height_pt(self) -> float:
        return (self.paper.height_mm - 2 * self.paper.margin_mm) * MM

    @property
    def band_height_pt(self) -> float:
        """The black band at the top with its padding and the gap below it."""
        return self.band_pt * 1.3 + 24 * self.paper.scale

    @property
    def list_room_pt(self) -> float:
        """The height a weekly or monthly sheet has for its lists: all but the band, title,
        subtitle and footer."""
        fixed = self.band_height_pt
        fixed += self.title_pt * 1.25 + self.subtitle_pt * 1.35 + 16 * self.paper.scale
        return self.height_pt - fixed - self.footer_mm * MM


def list_dimensions(paper: Paper) -> Dimensions:
    """Sizes for weekly and monthly sheets: on a landscape sheet the headings shrink, so that a
    month grid, its list and the QR code share the short page."""
    dims = dimensions(paper)
    if not paper.landscape:
        return dims
    return replace(dims, band_pt=14, title_pt=24, subtitle_pt=14, columns=1)


def dimensions(paper: Paper) -> Dimensions:
    s = paper.scale
    return Dimensions(
        paper=paper,
        band_pt=round(20 * s, 1),
        title_pt=round(36 * s, 1),
        subtitle_pt=round(20 * s, 1),
        meta_pt=round(14 * s, 1),
        image_mm=round(60 * s),
        qr_mm=round(40 * s),  # so the symbol inside its quiet zone is over 30 mm from version 2
        footer_mm=round(56 * s),
        columns=2 if paper.landscape else 1,
        column_gap_mm=10,
    )


@dataclass(frozen=True)
class Grid:
    """How a monthly sheet's grid is set on one paper: row height and lines under the date."""

    row_mm: float
    lines: int
    font_pt: float


def month_grid_layout(paper: Paper) -> Grid:
    if paper.landscape:  # little height, so fewer lines
        return Grid(row_mm=10, lines=2, font_pt=8)
    return Grid(row_mm=round(21 * paper.scale, 1), lines=3, font_pt=round(9 * paper.scale, 1))


@dataclass(frozen=True)
class ListType:
    """Type sizes (pt) of the lists on weekly and monthly sheets."""

    section_pt: float  # 本周活动, 下周活动 …
    heading_pt: float  # an item's title
    detail_pt: float  # its time, place or summary


def list_type(dims: Dimensions) -> ListType:
    """Type sizes of the lists on a weekly or monthly sheet."""
    s = dims.paper.scale
    return ListType(
        section_pt=round(17 * s, 1), heading_pt=round(15 * s, 1), detail_pt=round(13 * s, 1)
    )
