"""Search: `bulletin build` indexes the pages residents read with Pagefind (a report by its
title, subtitle, summary, event place and tags), and the search page finds reports by a
two-character word or a place's name, narrowed by place at any level, tag and year, in
Chromium; without JavaScript it points to the place list and the archive."""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pagefind_bin_extended
import pytest
from builtsite import page_file, parsed_page, place_ancestors, report_front_matter
from playwright.sync_api import Browser, Page
from sitemaker import assert_built, assert_failed, build, leftovers, make_site, report_text
from sitemaker import snapshot as files_of
from webcheck import serve_directory, vnu_errors

from generator.search import pagefind

HAIRCUTS = {"/reports/minan-veterans-haircuts/", "/reports/minfu-veterans-haircuts/"}


def indexed_urls(output: Path) -> set[str]:
    """The address of every page in the index, read from Pagefind's fragment files."""
    found = set()
    for fragment in (output / "pagefind" / "fragment").iterdir():
        data = gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd")
        found.add(json.loads(data)["url"])
    return found


def indexed_texts(output: Path) -> dict[str, str]:
    """Each indexed page's address → the text Pagefind holds of it (without the zero-width
    spaces it puts between Chinese words)."""
    texts = {}
    for fragment in (output / "pagefind" / "fragment").iterdir():
        data = json.loads(gzip.decompress(fragment.read_bytes()).removeprefix(b"pagefind_dcd"))
        texts[data["url"]] = data["content"].replace("\u200b", "")
    return texts


def indexed_text(output: Path) -> str:
    return "\n".join(indexed_texts(output).values())


def reports_under(place_id: str) -> set[str]:
    """The sample reports of a place and the places below it, as addresses."""
    chains = place_ancestors()
    return {
        f"/reports/{slug}/"
        for slug, meta in report_front_matter().items()
        if any(place_id in chains[p] for p in meta["places"])
    }


# What the index holds


def test_the_index_holds_the_reports_the_places_and_the_pages_and_nothing_else(
    sample_output: Path,
) -> None:
    urls = indexed_urls(sample_output)
    expected = {
        "/" + name.removesuffix("index.html") for name in pagefind.indexed_pages(sample_output)
    }
    assert urls == expected
    assert {f"/reports/{slug}/" for slug in report_front_matter()} <= urls
    assert {"/places/xingfuli/", "/places/zhenhua/", "/pages/about/"} <= urls
    assert not [u for u in urls if "/page/" in u or "/calendar/" in u], "lists and calendars"


def test_the_bundle_holds_what_search_js_uses_and_not_pagefinds_own_interfaces(
    sample_output: Path,
) -> None:
    bundle = sample_output / "pagefind"
    assert {"pagefind.js", "pagefind-worker.js", "pagefind-entry.json"} <= {
        path.name for path in bundle.iterdir()
    }
    assert not [path.name for path in bundle.glob("pagefind-*ui*")]
    assert not (bundle / "pagefind-highlight.js").exists()


def test_a_report_is_indexed_by_title_summary_event_place_and_tags_not_its_whole_text(
    sample_output: Path,
) -> None:
    url = "/reports/nongnaner-five-constants/"  # six paragraphs, an event with a place, tags
    text = indexed_texts(sample_output)[url]
    page = parsed_page(page_file(sample_output, url))
    summary = page.xpath("//p[@hidden][@data-pagefind-body]")[0].text_content()
    last_paragraph = page.xpath("//div[@class='report__body']//p")[-1].text_content()
    tags = page.xpath("//ul[@aria-label='标签']/li")
    event_place = page.xpath("//dt[.='地点']/following-sibling::dd")[0].text_content()
    assert page.xpath("//h1")[0].text_content() in text
    assert summary and summary in text
    assert tags and all(tag.text_content() in text for tag in tags)
    assert event_place in text
    assert last_paragraph[:20] not in text


def test_print_sheets_feeds_calendars_and_navigation_are_not_indexed(sample_output: Path) -> None:
    text = indexed_text(sample_output)
    assert "本周社区动态" not in text  # the heading of every weekly sheet
    assert "订阅" not in text and "打印公告栏" not in text  # feed and sheet links
    assert "阅读约" not in text and "下一篇" not in text and "相关报道" not in text


# Searching in Chromium


@pytest.fixture(scope="module")
def site_url(sample_output: Path) -> Iterator[str]:
    with serve_directory(sample_output) as url:
        yield url


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport={"width": 360, "height": 780}, locale="zh-CN")
    yield context.new_page()
    context.close()


def results(page: Page) -> list[str]:
    """The addresses the search page lists once its search is done, all of them."""
    page.wait_for_function(
        """() => {
            const status = document.querySelector('[data-search-status]').textContent;
            const listed = document.querySelectorAll('[data-search-results] li').length;
            return status.startsWith('没有') || (status.startsWith('找到') && listed > 0);
        }"""
    )
    more = page.locator("[data-search-more]")
    while more.is_visible():
        listed = page.locator("[data-search-results] li").count()
        more.click()
        page.wait_for_function(
            f"document.querySelectorAll('[data-search-results] li').length > {listed}"
        )
    return page.eval_on_selector_all(
        "[data-search-results] h2 a", "links => links.map(a => a.getAttribute('href'))"
    )


def search(page: Page, site_url: str, **params: str) -> list[str]:
    page.goto(f"{site_url}search/?{urlencode(params)}")
    return results(page)


def test_searching_haircut_lists_both_haircut_reports_first(page: Page, site_url: str) -> None:
    found = search(page, site_url, q="理发")
    assert set(found[:2]) == HAIRCUTS
    assert page.locator("[data-search-status]").inner_text().startswith("找到")


@pytest.mark.parametrize(
    ("word", "report"),
    [("消防", "/reports/xiangxijie-fire-drill/"), ("雷锋", "/reports/lei-feng-xinhua/")],
)
def test_two_character_words_find_their_reports(
    page: Page, site_url: str, word: str, report: str
) -> None:
    assert report in search(page, site_url, q=word)[:10]


@pytest.mark.parametrize(("name", "place_id"), [("幸福里", "xingfuli"), ("振华", "zhenhua")])
def test_searching_a_place_name_lists_its_reports_first(
    page: Page, site_url: str, name: str, place_id: str
) -> None:
    # 振华 is a name the browser's word list cuts in two; the page knows the place names.
    theirs = reports_under(place_id)
    found = search(page, site_url, q=name)
    assert set(found[: len(theirs)]) == theirs
    assert page.locator("[data-search-places] a").first.get_attribute("href") == (
        f"/places/{place_id}/"
    )


def test_filtering_by_a_subdistrict_keeps_only_what_is_under_it(page: Page, site_url: str) -> None:
    search(page, site_url, q="社区")
    page.locator("[data-search-filters] summary").click()
    page.select_option("#search-place", "振华街道")
    page.wait_for_function("location.search.includes('place=')")
    found = results(page)
    under = {f"/places/{p}/" for p, chain in place_ancestors().items() if "zhenhua" in chain}
    assert found and set(found) <= reports_under("zhenhua") | under


def test_filters_at_every_level_with_year_list_newest_first(page: Page, site_url: str) -> None:
    found = search(page, site_url, place="大同市", year="2025")
    dated = {f"/reports/{slug}/": meta["date"] for slug, meta in report_front_matter().items()}
    expected = {r for r in reports_under("datong") if dated[r].year == 2025}
    assert set(found) == expected
    assert [dated[r] for r in found] == sorted((dated[r] for r in found), reverse=True)


def test_the_search_box_of_every_page_leads_to_the_results(page: Page, site_url: str) -> None:
    page.goto(f"{site_url}reports/xingfuli-swap-shop/")
    page.fill("#site-search-q", "理发")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    assert set(results(page)[:2]) == HAIRCUTS
    assert page.url.endswith("/search/?q=%E7%90%86%E5%8F%91")


def test_without_javascript_the_search_page_points_to_places_and_months(
    browser: Browser, site_url: str
) -> None:
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{site_url}reports/xingfuli-swap-shop/")
    page.fill("#site-search-q", "理发")
    page.press("#site-search-q", "Enter")
    page.wait_for_url("**/search/?q=*")
    fallback = page.locator("[data-search-fallback]")
    assert fallback.is_visible() and "JavaScript" in fallback.inner_text()
    links = fallback.locator("a").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert {"/places/", "/archive/"} <= set(links)
    context.close()


def test_the_search_page_is_valid_html_in_chinese(sample_output: Path) -> None:
    search_page = sample_output / "search" / "index.html"
    assert vnu_errors([search_page]) == []
    html = search_page.read_text(encoding="utf-8")
    assert '<html lang="zh-CN">' in html
    assert "搜索报道、社区和页面" in html and "全部地区" in html and "最新的在前" in html


# Builds: up to date after an edit, untouched by a build with nothing to do, never half made


@pytest.fixture
def small_site(tmp_path: Path) -> Path:
    reports = {
        "2025/haircut.md": report_text(title="义剪送关爱", body="志愿者为老人理发。"),
        "2025/drill.md": report_text(title="消防演练", date="2025-04-01", body="居民学习灭火。"),
    }
    site = make_site(
        tmp_path, reports=reports, pages={"about.md": "---\ntitle: 关于本站\n---\n\n说明。\n"}
    )
    assert_built(build(site))
    return site


def edit_haircut(site: Path) -> None:
    (site / "content/reports/2025/haircut.md").write_text(
        report_text(title="义剪送关爱", body="志愿者为老人理发，还修好了彩虹桥。"), encoding="utf-8"
    )


def bundle_contents(folder: Path) -> dict[str, object]:
    """What a Pagefind bundle holds, to compare two. Pagefind 1.5.2 writes the values of a
    filter in any order (a Rust HashMap), so the bytes of its filter files, and the names
    of those and of the metadata file that lists them, differ from run to run: the filter
    files are compared by the bytes they hold in any order, and the names by nothing."""
    found: dict[str, object] = {}
    filters = []
    for name, data in files_of(folder).items():
        if name.startswith("filter/"):
            filters.append(bytes(sorted(gzip.decompress(data))))
        elif not name.endswith(".pf_meta") and name != pagefind.ENTRY:
            found[name] = data
    found["filter/"] = sorted(filters)
    return found


def test_an_edit_updates_the_index_as_a_clean_build_makes_it(small_site: Path) -> None:
    output = small_site.parent / "output"
    edit_haircut(small_site)
    assert_built(build(small_site))
    assert "彩虹桥" in indexed_text(output)
    assert_built(build(small_site, small_site.parent / "clean", "--clean"))
    clean = small_site.parent / "clean" / "pagefind"
    assert bundle_contents(output / "pagefind") == bundle_contents(clean)


LONG_BODY = (
    "重阳节前夕，社区志愿者为辖区老人义务理发。活动从上午九点开始，二十多位老人排队等候。"
    "志愿者还为行动不便的老人上门服务，送去节日问候。理发结束后，大家一起包饺子、拉家常，"
    "现场其乐融融。社区表示，今后每月都将举办一次义剪活动。"
)  # longer than a summary (100 characters): what follows it is not indexed


def test_an_edit_below_the_summary_leaves_the_index_and_does_not_run_pagefind(
    small_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = small_site.parent / "output"
    haircut = small_site / "content/reports/2025/haircut.md"
    haircut.write_text(report_text(title="义剪送关爱", body=LONG_BODY), encoding="utf-8")
    assert_built(build(small_site))
    index = {p: p.stat().st_mtime_ns for p in (output / "pagefind").rglob("*")}
    page = (output / "reports/haircut/index.html").read_bytes()
    haircut.write_text(
        report_text(title="义剪送关爱", body=LONG_BODY + "\n\n下次活动定在腊月。"), encoding="utf-8"
    )
    monkeypatch.setattr(pagefind, "pagefind_binary", lambda: "/nonexistent/pagefind")
    assert_built(build(small_site))
    assert (output / "reports/haircut/index.html").read_bytes() != page
    assert {p: p.stat().st_mtime_ns for p in (output / "pagefind").rglob("*")} == index
    monkeypatch.undo()
    assert_built(build(small_site, small_site.parent / "clean", "--clean"))
    clean = small_site.parent / "clean" / "pagefind"
    assert bundle_contents(output / "pagefind") == bundle_contents(clean)


def test_a_build_with_nothing_changed_does_not_run_pagefind(
    small_site: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    index = small_site.parent / "output" / "pagefind"
    before = {p: p.stat().st_mtime_ns for p in index.rglob("*")}
    monkeypatch.setattr(pagefind, "pagefind_binary", lambda: "/nonexistent/pagefind")
    done = build(small_site)
    assert_built(done)
    assert done.stdout.startswith("Nothing changed")
    assert {p: p.stat().st_mtime_ns for p in index.rglob("*")} == before


def test_without_pagefind_a_build_says_how_to_install_it_and_publishes_nothing(
    small_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = small_site.parent / "output"
    before = files_of(output)

    def missing() -> Path:
        raise FileNotFoundError("pagefind_extended")

    monkeypatch.setattr(pagefind_bin_extended, "get_executable", missing)
    monkeypatch.setenv("PATH", str(tmp_path))
    edit_haircut(small_site)
    done = build(small_site)
    assert_failed(done)
    assert "Pagefind's extended build" in done.stderr
    assert "pip install 'pagefind[extended]>=1.3'" in done.stderr
    assert files_of(output) == before and leftovers(output) == []


def test_a_failing_pagefind_leaves_the_previous_site_and_index(
    small_site: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    output = small_site.parent / "output"
    before = files_of(output)
    broken = tmp_path / "pagefind_extended"
    # It writes part of a bundle, then fails: the way an interrupted run leaves its folder.
    broken.write_text(
        '#!/bin/sh\nmkdir -p "$4/fragment" && echo half > "$4/fragment/x"\n'
        "echo 'Error: out of memory'\nexit 3\n"
    )
    broken.chmod(0o755)
    monkeypatch.setattr(pagefind, "pagefind_binary", lambda: str(broken))
    edit_haircut(small_site)
    done = build(small_site)
    assert_failed(done)
    assert "status 3" in done.stderr and "out of memory" in done.stderr
    assert done.stderr.count("\n") <= 2, done.stderr  # one message, no traceback
    assert files_of(output) == before and leftovers(output) == []
    assert not [p for p in output.parent.iterdir() if p.name.startswith(".output.")]
    monkeypatch.undo()
    assert_built(build(small_site))
    assert "彩虹桥" in indexed_text(output)


def test_pagefind_makes_the_same_bundle_twice_but_for_the_order_of_filter_values(
    tmp_path: Path, small_site: Path
) -> None:
    output = small_site.parent / "output"
    pages = pagefind.indexed_pages(output)
    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    assert bundle_contents(pagefind.make_bundle(pages, first)) == bundle_contents(
        pagefind.make_bundle(pages, second)
    )
