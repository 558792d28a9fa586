"""In a git repository a report's "更新于" date is its last commit's date, in the site's zone."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import feedparser
from sitemaker import assert_built, build, make_site, report_text


def commit(site: Path, when: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
        "GIT_AUTHOR_NAME": "编辑",
        "GIT_AUTHOR_EMAIL": "e@example.cn",
        "GIT_COMMITTER_NAME": "编辑",
        "GIT_COMMITTER_EMAIL": "e@example.cn",
    }
    for command in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "报道"]):
        subprocess.run(["git", "-C", str(site), *command], env=env, check=True, capture_output=True)


def test_the_last_commit_gives_the_updated_date_in_the_sites_time_zone(tmp_path: Path) -> None:
    site = make_site(
        tmp_path,
        reports={
            "2025/a.md": report_text(date="2025-03-05"),
            "2025/幸福.md": report_text(slug="xingfu"),
        },
    )
    commit(site, "2025-03-10T20:00:00+00:00")  # already 3月11日 in Shanghai
    assert_built(build(site, tmp_path / "output"))
    for slug in ("a", "xingfu"):
        page = (tmp_path / f"output/reports/{slug}/index.html").read_text(encoding="utf-8")
        assert '更新于<time datetime="2025-03-11">2025年3月11日</time>' in page, slug
    feed = feedparser.parse((tmp_path / "output/feed.xml").read_bytes())
    assert {e.updated for e in feed.entries} == {"2025-03-11T04:00:00+08:00"}


def test_outside_git_there_is_no_updated_date(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(date="2025-03-05")})
    assert_built(build(site, tmp_path / "output"))
    page = (tmp_path / "output/reports/a/index.html").read_text(encoding="utf-8")
    assert "更新于" not in page
