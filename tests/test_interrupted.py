"""A build killed at the worst moment: half its files moved in. The next build finishes the
job before anything else, so the site is wholly the new one and no work folder is left.
(benchmarks/kill_builds.py kills builds at random moments, forty times.)"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from sitemaker import EPOCH, assert_built, build, comparable, make_site, report_text

# Runs `bulletin build` with the moving-in cut short by SIGKILL halfway, as a power cut would.
KILLED_HALFWAY = """
import os, signal, sys
from generator.write import output
moved_before = output.apply_in_place
def half_then_killed(site, pending, files, deleted):
    moved_before(site, pending, files[: len(files) // 2], [])
    os.kill(os.getpid(), signal.SIGKILL)
output.apply_in_place = half_then_killed
from generator.cli import main
sys.exit(main(sys.argv[1:]))
"""


def many_reports(title: str = "社区读书会") -> dict[str, str]:
    reports = {f"2025/r{n:02d}.md": report_text(date=f"2025-05-{n:02d}") for n in range(1, 29)}
    reports["2025/news.md"] = report_text(title=title, date="2025-05-30", tags="[volunteering]")
    return reports


def test_a_build_killed_while_moving_its_files_in_is_finished_by_the_next(
    tmp_path: Path,
) -> None:
    site = make_site(tmp_path, reports=many_reports())
    output = tmp_path / "output"
    assert_built(build(site, output))
    old = comparable(output)
    (site / "content/reports/2025/news.md").write_text(
        many_reports("社区读书会改期")["2025/news.md"], encoding="utf-8"
    )
    clean = tmp_path / "clean"
    assert_built(build(site, clean, "--clean"))
    new = comparable(clean)

    killed = subprocess.run(
        [
            sys.executable,
            "-c",
            KILLED_HALFWAY,
            "build",
            "--site",
            str(site),
            "--output",
            str(output),
        ],
        env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)},
        capture_output=True,
        timeout=120,
        check=False,
    )
    assert killed.returncode == -signal.SIGKILL
    mixed = comparable(output)
    assert mixed not in (old, new), "the kill came halfway through the moves"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".output.pending-")]

    assert_built(build(site, output))
    assert comparable(output) == new
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".output.")] == []


def test_work_folders_of_killed_full_builds_are_removed_by_the_next(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text()})
    output = tmp_path / "output"
    assert_built(build(site, output))
    for kind in ("building", "old", "pending"):  # what kill -9 leaves at other moments
        (tmp_path / f".output.{kind}-x1y2z3/reports").mkdir(parents=True)
    assert_built(build(site, output))
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".output.")] == []
