"""Shared pytest fixtures: the sample site built once per session, and a headless Chromium."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from pathlib import Path

import pytest
from builtsite import build_site
from playwright.sync_api import Browser, sync_playwright
from webcheck import CHROMIUM, REPO_ROOT, launch_chromium


def pytest_configure(config: pytest.Config) -> None:
    # A test run started in the background (`cmd &`, some CI runners) ignores Ctrl-C, and the
    # `bulletin serve` processes it starts would inherit that and ignore the SIGINT with which
    # tests/test_serve.py stops them. A handler, unlike "ignore", is reset when they start.
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's Chromium driven by Playwright; skipped locally if absent, fails under CI."""
    if not Path(CHROMIUM).exists():
        reason = f"{CHROMIUM} not found: run `bash .ci/install` (apt package chromium)"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(reason)
        pytest.skip(reason)
    with sync_playwright() as pw:
        b = launch_chromium(pw)
        yield b
        b.close()


@pytest.fixture(scope="session")
def sample_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's sample site, built once per test session with the real CLI."""
    output = tmp_path_factory.mktemp("sample") / "output"
    done = build_site(REPO_ROOT, output)
    assert done.returncode == 0, done.stderr
    return output
