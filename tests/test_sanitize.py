"""What reaches the reader is safe HTML: raw HTML in a body can't run scripts, and text from
front matter and site.yaml is shown as text. Markdown itself keeps working.

The built pages are parsed with html.parser, not searched with regular expressions. The
last part tests the plain-text facts derived from a body: summary and reading time.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import pytest
import regex
from sitemaker import SITE_YAML, assert_built, build, make_site, report_text, snapshot

from generator.load.markup import markdown_to_html, reading_minutes, summarize

# --- parsing built pages -------------------------------------------------------------------

VOID = {
    "area",
    "base",
    "br",
    "col",
    "embed",
    "hr",
    "img",
    "input",
    "link",
    "meta",
    "source",
    "track",
    "wbr",
}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None] = field(default_factory=dict)
    children: list[Element | str] = field(default_factory=list)

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Element):
                yield from child.iter()

    def find_all(self, tag: str) -> list[Element]:
        return [e for e in self.iter() if e.tag == tag]

    def text(self) -> str:
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)


class TreeBuilder(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document")
        self.stack = [self.root]

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.stack[-1].children.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        for depth in range(len(self.stack) - 1, 0, -1):
            if self.stack[depth].tag == tag:
                del self.stack[depth:]
                return

    def handle_data(self, data: str) -> None:
        self.stack[-1].children.append(data)


def parse_html(markup: str | bytes) -> Element:
    builder = TreeBuilder()
    builder.feed(markup.decode("utf-8") if isinstance(markup, bytes) else markup)
    builder.close()
    return builder.root


def is_theme_script(element: Element) -> bool:
    """`<script src="/static/…"></script>`: a file of the theme, not something from content."""
    src = element.attrs.get("src") or ""
    return element.tag == "script" and src.startswith("/static/") and not element.text().strip()


def scripting(document: Element) -> list[str]:
    """What in `document` could run script, other than the theme's own script files:
    script-like elements, event handler attributes, javascript: URLs."""
    found = []
    for element in document.iter():
        if element.tag in ("script", "iframe", "object", "embed") and not is_theme_script(element):
            found.append(f"<{element.tag}>")
        for name, value in element.attrs.items():
            if name.startswith("on"):
                found.append(f"<{element.tag} {name}>")
            if (
                name in ("href", "src", "action", "formaction")
                and value
                and value.strip().lower().startswith(("javascript:", "vbscript:", "data:"))
            ):
                found.append(f"<{element.tag} {name}={value}>")
    return found


# --- a site full of hostile input ----------------------------------------------------------

TITLE = '<script>alert("标题")</script>"><b>标题</b>'
SUBTITLE = '<script>alert("副标题")</script>"><b>副标题</b>'
INTRO = '<script>alert("简介")</script>"><b>简介</b>'
BODY = """\
社区开展了“邻里宝藏置换铺”活动，居民踊跃参加。

<script>alert(1)</script>

<img src=x onerror=alert(1)>

<a href="javascript:alert(1)">x</a>

<iframe src="https://evil.example/"></iframe>

<p onclick="alert(2)" style="background:url(javascript:alert(3))">点我</p>

[伪链接](javascript:alert(4))

## 活动安排

- 上午：整理物品
- 下午：置换交流

| 时间 | 地点 |
| --- | --- |
| 9:00 | 社区服务站 |

详情见[街道网站](https://zhenhua.example.cn/)。
"""


def yaml_quoted(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tmp_path = tmp_path_factory.mktemp("sanitize")
    site_yaml = SITE_YAML.replace("intro: 振华街道隶属平城区。", f"intro: {yaml_quoted(INTRO)}")
    report = report_text(
        title=yaml_quoted(TITLE), subtitle=yaml_quoted(SUBTITLE), places="[zhenhua]", body=BODY
    )
    site = make_site(tmp_path, reports={"2025/hostile.md": report}, site_yaml=site_yaml)
    assert_built(build(site, tmp_path / "output"))
    return tmp_path / "output"


@pytest.fixture(scope="module")
def page(output: Path) -> Element:
    return parse_html((output / "reports" / "hostile" / "index.html").read_bytes())


@pytest.fixture(scope="module")
def body(page: Element) -> Element:
    return next(e for e in page.iter() if e.attrs.get("class") == "report__body")


def test_report_page_has_no_script_handler_or_javascript_url(page: Element) -> None:
    assert scripting(page) == []


def test_no_built_page_has_a_script_handler_or_javascript_url(output: Path) -> None:
    found = {
        path: scripting(parse_html(data))
        for path, data in snapshot(output).items()
        if path.endswith(".html")
    }
    assert {path: bad for path, bad in found.items() if bad} == {}


def test_no_element_comes_from_the_title(page: Element) -> None:
    assert page.find_all("b") == []


def test_title_is_shown_as_text(page: Element) -> None:
    assert [h1.text() for h1 in page.find_all("h1")] == [TITLE]
    assert page.find_all("title")[0].text().startswith(TITLE)


def test_title_stays_inside_its_attribute(page: Element) -> None:
    og_title = [m for m in page.find_all("meta") if m.attrs.get("property") == "og:title"]
    assert [m.attrs["content"] for m in og_title] == [TITLE]


def test_subtitle_is_shown_as_text(page: Element) -> None:
    subtitles = [e for e in page.iter() if e.attrs.get("class") == "subtitle"]
    assert [e.text() for e in subtitles] == [SUBTITLE]


def test_place_intro_is_shown_as_text(output: Path) -> None:
    place = parse_html((output / "places" / "zhenhua" / "index.html").read_bytes())
    assert scripting(place) == []
    assert place.find_all("b") == []
    assert [e.text() for e in place.iter() if e.attrs.get("class") == "lead"] == [INTRO]


def test_feed_has_no_raw_script(output: Path) -> None:
    feed = (output / "feed.xml").read_bytes()
    assert b"<script" not in feed
    assert b"<iframe" not in feed


def test_feed_content_is_sanitized_html(output: Path) -> None:
    atom = "{http://www.w3.org/2005/Atom}"
    entry = ET.fromstring((output / "feed.xml").read_bytes()).find(f"{atom}entry")
    assert entry is not None
    assert entry.findtext(f"{atom}title") == TITLE
    content = entry.find(f"{atom}content")
    assert content is not None and content.get("type") == "html"
    assert scripting(parse_html(content.text or "")) == []
    assert "活动安排" in (content.text or "")


def test_markdown_heading_survives(body: Element) -> None:
    assert [h.text() for h in body.find_all("h2")] == ["活动安排"]


def test_markdown_list_survives(body: Element) -> None:
    assert [li.text() for li in body.find_all("li")] == ["上午：整理物品", "下午：置换交流"]


def test_markdown_table_survives(body: Element) -> None:
    assert [th.text() for th in body.find_all("th")] == ["时间", "地点"]
    assert [td.text() for td in body.find_all("td")] == ["9:00", "社区服务站"]


def test_markdown_link_survives(body: Element) -> None:
    links = [a for a in body.find_all("a") if a.text() == "街道网站"]
    assert [a.attrs["href"] for a in links] == ["https://zhenhua.example.cn/"]


def test_chinese_text_survives(body: Element) -> None:
    assert "社区开展了“邻里宝藏置换铺”活动，居民踊跃参加。" in body.text()


# --- markdown_to_html on its own -----------------------------------------------------------


@pytest.mark.parametrize(
    "raw",
    [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        '<a href="javascript:alert(1)">x</a>',
        '<a href=" JaVaScRiPt:alert(1)">x</a>',
        '<iframe src="https://evil.example/"></iframe>',
        '<svg onload="alert(1)"></svg>',
        "[x](javascript:alert(1))",
    ],
)
def test_markdown_to_html_removes_scripting(raw: str) -> None:
    assert scripting(parse_html(markdown_to_html(raw))) == []


# --- summary -------------------------------------------------------------------------------


def clusters(text: str) -> int:
    return len(regex.findall(r"\X", text))


def sentence(length: int, end: str = "。", char: str = "字") -> str:
    """A sentence of `length` characters, the last of which is `end`."""
    return char * (length - 1) + end


def test_short_text_is_its_own_summary() -> None:
    text = sentence(40) + sentence(40, "！")
    assert summarize(text) == text


def test_text_of_100_characters_as_seen_is_not_cut_however_many_code_points() -> None:
    family = "👨\u200d👩\u200d👧\u200d👦"  # one character on screen, seven code points
    text = "字" * 99 + family
    assert len(text) > 100
    assert summarize(text) == text


def test_summary_is_cut_after_the_last_sentence_end_in_reach() -> None:
    text = sentence(30) + sentence(30, "？") + sentence(30, "；") + sentence(30, "！")
    assert summarize(text) == text[:90]


def test_summary_keeps_a_closing_quote_after_the_sentence_end() -> None:
    quoted = "他说：“" + sentence(20, "。") + "”"
    text = sentence(60) + quoted + sentence(60)
    assert summarize(text) == sentence(60) + quoted


def test_summary_is_at_most_100_characters() -> None:
    for text in (sentence(99) + sentence(50), sentence(150), "字" * 300, "😀" * 300):
        assert clusters(summarize(text)) <= 100, text


def test_summary_without_a_sentence_end_is_cut_hard_with_an_ellipsis() -> None:
    summary = summarize("字" * 300)
    assert summary == "字" * 99 + "…"


def test_summary_never_splits_an_emoji_sequence() -> None:
    family = "👨\u200d👩\u200d👧\u200d👦"
    summary = summarize("字" * 98 + family + "字" * 100)
    assert summary == "字" * 98 + family + "…"


def test_summary_never_splits_a_character_from_its_combining_mark() -> None:
    accented = "e\u0301"
    summary = summarize("字" * 98 + accented + "字" * 100)
    assert summary == "字" * 98 + accented + "…"


def test_summary_hard_cut_drops_a_cluster_that_does_not_fit() -> None:
    family = "👨\u200d👩\u200d👧"
    summary = summarize("字" * 99 + family + "字" * 100)
    assert summary == "字" * 99 + "…"
    assert "\u200d" not in summary


# --- reading time --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("han", "minutes"),
    [
        (0, 1),
        (1, 1),
        (299, 1),
        (300, 1),
        (301, 2),
        (600, 2),
        (601, 3),
        (3000, 10),
    ],
)
def test_reading_time_is_300_han_characters_a_minute_rounded_up(han: int, minutes: int) -> None:
    assert reading_minutes("字" * han) == minutes


def test_reading_time_counts_han_characters_not_punctuation() -> None:
    assert reading_minutes("字" * 300 + "，。“”！" * 100) == 1
