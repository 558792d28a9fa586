"""QR codes for printed sheets, as inline SVG (segno)."""

from __future__ import annotations

from functools import lru_cache

import segno
from markupsafe import Markup


@lru_cache(maxsize=4096)  # many sheets share a URL (a place's weeks, the paper sizes)
def qr_svg(url: str, label: str) -> Markup:
    """A full QR code (never Micro QR, which phones can't read) with a 4-module quiet zone.

    segno.make would silently pick Micro QR for short data; make_qr always makes a full one.
    The SVG has no fixed size: the stylesheet sets its width in millimetres.
    """
    code = segno.make_qr(url, error="m")
    return Markup(code.svg_inline(scale=1, border=4, omitsize=True, svgclass="qr", title=label))
