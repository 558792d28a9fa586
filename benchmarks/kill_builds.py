"""Kill `bulletin build` with SIGKILL at random moments and see what the output folder holds.

    python benchmarks/kill_builds.py --runs 40 [--site DIR] [--work /tmp/kill]

Each run edits one report's title (which shows on dozens of pages), starts an incremental
build, kills it after a random delay (up to the time a whole build takes), and hashes the
output folder: is it entirely the site before the edit, entirely the site after it, or a
mix? Then it runs `bulletin build` again and checks that the output is exactly a clean
build of the edited site and that no work folder is left. The counts go to stdout and to
benchmarks/results/kill-builds.json.

A mix can be seen only between the moment an incremental build starts moving its finished
files into place and the moment it is done (milliseconds); a build killed in that window
leaves the mix until the next `bulletin build` or `bulletin serve`, which first finishes
the moves (README: "If a build is interrupted").
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EPOCH = "1795579200"
REPORT = Path("content/reports/2025/xingfuli-swap-shop.md")
TITLES = ("title: 闲物“活”起来 邻里“热”起来", "title: 闲物“活”起来 邻里“热”起来（续）")


def bulletin(site: Path, output: Path, *options: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "generator", "build", "--quiet", "--site", str(site),
         "--output", str(output), *options],
        env={**os.environ, "SOURCE_DATE_EPOCH": EPOCH, "PYTHONPATH": str(REPO)},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )  # fmt: skip


def hashes(folder: Path) -> dict[str, str]:
    return {
        p.relative_to(folder).as_posix(): hashlib.blake2b(p.read_bytes()).hexdigest()
        for p in folder.rglob("*")
        if p.is_file()
    }


def set_title(site: Path, version: int) -> None:
    path = site / REPORT
    text = path.read_text(encoding="utf-8")
    for title in TITLES:
        text = text.replace(title + "\n", TITLES[version] + "\n")
    path.write_text(text, encoding="utf-8")


def clean_site(site: Path, work: Path, version: int) -> dict[str, str]:
    set_title(site, version)
    output = work / f"clean-{version}"
    shutil.rmtree(output, ignore_errors=True)
    assert bulletin(site, output, "--clean").wait() == 0
    return hashes(output)


def work_folders(output: Path) -> list[str]:
    return [p.name for p in output.parent.iterdir() if p.name.startswith(f".{output.name}.")]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--site", type=Path, default=REPO, help="a site to copy (the sample)")
    parser.add_argument("--work", type=Path, default=Path("/tmp/bulletin-kill"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    random.seed(args.seed)
    shutil.rmtree(args.work, ignore_errors=True)
    site = args.work / "site"
    site.mkdir(parents=True)
    for name in ("site.yaml", "content", "data"):
        source = args.site / name
        (shutil.copytree if source.is_dir() else shutil.copy)(source, site / name)
    sites = [clean_site(site, args.work, version) for version in (0, 1)]
    output = args.work / "output"
    set_title(site, 0)
    assert bulletin(site, output).wait() == 0
    started = time.perf_counter()
    set_title(site, 1)
    assert bulletin(site, output).wait() == 0
    longest = time.perf_counter() - started
    counts = {"old": 0, "new": 0, "mixed": 0, "repaired": 0}
    for run in range(args.runs):
        version = run % 2  # the output holds the other version now
        set_title(site, version)
        build = bulletin(site, output)
        time.sleep(random.uniform(0, 1.2 * longest))  # some land after it finished
        build.send_signal(signal.SIGKILL)
        build.wait()
        found = hashes(output)
        state = (
            "new" if found == sites[version] else "old" if found == sites[1 - version] else "mixed"
        )
        counts[state] += 1
        assert bulletin(site, output).wait() == 0
        assert hashes(output) == sites[version], f"run {run}: the next build did not repair it"
        assert work_folders(output) == [], f"run {run}: {work_folders(output)}"
        counts["repaired"] += 1
        print(f"run {run + 1:3}: {state}", flush=True)
    result = {"runs": args.runs, "build_seconds": round(longest, 3), **counts}
    print(json.dumps(result))
    target = REPO / "benchmarks" / "results" / "kill-builds.json"
    target.parent.mkdir(exist_ok=True)
    target.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
