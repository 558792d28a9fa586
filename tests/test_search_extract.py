"""What Pagefind reads of a page (generator/search/extract.py): two versions with the same
extract index alike, so an incremental build may skip Pagefind; any change Pagefind would see
gives another extract."""

from __future__ import annotations

import pytest

from generator.search.extract import indexed_extract

PAGE = """<!doctype html><html lang="zh-CN"><head><title>义剪送关爱</title></head><body>
<nav><a href="/">首页</a></nav>
<article data-pagefind-filter="地区[data-place]" data-place="幸福里社区">
<h1 data-pagefind-body>义剪送关爱</h1>
<p hidden data-pagefind-body>志愿者为老人理发。</p>
<p class="meta"><time datetime="2025-03-05" data-pagefind-meta="date[datetime]">3月5日</time></p>
<img src="/images/a.jpg" alt="理发">
<div class="body"><p>志愿者为老人理发。<p>还修好了彩虹桥。</div>
<ul data-pagefind-body><li>敬老<li>志愿服务</ul>
</article><aside><h2>相关报道</h2><ul><li><a href="/r/1/">消防演练</a></ul></aside>
</body></html>"""


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("<p>还修好了彩虹桥。", "<p>还修好了彩虹桥，又清扫了楼道。"),  # the body, not indexed
        ('<a href="/r/1/">消防演练</a>', '<a href="/r/2/">垃圾分类</a>'),  # a list beside it
        ('<a href="/">首页</a>', '<a href="/">回到首页</a>'),
    ],
)
def test_what_pagefind_does_not_read_leaves_the_extract(old: str, new: str) -> None:
    assert old in PAGE
    assert indexed_extract(PAGE.replace(old, new)) == indexed_extract(PAGE)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        ("<h1 data-pagefind-body>义剪送关爱", "<h1 data-pagefind-body>义剪送温暖"),  # title
        ("<p hidden data-pagefind-body>志愿者", "<p hidden data-pagefind-body>义工"),  # summary
        ('data-place="幸福里社区"', 'data-place="振华街道"'),  # a filter's value
        ('datetime="2025-03-05"', 'datetime="2025-03-06"'),  # the date kept as metadata
        ('src="/images/a.jpg"', 'src="/images/b.jpg"'),  # the result's picture
        ("<li>志愿服务</ul>", "<li>志愿服务<li>理发</ul>"),  # a tag
        ('<html lang="zh-CN">', '<html lang="en">'),
    ],
)
def test_what_pagefind_reads_changes_the_extract(old: str, new: str) -> None:
    assert PAGE.count(old) == 1
    assert indexed_extract(PAGE.replace(old, new)) != indexed_extract(PAGE)


def test_a_filter_taking_the_elements_text_takes_all_it_contains() -> None:
    article = '<article data-pagefind-filter="地区[data-place]" data-place="幸福里社区">'
    page = PAGE.replace(article, '<article data-pagefind-filter="作者">')
    assert indexed_extract(page.replace("彩虹桥", "步行桥")) != indexed_extract(page)


def test_a_page_with_nothing_marked_is_its_own_extract() -> None:
    """Pagefind indexes the whole text of such a page: any change must count."""
    page = PAGE.replace("data-pagefind-body", "data-x")
    assert indexed_extract(page) == page
