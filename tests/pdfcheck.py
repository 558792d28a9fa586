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


def missing_glyphs(pdf: Path, text: str, fonts: list[str] | None = None) -> set[str]:
    """Characters of `text` that none of the PDF's embedded fonts (`fonts`, when already
    read) can draw (shown as boxes)."""
    covered: set[int] = set()
    for name in embedded_fonts(pdf) if fonts is None else fonts:
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


# --- type sizes, the red header, and printing the sample site's sheets ----------------------


def char_sizes(pdf: Path) -> list[tuple[str, float]]:
    """Every character drawn on the first page with its type size in points (pdfplumber)."""
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        return [(c["text"], round(float(c["size"]), 2)) for c in document.pages[0].chars]


def smallest_size(sizes: list[tuple[str, float]], besides: str = "") -> float:
    """The smallest type on the page, leaving out the characters of `besides` (the address
    printed under the QR code, set small for typing in)."""
    allowed = set(besides)
    # A character of the PDF may be a ligature ("fi"): left out when all of it is allowed.
    return min(size for char, size in sizes if char.strip() and not set(char) <= allowed)


def largest_size(sizes: list[tuple[str, float]], text: str) -> float:
    """The largest type any character of `text` is set in."""
    chars = set(text) - {" "}
    return max(size for char, size in sizes if char in chars)


def is_red(pixel: tuple[int, ...]) -> bool:
    red, green, blue = pixel[:3]
    return red > 150 and green < 80 and blue < 80


def red_rows(image: Image.Image) -> list[int]:
    """The rows of pixels more than half of whose width is red: a red rule or band."""
    rgb = image.convert("RGB")
    width, height = rgb.size
    pixels = rgb.load()
    return [y for y in range(height) if sum(is_red(pixels[x, y]) for x in range(width)) > width / 2]


class SamplePrinter:
    """Prints units of the sample site (or a site folder) to PDF files, each unit and paper
    once, for every test of a module to read."""

    def __init__(self, root: Path, folder: Path):
        from generator.load.config import load_config
        from generator.load.site import load_site
        from generator.render.theme import copied_files, make_environment

        loaded = load_site(load_config(root))
        assert loaded.problems == []
        self.site = loaded.site
        from generator.render.photos import process_photos

        assert process_photos(self.site.config, self.site.photos.values()) == []
        self.env = make_environment(self.site.config)
        self.files = copied_files(self.site)
        self.folder = folder
        self.printed: dict[tuple, tuple[Path, str]] = {}

    def html(self, unit) -> str:
        from generator.render.renderers import render

        return render(self.site, self.env, unit).decode("utf-8")

    def __call__(self, unit, paper: str = "a4") -> tuple[Path, str]:
        """The unit's sheet printed on `paper`: the PDF file, and the sheet page's HTML."""
        from generator.printing.pdf import print_pdf

        if (unit, paper) not in self.printed:
            html = self.html(unit)
            pdf = self.folder / (unit.path.strip("/").replace("/", "_") + f"-{paper}.pdf")
            pdf.write_bytes(print_pdf(html, self.files, self.site.config.base_url, paper).pdf)
            self.printed[unit, paper] = (pdf, html)
        return self.printed[unit, paper]


# The smallest title and body type on each paper, as issue 19 asks: read from two metres.
LEGIBLE = {"a4": (48, 16), "a3": (64, 22), "a4-landscape": (48, 16)}


def claimed_text(sheet) -> list[str]:
    """The paragraphs a sheet's variant (BeautifulSoup) claims to show."""
    selectors = (
        ".sheet__office, .sheet__title, .sheet__body > *, .sheet__entries li, .sheet__more, "
        ".sheet__sign p, .sheet__contact p, .sheet__qr figcaption, .sheet-month td .line"
    )
    return [element.get_text() for element in sheet.select(selectors)]


def assert_legible_notice(pdf: Path, html: str, paper: str) -> str:
    """A one-page notice on `paper`: its title and every other text large enough, every
    paragraph it claims in the PDF, the 落款 printed, real CJK fonts with every glyph.
    Returns the PDF's text without white space."""
    from bs4 import BeautifulSoup

    sheet = BeautifulSoup(html, "html.parser").select_one(f".sheet--{paper}")
    assert page_count(pdf) == 1
    text = squeeze(pdf_text(pdf))
    claimed = claimed_text(sheet)
    for paragraph in claimed:
        assert squeeze(paragraph) in text, paragraph[:40]
    sign = [p.get_text() for p in sheet.select(".sheet__sign p")]
    assert len(sign) == 2 and sign[0] == sheet.select_one(".sheet__office").get_text()
    assert squeeze("".join(sign)) in text, "the 落款: issuing body and date"
    title_pt, body_pt = LEGIBLE[paper]
    sizes = char_sizes(pdf)
    title = sheet.select_one(".sheet__title").get_text()
    assert largest_size(sizes, title) >= title_pt - 0.05
    link = sheet.select_one(".sheet__link").get_text()
    assert smallest_size(sizes, besides=link) >= body_pt - 0.05
    fonts = embedded_fonts(pdf)
    assert any("CJK" in name or "WenQuanYi" in name for name in fonts), fonts
    assert missing_glyphs(pdf, "".join(claimed), fonts) == set()
    return text
