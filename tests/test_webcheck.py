"""Tests of the shared helpers in webcheck.py, on small pages built in tmp_path."""

from __future__ import annotations

import os
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from webcheck import internal_targets, serve_directory, vnu_errors

GOOD = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>社区快报</title></head>
<body><h1 id="t">社区快报：本周活动</h1>
<p>欢迎参加周六上午的社区清洁活动，地点在小区东门。</p></body>
</html>
"""
BAD = """<!DOCTYPE html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>错误</title></head>
<body><img src="a.png"><p>缺少替代文本</p></body>
</html>
"""
WIDE = GOOD.replace("<p>", '<p style="width:600px">')


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_vnu_errors_reports_exactly_the_error(tmp_path: Path) -> None:
    good = write(tmp_path / "good.html", GOOD)
    bad = write(tmp_path / "bad page.html", BAD)
    errors = vnu_errors([good, bad])
    assert len(errors) == 1, errors
    assert errors[0].startswith(f"{bad}:4.7: error: ")
    assert "alt" in errors[0]
    # One more run of the checker (a second each) for both filters: `worse` has bad's error
    # and another; the filters must drop bad page.html and the other error, and no more.
    worse = write(tmp_path / "worse.html", BAD.replace("<html", "<html foo=1"))
    left = vnu_errors([good, bad, worse], exclude=["*/bad page.html"], ignore=[r"“foo”"])
    assert len(left) == 1 and left[0].startswith(f"{worse}:") and "alt" in left[0], left
    with pytest.raises(FileNotFoundError):
        vnu_errors([tmp_path / "missing.html"])


def test_internal_targets(tmp_path: Path) -> None:
    out = tmp_path / "out"
    page = write(
        out / "posts" / "a" / "index.html",
        """<!DOCTYPE html><html><head>
        <meta http-equiv="refresh" content="0; url=../b/">
        <link rel="stylesheet" href="/bulletin/static/site.css?v=3">
        <link rel="alternate" href="https://example.org/bulletin/feed.xml">
        <link rel="preconnect" href="https://fonts.example.com/">
        <script src="../../static/app.js"></script></head><body>
        <a href="../../">home</a> <a href="#top">top</a> <a href="%E5%9B%BE/">图</a>
        <a href="/elsewhere/x.html">outside</a> <a href="mailto:a@example.org">m</a>
        <a href="https://other.example/bulletin/">other</a>
        <img src="p.png" srcset="p.png 1x, p@2x.png 2x"></body></html>""",
    )
    got = internal_targets(page, out, "https://example.org/bulletin")
    a = out / "posts" / "a"
    assert got == [
        ("../b/", out / "posts" / "b" / "index.html"),
        ("/bulletin/static/site.css?v=3", out / "static" / "site.css"),
        ("https://example.org/bulletin/feed.xml", out / "feed.xml"),
        ("../../static/app.js", out / "static" / "app.js"),
        ("../../", out / "index.html"),
        ("#top", a / "index.html"),
        ("%E5%9B%BE/", a / "图" / "index.html"),
        ("/elsewhere/x.html", tmp_path / "elsewhere" / "x.html"),
        ("p.png", a / "p.png"),
        ("p.png", a / "p.png"),
        ("p@2x.png", a / "p@2x.png"),
    ]


def test_serve_directory(tmp_path: Path) -> None:
    write(tmp_path / "index.html", GOOD)
    with serve_directory(tmp_path) as url:
        assert url.startswith("http://127.0.0.1:") and url.endswith("/")
        with urllib.request.urlopen(url, timeout=10) as resp:
            assert resp.status == 200
            assert "社区快报" in resp.read().decode("utf-8")
        with pytest.raises(urllib.error.HTTPError) as exc:
            urllib.request.urlopen(url + "nope.html", timeout=10)
        assert exc.value.code == 404


def test_chromium_mobile_width_and_cjk_glyphs(browser: Browser, tmp_path: Path) -> None:
    write(tmp_path / "index.html", GOOD)
    write(tmp_path / "wide.html", WIDE)
    page = browser.new_page(viewport={"width": 360, "height": 640})
    try:
        with serve_directory(tmp_path) as url:
            page.goto(url)
            assert page.evaluate("document.documentElement.scrollWidth") <= 360
            shot = Path(os.environ.get("WEBCHECK_SHOT", tmp_path / "shot.png"))
            page.screenshot(path=str(shot), full_page=True)
            assert shot.stat().st_size > 0
            # Ask Chromium which platform fonts drew the heading: must be a CJK font, no tofu.
            cdp = page.context.new_cdp_session(page)
            cdp.send("DOM.enable")
            cdp.send("CSS.enable")
            root = cdp.send("DOM.getDocument")["root"]["nodeId"]
            h1 = cdp.send("DOM.querySelector", {"nodeId": root, "selector": "#t"})["nodeId"]
            fonts = cdp.send("CSS.getPlatformFontsForNode", {"nodeId": h1})["fonts"]
            names = " ".join(f["familyName"] for f in fonts)
            assert any(k in names for k in ("CJK", "WenQuanYi")), fonts
            page.goto(url + "wide.html")
            assert page.evaluate("document.documentElement.scrollWidth") > 360
    finally:
        page.close()
