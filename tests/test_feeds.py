"""Atom feeds parse with a real feed parser, carry the right reports with full content, and
are linked from their pages."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from builtsite import BASE_URL, listed_reports, page_file, soup

FEEDS = [  # (feed, the page that links it)
    ("/feed.xml", "/"),
    ("/places/pingcheng/feed.xml", "/places/pingcheng/"),
    ("/places/xingfuli/feed.xml", "/places/xingfuli/"),
    ("/tags/lei-feng/feed.xml", "/tags/lei-feng/"),
]


def parse(output: Path, feed: str) -> feedparser.FeedParserDict:
    parsed = feedparser.parse((output / feed.lstrip("/")).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    return parsed


@pytest.mark.parametrize(("feed", "page"), FEEDS)
def test_feed_entries_are_the_newest_reports_of_its_page(
    sample_output: Path, feed: str, page: str
) -> None:
    parsed = parse(sample_output, feed)
    expected = [BASE_URL + url.lstrip("/") for url in listed_reports(sample_output, page)][:30]
    if page == "/":  # the home page shows only the latest few; the feed covers the archive
        expected = sorted({e.link for e in parsed.entries})
        assert len(parsed.entries) == min(30, len(list(sample_output.glob("reports/*/"))))
    assert sorted(e.link for e in parsed.entries) == sorted(expected)


@pytest.mark.parametrize(("feed", "page"), FEEDS)
def test_each_page_links_its_feed_for_subscription(
    sample_output: Path, feed: str, page: str
) -> None:
    links = soup(page_file(sample_output, page)).find_all(
        "link", rel="alternate", type="application/atom+xml"
    )
    assert feed in [link["href"] for link in links]


def test_entries_carry_full_content_title_date_and_author(sample_output: Path) -> None:
    parsed = parse(sample_output, "/places/xingfuli/feed.xml")
    entry = next(e for e in parsed.entries if e.link.endswith("/reports/xingfuli-swap-shop/"))
    report = soup(page_file(sample_output, "/reports/xingfuli-swap-shop/"))
    assert entry.title == report.h1.get_text()
    body_text = report.select_one(".report__body").get_text(" ", strip=True)
    feed_text = soup_text(entry.content[0].value)
    assert feed_text == body_text
    assert entry.published.startswith("2025-12-02T00:00:00+08:00")
    assert entry.author == "段雨萌"
    assert entry.id == entry.link


def test_feed_ids_and_self_links_are_absolute(sample_output: Path) -> None:
    parsed = parse(sample_output, "/tags/lei-feng/feed.xml")
    assert parsed.feed.id == BASE_URL + "tags/lei-feng/feed.xml"
    rels = {link.rel: link.href for link in parsed.feed.links}
    assert rels["self"] == BASE_URL + "tags/lei-feng/feed.xml"
    assert rels["alternate"] == BASE_URL + "tags/lei-feng/"


def soup_text(html: str) -> str:
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser").get_text(" ", strip=True)
