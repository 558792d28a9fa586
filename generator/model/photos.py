"""Pictures as the site publishes them: what is known of each source picture, and the files
made from it (a few widths in WebP, and one JPEG or PNG for old browsers, feeds and print).

The names and sizes of those files follow from the source's size alone, so pages can be
written with width, height and srcset before (or while) the pictures are processed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

# Widths of the WebP files: phones take 480 or 720 (a 360 px screen at two device pixels per
# CSS pixel), desktops 1080 or 1600. The fallback is as wide as the widest.
WIDTHS = (480, 720, 1080, 1600)
PHONE_WIDTHS = (480, 720)  # what a phone gets: sharper files cost data and show no difference
WEBP_QUALITY = 75  # see docs/performance.md, "Pictures"
JPEG_QUALITY = 82
# Formats Pillow (with pillow-heif) reads; the file name's ending decides what is a picture.
PICTURE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".avif", ".gif", ".tif", ".tiff", ".bmp"}
)
SETTINGS = f"w{'-'.join(map(str, WIDTHS))}-q{WEBP_QUALITY}-j{JPEG_QUALITY}-v1"
SMALLEST_SHARP_WIDTH = 720  # narrower originals look blurred on a phone


def is_picture(path: str) -> bool:
    return PurePosixPath(path).suffix.lower() in PICTURE_SUFFIXES


@dataclass(frozen=True)
class PhotoFile:
    """One file made from a picture: `path` below the site root (images/…)."""

    path: str
    width: int
    height: int
    format: str  # "webp", "jpeg" or "png"

    @property
    def media_type(self) -> str:
        return f"image/{self.format}"


@dataclass(frozen=True)
class Photo:
    """A source picture below content/images/, as read (its size after EXIF orientation)."""

    src: str  # images/… as content refers to it
    digest: str  # of the source file's bytes: the processed files are cached by it
    width: int
    height: int
    lossless: bool = False  # a PNG (a drawing or a screenshot): its fallback stays PNG
    has_location: bool = False  # GPS data in the original (never published)

    @property
    def files(self) -> tuple[PhotoFile, ...]:
        """The WebP files, narrowest first, then the fallback."""
        return (*self.webp, self.fallback)

    @property
    def webp(self) -> tuple[PhotoFile, ...]:
        widths = [w for w in WIDTHS if w < self.width] + [min(self.width, WIDTHS[-1])]
        stem = PurePosixPath(self.src).with_suffix("").as_posix()
        return tuple(
            PhotoFile(f"{stem}-{w}w.webp", w, self._height_at(w), "webp")
            for w in dict.fromkeys(widths)
        )

    @property
    def phone_webp(self) -> tuple[PhotoFile, ...]:
        phone = [f for f in self.webp if f.width <= PHONE_WIDTHS[-1]]
        return tuple(phone) or self.webp[:1]

    @property
    def fallback(self) -> PhotoFile:
        """A JPEG (PNG for a PNG) as wide as the widest WebP: for browsers without WebP, for
        feeds and share cards, and for print. A .jpg/.jpeg/.png keeps its own name, so a link
        to the picture keeps working."""
        width = min(self.width, WIDTHS[-1])
        return PhotoFile(
            fallback_path(self.src),
            width,
            self._height_at(width),
            "png" if self.lossless else "jpeg",
        )

    @property
    def landscape(self) -> bool:
        return self.width >= self.height

    def _height_at(self, width: int) -> int:
        return max(1, round(self.height * width / self.width))


def fallback_path(src: str) -> str:
    """Where the fallback of `src` is published: `src` itself for a JPEG or PNG, else with
    .jpg added (images/a.heic → images/a.heic.jpg, which no other picture can be called)."""
    suffix = PurePosixPath(src).suffix.lower()
    return src if suffix in (".jpg", ".jpeg", ".png") else f"{src}.jpg"
