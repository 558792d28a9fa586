"""Make the published files of each picture (model/photos.py names them): turned upright as
EXIF says, converted to sRGB, stripped of every piece of metadata (EXIF, GPS, XMP, IPTC,
comments, colour profile), resized with Lanczos and saved as AVIF, plus JPEGs (PNGs for a PNG).

The results are kept in the site's cache, in a folder named by the source's digest and the
settings, so that a picture is processed once for all builds and the preview server; the
build copies them into the output like any other file.
"""

from __future__ import annotations

import io
import os
import shutil
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from generator.errors import Problem
from generator.i18n import _
from generator.load.photos import ORIENTATION, TURNED, register_heif
from generator.model.config import CACHE_FOLDER, Config
from generator.model.photos import (
    AVIF_QUALITY,
    AVIF_SPEED,
    JPEG_QUALITY,
    SETTINGS,
    Photo,
    PhotoFile,
)
from generator.pool import fork_map

if TYPE_CHECKING:
    from PIL.Image import Image as Picture

WHITE = (255, 255, 255)


def cache_folder(config: Config) -> Path:
    return config.root / CACHE_FOLDER / "photos"


def made_folder(config: Config, photo: Photo) -> Path:
    """Where the files made from `photo` are kept: one folder per source and settings."""
    return cache_folder(config) / f"{photo.digest}-{SETTINGS}"


def photo_sources(config: Config, photos: Iterable[Photo]) -> dict[str, Path]:
    """Each published picture file by output path, with the cached file it is copied from."""
    return {
        file.path: made_folder(config, photo) / _name(file)
        for photo in photos
        for file in photo.files
    }


def made_digest(path: Path) -> str:
    """A cached picture file's digest for the build state: its folder names the source's
    digest and the settings, which decide its bytes."""
    return f"{path.parent.name}/{path.name}"


@dataclass(frozen=True)
class _Job:
    source: Path
    photo: Photo
    folder: Path


def process_photos(config: Config, photos: Iterable[Photo], jobs: int = 1) -> list[Problem]:
    """Make the files of every photo not yet in the cache, in `jobs` processes; a problem for
    each picture that could not be read to the end."""
    content = config.root / "content"
    todo = [
        _Job(content / photo.src, photo, made_folder(config, photo))
        for photo in photos
        if not made_folder(config, photo).is_dir()
    ]
    problems = []
    for job, error in zip(todo, fork_map(_process, todo, jobs), strict=True):
        if error:
            problems.append(
                Problem(
                    job.source,
                    None,
                    _("the picture can't be read to the end ({error})").format(error=error),
                    _("save it again as JPEG or PNG, or copy it from the phone again"),
                )
            )
    return problems


def _process(job: _Job) -> str:
    """Write `job.photo`'s files into its cache folder (all or none); an error's text or ""."""
    unfinished = job.folder.with_name(f"{job.folder.name}.part-{os.getpid()}")
    shutil.rmtree(unfinished, ignore_errors=True)
    unfinished.mkdir(parents=True)
    try:
        upright = upright_srgb(job.source, job.photo)
        for file in job.photo.files:
            (unfinished / _name(file)).write_bytes(encoded(upright, file))
        os.replace(unfinished, job.folder)
    except (OSError, ValueError, SyntaxError) as err:
        if job.folder.is_dir():  # another process made it meanwhile
            return ""
        return str(err) or type(err).__name__
    finally:
        shutil.rmtree(unfinished, ignore_errors=True)
    return ""


def upright_srgb(source: Path, photo: Photo) -> Picture:
    """The picture decoded, turned as its EXIF orientation says, in sRGB, with no metadata
    left (RGBA for a PNG with transparency, RGB otherwise)."""
    from PIL import Image, ImageFile, ImageOps

    register_heif()
    widest = photo.fallback
    # A cut-off file must fail, not be published half grey: WeasyPrint, when loaded in the
    # same process (`bulletin print`, the tests), lets Pillow accept truncated pictures.
    ImageFile.LOAD_TRUNCATED_IMAGES = False
    with Image.open(source) as opened:
        # A JPEG can be decoded at 1/2, 1/4 or 1/8 size at once, much faster than in full.
        turned = opened.getexif().get(ORIENTATION) in TURNED
        need = (widest.height, widest.width) if turned else (widest.width, widest.height)
        opened.draft("RGB", need)
        profile = opened.info.get("icc_profile")
        picture = ImageOps.exif_transpose(opened)
        picture.load()
    keep_alpha = photo.lossless and _has_alpha(picture)
    if picture.mode not in ("RGB", "RGBA", "L", "LA", "P", "PA") and profile:
        picture = _to_srgb(picture, profile, "RGB")
        profile = None
    picture = picture.convert("RGBA" if keep_alpha or _has_alpha(picture) else "RGB")
    if profile:
        picture = _to_srgb(picture, profile, picture.mode)
    if picture.mode == "RGBA" and not keep_alpha:
        flat = Image.new("RGB", picture.size, WHITE)
        flat.paste(picture, mask=picture.getchannel("A"))
        picture = flat
    picture.info.clear()
    return picture


def _to_srgb(picture: Picture, profile: bytes, mode: str) -> Picture:
    from PIL import ImageCms

    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        return ImageCms.profileToProfile(
            picture, source, ImageCms.createProfile("sRGB"), outputMode=mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return picture.convert(mode)  # a broken profile: the colours as stored


def _has_alpha(picture: Picture) -> bool:
    return picture.mode in ("RGBA", "LA", "PA") or "transparency" in picture.info


def encoded(picture: Picture, file: PhotoFile) -> bytes:
    """`picture` resized to `file`'s size and saved in its format, with no metadata."""
    from PIL import Image

    if picture.size != (file.width, file.height):
        picture = picture.resize(
            (file.width, file.height), Image.Resampling.LANCZOS, reducing_gap=3.0
        )
    picture.info.clear()  # resize copies info; nothing of the original may be written
    out = io.BytesIO()
    if file.format == "avif":
        picture.save(out, "AVIF", quality=AVIF_QUALITY, speed=AVIF_SPEED)
    elif file.format == "png":
        picture.save(out, "PNG", optimize=True)
    else:
        picture.convert("RGB").save(
            out, "JPEG", quality=JPEG_QUALITY, optimize=True, progressive=True
        )
    return out.getvalue()


def _name(file: PhotoFile) -> str:
    """The file's name in its cache folder (two pictures with the same bytes share one;
    their file names differ only in the output)."""
    suffix = {"avif": "avif", "png": "png"}.get(file.format, "jpg")
    return f"{file.width}w.{suffix}"
