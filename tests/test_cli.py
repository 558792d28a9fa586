"""The installed program itself: most tests run the command in their own process (runner.py);
these start it as an editor does, so that the entry points and exit statuses are real."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from runner import run_bulletin
from sitemaker import make_site, report_text

from generator import __version__


def test_the_bulletin_command_is_installed_and_says_its_version() -> None:
    program = shutil.which("bulletin")
    assert program, "pip install -e . puts `bulletin` on PATH"
    done = subprocess.run([program, "--version"], capture_output=True, text=True, check=False)
    assert (done.returncode, done.stdout.strip()) == (0, f"bulletin {__version__}")


def test_a_build_as_a_new_program_writes_the_site(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(title="新的报道")})
    done = run_bulletin("build", "--site", str(site), cwd=tmp_path, fresh_process=True)
    assert done.returncode == 0, done.stderr
    assert "新的报道" in (site / "output/reports/a/index.html").read_text(encoding="utf-8")


def test_a_broken_site_fails_as_a_new_program_without_a_traceback(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(places="[nowhere]")})
    done = run_bulletin("build", "--site", str(site), cwd=tmp_path, fresh_process=True)
    assert done.returncode == 1
    assert "a.md" in done.stderr and "nowhere" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (site / "output").exists()


def test_the_in_process_runner_reports_a_crash_as_the_program_would(monkeypatch, tmp_path) -> None:
    # runner.py must not hide a traceback that the real program would print.
    from generator.commands import check

    def crash(args):
        raise RuntimeError("a bug")

    monkeypatch.setattr(check, "run", crash)
    done = run_bulletin("check", cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" in done.stderr
