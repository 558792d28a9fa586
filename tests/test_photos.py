"""Pictures: a phone photo goes in, light pictures with nothing private in them come out, shown
with their size, alternatives, caption and credit, and processed once."""

from __future__ import annotations

import hashlib
import io
import json
from pathlib import Path

import lxml.html
import pytest
from photos import CAMERA, SECRETS, phone_photo
from PIL import Image
from runner import run_bulletin
from sitemaker import SITE_YAML, assert_built, build, make_site, report_text, write

RED = (255, 0, 0)
IMAGES = """
  - src: images/2026/haircut.jpg
    alt: 志愿者为老人理发
    caption: 志愿者在社区活动室为老人理发
    photographer: 王摄影
  - src: images/2026/upright.jpg
    alt: 排队等候的老人
    cover: true
  - src: images/iphone.heic
    alt: 活动合影"""
BODY = """社区志愿者为老人义务理发。

![理发前的准备](images/2026/tools.png "准备好的理发工具")

活动结束后，大家还合了影![小图](images/2026/tools.png)。

[查看原图](images/2026/haircut.jpg)"""
PEOPLE_YAML = SITE_YAML.replace(
    "people:\n", "people:\n  - slug: wang-sheying\n    name: 王摄影\n", 1
)


def png_with_alpha() -> bytes:
    drawing = Image.new("RGBA", (1200, 800), (0, 0, 0, 0))
    drawing.paste((0, 90, 200, 255), (100, 100, 700, 500))
    out = io.BytesIO()
    drawing.save(out, "PNG", pnginfo=_png_text())
    return out.getvalue()


def _png_text():
    from PIL.PngImagePlugin import PngInfo

    info = PngInfo()
    info.add_text("Comment", "GPS 31.2N 121.4E")
    return info


def heic_photo() -> bytes:
    from pillow_heif import register_heif_opener

    register_heif_opener()
    exif = Image.Exif()
    exif[0x0110] = CAMERA
    exif.get_ifd(0x8825).update({1: "N", 2: (31.0, 14.0, 12.5)})
    out = io.BytesIO()
    Image.new("RGB", (1600, 1200), (40, 120, 60)).save(out, "HEIF", exif=exif.tobytes())
    return out.getvalue()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("photos")
    site = make_site(
        root,
        site_yaml=PEOPLE_YAML,
        reports={
            "haircut.md": report_text(
                title="义务理发进社区", body=BODY, images=IMAGES, photographers="[王摄影]"
            ),
            "draft.md": report_text(
                title="草稿", draft="true", images="\n  - src: images/secret.jpg\n    alt: 草稿图"
            ),
        },
    )
    images = site / "content" / "images"
    phone_photo(images / "2026" / "haircut.jpg", size=(2400, 1800))
    # Held upright, stored on its side: the stored top-left corner is the picture's top right.
    phone_photo(images / "2026" / "upright.jpg", size=(2000, 1500), orientation=6, marker=RED)
    phone_photo(images / "secret.jpg", size=(800, 600), seed=3)
    phone_photo(images / "unused.jpg", size=(800, 600), seed=4)
    write(images / "2026" / "tools.png", png_with_alpha())
    write(images / "iphone.heic", heic_photo())
    return site


@pytest.fixture(scope="module")
def output(site: Path) -> Path:
    assert_built(build(site))
    return site.parent / "output"


def published_pictures(output: Path) -> list[Path]:
    return sorted(p for p in (output / "images").rglob("*") if p.is_file())


def page(output: Path, path: str) -> lxml.html.HtmlElement:
    return lxml.html.fromstring((output / path / "index.html").read_bytes())


def test_no_published_picture_carries_metadata(output: Path) -> None:
    pictures = published_pictures(output)
    assert len(pictures) > 10
    for path in pictures:
        data = path.read_bytes()
        with Image.open(path) as picture:
            picture.load()
            left = {"exif", "xmp", "icc_profile", "comment", "photoshop", "iptc", "Comment"}
            assert not left & set(picture.info), (path.name, picture.info.keys())
            assert not picture.getexif(), path.name
        assert [secret for secret in SECRETS if secret in data] == [], path.name
        assert b"GPS" not in data, path.name


def test_no_original_is_published_byte_for_byte(site: Path, output: Path) -> None:
    originals = {
        hashlib.sha256(p.read_bytes()).digest()
        for p in (site / "content" / "images").rglob("*")
        if p.is_file()
    }
    for path in published_pictures(output):
        assert hashlib.sha256(path.read_bytes()).digest() not in originals, path.name


def test_a_photo_stored_on_its_side_comes_out_upright(output: Path) -> None:
    made = sorted((output / "images" / "2026").glob("upright*"))
    assert [p.name for p in made] == [
        "upright-1080w.avif",
        "upright-1500w.avif",
        "upright-480w.avif",
        "upright-720w.avif",
        "upright-720w.jpg",
        "upright.jpg",
    ]
    for path in made:
        with Image.open(path) as picture:
            rgb = picture.convert("RGB")
            assert rgb.height > rgb.width, path.name  # portrait
            top_right = rgb.getpixel((rgb.width - 3, 3))
            assert top_right[0] > 200 and top_right[1] < 60, (path.name, top_right)


def test_sizes_follow_the_original_and_are_never_enlarged(output: Path) -> None:
    sizes = {}
    for path in published_pictures(output):
        with Image.open(path) as picture:
            sizes[path.relative_to(output).as_posix()] = picture.size
    assert sizes["images/2026/haircut-480w.avif"] == (480, 360)
    assert sizes["images/2026/haircut-1600w.avif"] == (1600, 1200)
    assert sizes["images/2026/haircut.jpg"] == (1600, 1200)
    assert sizes["images/2026/upright.jpg"] == (1500, 2000)  # narrower than 1600: as it is
    assert "images/2026/haircut-2400w.avif" not in sizes


def test_heic_is_published_as_avif_and_jpeg_and_a_png_keeps_png(output: Path) -> None:
    with Image.open(output / "images" / "iphone.heic.jpg") as picture:
        assert picture.format == "JPEG" and picture.size == (1600, 1200)
    assert not (output / "images" / "iphone.heic").exists()
    with Image.open(output / "images" / "2026" / "tools.png") as picture:
        assert picture.format == "PNG" and picture.mode == "RGBA"  # transparency kept


def test_only_pictures_published_content_shows_are_published(output: Path) -> None:
    names = {p.name for p in published_pictures(output)}
    assert not {n for n in names if n.startswith(("secret", "unused"))}


def test_report_pictures_have_size_alternatives_caption_and_credit(output: Path) -> None:
    report = page(output, "reports/haircut")
    figures = report.cssselect("article figure.picture")
    # The cover (marked `cover: true`) first, then the body's picture, then the rest.
    alts = [f.cssselect("img")[0].get("alt") for f in figures]
    assert alts == ["排队等候的老人", "理发前的准备", "志愿者为老人理发", "活动合影"]
    cover, body_picture, credited = figures[0], figures[1], figures[2]
    img = cover.cssselect("img")[0]
    assert img.get("width") == "1500" and img.get("height") == "2000"
    assert img.get("fetchpriority") == "high" and img.get("loading") is None
    assert img.get("src") == "/images/2026/upright.jpg"
    assert img.get("srcset") == "/images/2026/upright-720w.jpg 720w, /images/2026/upright.jpg 1500w"
    avif = cover.cssselect("source[type='image/avif']")
    assert avif[0].get("media") == "(max-width: 40rem)"  # phones: at most 720 px wide
    assert avif[0].get("srcset").endswith("upright-720w.avif 720w")
    assert "upright-1500w.avif 1500w" in avif[1].get("srcset")
    for figure in figures[1:]:
        assert figure.cssselect("img")[0].get("loading") == "lazy"
    for figure in figures:
        assert figure.cssselect("img")[0].get("decoding") == "async"
    assert body_picture.cssselect("figcaption")[0].text_content() == "准备好的理发工具"
    caption = credited.cssselect("figcaption")[0].text_content()
    assert "志愿者在社区活动室为老人理发" in caption and "摄影：王摄影" in caption
    assert credited.cssselect("figcaption a")[0].get("href") == "/reporters/wang-sheying/"
    # The report's photographers are credited under pictures that name none.
    assert "摄影：王摄影" in figures[3].cssselect("figcaption")[0].text_content()


def test_a_picture_within_text_and_a_link_to_a_picture(output: Path) -> None:
    body = page(output, "reports/haircut").cssselect(".report__body")[0]
    inline = [p for p in body.cssselect("p picture img") if p.get("alt") == "小图"]
    assert inline and inline[0].get("width") == "1200"
    link = next(a for a in body.cssselect("a") if a.text_content() == "查看原图")
    assert link.get("href") == "/images/2026/haircut.jpg"  # the published, stripped JPEG


def test_lists_show_the_cover_and_the_share_card_uses_it(output: Path) -> None:
    home = page(output, "")
    thumb = home.cssselect(".report-list .has-thumb img.thumb")[0]
    assert thumb.get("src") == "/images/2026/upright.jpg" and thumb.get("alt") == ""
    assert thumb.get("loading") == "lazy"
    report = page(output, "reports/haircut")
    meta = {m.get("property"): m.get("content") for m in report.cssselect("meta[property]")}
    assert meta["og:image"] == "https://bulletin.example.cn/images/2026/upright.jpg"
    assert (meta["og:image:width"], meta["og:image:height"]) == ("1500", "2000")
    assert meta["og:image:alt"] == "排队等候的老人"
    # WeChat's browser takes the first picture of the page (at least 300 px) for a shared link.
    assert report.cssselect("main img")[0].get("src") == "/images/2026/upright.jpg"


def test_pictures_are_processed_once_and_not_rewritten(site: Path, output: Path) -> None:
    cache = site / ".bulletin-cache" / "photos"
    made = {p: p.stat().st_ino for p in cache.iterdir()}
    written = {p: p.stat().st_mtime_ns for p in published_pictures(output)}
    report = site / "content" / "reports" / "haircut.md"
    report.write_text(report.read_text(encoding="utf-8") + "\n补充一句。\n", encoding="utf-8")
    assert_built(build(site))
    assert_built(build(site, None, "--clean"))
    assert {p: p.stat().st_ino for p in cache.iterdir()} == made
    assert {p: p.stat().st_mtime_ns for p in published_pictures(output)} == written


def test_check_reports_what_an_editor_should_know(site: Path, output: Path) -> None:
    # `output`: the site is built, so its cache and reports are as a user has them.
    broken = site.parent / "broken"
    broken_site = make_site(
        broken,
        reports={
            "a.md": report_text(
                body="![图](images/tiny.jpg)\n\n![外链](https://tracker.example.com/x.jpg)",
                images="\n  - src: images/broken.jpg\n    alt: 坏图"
                "\n  - src: images/gps.jpg\n    alt: 有定位的照片",
            ),
            "b.md": report_text(images="\n  - src: images/drawing.svg\n    alt: 图"),
        },
    )
    images = broken_site / "content" / "images"
    phone_photo(images / "tiny.jpg", size=(400, 300))
    phone_photo(images / "gps.jpg", size=(1600, 1200))
    write(images / "drawing.svg", "<svg xmlns='http://www.w3.org/2000/svg'/>")
    write(images / "broken.jpg", b"\xff\xd8\xff\xe0 not a jpeg")
    result = run_bulletin("check", "--site", str(broken_site), "--format", "json", cwd=broken_site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    found = [(p["severity"], p["message"]) for p in json.loads(result.stdout)["problems"]]
    text = "\n".join(f"{s}: {m}" for s, m in found)
    assert "error: images.src: 'images/drawing.svg' is not a picture Bulletin can" in text
    assert "drawing.svg' does not exist" not in text
    assert "error: images/broken.jpg can't be read as a picture" in text
    assert "warning: images/tiny.jpg is only 400×300 pixels: it will look blurred" in text
    assert any(s == "info" and "GPS" in m for s, m in found)
    assert any(s == "warning" and "telling that host who reads the page" in m for s, m in found)


def test_a_picture_that_breaks_while_processing_fails_the_build_and_keeps_the_site(
    tmp_path: Path,
) -> None:
    site = make_site(
        tmp_path,
        reports={"a.md": report_text(images="\n  - src: images/cut.jpg\n    alt: 图")},
    )
    picture = phone_photo(site / "content" / "images" / "cut.jpg", size=(1600, 1200))
    assert_built(build(site))
    before = (tmp_path / "output" / "reports" / "a" / "index.html").read_bytes()
    picture.write_bytes(picture.read_bytes()[:20000])  # cut off, as a failed copy leaves it
    result = build(site)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "cut.jpg" in result.stderr and "can't be read" in result.stderr
    assert (tmp_path / "output" / "reports" / "a" / "index.html").read_bytes() == before
