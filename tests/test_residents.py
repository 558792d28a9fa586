"""What a resident gets on a phone, in real Chromium: 我的社区 first, news on the first screen,
three text sizes that reflow at 320 px, read-aloud, big targets, an honest calendar, help in
WeChat, no accessibility violations (axe-core) on any page type in any text size."""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import icalendar
import lxml.html
import pytest
from playwright.sync_api import Browser, Page
from webcheck import REPO_ROOT, serve_directory

AXE = REPO_ROOT / "node_modules" / "axe-core" / "axe.min.js"
SIZES = {"normal": 18, "large": 22, "x-large": 28}  # body text, CSS px
PAGE_TYPES = {
    "home": "/",
    "places": "/places/",
    "search": "/search/",
    "city": "/places/datong/",
    "district": "/places/pingcheng/",
    "subdistrict": "/places/zhenhua/",
    "community": "/places/xingfuli/",
    "report": "/reports/xingfuli-swap-shop/",
    "report with an event": "/reports/xiangxijie-fire-drill/",
    "tag": "/tags/lei-feng/",
    "reporter": "/reporters/duan-yumeng/",
    "calendar": "/calendar/2026-03/",
    "archive": "/archive/",
    "my community": "/mine/",
    "accessibility statement": "/pages/accessibility/",
    "404": "/404.html",
}
WECHAT = (
    "Mozilla/5.0 (Linux; Android 12; V2118A) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/107.0 Mobile Safari/537.36 MicroMessenger/8.0.49.2600 NetType/WIFI Language/zh_CN"
)
FAKE_VOICES = """
(() => {
  window.__spoken = [];
  const voice = {lang: 'zh-CN', name: '普通话', default: true, localService: true, voiceURI: 'zh'};
  const fake = {
    getVoices: () => [voice], speaking: false, paused: false,
    speak: u => window.__spoken.push([u.text, u.lang]),
    cancel: () => { window.__cancelled = true; }, pause: () => {}, resume: () => {},
    addEventListener: () => {},
  };
  Object.defineProperty(window, 'speechSynthesis', {value: fake, configurable: true});
  window.SpeechSynthesisUtterance = function (text) { this.text = text; };
})();
"""


@pytest.fixture(scope="module")
def site_url(sample_output: Path) -> Iterator[str]:
    with serve_directory(sample_output) as url:
        yield url.rstrip("/")


def phone(
    browser: Browser, width: int = 360, size: str = "", mine: str = "", agent: str = ""
) -> Page:
    context = browser.new_context(
        viewport={"width": width, "height": 780}, **({"user_agent": agent} if agent else {})
    )
    page = context.new_page()
    if size:
        page.add_init_script(f"localStorage.setItem('bulletin.textSize', '{size}')")
    if mine:
        page.add_init_script(f"localStorage.setItem('bulletin.mine', '{mine}')")
    return page


def done(page: Page) -> None:
    page.context.close()


# --- text size ---------------------------------------------------------------------------


def test_the_text_size_control_has_three_sizes_and_is_remembered(
    browser: Browser, site_url: str
) -> None:
    page = phone(browser)
    page.goto(site_url + "/reports/xingfuli-swap-shop/")
    body = ".report__body p"
    sizes = {}
    for label, name in (("标准", "normal"), ("大", "large"), ("特大", "x-large")):
        page.get_by_role("group", name="字号").get_by_role("button", name=label, exact=True).click()
        sizes[name] = page.eval_on_selector(body, "e => parseFloat(getComputedStyle(e).fontSize)")
        assert (
            page.get_by_role("button", name=label, exact=True).get_attribute("aria-pressed")
            == "true"
        )
    assert sizes["normal"] >= 18 and sizes["x-large"] >= 28
    assert sizes["normal"] < sizes["large"] < sizes["x-large"]
    page.goto(site_url + "/places/zhenhua/")  # another page: the choice was kept
    assert page.evaluate("document.documentElement.dataset.textSize") == "x-large"
    done(page)


REFLOW = """() => {
  const wide = document.documentElement.scrollWidth > innerWidth + 1;
  const char = parseFloat(getComputedStyle(document.body).fontSize);
  // A box squeezed narrower than 8 characters, its text wrapped into a column.
  const narrow = [...document.querySelectorAll(
      'main p, main li, main dd, main dt, main td, main h1, main h2, main h3, main a')]
    .filter(e => e.getClientRects().length && getComputedStyle(e).display !== 'inline')
    .map(e => [e, e.getBoundingClientRect(), parseFloat(getComputedStyle(e).lineHeight)])
    .filter(([e, r, line]) => r.width < 8 * char * 0.95 && r.height > 1.6 * line)
    .map(([e, r]) => [e.tagName, e.textContent.trim().slice(0, 12), Math.round(r.width)]);
  return wide || narrow.length ? {wide, narrow: narrow.slice(0, 3)} : null;
}"""
AXE_RUN = """() => axe.run(document, {runOnly: {type: 'tag', values:
  ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa']}})
  .then(r => r.violations.map(v => [v.id, v.nodes.length, v.nodes[0].target]))"""


@pytest.mark.parametrize("size", list(SIZES))
def test_every_page_type_reflows_at_320_px_and_passes_axe_in_every_text_size(
    browser: Browser, site_url: str, size: str
) -> None:
    """No sideways scrolling and no squeezed column at 320 px; axe-core (WCAG 2.0–2.2 A and
    AA) finds nothing, on every page type, in every text size."""
    page = phone(browser, width=320, size=size)
    squeezed, violations = {}, {}
    for kind, path in PAGE_TYPES.items():
        page.goto(site_url + path)
        if found := page.evaluate(REFLOW):
            squeezed[kind] = found
        page.add_script_tag(path=str(AXE))
        if found := page.evaluate(AXE_RUN):
            violations[kind] = found
    done(page)
    assert squeezed == {}
    assert violations == {}


def test_pages_reflow_at_double_zoom(browser: Browser, site_url: str) -> None:
    # 200 % zoom of a 360 px phone is a 180 px wide page of normal-sized text.
    page = phone(browser, width=180)
    wide = {}
    for kind, path in PAGE_TYPES.items():
        page.goto(site_url + path)
        if page.evaluate("document.documentElement.scrollWidth > innerWidth + 1"):
            wide[kind] = page.evaluate("document.documentElement.scrollWidth")
    done(page)
    assert wide == {}


# --- targets, header, first screen --------------------------------------------------------


def test_links_and_buttons_in_lists_calendars_and_navigation_are_44_px(
    browser: Browser, site_url: str
) -> None:
    page = phone(browser)
    small = {}
    for path in ("/", "/calendar/2026-03/", "/places/zhenhua/", "/reports/xiangxijie-fire-drill/"):
        page.goto(site_url + path)
        found = page.evaluate(
            """() => [...document.querySelectorAll(
              'nav a, button, .report-list a, .upcoming a, .day__events a, .chips a, '
              + '.related a, .more a')]
              .filter(e => e.getClientRects().length)
              .map(e => [e.textContent.trim().slice(0, 10), e.getBoundingClientRect()])
              .filter(([, r]) => r.width < 44 || r.height < 44)
              .map(([t, r]) => [t, Math.round(r.width), Math.round(r.height)])"""
        )
        if found:
            small[path] = found
    done(page)
    assert small == {}


def test_the_navigation_is_one_row_and_staff_tools_are_not_in_it(
    browser: Browser, site_url: str
) -> None:
    page = phone(browser)
    page.goto(site_url + "/")
    tops = page.eval_on_selector_all(
        ".site-nav a", "l => l.map(a => a.getBoundingClientRect().top)"
    )
    names = page.eval_on_selector_all(".site-nav a", "l => l.map(a => a.textContent.trim())")
    footer = page.eval_on_selector_all(".site-footer a", "l => l.map(a => a.textContent.trim())")
    done(page)
    assert len(set(tops)) == 1, tops
    assert "我的社区" in names and not {"记者", "打印公告栏"} & set(names)
    assert any("工作人员" in name for name in footer) and "无障碍声明" in footer


def test_the_first_screen_of_the_home_page_has_the_newest_reports(
    browser: Browser, site_url: str, sample_output: Path
) -> None:
    newest = lxml.html.parse(str(sample_output / "index.html")).getroot()
    title = newest.cssselect("#latest ~ .report-list .report-list__title a")[0].text_content()
    page = phone(browser)
    page.goto(site_url + "/")
    box = page.get_by_role("link", name=title).first.bounding_box()
    done(page)
    assert box is not None and box["y"] + box["height"] <= 780


# --- 我的社区 -----------------------------------------------------------------------------


def test_choosing_my_community_puts_its_news_first_on_the_home_page(
    browser: Browser, site_url: str
) -> None:
    page = phone(browser)
    page.goto(site_url + "/mine/")
    page.get_by_label("输入社区或街道的名称查找").fill("幸福")
    shown = page.eval_on_selector_all(
        "li[data-name]", "l => l.filter(e => !e.hidden).map(e => e.textContent.trim())"
    )
    assert shown == ["幸福里社区"]
    page.get_by_role("link", name="幸福里社区").click()
    page.wait_for_url(site_url + "/")
    section = page.locator("[data-mine-home]")
    section.wait_for(state="visible")
    newest = section.locator(".report-list__title a").first
    assert newest.text_content() == "闲物“活”起来 邻里“热”起来"
    box = newest.bounding_box()
    assert box is not None and box["y"] + box["height"] <= 780  # on the first screen
    page.goto(site_url + "/mine/")  # changeable at any time
    assert page.locator("[data-mine-name]").text_content() == "幸福里社区"
    page.get_by_role("button", name="不再选定").click()
    page.goto(site_url + "/")
    assert page.locator("[data-mine-home]").is_hidden()
    done(page)


def test_without_javascript_my_community_is_a_list_of_links(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 360, "height": 780})
    page = context.new_page()
    page.goto(site_url + "/mine/")
    page.get_by_role("link", name="幸福里社区").click()
    assert page.url.endswith("/places/xingfuli/")
    context.close()


# --- 朗读 ---------------------------------------------------------------------------------


def test_read_aloud_is_hidden_where_the_browser_has_no_chinese_voice(
    browser: Browser, site_url: str
) -> None:
    page = phone(browser)
    page.add_init_script("speechSynthesis.getVoices = () => []")
    page.goto(site_url + "/reports/xingfuli-swap-shop/")
    assert page.locator("[data-read-aloud]").is_hidden()
    done(page)


def test_read_aloud_reads_the_title_and_text_in_chinese_and_stops(
    browser: Browser, site_url: str
) -> None:
    page = phone(browser)
    page.add_init_script(FAKE_VOICES)
    page.goto(site_url + "/reports/xingfuli-swap-shop/")
    page.get_by_role("button", name="朗读全文").click()
    spoken = page.evaluate("window.__spoken")
    assert spoken[0] == ["闲物“活”起来 邻里“热”起来", "zh-CN"]
    assert len(spoken) > 5 and all(lang == "zh-CN" for _, lang in spoken)
    assert any("缝纫机" in text for text, _ in spoken)
    assert page.get_by_role("button", name="暂停").is_visible()
    page.get_by_role("button", name="停止").click()
    assert page.evaluate("window.__cancelled") is True
    assert page.get_by_role("button", name="朗读全文").is_visible()
    done(page)


# --- calendar -----------------------------------------------------------------------------


def test_calendar_pages_and_calendar_ics_agree_on_the_events_of_each_month(
    sample_output: Path,
) -> None:
    ics = icalendar.Calendar.from_ical((sample_output / "calendar.ics").read_bytes())
    from_feed: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for event in ics.walk("VEVENT"):
        start = event.decoded("DTSTART")
        day = start if not hasattr(start, "date") else start.date()
        from_feed[f"{day:%Y-%m}"].add((str(event["SUMMARY"]), str(event["URL"]).rstrip("/")))
    from_pages: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for page in sorted((sample_output / "calendar").glob("*/index.html")):
        month = page.parent.name
        tree = lxml.html.parse(str(page)).getroot()
        for item in tree.cssselect("td[data-date] .day__event a"):
            day = item.iterancestors("td").__next__().get("data-date")
            if day.startswith(month) and _starts_here(tree, item, day):
                url = "https://bulletin.example.cn" + item.get("href").rstrip("/")
                from_pages[month].add((item.text_content(), url))
        assert all(
            li.cssselect(".day__kind")[0].text_content() in ("活动", "报道")
            for li in tree.cssselect(".day__events li")
        )
    assert from_pages == from_feed


def _starts_here(tree: lxml.html.HtmlElement, item: lxml.html.HtmlElement, day: str) -> bool:
    """The first day an event shows in its month's grid (a long event shows on every day)."""
    earlier = [
        td.get("data-date")
        for td in tree.cssselect("td[data-date]")
        if any(a.get("href") == item.get("href") for a in td.cssselect(".day__event a"))
    ]
    return min(earlier) == day


# --- WeChat and contacts ------------------------------------------------------------------


def test_in_wechat_an_event_says_how_to_add_it_and_offers_a_copy(
    browser: Browser, site_url: str
) -> None:
    page = phone(browser, agent=WECHAT)
    page.goto(site_url + "/reports/xiangxijie-fire-drill/")
    assert page.locator("[data-wechat-hint]").is_visible()
    details = page.locator("#event-details").text_content()
    assert re.search(r"时间.*2025年3月22日", details)
    done(page)
    page = phone(browser)
    page.goto(site_url + "/reports/xiangxijie-fire-drill/")
    assert page.locator("[data-wechat-hint]").is_hidden()
    done(page)


def test_sample_phone_numbers_are_marked_and_cannot_be_dialled(sample_output: Path) -> None:
    for path in (sample_output / "places").glob("*/index.html"):
        tree = lxml.html.parse(str(path)).getroot()
        assert not tree.cssselect("a[href^='tel:']"), path
        for box in tree.cssselect(".contact"):
            if "电话" in box.text_content():
                assert "示例" in box.text_content(), path
    for sheet in [sample_output / "print/reports/xingfuli-swap-shop/index.html"]:
        text = lxml.html.parse(str(sheet)).getroot().text_content()
        phones = re.findall(r"电话：[0-9-]+(（示例号码，请勿拨打）)?", text)
        assert phones and all(phones), sheet


# --- sharing ------------------------------------------------------------------------------


def test_every_report_shares_with_a_title_description_and_picture(sample_output: Path) -> None:
    from PIL import Image

    for page in sorted((sample_output / "reports").glob("*/index.html")):
        tree = lxml.html.parse(str(page)).getroot()
        meta = {m.get("property"): m.get("content") for m in tree.cssselect("meta[property]")}
        assert meta["og:title"] and meta["og:description"], page
        path = meta["og:image"].removeprefix("https://bulletin.example.cn/")
        with Image.open(sample_output / path) as picture:
            assert picture.format in ("JPEG", "PNG") and min(picture.size) >= 300, page
            assert not picture.getexif()
    card = lxml.html.parse(str(sample_output / "reports/anhuali-consumer-rights/index.html"))
    image = card.getroot().cssselect("meta[property='og:image']")[0].get("content")
    assert image.endswith("/places/anhuali/share.jpg")  # no photo: its community's card


def test_a_share_card_is_drawn_once_and_again_only_when_its_words_change(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from builtsite import build_here
    from sitemaker import make_site, report_text

    from generator.render import cards

    site = make_site(tmp_path, reports={"a.md": report_text()})
    build_here(site, tmp_path / "one")
    card = "places/xingfuli/share.jpg"
    first = (tmp_path / "one" / card).read_bytes()

    def not_again(*words: str) -> bytes:
        raise AssertionError(f"the card of {words} was drawn again")

    monkeypatch.setattr(cards, "_drawn_card", not_again)
    build_here(site, tmp_path / "two", use_cache=False)  # a clean build into a new folder
    assert (tmp_path / "two" / card).read_bytes() == first
    monkeypatch.undo()
    yaml_file = site / "site.yaml"
    yaml_file.write_text(yaml_file.read_text().replace("幸福里社区", "幸福里"), encoding="utf-8")
    build_here(site, tmp_path / "three")
    assert (tmp_path / "three" / card).read_bytes() != first
