"""Shared pytest fixtures: a session-wide headless Chromium (the lead adds build fixtures)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright
from webcheck import CHROMIUM, launch_chromium


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
