"""`bulletin print` writes one-page PDFs for a report, a place's week or month, or every place."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path

import pytest
from builtsite import SAMPLE_EPOCH, build_here, page_file, soup
from pdfcheck import page_count
from playwright.sync_api import Browser
from runner import run_bulletin
from sitemaker import EPOCH, make_site, report_text
from webcheck import REPO_ROOT, serve_directory


def run_print(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return run_bulletin(
        "print", "--site", str(REPO_ROOT), *args, cwd=cwd, env={"SOURCE_DATE_EPOCH": SAMPLE_EPOCH}
    )


def page_size(pdf: Path) -> str:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    return re.search(r"^Page size:\s+(.*)$", info.stdout, re.M).group(1)


def test_a_report_prints_as_a_one_page_a4_poster(tmp_path: Path) -> None:
    done = run_print("xingfuli-swap-shop", "-o", "poster.pdf", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(
        "wrote poster.pdf: the poster of “闲物“活”起来 邻里“热”起来” on A4"
    )
    assert page_count(tmp_path / "poster.pdf") == 1
    assert "(A4)" in page_size(tmp_path / "poster.pdf")


def test_paper_sizes(tmp_path: Path) -> None:
    assert (
        run_print("xingfuli-swap-shop", "--paper", "A3", "-o", "a3.pdf", cwd=tmp_path).returncode
        == 0
    )
    assert "(A3)" in page_size(tmp_path / "a3.pdf")
    assert (
        run_print(
            "xingfuli-swap-shop", "--paper", "A4-landscape", "-o", "l.pdf", cwd=tmp_path
        ).returncode
        == 0
    )
    assert page_size(tmp_path / "l.pdf").startswith("841.89 x 595.276")


def test_a_place_prints_its_weekly_sheet_and_a_monthly_one_on_request(tmp_path: Path) -> None:
    done = run_print("pingcheng", "--week", "2026-W11", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert re.fullmatch(
        r"wrote pingcheng-2026-W11\.pdf: the weekly sheet of 平城区 for 2026-W11 on A4, "
        r"listing \d+ of \d+ items\n",
        done.stdout,
    ), done.stdout
    assert page_count(tmp_path / "pingcheng-2026-W11.pdf") == 1
    month = run_print("pingcheng", "--month", "2026-03", cwd=tmp_path)
    assert month.returncode == 0
    assert "the monthly sheet of 平城区 for 2026-03 on A4" in month.stdout
    assert page_count(tmp_path / "pingcheng-2026-03.pdf") == 1


def test_a_sheet_with_nothing_on_it_is_refused_unless_asked_for(tmp_path: Path) -> None:
    empty = run_print("pingcheng", cwd=tmp_path)  # the build date's week: nothing on
    assert empty.returncode == 1
    assert "the weekly sheet of 平城区 for 2026-W48 would have nothing on it" in empty.stderr
    assert "--allow-empty" in empty.stderr and "Traceback" not in empty.stderr
    assert list(tmp_path.iterdir()) == []
    forced = run_print("pingcheng", "--allow-empty", cwd=tmp_path)
    assert forced.returncode == 0, forced.stderr
    assert "wrote pingcheng-2026-W48.pdf" in forced.stdout
    assert page_count(tmp_path / "pingcheng-2026-W48.pdf") == 1


def test_all_places_with_something_that_week_get_a_sheet(tmp_path: Path) -> None:
    done = run_print("--all", "--week", "2025-W49", "-o", "weekly", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in (tmp_path / "weekly").iterdir())
    assert "xingfuli-2025-W49.pdf" in written and "datong-2025-W49.pdf" in written
    assert "nongnaner-2025-W49.pdf" not in written  # nothing in Taiyuan that week
    assert len(done.stdout.splitlines()) == len(written), "a line for each file written"
    assert all(page_count(tmp_path / "weekly" / name) == 1 for name in written)


def test_a_place_with_all_prints_only_that_place_and_the_places_under_it(tmp_path: Path) -> None:
    done = run_print("zhenhua", "--all", "--week", "2025-W49", "-o", "weekly", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    written = sorted(p.name for p in (tmp_path / "weekly").iterdir())
    assert written == ["xingfuli-2025-W49.pdf", "zhenhua-2025-W49.pdf"]


def test_mistakes_are_explained_without_a_traceback(tmp_path: Path) -> None:
    cases = {
        ("xingfuli-swap",): 'did you mean "xingfuli-swap-shop"',
        ("pingcheng", "--week", "2026-W60"): "is not a week: write it like 2026-W48",
        ("pingcheng", "--month", "2026-13"): "is not a month",
        ("--all",): "add --week",
        ("xingfuli-swap-shop", "--week", "2026-W11"): "a report prints as a poster",
        ("xingfuli-swap-shop", "--all", "--week", "2026-W11"): "is not a place id",
    }
    for args, message in cases.items():
        done = run_print(*args, cwd=tmp_path)
        assert done.returncode == 1, args
        assert message in done.stderr, (args, done.stderr)
        assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []


def test_report_and_place_pages_link_to_their_sheets(sample_output: Path) -> None:
    report = soup(page_file(sample_output, "/reports/xingfuli-swap-shop/"))
    assert report.find("a", href="/print/reports/xingfuli-swap-shop/")
    place = soup(page_file(sample_output, "/places/pingcheng/"))
    assert place.find("a", href="/print/places/pingcheng/")
    sheets = soup(page_file(sample_output, "/print/places/pingcheng/"))
    links = {a["href"] for a in sheets.select("main a")}
    assert "/print/places/pingcheng/2026-W11/" in links
    assert "/print/places/pingcheng/2026-03/" in links


def test_a_sheet_is_one_page_holding_every_paper_size_and_a_control_to_choose(
    sample_output: Path,
) -> None:
    sheet = soup(page_file(sample_output, "/print/reports/xingfuli-swap-shop/"))
    assert sheet.select(".site-nav") == []
    for paper in ("a4", "a3", "a4-landscape"):
        variant = sheet.select_one(f".sheet--{paper}")
        assert variant.select_one(".sheet__title").get_text() == "闲物“活”起来 邻里“热”起来"
        assert sheet.select_one(f".paper-choice input#paper-{paper}")
    assert sheet.select_one(".paper-choice input:checked")["value"] == "a4", "site.yaml's paper"
    assert not (sample_output / "print/reports/xingfuli-swap-shop/a3").exists()


@pytest.mark.parametrize(("paper", "size"), [("a3", (842, 1191)), ("a4-landscape", (842, 595))])
def test_choosing_a_paper_on_the_page_prints_that_sheet_on_that_paper(
    browser: Browser, sample_output: Path, tmp_path: Path, paper: str, size: tuple[int, int]
) -> None:
    with serve_directory(sample_output) as url:
        page = browser.new_page()
        page.goto(url + "print/reports/xingfuli-swap-shop/")
        page.check(f"#paper-{paper}")
        shown = [
            s for s in ("a4", "a3", "a4-landscape") if page.locator(f".sheet--{s}").is_visible()
        ]
        pdf = tmp_path / "printed.pdf"
        pdf.write_bytes(page.pdf(prefer_css_page_size=True))
        page.close()
    assert shown == [paper]
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    assert "Pages:           1" in info.stdout
    width, height = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info.stdout).groups()
    assert (round(float(width)), round(float(height))) == size


def test_the_qr_code_is_a_full_qr_code_not_micro_qr(sample_output: Path) -> None:
    sheet = soup(page_file(sample_output, "/print/reports/xingfuli-swap-shop/"))
    svg = sheet.select_one("svg.qr")
    size = int(svg["viewbox"].split()[2])
    assert size >= 21 + 8, "a full QR code has at least 21 modules plus a 4-module quiet zone"


def test_posters_are_online_for_recent_months_and_any_report_prints_from_the_command(
    tmp_path: Path,
) -> None:
    """A report's poster page is kept while its month is among the last six of its place with
    news, as the monthly sheets are; an older report's page says how to print it, and
    `bulletin print` still makes its poster."""
    months = ["2024-10", "2024-11", "2024-12", "2025-01", "2025-02", "2025-03", "2025-04"]
    months.append("2025-05")  # the last month before the builds' day, 2025-06-01
    reports = {f"m{m}.md": report_text(title=f"{m}的活动", date=f"{m}-10") for m in months}
    site = make_site(tmp_path, reports=reports)
    output = tmp_path / "output"
    build_here(site, output, epoch=str(EPOCH))
    kept = {path.name for path in (output / "print/reports").iterdir()}
    assert kept == {f"m{m}" for m in months[2:]}
    recent = soup(output / "reports/m2025-05/index.html")
    assert recent.find("a", href="/print/reports/m2025-05/")
    old = soup(output / "reports/m2024-10/index.html")
    assert not old.find("a", href=re.compile("^/print/reports/"))
    assert "bulletin print m2024-10" in old.get_text()
    done = run_bulletin("print", "--site", str(site), "m2024-10", "-o", "old.pdf", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert page_count(tmp_path / "old.pdf") == 1
