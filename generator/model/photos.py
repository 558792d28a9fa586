"""Pictures as the site publishes them: what is known of each source picture, and the files
made from it (a few widths in WebP, and one JPEG or PNG for old browsers, feeds and print).

The names and sizes of those files follow from the source's size alone, so pages can be
written with width, height and srcset before (or while) the pictures are processed.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import PurePosixPath

# Widths of the AVIF files: phones take 480 or 720 (a 360 px screen at two device pixels per
# CSS pixel), desktops 1080 or 1600. Browsers without AVIF get JPEGs (PNGs for a PNG) at 720
# and 1600 px; the widest of those is also what feeds, share cards and print use.
WIDTHS = (480, 720, 1080, 1600)
PHONE_WIDTHS = (480, 720)  # what a phone gets: sharper files cost data and show no difference
FALLBACK_WIDTHS = (720, 1600)
# Chosen by measurement (docs/performance.md, "Pictures"): AVIF at quality 55 is as close to
# the original as WebP at 75 in a quarter fewer bytes, and at speed 8 as quick to make.
AVIF_QUALITY, AVIF_SPEED = 55, 8
JPEG_QUALITY = 82
# Formats Pillow (with pillow-heif) reads; the file name's ending decides what is a picture.
PICTURE_SUFFIXES = frozenset(
    {".jpg", ".jpeg", ".png", ".webp", ".heic", ".heif", ".avif", ".gif", ".tif", ".tiff", ".bmp"}
)
SETTINGS = (
    f"a{'-'.join(map(str, WIDTHS))}q{AVIF_QUALITY}s{AVIF_SPEED}"
    f"-j{'-'.join(map(str, FALLBACK_WIDTHS))}q{JPEG_QUALITY}-v1"
)
SMALLEST_SHARP_WIDTH = 720  # narrower originals look blurred on a phone


def is_picture(path: str) -> bool:
    return PurePosixPath(path).suffix.lower() in PICTURE_SUFFIXES


@dataclass(frozen=True)
class PhotoFile:
    """One file made from a picture: `path` below the site root (images/…)."""

    path: str
    width: int
    height: int
    format: str  # "avif", "jpeg" or "png"

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
        """Every file made from the picture: the AVIF files, then the fallbacks."""
        return (*self.modern, *self.fallbacks)

    @property
    def modern(self) -> tuple[PhotoFile, ...]:
        """The AVIF files, narrowest first."""
        stem = PurePosixPath(self.src).with_suffix("").as_posix()
        return tuple(
            PhotoFile(f"{stem}-{w}w.avif", w, self._height_at(w), "avif")
            for w in self._widths(WIDTHS)
        )

    @property
    def phone_modern(self) -> tuple[PhotoFile, ...]:
        phone = [f for f in self.modern if f.width <= PHONE_WIDTHS[-1]]
        return tuple(phone) or self.modern[:1]

    @property
    def fallbacks(self) -> tuple[PhotoFile, ...]:
        """JPEGs (PNGs for a PNG: a drawing or a screenshot) for browsers without AVIF,
        narrowest first; the widest is `fallback`."""
        kind = "png" if self.lossless else "jpeg"
        stem = PurePosixPath(self.src).with_suffix("").as_posix()
        *narrow, widest = self._widths(FALLBACK_WIDTHS)
        files = [
            PhotoFile(
                f"{stem}-{w}w.{'png' if self.lossless else 'jpg'}", w, self._height_at(w), kind
            )
            for w in narrow
        ]
        files.append(PhotoFile(fallback_path(self.src), widest, self._height_at(widest), kind))
        return tuple(files)

    @property
    def fallback(self) -> PhotoFile:
        """The widest JPEG or PNG: for feeds, share cards and print. A .jpg, .jpeg or .png
        keeps its own name, so that a link to the picture keeps working."""
        return self.fallbacks[-1]

    def _widths(self, widths: tuple[int, ...]) -> list[int]:
        """`widths` narrower than the picture, then the picture's own width (at most the
        widest): a picture is never made larger."""
        return list(
            dict.fromkeys([w for w in widths if w < self.width] + [min(self.width, widths[-1])])
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
