"""QR codes for printed sheets: the dark modules of a full QR symbol as SVG path data.

zxing-cpp (its writer is zint, in C++) makes a symbol in a fraction of a millisecond, where
pure-Python encoders take several: a large site prints tens of thousands of sheets.
"""

from __future__ import annotations

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
    image = barcode.to_image(scale=1, add_quiet_zones=False)
    height, width = image.shape[:2]
    pixels = bytes(memoryview(image))
    runs = []
    for y in range(height):
        row = pixels[y * width : (y + 1) * width]
        x = 0
        while x < width:
            if row[x] == 0:  # dark
                start = x
                while x < width and row[x] == 0:
                    x += 1
                runs.append(f"M{start + QUIET_ZONE} {y + QUIET_ZONE}h{x - start}v1h-{x - start}z")
            else:
                x += 1
    return QRCode(size=width + 2 * QUIET_ZONE, path="".join(runs))
