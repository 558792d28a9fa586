"""What a report with six phone photos costs a resident on a phone, measured in Chromium: a
360×780 screen at three device pixels per CSS pixel, as on a common Android phone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from photos import phone_photo
from playwright.sync_api import Browser
from sitemaker import assert_built, build, make_site, report_text
from webcheck import serve_directory

FIRST_SCREEN_BUDGET = 300 * 1024
WHOLE_PAGE_BUDGET = 1536 * 1024
# A report as the sample's are: a few paragraphs, six photos under it.
BODY = "\n\n".join(
    [
        "社区志愿者来到辖区为老人们义务理发。大家排队等候，现场气氛热烈。志愿者们手法娴熟，一边理发一边和老人拉家常。"
    ]
    * 4
)
IMAGES = "".join(
    f"\n  - src: images/photo-{n}.jpg\n    alt: 理发活动现场第{n}张\n    caption: 活动现场"
    for n in range(6)
)
LAYOUT_SHIFT = """
window.__shift = 0;
new PerformanceObserver(list => {
  for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
}).observe({type: 'layout-shift', buffered: true});
"""


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    root = tmp_path_factory.mktemp("six-photos")
    site = make_site(root, reports={"haircut.md": report_text(body=BODY, images=IMAGES)})
    for n in range(6):
        # 4000×3000, about 3.7 MB each, with GPS and camera data: a 12-megapixel phone photo.
        phone_photo(site / "content" / "images" / f"photo-{n}.jpg", marker=(40 * n, 0, 0))
    assert_built(build(site))
    with serve_directory(root / "output") as url:
        yield url


def test_six_phone_photos_cost_a_phone_little_and_nothing_moves(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(
        viewport={"width": 360, "height": 780}, device_scale_factor=3, is_mobile=True
    )
    page = context.new_page()
    received: list[tuple[str, int]] = []
    page.on(
        "requestfinished",
        lambda request: received.append(
            (
                request.url,
                request.sizes()["responseBodySize"] + request.sizes()["responseHeadersSize"],
            )
        ),
    )
    page.add_init_script(LAYOUT_SHIFT)
    page.goto(site_url + "reports/haircut/", wait_until="networkidle")
    page.wait_for_timeout(300)
    first_screen = sum(size for _, size in received)
    pictures = [url for url, _ in received if "/images/" in url]
    assert pictures and all(url.endswith("-720w.avif") for url in pictures), pictures
    assert first_screen <= FIRST_SCREEN_BUDGET, (first_screen, pictures)

    height = page.evaluate("document.documentElement.scrollHeight")
    for _ in range(0, height, 390):
        page.mouse.wheel(0, 390)
        page.wait_for_timeout(100)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    whole = sum(size for _, size in received)
    shown = page.evaluate(
        "[...document.querySelectorAll('main img')].filter(i => i.complete && i.naturalWidth)"
        ".map(i => i.currentSrc)"
    )
    assert len(shown) == 6 and all(src.endswith("-720w.avif") for src in shown), shown
    assert whole <= WHOLE_PAGE_BUDGET, whole
    assert page.evaluate("window.__shift") == 0
    context.close()
