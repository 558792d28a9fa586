"""Incremental builds, step by step: after each kind of edit an editor makes, reusing the
unchanged pages gives exactly what a clean build gives."""

from __future__ import annotations

from pathlib import Path

import pytest
from buildtrees import assert_same_tree, edit
from builtsite import build_here, copy_sample_site

REPORTS = Path("content/reports")

STEPS = {
    "edit a body": lambda s: edit(s / REPORTS / "2025/xingfuli-swap-shop.md", "王阿姨", "李阿姨"),
    "edit a title": lambda s: edit(
        s / REPORTS / "2025/taian-cabbage-delivery.md", "title: ", "title: 冬日"
    ),
    "move an event and change its title": lambda s: (
        edit(
            s / REPORTS / "2026/hexin-kindergarten-lei-feng.md",
            "start: 2026-03-05",
            "start: 2026-03-06",
        ),
        edit(s / REPORTS / "2026/hexin-kindergarten-lei-feng.md", "title: ", "title: 三月"),
    ),
    "edit a body again, after other edits": lambda s: edit(
        s / REPORTS / "2025/xingfuli-swap-shop.md", "李阿姨", "赵阿姨"
    ),
    "edit a page": lambda s: edit(s / "content/pages/about.md", "\n---\n", "\n---\n\n新的一段。\n"),
    "rename a report, keeping its old address": lambda s: (
        (s / REPORTS / "2025/beichen-reading-club.md").rename(
            s / REPORTS / "2025/beichen-book-club.md"
        ),
        edit(
            s / REPORTS / "2025/beichen-book-club.md",
            "\n---\n",
            "\naliases: [/reports/beichen-reading-club/]\n---\n",
        ),
    ),
    "point the old address at another report": lambda s: (
        edit(
            s / REPORTS / "2025/beichen-book-club.md",
            "aliases: [/reports/beichen-reading-club/]\n",
            "",
        ),
        edit(
            s / REPORTS / "2025/xingfuli-swap-shop.md",
            "\n---\n",
            "\naliases: [/reports/beichen-reading-club/]\n---\n",
        ),
    ),
    "delete a report": lambda s: (s / REPORTS / "2026/minfu-veterans-haircuts.md").unlink(),
    "add a report with an upcoming event": lambda s: (s / REPORTS / "2026/new-drill.md").write_text(
        "---\ntitle: 消防演练\ndate: 2026-11-20\nplaces: [taian]\ntags: [safety]\n"
        "event:\n  start: 2026-12-02\n---\n\n演练。\n",
        encoding="utf-8",
    ),
    "news in six later months of a place retires its oldest report's poster": lambda s: [
        (s / REPORTS / f"2026/xingfuli-{month}.md").write_text(
            f"---\ntitle: 幸福里{month}月活动\ndate: 2026-{month:02d}-10\nplaces: [xingfuli]\n"
            "---\n\n活动。\n",
            encoding="utf-8",
        )
        for month in range(5, 11)
    ],
    "change site.yaml and a holiday file": lambda s: (
        edit(s / "site.yaml", "per_page: 10", "per_page: 7"),
        edit(s / "data/holidays/2026.yaml", "to: 2026-10-07", "to: 2026-10-08"),
    ),
    "shadow a template": lambda s: (
        edit(s / "site.yaml", "theme: default", "theme: mine"),
        (s / "themes/mine/templates").mkdir(parents=True),
        (s / "themes/mine/templates/place.html").write_text(
            '{% extends "default/place.html" %}{% block main %}<p>本地主题</p>{{ super() }}'
            "{% endblock %}\n",
            encoding="utf-8",
        ),
    ),
    "edit the shadowing template": lambda s: edit(
        s / "themes/mine/templates/place.html", "本地主题", "本地主题二"
    ),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = copy_sample_site(tmp_path_factory.mktemp("incremental"))
    build_here(root, root / "output")
    return root


@pytest.mark.parametrize("step", list(STEPS))
def test_an_incremental_build_equals_a_clean_build_after(
    site: Path, step: str, tmp_path: Path
) -> None:
    STEPS[step](site)
    build_here(site, site / "output")
    build_here(site, tmp_path / "clean", use_cache=False)
    assert_same_tree(site / "output", tmp_path / "clean")
