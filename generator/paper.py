"""Paper sizes for notice-board sheets, and the type sizes that scale with them."""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4  # points per millimetre


@dataclass(frozen=True)
class Paper:
    """A sheet size; `scale` grows type and QR code with the paper (A3 is √2 × A4)."""

    slug: str  # used in URLs: /print/…/a3/
    name: str  # shown to staff, and the CSS @page size
    width_mm: float
    height_mm: float
    scale: float

    @property
    def css_size(self) -> str:
        return {"a4": "A4 portrait", "a3": "A3 portrait", "a4-landscape": "A4 landscape"}[self.slug]

    @property
    def margin_mm(self) -> float:
        return round(12 * self.scale, 1)


PAPERS = {
    "a4": Paper("a4", "A4", 210, 297, 1.0),
    "a3": Paper("a3", "A3", 297, 420, 1.414),
    "a4-landscape": Paper("a4-landscape", "A4 横向", 297, 210, 1.0),
}
