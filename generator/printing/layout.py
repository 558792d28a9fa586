"""The layout numbers of notice-board sheets on each paper: type sizes, boxes, and the heights
of the parts every sheet has (红头, title, 落款, footer). The sheet templates and the text
fitting (fitting.py) read the same numbers.

Legible from two metres: on A4 no text is smaller than 16 pt and the title is 48 pt; on A3,
22 pt and 64 pt. A3 has a layout of its own, not an A4 sheet scaled up. Where text does not
fit at these sizes, a sheet shows less of it, never smaller type.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from generator.printing.measure import line_count, wrapped_lines
from generator.printing.papers import MM, PAPERS, Paper

# Line heights, as print.css sets them.
OFFICE_LEADING = 1.25
TITLE_LEADING = 1.25
SUBTITLE_LEADING = 1.35
META_LEADING = 1.45
RULE_PT = 3  # the red rule under the issuing body
FOOTER_RULE_PT = 2


@dataclass(frozen=True)
class Dimensions:
    """Type sizes (pt) and boxes (mm) of a sheet on one paper."""

    paper: Paper
    office_pt: float  # the issuing body in the red header (红头)
    title_pt: float
    subtitle_pt: float
    meta_pt: float  # a poster's date, time and place; the 落款; the footer's lines
    body_steps: tuple[float, ...]  # a poster's body sizes, largest first; never below the last
    gap_pt: float  # the space between the parts of a sheet
    image_mm: float
    qr_mm: float
    more_qr_mm: float  # the QR code to the items a weekly or monthly sheet had no room for
    link_pt: float  # the address under the QR code: typed in, not read from afar
    columns: int  # a poster's body columns: two on landscape, whose lines would be too long
    column_gap_mm: float = 10
    side_mm: float = 0  # a list sheet's footer as a column on the right (landscape), or 0

    @property
    def body_min_pt(self) -> float:
        """The smallest type on the sheet (but the address under the QR code)."""
        return self.body_steps[-1]

    @property
    def width_pt(self) -> float:
        return (self.paper.width_mm - 2 * self.paper.margin_mm) * MM

    @property
    def height_pt(self) -> float:
        return (self.paper.height_mm - 2 * self.paper.margin_mm) * MM

    @property
    def main_width_pt(self) -> float:
        """The width beside the footer's column, or the whole width when it is at the foot."""
        if not self.side_mm:
            return self.width_pt
        return self.width_pt - self.side_mm * MM - 2 * self.gap_pt

    @property
    def column_width_pt(self) -> float:
        return (self.width_pt - (self.columns - 1) * self.column_gap_mm * MM) / self.columns


DIMENSIONS = {
    "a4": Dimensions(
        PAPERS["a4"],
        office_pt=28,
        title_pt=48,
        subtitle_pt=20,
        meta_pt=16,
        body_steps=(20, 18, 16),
        gap_pt=8,
        image_mm=50,
        qr_mm=40,
        more_qr_mm=34,
        link_pt=10,
        columns=1,
    ),
    "a3": Dimensions(
        PAPERS["a3"],
        office_pt=40,
        title_pt=64,
        subtitle_pt=28,
        meta_pt=22,
        body_steps=(28, 25, 22),
        gap_pt=11,
        image_mm=75,
        qr_mm=56,
        more_qr_mm=42,
        link_pt=13,
        columns=1,
    ),
    "a4-landscape": Dimensions(
        PAPERS["a4-landscape"],
        office_pt=24,
        title_pt=48,
        subtitle_pt=18,
        meta_pt=16,
        body_steps=(18, 16),
        gap_pt=6,
        image_mm=40,
        qr_mm=34,
        more_qr_mm=30,
        link_pt=10,
        columns=2,
    ),
}


def dimensions(paper: Paper) -> Dimensions:
    """The layout numbers of a poster on `paper`."""
    return DIMENSIONS[paper.slug]


def list_dimensions(paper: Paper) -> Dimensions:
    """The layout numbers of a weekly or monthly sheet on `paper`: on a landscape sheet the
    footer is a column on the right, leaving the short page's height to the lists."""
    dims = DIMENSIONS[paper.slug]
    return replace(dims, side_mm=64) if paper.landscape else dims


def header_height(dims: Dimensions, issuer: str) -> float:
    """The red header: the issuing body in red, the red rule under it, and the gap below."""
    lines = line_count(issuer, dims.office_pt, dims.width_pt)
    return lines * dims.office_pt * OFFICE_LEADING + 4 + RULE_PT + 1.5 * dims.gap_pt


def title_height(dims: Dimensions, title: str, subtitle: str = "") -> float:
    """The title, and the subtitle under it when there is one."""
    height = line_count(title, dims.title_pt, dims.width_pt) * dims.title_pt * TITLE_LEADING
    height += dims.gap_pt
    if subtitle:
        lines = line_count(subtitle, dims.subtitle_pt, dims.width_pt)
        height += lines * dims.subtitle_pt * SUBTITLE_LEADING + dims.gap_pt
    return height


@dataclass(frozen=True)
class Footer:
    """What the footer holds: the 落款 (the issuing body and the date, on two lines), the
    contact lines, and the captions under its QR codes."""

    sign: tuple[str, str]
    contact: tuple[str, ...]
    caption: str
    more_caption: str = ""  # the caption of the second QR code, "" when there is none


def footer_height(dims: Dimensions, footer: Footer) -> float:
    """The footer: the 落款 and the contact lines beside the QR codes, the address under them;
    0 when the footer is a column beside the lists (it takes no height from them)."""
    if dims.side_mm:
        return 0.0
    codes = _code_height(dims, dims.qr_mm, footer.caption)
    if footer.more_caption:
        codes = max(codes, _code_height(dims, dims.more_qr_mm, footer.more_caption))
    width = text_width(dims, bool(footer.more_caption))
    text = sum(
        line_count(line, dims.meta_pt, width) * dims.meta_pt * META_LEADING
        for line in (*footer.sign, *footer.contact)
    )
    return FOOTER_RULE_PT + 2 * dims.gap_pt + max(codes, text) + dims.link_pt * 1.4 + 4


def text_width(dims: Dimensions, more: bool) -> float:
    """The width of the footer's text, beside its QR codes."""
    codes = dims.qr_mm + 4 + (dims.more_qr_mm + 4 if more else 0)
    return dims.width_pt - codes * MM - 2 * dims.gap_pt


def _code_height(dims: Dimensions, size_mm: float, caption: str) -> float:
    lines = wrapped_lines(caption, size_mm * MM / dims.meta_pt)
    return size_mm * MM + lines * dims.meta_pt * META_LEADING


@dataclass(frozen=True)
class ListType:
    """Type sizes (pt) of the lists on weekly and monthly sheets."""

    section_pt: float  # 本周活动, 下周活动 …
    heading_pt: float  # an item's title
    detail_pt: float  # its time, place and summary


LIST_TYPES = {
    "a4": ListType(section_pt=24, heading_pt=20, detail_pt=16),
    "a3": ListType(section_pt=32, heading_pt=28, detail_pt=22),
    "a4-landscape": ListType(section_pt=20, heading_pt=18, detail_pt=16),
}


def list_type(dims: Dimensions) -> ListType:
    """Type sizes of the lists on a weekly or monthly sheet."""
    return LIST_TYPES[dims.paper.slug]


@dataclass(frozen=True)
class Grid:
    """How a monthly sheet's grid is set on one paper."""

    font_pt: float
    cell_em: float  # the width of a cell's text, in ems
    lines: int  # at most this many lines under a day's date
    leading: float = 1.3

    @property
    def line_pt(self) -> float:
        return self.font_pt * self.leading


CELL_PADDING_PT = 3  # on each side of a cell (print.css)


def month_grid_layout(dims: Dimensions) -> Grid:
    """The grid of a monthly sheet: type no smaller than the sheet's body."""
    size = dims.body_min_pt
    cell = dims.main_width_pt / 7 - 2 * CELL_PADDING_PT - 1
    return Grid(font_pt=size, cell_em=cell / size, lines=4)
