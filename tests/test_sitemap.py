"""The sitemap lists every page a search engine should find, with absolute URLs."""

from __future__ import annotations

from pathlib import Path
from xml.etree import ElementTree

from builtsite import BASE_URL, html_files, is_redirect_tree, parsed_page

NS = {"sm": "http://www.sitemaps.org/schemas/sitemap/0.9"}


def test_sitemap_lists_every_page_and_nothing_else(sample_output: Path) -> None:
    tree = ElementTree.parse(sample_output / "sitemap.xml")
    listed = {loc.text for loc in tree.findall("sm:url/sm:loc", NS)}
    pages = set()
    for path in html_files(sample_output):
        page = parsed_page(path)
        if (
            path.name == "404.html"
            or is_redirect_tree(page)
            or page.xpath("//meta[@name='robots'][@content='noindex']")
        ):
            continue
        rel = path.relative_to(sample_output).as_posix()
        pages.add(BASE_URL + rel.removesuffix("index.html"))
    assert listed == pages


def test_report_entries_carry_their_date(sample_output: Path) -> None:
    tree = ElementTree.parse(sample_output / "sitemap.xml")
    for url in tree.findall("sm:url", NS):
        if "/reports/" in url.findtext("sm:loc", namespaces=NS):
            assert url.findtext("sm:lastmod", namespaces=NS)
