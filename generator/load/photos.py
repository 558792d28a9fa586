"""Read the pictures content shows: their size (as EXIF orientation turns them), format and
whether they carry a location, and the problems an editor should hear of (a format Bulletin
can't read, an original too small to look sharp, GPS data that will be removed).

Only the file's header and metadata are read here; the pictures are processed when the site
is rendered (render/photos.py).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

from generator.errors import Problem
from generator.i18n import _
from generator.load.files import digest_of
from generator.model.photos import SMALLEST_SHARP_WIDTH, Photo
from generator.pool import fork_map

ORIENTATION, GPS_IFD = 0x0112, 0x8825
TURNED = {5, 6, 7, 8}  # EXIF orientations that swap width and height


@dataclass(frozen=True)
class Probe:
    """What a picture's header says; `error` when Pillow can't read it."""

    width: int = 0
    height: int = 0
    lossless: bool = False
    has_location: bool = False
    error: str = ""


@dataclass(frozen=True)
class Use:
    """Where content shows a picture: the first report or page that does."""

    path: Path
    line: int | None = None


def register_heif() -> None:
    """Let Pillow open HEIC/HEIF, the format iPhones save photos in."""
    from pillow_heif import register_heif_opener

    register_heif_opener()


def probe(path: Path) -> Probe:
    """Read `path`'s header: size after orientation, format, location data."""
    from PIL import Image, UnidentifiedImageError

    register_heif()
    try:
        with Image.open(path) as picture:
            width, height = picture.size
            exif = picture.getexif()
            if exif.get(ORIENTATION) in TURNED:
                width, height = height, width
            has_location = bool(exif.get_ifd(GPS_IFD)) or GPS_IFD in exif
            return Probe(width, height, picture.format == "PNG", has_location)
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError) as err:
        return Probe(error=str(err) or type(err).__name__)


def file_digest(path: Path) -> str:
    return digest_of(path.read_bytes())


def load_photos(
    content: Path,
    uses: Mapping[str, Use],
    digests: Mapping[str, str],
    known: Mapping[str, Probe],
    jobs: int = 1,
) -> tuple[dict[str, Photo], list[Problem], dict[str, Probe]]:
    """The pictures `uses` names (images/… below `content`), each read once per version:
    `digests` are the files' digests where the caller knows them, `known` what earlier builds
    read by digest. Returns the photos, the problems, and the probes to keep."""
    files = {src: content / src for src in uses if (content / src).is_file()}
    digest_of = {
        src: digests.get(str(path)) or file_digest(path) for src, path in sorted(files.items())
    }
    todo = [src for src, digest in digest_of.items() if digest not in known]
    probes = {digest_of[src]: known[digest_of[src]] for src in digest_of if src not in todo}
    for src, found in zip(todo, fork_map(probe, [files[s] for s in todo], jobs), strict=True):
        probes[digest_of[src]] = found
    photos, problems = {}, []
    for src, digest in digest_of.items():
        found = probes[digest]
        problems += _problems(src, files[src], found, uses[src])
        if not found.error:
            photos[src] = Photo(
                src, digest, found.width, found.height, found.lossless, found.has_location
            )
    return photos, problems, probes


def _problems(src: str, path: Path, found: Probe, use: Use) -> Iterable[Problem]:
    if found.error:
        yield Problem(
            use.path,
            use.line,
            _("{src} can't be read as a picture ({error})").format(src=src, error=found.error),
            _("save it again as JPEG or PNG, or take it from the phone again"),
        )
        return
    if found.width < SMALLEST_SHARP_WIDTH:
        yield Problem(
            use.path,
            use.line,
            _("{src} is only {width}×{height} pixels: it will look blurred").format(
                src=src, width=found.width, height=found.height
            ),
            _("use the original photo (at least {need} pixels wide)").format(
                need=SMALLEST_SHARP_WIDTH
            ),
            severity="warning",
        )
    if found.has_location:
        yield Problem(
            path,
            None,
            _("the photo records where it was taken (GPS); the published pictures leave it out"),
            severity="info",
        )
