"""Write small Bulletin sites into tmp_path and build them with the real command line.

    site = make_site(tmp_path, reports={"2025/a.md": report_text(title="标题")})
    result = build(site)            # runs `bulletin build` (in this process: runner.py)
    assert result.returncode == 0

The minimal site.yaml (SITE_YAML) has one branch of the place tree, city → district →
subdistrict → community, two tags and two people. Its line numbers are stable, so config
tests can append to it or replace single lines and still know where things stand.
"""

from __future__ import annotations

import re
import subprocess
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from runner import run_bulletin

# 2025-06-01 08:00 in Asia/Shanghai: the build date of every test build is 2025-06-01.
EPOCH = 1748736000
BUILD_DATE = datetime.fromtimestamp(EPOCH, timezone(timedelta(hours=8))).date()
assert date(2025, 6, 1) == BUILD_DATE

SITE_YAML = """\
title: 测试快报
description: 测试用的社区快报
base_url: https://bulletin.example.cn/
language: zh-CN
timezone: Asia/Shanghai
places:
  - id: datong
    name: 大同市
    children:
      - id: pingcheng
        name: 平城区
        children:
          - id: zhenhua
            name: 振华街道
            intro: 振华街道隶属平城区。
            children:
              - id: xingfuli
                name: 幸福里社区
tags:
  - slug: volunteering
    name: 志愿服务
  - slug: elderly-care
    name: 敬老助老
people:
  - slug: zheng-lin
    name: 郑林
  - slug: shang-li
    name: 尚丽
"""

PAGE_TEXT = """\
---
title: 关于本站
---

测试用的页面。
"""


def report_text(
    title: str = "邻里宝藏置换铺开张",
    date: str = "2025-03-05",
    places: str = "[xingfuli]",
    body: str = "社区开展了置换活动，居民踊跃参加。",
    **fields: str,
) -> str:
    """A valid report. Lines: 1 `---`, 2 title, 3 date, 4 places, then `fields` in order.

    Each extra field is written verbatim as `name: value` (value is YAML source text).
    """
    lines = ["---", f"title: {title}", f"date: {date}", f"places: {places}"]
    lines += [f"{key}: {value}" for key, value in fields.items()]
    lines += ["---", "", body, ""]
    return "\n".join(lines)


def make_site(
    tmp_path: Path,
    reports: dict[str, str | bytes] | None = None,
    site_yaml: str | None = None,
    pages: dict[str, str] | None = None,
    images: dict[str, bytes] | None = None,
    name: str = "site",
) -> Path:
    """Write a site folder `tmp_path/name` and return it.

    `reports` and `pages` map a path below content/reports/ or content/pages/ to the file's
    text (bytes are written as they are, e.g. for a file that is not UTF-8); `images` maps a
    path below content/images/ to its bytes. `site_yaml=None` writes SITE_YAML.
    """
    site = tmp_path / name
    site.mkdir(parents=True)
    (site / "site.yaml").write_text(SITE_YAML if site_yaml is None else site_yaml, encoding="utf-8")
    content = site / "content"
    for folder, files in (("reports", reports), ("pages", pages), ("images", images)):
        (content / folder).mkdir(parents=True)
        for relative, data in (files or {}).items():
            write(content / folder / relative, data)
    return site


def write(path: Path, data: str | bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, bytes):
        path.write_bytes(data)
    else:
        path.write_text(data, encoding="utf-8")
    return path


def build(
    site: Path,
    output: Path | None = None,
    *options: str,
    epoch: int | str = EPOCH,
    env: dict[str, str] | None = None,
    fresh_process: bool = False,
    lang: str | None = "en",
) -> subprocess.CompletedProcess[str]:
    """Run `bulletin build` as a user would, from the folder holding the site (see runner.py).

    `output` defaults to `site/../output`; problems are printed relative to the working
    directory, so file names show up as `site/content/reports/…`. Messages are in `lang`
    (None: as the site's `language:` chooses). One process renders unless `options` say
    `--jobs`: the test workers already keep every core busy, and forking more only costs.
    """
    site = site.resolve()
    output = site.parent / "output" if output is None else output.resolve()
    jobs = () if any(o.startswith("--jobs") for o in options) else ("--jobs", "1")
    return run_bulletin(
        "build",
        "--site",
        str(site),
        "--output",
        str(output),
        *jobs,
        *options,
        cwd=site.parent,
        env={"SOURCE_DATE_EPOCH": str(epoch), **(env or {})},
        fresh_process=fresh_process,
        lang=lang,
    )


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below `folder` by its relative POSIX path, with its bytes."""
    return {
        p.relative_to(folder).as_posix(): p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


# Pagefind 1.5.2 writes its filter files in hash-map order, so they (and the files naming them
# by their hash) differ from run to run; fixed upstream after 1.5.2 (Pagefind/pagefind#1124).
UNSTABLE = re.compile(r"^pagefind/(filter/.*|.*\.pf_meta|pagefind-entry\.json)$")


def comparable(folder: Path) -> dict[str, bytes]:
    """`snapshot(folder)` for comparing two builds: Pagefind's unstable files are counted,
    not compared byte for byte."""
    shot = snapshot(folder)
    stable = {name: data for name, data in shot.items() if not UNSTABLE.match(name)}
    stable["pagefind: unstable files"] = str(len(shot) - len(stable)).encode()
    return stable


def leftovers(folder: Path) -> list[str]:
    """Staging folders a build left beside `folder` (".NAME.building-…", ".NAME.old-…")."""
    return sorted(
        p.name
        for p in folder.parent.iterdir()
        if p.name.startswith((f".{folder.name}.building-", f".{folder.name}.old-"))
    )


def assert_failed(result: subprocess.CompletedProcess[str]) -> None:
    """The build exited with status 1 and printed its problems without a traceback."""
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, (result.returncode, result.stdout, result.stderr)


def assert_built(result: subprocess.CompletedProcess[str]) -> None:
    """The build succeeded, with nothing to complain about."""
    assert result.returncode == 0, (result.returncode, result.stdout, result.stderr)
    assert result.stderr == "", result.stderr


def line_of(text: str, needle: str) -> int:
    """The 1-based number of the first line of `text` containing `needle`."""
    return next(n for n, line in enumerate(text.splitlines(), 1) if needle in line)
