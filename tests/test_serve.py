"""`bulletin serve`: a save shows up in the browser within a second; a broken save shows its
error over the last good page; Ctrl-C stops it cleanly. Only requests for this computer are
answered, a flood of connections starts no more threads than the cap, and the browser sees
neither tracebacks nor absolute paths."""

from __future__ import annotations

import http.client
import json
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

from generator.commands.serve import (
    MAX_CONNECTIONS,
    UNEXPECTED,
    host_allowed,
    without_paths,
)
from generator.incremental.state import CACHE_FOLDER
from generator.render.theme import default_theme_dir


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def get(port: int, path: str, host: str) -> tuple[int, str]:
    """GET http://127.0.0.1:port/path with the given Host header: (status, body)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        connection.request("GET", path, headers={"Host": host})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8")
    finally:
        connection.close()


# `bulletin serve` with a build that has a bug: the unexpected exception names the site's path.
CRASHING_BUILD = """
import sys
from generator import cli
from generator.commands import serve

def build(site, *args, **kwargs):
    raise RuntimeError(f"a bug, building {site}")

serve.build = build
sys.exit(cli.main(sys.argv[1:]))
"""


class Preview:
    def __init__(
        self, site: Path, port: int | None = None, code: str = "", lang: str | None = "en"
    ):
        """Start `bulletin serve`, or with `code` `python -c code serve …`; its messages in
        `lang` (None: as the site's `language:` chooses)."""
        self.port = port or free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.report = site / "content/reports/2025/a.md"
        self.process = subprocess.Popen(
            [
                sys.executable,
                *(["-c", code] if code else ["-m", "generator"]),
                *(["--lang", lang] if lang else []),
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

    def threads(self) -> int:
        status = Path(f"/proc/{self.process.pid}/status").read_text()
        return int(status.split("Threads:")[1].split()[0])

    def stop(self) -> str:
        """Stop with Ctrl-C and return what it printed."""
        self.process.send_signal(signal.SIGINT)
        try:
            output, _ = self.process.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            output, _ = self.process.communicate()
        return output

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
    assert ">第一篇报道</h1>" in page
    assert '<script src="/__bulletin/live.js"></script></body>' in page
    assert "EventSource" in fetch(preview.url + "/__bulletin/live.js")


def test_a_saved_edit_is_served_and_announced_within_a_second(preview: Preview) -> None:
    events = preview.events()
    preview.save("第一篇报道", "改过的报道")
    took = wait_for(lambda: ">改过的报道</h1>" in fetch(preview.url + "/reports/a/"), 1.0)
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


def test_the_error_is_shown_in_the_sites_language(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(title="第一篇报道")})
    chinese = Preview(site, lang=None)  # the site says `language: zh-CN`
    try:
        chinese.save("places: [xingfuli]", "places: [xingfu]")
        status = wait_for_error(chinese)
    finally:
        output = chinese.stop()
    assert status["heading"] == "网站生成失败：请改正文件并保存，这个页面会自动刷新。"
    assert "错误：content/reports/2025/a.md:4: places: 没有地点 'xingfu'" in status["error"]
    assert '提示：是不是要写 "xingfuli"（幸福里社区）？' in status["error"]
    assert status["error"].endswith("1 个错误；没有发布任何内容。")
    assert output.startswith("已重新生成，用时") and "已停止。" in output


def test_the_overlay_over_the_page_is_in_chinese(tmp_path: Path, browser: Browser) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(title="第一篇报道")})
    chinese = Preview(site, lang=None)
    try:
        page = browser.new_page()
        page.goto(chinese.url + "/reports/a/")
        chinese.save("places: [xingfuli]", "places: [xingfu]")
        overlay = page.locator("#bulletin-error")
        overlay.wait_for(timeout=5000)
        text = overlay.inner_text()
        page.close()
    finally:
        chinese.stop()
    assert text.startswith("网站生成失败：请改正文件并保存，这个页面会自动刷新。\n")
    assert "a.md:4: places: 没有地点 'xingfu'" in text
    assert "Build failed" not in text and "nothing was published" not in text


def wait_for_error(preview: Preview) -> dict[str, str]:
    """The preview's status once its build has failed."""
    status: dict[str, str] = {}

    def failed() -> bool:
        status.update(json.loads(fetch(preview.url + "/__bulletin/status")))
        return bool(status["error"])

    wait_for(failed, 5.0)
    return status


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
        assert ">第一篇报道</h1>" in fetch(again.url + "/reports/a/")
    finally:
        again.process.kill()
        again.process.wait()


@pytest.mark.parametrize("host", ["evil.example", "evil.example:{port}", "127.0.0.1.evil.example"])
def test_a_request_for_another_host_name_is_refused(preview: Preview, host: str) -> None:
    # A DNS-rebinding page reaches 127.0.0.1 while its own host name is in the Host header.
    for path in ("/reports/a/", "/__bulletin/status", "/__bulletin/events"):
        status, body = get(preview.port, path, host.format(port=preview.port))
        assert status == 403, path
        assert body.startswith("拒绝访问") and "Forbidden" in body
        assert "第一篇报道" not in body


def test_requests_for_this_computer_are_answered(preview: Preview) -> None:
    for host in ("localhost:{port}", "127.0.0.1:{port}", "localhost", "[::1]:{port}", "127.0.0.2"):
        status, body = get(preview.port, "/reports/a/", host.format(port=preview.port))
        assert (status, ">第一篇报道</h1>" in body) == (200, True), host


@pytest.mark.parametrize(
    ("header", "listen", "allowed"),
    [
        ("LOCALHOST:8000", "127.0.0.1", True),
        ("[::1]", "127.0.0.1", True),
        ("192.168.1.5:8000", "127.0.0.1", False),
        ("192.168.1.5:8000", "192.168.1.5", True),
        ("evil.example:8000", "192.168.1.5", False),
        ("evil.example", "0.0.0.0", True),  # exposed on purpose
        ("localhost:80:80", "127.0.0.1", False),
        ("", "127.0.0.1", False),
    ],
)
def test_host_allowed(header: str, listen: str, allowed: bool) -> None:
    assert host_allowed(header, listen) is allowed


def test_connections_beyond_the_cap_start_no_threads(preview: Preview) -> None:
    before = preview.threads()
    silent = [
        socket.create_connection(("127.0.0.1", preview.port), timeout=5)
        for _ in range(MAX_CONNECTIONS + 20)
    ]
    try:
        # The server is busy: (nearly) every slot holds a silent connection.
        wait_for(lambda: preview.threads() >= before + MAX_CONNECTIONS - 2, 5.0)
        most = 0
        answered: list[int] = []
        started = time.monotonic()
        asking = threading.Thread(
            target=lambda: answered.append(get(preview.port, "/reports/a/", "localhost")[0]),
            daemon=True,
        )
        asking.start()
        while asking.is_alive() and time.monotonic() - started < 6:
            most = max(most, preview.threads())
            time.sleep(0.02)
        took = time.monotonic() - started
        assert answered and answered[0] in (200, 503), "answered within a few seconds"
        assert took < 5, took
        assert most <= before + MAX_CONNECTIONS + 1, most
    finally:
        for connection in silent:
            connection.close()
    wait_for(lambda: preview.threads() <= before, 5.0)  # silent connections are dropped


def test_an_unexpected_build_error_shows_the_browser_no_traceback_or_path(
    tmp_path: Path,
) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(title="第一篇报道")})
    crashing = Preview(site, code=CRASHING_BUILD)
    try:
        error = json.loads(fetch(crashing.url + "/__bulletin/status"))["error"]
        page = fetch(crashing.url + "/")
    finally:
        output = crashing.stop()
    assert error == UNEXPECTED and page == UNEXPECTED
    assert error.startswith("预览构建时出了意外错误")
    assert str(tmp_path.resolve()) not in error + page
    # The terminal keeps the details.
    assert "Traceback" in output and f"RuntimeError: a bug, building {site.resolve()}" in output


def test_a_build_error_names_files_relative_to_the_site(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text()})
    (site / CACHE_FOLDER).mkdir()
    (site / CACHE_FOLDER / "serve").write_text("not a folder")  # the preview's output
    failing = Preview(site)
    try:
        error = json.loads(fetch(failing.url + "/__bulletin/status"))["error"]
        page = fetch(failing.url + "/")
    finally:
        failing.stop()
    assert f"error: the output folder {CACHE_FOLDER}/serve " in error  # "… is a file"
    assert page == error
    assert str(tmp_path.resolve()) not in error


def test_without_paths(tmp_path: Path) -> None:
    site = tmp_path / "site"
    theme = default_theme_dir().resolve()
    text = (
        f"error: {site}/content/a.md:3: x\n"
        f"the site {site} and {site}2/b.md\n"
        f"error: {theme}/templates/base.html:1: y"
    )
    assert without_paths(text, site) == (
        "error: content/a.md:3: x\n"
        f"the site . and {site}2/b.md\n"
        "error: (built-in theme)/templates/base.html:1: y"
    )
