"""A site served from a sub-folder: every address carries the base path from --base-url."""

from __future__ import annotations

from pathlib import Path

import feedparser
import pytest
from builtsite import build_site, html_files, soup
from webcheck import REPO_ROOT, internal_targets

BASE = "https://example.org/city/bulletin/"


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("sub") / "output"
    done = build_site(REPO_ROOT, out, "--base-url", BASE)
    assert done.returncode == 0, done.stderr
    return out


def test_every_link_stays_inside_the_base_path_and_resolves(output: Path) -> None:
    broken = [
        (page.relative_to(output), url)
        for page in html_files(output)
        for url, target in internal_targets(page, output, BASE)
        if not target.is_file()
    ]
    assert broken == []


def test_canonical_urls_and_feeds_use_the_base_url(output: Path) -> None:
    page = soup(output / "reports/xingfuli-swap-shop/index.html")
    assert page.find("link", rel="canonical")["href"] == BASE + "reports/xingfuli-swap-shop/"
    feed = feedparser.parse((output / "feed.xml").read_bytes())
    assert all(e.link.startswith(BASE + "reports/") for e in feed.entries)
    assert f"Sitemap: {BASE}sitemap.xml" in (output / "robots.txt").read_text()


def test_a_bad_base_url_is_refused(tmp_path: Path) -> None:
    done = build_site(REPO_ROOT, tmp_path / "out", "--base-url", "ftp:/nowhere")
    assert done.returncode == 1
    assert "base_url must be an http(s) address" in done.stderr
    assert "Traceback" not in done.stderr
