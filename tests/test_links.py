"""Every link in the built sample site leads somewhere: no link points at a missing file."""

from __future__ import annotations

from pathlib import Path

from builtsite import BASE_URL, html_files
from webcheck import internal_targets


def test_every_internal_link_resolves_to_a_written_file(sample_output: Path) -> None:
    broken = [
        f"{page.relative_to(sample_output)} → {url}"
        for page in html_files(sample_output)
        for url, target in internal_targets(page, sample_output, BASE_URL)
        if not target.is_file()
    ]
    assert broken == []


def test_every_page_is_reachable_by_following_links_from_home(sample_output: Path) -> None:
    pages = {p for p in html_files(sample_output) if p.name != "404.html"}
    reached: set[Path] = set()
    todo = [sample_output / "index.html"]
    while todo:
        page = todo.pop()
        if page in reached or page.suffix != ".html":
            continue
        reached.add(page)
        todo += [t for _, t in internal_targets(page, sample_output, BASE_URL) if t.is_file()]
    redirects = {p for p in pages if 'http-equiv="refresh"' in p.read_text(encoding="utf-8")}
    assert pages - redirects - reached == set()


def test_home_404_robots_and_sitemap_exist(sample_output: Path) -> None:
    for name in (
        "index.html",
        "404.html",
        "robots.txt",
        "sitemap.xml",
        "feed.xml",
        "static/style.css",
    ):
        assert (sample_output / name).is_file(), name
    robots = (sample_output / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE_URL}sitemap.xml" in robots
