"""What a resident sees in a real browser: readable on a 360 px phone and on a desktop."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page
from webcheck import serve_directory

PAGES = [
    "/",
    "/reports/xingfuli-swap-shop/",
    "/reports/pingcheng-lei-feng-roundup/",
    "/places/",
    "/places/pingcheng/",
    "/places/zhenhua/",
    "/tags/",
    "/tags/lei-feng/",
    "/reporters/",
    "/archive/",
    "/archive/2026/03/",
    "/pages/submit/",
    "/404.html",
    "/print/places/pingcheng/",
    "/print/reports/xingfuli-swap-shop/",
    "/print/places/pingcheng/2026-W11/",
    "/print/places/pingcheng/2026-03/",
]


@pytest.fixture(scope="module")
def site_url(sample_output: Path) -> Iterator[str]:
    with serve_directory(sample_output) as url:
        yield url.rstrip("/")


def open_page(browser: Browser, url: str, width: int) -> Page:
    page = browser.new_page(viewport={"width": width, "height": 800})
    page.goto(url)
    return page


# Pages for residents are checked narrower still, at 320 px in every text size
# (tests/test_residents.py); here the desktop, and the print pages on a phone.
@pytest.mark.parametrize(
    ("path", "width"),
    [(path, 1280) for path in PAGES] + [(p, 360) for p in PAGES if p.startswith("/print/")],
)
def test_nothing_overflows_horizontally(
    browser: Browser, site_url: str, path: str, width: int
) -> None:
    page = open_page(browser, site_url + path, width)
    overflow = page.evaluate("""() => {
        const limit = document.documentElement.clientWidth;
        const wide = [...document.querySelectorAll('body *')]
            .filter(e => e.getBoundingClientRect().right > limit + 1)
            .map(e => e.tagName + '.' + e.className);
        return {scroll: document.documentElement.scrollWidth, limit, wide};
    }""")
    page.close()
    assert overflow["scroll"] <= overflow["limit"], overflow["wide"][:5]


# Printed sheets are measured on paper (tests/test_print_sheets.py), not on a screen.
@pytest.mark.parametrize(
    "path",
    [
        p
        for p in PAGES
        if not p.startswith("/print/reports") and not p.startswith("/print/places/pingcheng/2")
    ],
)
def test_text_is_at_least_18_px_and_lines_are_airy(
    browser: Browser, site_url: str, path: str
) -> None:
    page = open_page(browser, site_url + path, 360)
    sizes = page.evaluate("""() => [...document.querySelectorAll('main p, main li, main dd')]
        .filter(e => e.innerText.trim())
        .map(e => ({text: e.innerText.slice(0, 20), size: parseFloat(getComputedStyle(e).fontSize),
                    height: parseFloat(getComputedStyle(e).lineHeight)}))""")
    page.close()
    assert sizes
    small = [s for s in sizes if s["size"] < 18]
    assert small == []
    assert all(s["height"] >= 1.5 * s["size"] for s in sizes)


# Targets of 44×44 px in navigation, lists and calendars: tests/test_residents.py.


def test_chinese_text_is_drawn_with_a_cjk_font(browser: Browser, site_url: str) -> None:
    page = open_page(browser, site_url + "/reports/xingfuli-swap-shop/", 360)
    client = page.context.new_cdp_session(page)
    client.send("DOM.enable")
    client.send("CSS.enable")
    node = client.send(
        "DOM.querySelector",
        {"nodeId": client.send("DOM.getDocument")["root"]["nodeId"], "selector": "h1"},
    )
    fonts = client.send("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    page.close()
    names = " ".join(f["familyName"] for f in fonts)
    assert any(word in names for word in ("CJK", "WenQuanYi", "Hei", "Han")), names
