"""Read a printed PDF the way the print-room checks it: pages, text, fonts, glyphs, QR code."""

from __future__ import annotations

import re
import subprocess
from functools import cache
from pathlib import Path

import zxingcpp
from fontTools.ttLib import TTFont
from PIL import Image

NOTO_ASCENT_DESCENT = 1.448  # a Noto Sans CJK line box is this many times the font size


def page_count(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return int(re.search(r"^Pages:\s+(\d+)", info.stdout, re.M).group(1))


def pdf_text(pdf: Path) -> str:
    """The text in reading order, then again line by line as laid out.

    pdftotext's reading order keeps columns apart but now and then moves a line fragment;
    the layout mode keeps lines whole but runs columns together. A paragraph is in the PDF if
    either finds it.
    """
    texts = [
        subprocess.run(
            ["pdftotext", *mode, str(pdf), "-"], capture_output=True, text=True, check=True
        ).stdout
        for mode in ([], ["-layout"])
    ]
    return "\n\n".join(texts)


def squeeze(text: str) -> str:
    """Text without any white space, so that line breaks of the layout don't matter."""
    return re.sub(r"\s+", "", text)


def embedded_fonts(pdf: Path) -> list[str]:
    """Names of the fonts embedded in the PDF, subset prefixes removed."""
    out = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
    names = []
    for line in out.splitlines()[2:]:
        columns = line.split()
        if "yes" in columns[-5:-3]:  # the "emb" column
            names.append(columns[0].split("+", 1)[-1])
    return names


@cache
def _font_coverage(name: str) -> frozenset[int]:
    """The code points the installed font behind an embedded font name can draw."""
    # "HanaMinA-Bold" is HanaMinA made bold: the family is the name without its style.
    family = re.sub(r"-(Bold|Regular|Italic|BoldItalic|Medium|Light)$", "", name).replace("-", " ")
    found = subprocess.run(
        ["fc-match", "-f", "%{file}:%{index}", family], capture_output=True, text=True, check=True
    ).stdout
    file, _, index = found.rpartition(":")
    font = TTFont(file, fontNumber=int(index or 0), lazy=True)
    return frozenset(font.getBestCmap())


def missing_glyphs(pdf: Path, text: str) -> set[str]:
    """Characters of `text` that none of the PDF's embedded fonts can draw (shown as boxes)."""
    covered: set[int] = set()
    for name in embedded_fonts(pdf):
        covered |= _font_coverage(name)
    return {c for c in text if not c.isspace() and ord(c) not in covered}


def render_page(pdf: Path, dpi: int = 150) -> Image.Image:
    """The first page as a picture, as a camera or scanner would see it."""
    prefix = pdf.with_suffix("")
    subprocess.run(
        ["pdftoppm", "-r", str(dpi), "-png", "-singlefile", str(pdf), str(prefix)], check=True
    )
    return Image.open(prefix.with_suffix(".png"))


def qr_codes(image: Image.Image) -> list[tuple[str, str, float]]:
    """Every QR code a phone-grade decoder finds: (text, format, width in pixels)."""
    found = []
    for code in zxingcpp.read_barcodes(image):
        position = code.position
        width = abs(position.top_right.x - position.top_left.x)
        found.append((code.text, str(code.format), float(width)))
    return found


def word_boxes(pdf: Path) -> list[tuple[str, float]]:
    """Each word of the PDF with the height of its box in points."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return [
        (word, float(y2) - float(y1))
        for y1, y2, word in re.findall(
            r'<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">([^<]*)', out
        )
    ]
