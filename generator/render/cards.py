"""Share cards: the picture a link shows when it is shared (Open Graph, WeChat) and the page
has no photo of its own: the site's name and the place's, on the site's red band.

One card per place (and one for the site), not per report: the messenger shows the report's
title beside the card anyway, and a card per report would add a file for every report.
"""

from __future__ import annotations

import functools
import io
import re
import shutil
import subprocess

import jinja2
from PIL import Image, ImageDraw, ImageFont

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
    """The card of the place `unit.key` (the site's own when "")."""
    card = Image.new("RGB", SIZE, PAPER)
    draw = ImageDraw.Draw(card)
    draw.rectangle([0, 0, SIZE[0], 150], fill=BAND)
    draw.rectangle([0, SIZE[1] - 40, SIZE[0], SIZE[1]], fill=BAND)
    font_file = cjk_font_file()
    place = site.config.places[unit.key].name if unit.key else ""
    lines = [(site.config.title, 88, (255, 255, 255), 28)]
    if place:
        lines.append((place, 110, BAND, 250))
    lines.append((_first_phrase(site.config.description), 40, (60, 60, 60), 450))
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
