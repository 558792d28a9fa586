"""Read a built site the way a visitor's browser would: pages, their links, their listings."""

from __future__ import annotations

import functools
import os
from functools import cache
from pathlib import Path

import lxml.html
import yaml
from bs4 import BeautifulSoup
from webcheck import REPO_ROOT

BASE_URL = "https://bulletin.example.cn/"
SAMPLE_EPOCH = "1795579200"  # 2026-11-25 12:00 Asia/Shanghai: every sample report is published


@cache
def sample_config() -> dict:
    return yaml.safe_load((REPO_ROOT / "site.yaml").read_text(encoding="utf-8"))


def html_files(output: Path) -> list[Path]:
    return sorted(output.rglob("*.html"))


def soup(path: Path) -> BeautifulSoup:
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def parsed_page(path: Path) -> lxml.html.HtmlElement:
    """A page parsed with lxml: forty times faster than BeautifulSoup, for the tests that read
    every page of the site."""
    return lxml.html.fromstring(path.read_bytes())


def is_redirect_tree(page: lxml.html.HtmlElement) -> bool:
    return bool(page.xpath("//meta[@http-equiv='refresh']"))


def page_file(output: Path, url_path: str) -> Path:
    """The file serving a site URL path such as "/places/pingcheng/"."""
    rel = url_path.lstrip("/")
    return output / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def is_redirect(page: BeautifulSoup) -> bool:
    return page.find("meta", attrs={"http-equiv": "refresh"}) is not None


def listed_reports(output: Path, url_path: str) -> list[str]:
    """Report URLs listed on a paginated list page, following its "下一页" links to the end."""
    found: list[str] = []
    seen: set[str] = set()
    while url_path and url_path not in seen:
        seen.add(url_path)
        page = soup(page_file(output, url_path))
        found += [a["href"] for a in page.select(".report-list a[href^='/reports/']")]
        following = page.find("a", rel="next")
        url_path = following["href"] if following else ""
    return found


def report_front_matter() -> dict[str, dict]:
    """Each sample report's front matter, by slug (the file name)."""
    result = {}
    for path in sorted((REPO_ROOT / "content" / "reports").rglob("*.md")):
        head = path.read_text(encoding="utf-8").split("\n---\n", 1)[0].removeprefix("---\n")
        meta = yaml.safe_load(head)
        result[meta.get("slug", path.stem)] = meta
    return result


def place_ancestors() -> dict[str, list[str]]:
    """Each place id → itself and all its ancestors, from site.yaml."""
    chains: dict[str, list[str]] = {}

    def walk(places: list[dict], above: list[str]) -> None:
        for place in places:
            chains[place["id"]] = [place["id"], *above]
            walk(place.get("children") or [], [place["id"], *above])

    walk(sample_config()["places"], [])
    return chains


def copy_sample_site(destination: Path) -> Path:
    """A copy of the sample site (site.yaml, content/, data/) that a test may change, with its
    pictures already processed (copied from the repository's cache, as a build of the copy
    would make them: processing them anew for every copy cost the suite half a minute)."""
    import shutil

    shutil.copy(REPO_ROOT / "site.yaml", destination / "site.yaml")
    for folder in ("content", "data"):
        shutil.copytree(REPO_ROOT / folder, destination / folder)
    shutil.copytree(sample_pictures(), destination / ".bulletin-cache" / "photos")
    shutil.copytree(sample_cards(), destination / ".bulletin-cache" / "cards")
    return destination


@functools.lru_cache(maxsize=1)
def sample_cards() -> Path:
    """The sample site's share cards, made once per test process into its cache (as the
    pictures: a build of a copy finds them there instead of drawing 77 cards)."""
    from generator.load.config import load_config
    from generator.load.site import load_site
    from generator.model.config import CACHE_FOLDER
    from generator.model.plan import plan
    from generator.render.cards import render_share_card

    config = load_config(REPO_ROOT)
    site = load_site(config).site
    for unit in plan(site):
        if unit.kind == "share_card":
            render_share_card(site, None, unit)
    return config.root / CACHE_FOLDER / "cards"


@functools.lru_cache(maxsize=1)
def sample_pictures() -> Path:
    """The sample site's pictures, processed once per test process into its cache."""
    from generator.load.config import load_config
    from generator.load.site import load_site
    from generator.render.photos import cache_folder, process_photos

    config = load_config(REPO_ROOT)
    assert process_photos(config, load_site(config).site.photos.values(), jobs=2) == []
    return cache_folder(config)


def build_site(site: Path, output: Path, *extra: str, epoch: str = SAMPLE_EPOCH):
    """Run `bulletin build` as an editor would (see runner.py); returns the finished run."""
    from sitemaker import build

    return build(site, output, *extra, epoch=epoch)


def build_here(site: Path, output: Path, epoch: str = SAMPLE_EPOCH, **options):
    """Build in this process, as `bulletin build` does (for tests where starting the command
    adds nothing); returns the BuildResult. `options` are build()'s. The search index is
    left out unless `search=True`: Pagefind indexes every page anew on each build, a third of
    a second the sample site's build does not need (tests/test_search.py covers it)."""

    from generator.commands.build import build

    before = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = epoch
    try:
        # One process, as sitemaker.build: the test workers keep the cores busy already.
        return build(site, output, **{"search": False, "jobs": 1, **options})
    finally:
        if before is None:
            del os.environ["SOURCE_DATE_EPOCH"]
        else:
            os.environ["SOURCE_DATE_EPOCH"] = before
