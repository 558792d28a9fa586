"""Every page is valid HTML5 and carries what browsers, search engines and sharing need."""

from __future__ import annotations

from pathlib import Path

from builtsite import BASE_URL, html_files, is_redirect_tree, parsed_page, soup
from webcheck import vnu_errors


def validated_pages(output: Path) -> list[Path]:
    """Every page residents read, and the print sheets of two places: the 370 sheet pages
    come from four templates with the same text as the pages, and checking them all took
    the Nu checker half its time."""
    keep = (
        "print/reports/xingfuli-swap-shop/",
        "print/places/pingcheng/",
        "print/places/xingfuli/",
    )
    return [
        path
        for path in html_files(output)
        if not path.relative_to(output).as_posix().startswith("print/")
        or path.relative_to(output).as_posix().startswith(keep)
    ]


def test_every_page_passes_the_nu_html_checker(sample_output: Path) -> None:
    pages = validated_pages(sample_output)
    assert any("/print/places/pingcheng/" in str(p) for p in pages)
    assert vnu_errors(pages) == []


def test_every_page_has_language_title_description_canonical_and_open_graph(
    sample_output: Path,
) -> None:
    for path in html_files(sample_output):
        page = parsed_page(path)
        where = path.relative_to(sample_output)
        assert page.get("lang") == "zh-CN", where
        assert (page.findtext(".//title") or "").strip(), where
        if is_redirect_tree(page):
            continue
        description = page.xpath("//meta[@name='description']/@content")
        assert description and description[0].strip(), where
        assert page.xpath("//meta[@name='viewport']"), where
        assert len(page.xpath("//h1")) == 1, where
        if path.name == "404.html":
            continue
        canonical = page.xpath("//link[@rel='canonical']/@href")
        rel = where.as_posix().removesuffix("index.html")
        assert canonical == [BASE_URL + rel], where
        for prop in ("og:title", "og:description", "og:url", "og:type", "og:site_name"):
            assert page.xpath(f"//meta[@property='{prop}']"), (where, prop)


def test_titles_name_the_page_and_the_site(sample_output: Path) -> None:
    page = soup(sample_output / "reports" / "xingfuli-swap-shop" / "index.html")
    assert page.title.get_text() == f"{page.h1.get_text()} - 社区快报"


def test_no_page_loads_anything_from_another_host(sample_output: Path) -> None:
    for path in html_files(sample_output):
        page = parsed_page(path)
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src")):
            for element in page.iter(tag):
                value = element.get(attr, "")
                if tag == "link" and element.get("rel") in ("canonical", "alternate"):
                    continue
                assert not value.startswith(("http:", "https:", "//")), (path, value)
