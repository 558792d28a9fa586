"""`bulletin serve`: a save shows up in the browser within a second; a broken save shows its
error over the last good page; Ctrl-C stops it cleanly."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser
from sitemaker import EPOCH, make_site, report_text


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


class Preview:
    def __init__(self, site: Path, port: int | None = None):
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.report = site / "content/reports/2025/a.md"
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "generator",
                "serve",
                "--site",
                str(site),
                "--port",
                str(self.port),
            ],
            env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)},
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            try:
                fetch(self.url + "/")
                return
            except OSError:
                time.sleep(0.1)
        self.process.kill()
        raise AssertionError(self.process.stdout.read())

    def events(self) -> list[str]:
        """Collect the names of server-sent events in the background."""
        seen: list[str] = []

        def listen() -> None:
            with urllib.request.urlopen(self.url + "/__bulletin/events", timeout=30) as stream:
                for line in stream:
                    if line.startswith(b"event: "):
                        seen.append(line[7:].strip().decode())

        threading.Thread(target=listen, daemon=True).start()
        time.sleep(0.3)
        return seen

    def save(self, old: str, new: str) -> None:
        text = self.report.read_text(encoding="utf-8")
        self.report.write_text(text.replace(old, new), encoding="utf-8")


@pytest.fixture
def preview(tmp_path: Path) -> Iterator[Preview]:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(title="第一篇报道")})
    running = Preview(site)
    yield running
    if running.process.poll() is None:
        running.process.kill()
        running.process.wait()


def wait_for(check, seconds: float) -> float:
    started = time.monotonic()
    while time.monotonic() - started < seconds:
        if check():
            return time.monotonic() - started
        time.sleep(0.02)
    raise AssertionError(f"not within {seconds} s")


def test_pages_are_served_with_the_live_reload_script(preview: Preview) -> None:
    page = fetch(preview.url + "/reports/a/")
    assert "<h1>第一篇报道</h1>" in page
    assert '<script src="/__bulletin/live.js"></script></body>' in page
    assert "EventSource" in fetch(preview.url + "/__bulletin/live.js")


def test_a_saved_edit_is_served_and_announced_within_a_second(preview: Preview) -> None:
    events = preview.events()
    preview.save("第一篇报道", "改过的报道")
    took = wait_for(lambda: "<h1>改过的报道</h1>" in fetch(preview.url + "/reports/a/"), 1.0)
    wait_for(lambda: "reload" in events, 1.0 - took + 0.2)


def test_a_broken_save_shows_the_error_over_the_last_good_page_until_fixed(
    preview: Preview, browser: Browser
) -> None:
    page = browser.new_page()
    page.goto(preview.url + "/reports/a/")
    preview.save("places: [xingfuli]", "places: [xingfu]")
    overlay = page.locator("#bulletin-error")
    overlay.wait_for(timeout=5000)
    text = overlay.inner_text()
    assert "a.md:4: places: unknown place 'xingfu'" in text
    assert 'did you mean "xingfuli"' in text
    assert "第一篇报道" in page.locator("h1").inner_text(), "the last good page stays"
    page.reload()  # a page opened while the build is broken shows the error too
    page.locator("#bulletin-error").wait_for(timeout=5000)
    preview.save("places: [xingfu]", "places: [xingfuli]")
    page.wait_for_function("!document.getElementById('bulletin-error')", timeout=5000)
    page.close()


def test_ctrl_c_stops_the_server_cleanly(preview: Preview) -> None:
    preview.process.send_signal(signal.SIGINT)
    output, _ = preview.process.communicate(timeout=5)
    assert preview.process.returncode == 0
    assert "stopped." in output
    assert "Traceback" not in output


def test_the_built_site_has_no_live_reload_script(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text()})
    subprocess.run(
        [sys.executable, "-m", "generator", "build", "--site", str(site)],
        env={**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH)},
        check=True,
        capture_output=True,
    )
    html = (site / "output/reports/a/index.html").read_text(encoding="utf-8")
    assert "__bulletin" not in html


def test_a_preview_started_again_renders_only_what_changed_meanwhile(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(title="第一篇报道")})
    first = Preview(site)
    first.process.send_signal(signal.SIGINT)
    output, _ = first.process.communicate(timeout=10)
    assert first.process.returncode == 0, output
    assert output.startswith("rebuilt in") and " 0 unchanged)" in output.splitlines()[0]

    again = Preview(site, first.port)  # the same address: pages name it in their links
    try:
        assert again.process.stdout is not None
        line = again.process.stdout.readline()
        # The state the first preview kept in memory was saved when it stopped.
        assert line.startswith("rebuilt in") and "(0 files written," in line, line
        assert "<h1>第一篇报道</h1>" in fetch(again.url + "/reports/a/")
    finally:
        again.process.kill()
        again.process.wait()
