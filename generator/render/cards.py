"""Share cards: the picture a link shows when it is shared (Open Graph, WeChat) and the page
has no photo of its own: the site's name and the place's, on the site's red band.

One card per place (and one for the site), not per report: the messenger shows the report's
title beside the card anyway, and a card per report would add a file for every report.
"""

from __future__ import annotations

import functools
import io
import os
import re
import shutil
import subprocess
from pathlib import Path

import jinja2
from PIL import Image, ImageDraw, ImageFont

from generator.load.files import digest_of
from generator.model.config import CACHE_FOLDER, Config
from generator.model.photos import PhotoFile
from generator.model.plan import Unit
from generator.model.site import Site

SIZE = (1200, 630)  # Open Graph's large card; the text stays in the middle square for WeChat
BAND = (140, 28, 19)  # the theme's header red (--band in style.css)
PAPER = (255, 248, 236)
CARD_QUALITY = 85


def card_file(path: str) -> PhotoFile:
    return PhotoFile(path, *SIZE, "jpeg")


@functools.lru_cache(maxsize=1)
def cjk_font_file() -> str:
    """A font that draws Chinese, as fontconfig finds it; "" when there is none."""
    if not shutil.which("fc-match"):
        return ""
    found = subprocess.run(
        ["fc-match", "-f", "%{file}", "sans-serif:lang=zh-cn"],
        capture_output=True,
        text=True,
        check=False,
    )
    return found.stdout.strip()


@functools.lru_cache(maxsize=32)
def _font(file: str, size: int) -> ImageFont.FreeTypeFont:
    # Loading a CJK font takes longer than drawing a card with it.
    return ImageFont.truetype(file, size)


def _first_phrase(text: str, limit: int = 24) -> str:
    """`text` up to its first stop, comma or colon: a line that reads whole on the card."""
    phrase = re.split(r"[：:。，,；;！？]", text, maxsplit=1)[0]
    return phrase if len(phrase) <= limit else ""


def render_share_card(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    """The card of the place `unit.key` (the site's own when ""), from the cache when a card
    with the same words, font and drawing code was made before (a card takes 3–4 ms, and
    the words on it seldom change)."""
    place = site.config.places[unit.key].name if unit.key else ""
    words = (site.config.title, place, site.config.description)
    font_file = cjk_font_file()
    cached = _cached_card(site.config, words, font_file)
    try:
        return cached.read_bytes()
    except OSError:
        pass
    card = _drawn_card(*words, font_file)
    _keep(cached, card)
    return card


def _cached_card(config: Config, words: tuple[str, ...], font_file: str) -> Path:
    key = "\x1f".join([_code_digest(), font_file, *words]).encode("utf-8")
    return config.root / CACHE_FOLDER / "cards" / f"{digest_of(key)}.jpg"


@functools.lru_cache(maxsize=1)
def _code_digest() -> str:
    # The drawing is this module's code: a card drawn by other code is not reused.
    return digest_of(Path(__file__).read_bytes())


def _keep(path: Path, data: bytes) -> None:
    """Put a made card into the cache; a cache that can't be written is only slower."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_name(f".{path.name}.{os.getpid()}")
        temporary.write_bytes(data)
        os.replace(temporary, path)  # whole or not at all, whichever worker writes last
    except OSError:
        pass


def _drawn_card(title: str, place: str, description: str, font_file: str) -> bytes:
    card = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(card)
    draw.rectangle([0, 0, SIZE[0], 150], fill=BAND)
    draw.rectangle([0, SIZE[1] - 40, SIZE[0], SIZE[1]], fill=BAND)
    lines = [(title, 88, (255, 255, 255), 28)]
    if place:
        lines.append((place, 110, BAND, 250))
    lines.append((_first_phrase(description), 40, (60, 60, 60), 450))
    for text, size, colour, top in lines:
        if not text or not font_file:
            continue
        font = _font(font_file, size)
        while draw.textlength(text, font=font) > SIZE[0] - 120 and size > 30:
            size -= 6
            font = _font(font_file, size)
        width = draw.textlength(text, font=font)
        draw.text(((SIZE[0] - width) / 2, top), text, font=font, fill=colour)
    out = io.BytesIO()
    card.save(out, "JPEG", quality=CARD_QUALITY)
    return out.getvalue()
