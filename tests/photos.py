"""Pictures for tests, made the way phones make them: large JPEGs with a camera model, GPS
coordinates, an orientation tag, XMP, IPTC, a comment and a colour profile in them."""

from __future__ import annotations

import io
import struct
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageCms

CAMERA = "PhoneMaker X200 Pro"
COMMENT = b"taken at Building 3, Unit 2"
XMP = (
    b'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/'
    b'22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" '
    b'exif:GPSLatitude="31,14.2N"/></rdf:RDF></x:xmpmeta>'
)
SECRETS = (CAMERA.encode(), COMMENT, b"GPSLatitude", b"Photoshop 3.0", b"Exif\0\0", b"ICC_PROFILE")


@lru_cache(maxsize=4)
def texture(width: int, height: int, seed: int = 0) -> Image.Image:
    """A picture that compresses like a detailed phone photo (foliage, brickwork): noise at
    six scales, from whole-picture shading to 3-pixel grain. At 4000×3000 its JPEG (q90) is
    about 3.7 MB, as a 12-megapixel phone photo is; at 1080 px wide, about 290 KB."""
    out: Image.Image | None = None
    for number, scale in enumerate((1000, 300, 100, 30, 10, 3)):
        size = (max(2, width // scale), max(2, height // scale))
        sigma = 70 - seed % 7 - number  # another seed: another picture, same texture
        small = Image.merge("RGB", [Image.effect_noise(size, sigma) for _ in range(3)])
        layer = small.resize((width, height), Image.Resampling.BICUBIC)
        out = layer if out is None else Image.blend(out, layer, 0.3)
    assert out is not None
    return out


def phone_photo(
    path: Path,
    size: tuple[int, int] = (4000, 3000),
    orientation: int = 1,
    seed: int = 0,
    marker: tuple[int, int, int] | None = None,
) -> Path:
    """A JPEG as a phone saves it. `size` is as stored; with orientation 6 a phone held
    upright stores the picture on its side. `marker` paints the stored top-left corner, so a
    test can tell which way up the published picture is."""
    picture = texture(*size, seed=seed).copy()
    if marker:
        picture.paste(marker, (0, 0, size[0] // 5, size[1] // 5))
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = CAMERA  # Model
    exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (31.0, 14.0, 12.5), 3: "E", 4: (121.0, 28.0, 45.1)})
    srgb = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=90, exif=exif, icc_profile=srgb, comment=COMMENT, xmp=XMP)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(_with_iptc(out.getvalue()))
    return path


def _with_iptc(jpeg: bytes) -> bytes:
    """`jpeg` with an IPTC record (a Photoshop APP13 segment) naming a place."""
    record = b"\x1c\x02\x5a" + struct.pack(">H", 8) + b"Shanghai"  # 2:90 City
    block = b"8BIM\x04\x04\x00\x00" + struct.pack(">I", len(record)) + record
    payload = b"Photoshop 3.0\0" + block
    segment = b"\xff\xed" + struct.pack(">H", len(payload) + 2) + payload
    return jpeg[:2] + segment + jpeg[2:]
