"""Incremental builds: after any edit, reusing unchanged pages gives exactly a clean build."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from buildtrees import assert_same_tree, edit, pages, tree
from builtsite import SAMPLE_EPOCH, build_here, copy_sample_site

from generator.commands import build as commands_build
from generator.errors import ContentError
from generator.load import content
from generator.model.site import RELATED_COUNT

REPORTS = Path("content/reports")


def test_a_no_op_rebuild_writes_nothing_and_an_edit_rewrites_only_what_shows_it(
    tmp_path: Path,
) -> None:
    root = copy_sample_site(tmp_path)
    written = sum(build_here(root, root / "output").counts.values())
    before = {name: path.stat().st_mtime_ns for name, path in pages(root / "output").items()}
    again = build_here(root, root / "output")
    assert again.summary().startswith(f"Nothing changed: {written} files up to date")
    assert {n: p.stat().st_mtime_ns for n, p in pages(root / "output").items()} == before
    edit(root / REPORTS / "2025/xingfuli-swap-shop.md", "王阿姨", "李阿姨")
    after_edit = build_here(root, root / "output")
    rewritten, kept = sum(after_edit.counts.values()), after_edit.reused
    assert 0 < rewritten < written / 10 and rewritten + kept == written
    changed = {n for n, p in pages(root / "output").items() if p.stat().st_mtime_ns != before[n]}
    assert "reports/xingfuli-swap-shop/index.html" in changed
    report_pages = [n for n in changed if n.startswith("reports/")]
    # itself, the reports that list it as related, and its older and newer neighbours
    assert len(report_pages) <= 1 + RELATED_COUNT * 2 + 2, report_pages
    assert len(changed) == rewritten


def test_builds_in_one_process_and_in_several_are_byte_identical(tmp_path: Path) -> None:
    root = copy_sample_site(tmp_path)
    build_here(root, tmp_path / "serial", jobs=1)
    build_here(root, tmp_path / "parallel", jobs=3)
    assert_same_tree(tmp_path / "parallel", tmp_path / "serial")


def test_a_build_that_fails_leaves_the_cache_and_site_usable(tmp_path: Path) -> None:
    root = copy_sample_site(tmp_path)
    build_here(root, root / "output")
    report = root / REPORTS / "2025/xingfuli-swap-shop.md"
    good = report.read_text(encoding="utf-8")
    report.write_text(good.replace("places: [xingfuli]", "places: [nowhere]"), encoding="utf-8")
    with pytest.raises(ContentError):
        build_here(root, root / "output")
    report.write_text(good.replace("王阿姨", "张阿姨"), encoding="utf-8")
    build_here(root, root / "output")
    build_here(root, tmp_path / "clean", use_cache=False)
    assert_same_tree(root / "output", tmp_path / "clean")
    assert os.path.isdir(root / ".bulletin-cache")


def test_a_report_parsed_before_is_checked_again_when_site_yaml_changes(tmp_path: Path) -> None:
    root = copy_sample_site(tmp_path)
    build_here(root, root / "output")
    # xingfuli-swap-shop is tagged `neighbours`; the tag leaves site.yaml.
    edit(root / "site.yaml", "  - slug: neighbours\n    name: 邻里互助\n", "")
    with pytest.raises(ContentError) as failed:
        build_here(root, root / "output")
    message = failed.value.format()
    assert "xingfuli-swap-shop.md" in message and "neighbours" in message


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record the file of every report parsed from now on (in this process: build with jobs=1)."""
    parsed: list[str] = []

    def parse_report(config, path, *rest):
        parsed.append(path.name)
        return real_parse(config, path, *rest)

    real_parse = content.parse_report
    monkeypatch.setattr(content, "parse_report", parse_report)
    return parsed


NEW_REPORT = "---\ntitle: 新报道\ndate: 2026-11-20\nplaces: [taian]\n---\n\n正文。\n"


def test_an_unchanged_report_is_not_parsed_again(tmp_path: Path, monkeypatch) -> None:
    root = copy_sample_site(tmp_path)
    build_here(root, root / "output", jobs=1)
    parsed = count_parses(monkeypatch)
    (root / REPORTS / "2026/new-report.md").write_text(NEW_REPORT, encoding="utf-8")
    build_here(root, root / "output", jobs=1)
    assert parsed == ["new-report.md"]


def test_reports_parsed_by_other_code_are_parsed_again(tmp_path: Path, monkeypatch) -> None:
    # An upgrade of Bulletin (or a fix to its sanitizer) must not serve the old code's HTML.
    root = copy_sample_site(tmp_path)
    build_here(root, root / "output", jobs=1)
    parsed = count_parses(monkeypatch)
    monkeypatch.setattr(commands_build, "code_digest", lambda stamps: "the code of 1.1")
    (root / REPORTS / "2026/new-report.md").write_text(NEW_REPORT, encoding="utf-8")
    build_here(root, root / "output", jobs=1)
    assert len(parsed) == len(list((root / REPORTS).rglob("*.md")))


def mtimes(root: Path) -> dict[str, int]:
    return {name: path.stat().st_mtime_ns for name, path in tree(root).items()}


def test_a_clean_build_leaves_files_whose_bytes_did_not_change_untouched(tmp_path: Path) -> None:
    # Uploads (rsync, FTP) move files by their modification times.
    root = copy_sample_site(tmp_path)
    build_here(root, root / "output")
    before = mtimes(root / "output")
    edit(root / REPORTS / "2025/xingfuli-swap-shop.md", "王阿姨", "李阿姨")
    build_here(root, root / "output", use_cache=False)
    after = mtimes(root / "output")
    changed = sorted(name for name in after if after[name] != before.get(name))
    assert "reports/xingfuli-swap-shop/index.html" in changed
    assert 0 < len(changed) < len(after) / 20, changed


def test_a_build_on_the_next_day_rewrites_only_the_pages_that_show_the_day(
    tmp_path: Path,
) -> None:
    root = copy_sample_site(tmp_path)
    build_here(root, root / "output")
    before = mtimes(root / "output")
    next_day = str(int(SAMPLE_EPOCH) + 86400)
    result = build_here(root, root / "output", epoch=next_day)
    after = mtimes(root / "output")
    changed = [name for name in after if after[name] != before.get(name)]
    assert 0 < len(changed) <= len(after) / 100, changed
    assert sum(result.counts.values()) == len(changed)
    build_here(root, tmp_path / "clean", epoch=next_day, use_cache=False)
    assert_same_tree(root / "output", tmp_path / "clean")
