"""QR codes for printed sheets: the dark modules of a full QR symbol as SVG path data.

zxing-cpp (its writer is zint, in C++) makes a symbol in a fraction of a millisecond, where
pure-Python encoders take several: a large site prints tens of thousands of sheets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import zxingcpp

QUIET_ZONE = 4  # modules of white around the symbol, as ISO/IEC 18004 asks


@dataclass(frozen=True)
class QRCode:
    size: int  # modules per side, quiet zone included: the SVG's viewBox
    path: str  # SVG path data drawing the dark modules


# Sheets that share a URL (a place's weeks, a poster's paper sizes) are planned one after
# another: a small cache catches them, and a large one would hold megabytes in every worker.
@lru_cache(maxsize=512)
def qr_code(url: str) -> QRCode:
    """A full QR code (never Micro QR, which phones can't read), error correction level M."""
    barcode = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    # zxing-cpp adds the quiet zone: every row then starts and ends light, so no run of dark
    # modules found in the whole image at once goes on into the next row.
    image = barcode.to_image(scale=1, add_quiet_zones=True)
    width = image.shape[1]
    pixels = bytes(memoryview(image))
    # The first row of the symbol: QUIET_ZONE light modules, then a finder pattern's 7 dark.
    top = QUIET_ZONE * width
    if pixels[top : top + QUIET_ZONE + 7] != b"\xff" * QUIET_ZONE + b"\x00" * 7:
        raise ValueError(f"zxing-cpp's quiet zone is not {QUIET_ZONE} modules wide")
    runs = []
    for run in _DARK_RUN.finditer(pixels):
        y, x = divmod(run.start(), width)
        length = run.end() - run.start()
        runs.append(f"M{x} {y}h{length}v1h-{length}z")
    return QRCode(size=width, path="".join(runs))


_DARK_RUN = re.compile(rb"\x00+")  # a run of dark modules in a row of the image
