"""Draw the sample site's pictures (content/images/sample/): flat illustrations made for the
sample, each labelled 示例图片 on the picture itself and in its caption, so that nobody takes
them for photos of real events. Run from the repository root:

    python docs/make-sample-pictures.py

Needs Pillow and a CJK font (fonts-noto-cjk or fonts-wqy-microhei).
"""

from __future__ import annotations

import random
import subprocess
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SIZE = (1600, 1200)
OUT = Path("content/images/sample")


def font(size: int) -> ImageFont.FreeTypeFont:
    path = subprocess.run(
        ["fc-match", "-f", "%{file}", "sans-serif:lang=zh-cn"], capture_output=True, text=True
    ).stdout
    return ImageFont.truetype(path, size)


def scene(sky: tuple[int, int, int], ground: tuple[int, int, int], seed: int) -> Image.Image:
    """Sky, a row of apartment blocks with windows, and the ground."""
    picture = Image.new("RGB", SIZE, sky)
    draw = ImageDraw.Draw(picture)
    for y in range(600):  # the sky lightens towards the horizon
        shade = tuple(min(255, c + y // 8) for c in sky)
        draw.line([(0, y), (SIZE[0], y)], fill=shade)
    rng = random.Random(seed)
    x = -40
    while x < SIZE[0]:
        width, height = rng.randint(180, 280), rng.randint(260, 420)
        colour = rng.choice([(214, 196, 170), (190, 176, 160), (226, 214, 190), (176, 160, 150)])
        draw.rectangle([x, 640 - height, x + width, 640], fill=colour)
        for wy in range(640 - height + 30, 620, 60):
            for wx in range(x + 25, x + width - 30, 55):
                draw.rectangle([wx, wy, wx + 30, wy + 34], fill=(120, 150, 180))
        x += width + rng.randint(10, 40)
    draw.rectangle([0, 640, SIZE[0], SIZE[1]], fill=ground)
    return picture


def person(draw: ImageDraw.ImageDraw, x: int, y: int, shirt: tuple[int, int, int]) -> None:
    """A figure standing at (x, y): y is where the feet are."""
    draw.rounded_rectangle([x - 45, y - 230, x + 45, y - 90], 30, fill=shirt)
    draw.rectangle([x - 35, y - 95, x - 8, y], fill=(60, 60, 80))
    draw.rectangle([x + 8, y - 95, x + 35, y], fill=(60, 60, 80))
    draw.ellipse([x - 38, y - 310, x + 38, y - 234], fill=(240, 200, 170))
    draw.chord([x - 40, y - 316, x + 40, y - 250], 180, 360, fill=(40, 40, 40))


def banner(draw: ImageDraw.ImageDraw, text: str) -> None:
    draw.rectangle([300, 90, 1300, 210], fill=(190, 30, 30))
    face = font(78)
    width = draw.textlength(text, font=face)
    draw.text(((SIZE[0] - width) / 2, 105), text, font=face, fill=(255, 240, 200))


def label(draw: ImageDraw.ImageDraw) -> None:
    draw.rounded_rectangle([40, 1090, 330, 1170], 16, fill=(0, 0, 0))
    draw.text((62, 1098), "示例图片", font=font(56), fill=(255, 255, 255))


def swap_shop() -> Image.Image:
    picture = scene((120, 170, 220), (200, 190, 170), 1)
    draw = ImageDraw.Draw(picture)
    banner(draw, "邻里宝藏置换铺")
    draw.rectangle([380, 760, 1220, 800], fill=(150, 100, 60))  # the table
    draw.rectangle([400, 800, 430, 980], fill=(120, 80, 50))
    draw.rectangle([1170, 800, 1200, 980], fill=(120, 80, 50))
    for n, colour in enumerate([(230, 120, 60), (80, 140, 200), (240, 200, 60), (120, 180, 90)]):
        draw.rectangle([440 + n * 190, 660, 560 + n * 190, 760], fill=colour)  # goods
    for n, x in enumerate((250, 1350, 1480)):
        person(draw, x, 1040, [(200, 60, 60), (60, 120, 200), (90, 160, 90)][n])
    label(draw)
    return picture


def haircut() -> Image.Image:
    picture = scene((140, 190, 230), (215, 205, 185), 2)
    draw = ImageDraw.Draw(picture)
    banner(draw, "爱心义剪 情暖老兵")
    draw.rectangle([620, 820, 900, 860], fill=(90, 90, 110))  # the chair
    draw.rectangle([640, 860, 670, 1000], fill=(70, 70, 90))
    draw.rectangle([850, 860, 880, 1000], fill=(70, 70, 90))
    person(draw, 760, 1000, (120, 110, 90))  # the veteran, seated
    draw.polygon([(680, 700), (840, 700), (900, 880), (620, 880)], fill=(245, 245, 245))  # cape
    person(draw, 1000, 1060, (255, 255, 255))  # the volunteer barber
    draw.line([(950, 780), (860, 720)], fill=(160, 160, 170), width=14)  # scissors
    person(draw, 300, 1060, (200, 80, 60))
    label(draw)
    return picture


def footbridge() -> Image.Image:
    picture = scene((110, 160, 215), (150, 150, 150), 3)
    draw = ImageDraw.Draw(picture)
    banner(draw, "清扫天桥 志愿同行")
    draw.rectangle([0, 560, SIZE[0], 620], fill=(110, 120, 130))  # the bridge deck
    for x in range(0, SIZE[0], 60):
        draw.line([(x, 500), (x, 560)], fill=(80, 90, 100), width=8)  # railings
    draw.line([(0, 500), (SIZE[0], 500)], fill=(80, 90, 100), width=10)
    for n, x in enumerate((350, 760, 1180)):
        person(draw, x, 1050, (230, 90, 40))  # volunteers in orange vests
        draw.line([(x + 50, 830), (x + 150, 1050)], fill=(140, 100, 60), width=12)  # broom
        draw.rectangle([x + 120, 1030, x + 200, 1060], fill=(200, 170, 80))
    label(draw)
    return picture


def fire_drill() -> Image.Image:
    picture = scene((150, 170, 190), (185, 185, 175), 4)
    draw = ImageDraw.Draw(picture)
    banner(draw, "消防安全 应急演练")
    draw.rounded_rectangle([980, 700, 1520, 960], 30, fill=(200, 30, 30))  # fire engine
    draw.ellipse([1040, 920, 1140, 1020], fill=(40, 40, 40))
    draw.ellipse([1360, 920, 1460, 1020], fill=(40, 40, 40))
    draw.rectangle([1020, 730, 1200, 820], fill=(170, 210, 240))
    person(draw, 600, 1060, (60, 60, 60))  # firefighter
    draw.rectangle([640, 820, 700, 900], fill=(200, 30, 30))  # extinguisher
    draw.line([(700, 830), (860, 760)], fill=(40, 40, 40), width=10)
    draw.ellipse([840, 720, 940, 800], fill=(235, 235, 235))  # its spray
    for x in (200, 330):
        person(draw, x, 1060, (90, 130, 190))
    label(draw)
    return picture


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    drawings = {
        "swap-shop.jpg": swap_shop,
        "haircut.jpg": haircut,
        "footbridge.jpg": footbridge,
        "fire-drill.jpg": fire_drill,
    }
    for name, draw in drawings.items():
        draw().save(OUT / name, "JPEG", quality=88, optimize=True)
        print(OUT / name)


if __name__ == "__main__":
    main()
