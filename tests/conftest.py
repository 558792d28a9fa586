"""Shared pytest fixtures: the sample site built once per session, and a headless Chromium."""

from __future__ import annotations

import os
import shutil
import signal
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from builtsite import build_site
from playwright.sync_api import Browser, sync_playwright
from webcheck import CHROMIUM, REPO_ROOT, launch_chromium

MEMORY = Path("/dev/shm")  # a tmpfs on Linux


def pytest_configure(config: pytest.Config) -> None:
    # The tests build sites of thousands of files again and again. On ext4, deleting them
    # (pytest deletes the temporary folders of all but the last three runs as a run ends) took
    # a minute after the tests had passed, and creating files soon after many were deleted is
    # slow too. In memory both are quick. Each run has a folder of its own (two runs at once
    # must not empty each other's); a run that passed removes it, and folders a failed run
    # left for a look are removed a day later.
    worker = hasattr(config, "workerinput")  # pytest-xdist passes the controller's to workers
    usable = MEMORY.is_dir() and os.access(MEMORY, os.W_OK)
    if config.option.basetemp is None and not worker and usable:
        prefix = f"bulletin-tests-{os.getuid()}-"
        for old in MEMORY.glob(prefix + "*"):
            if time.time() - old.stat().st_mtime > 86400:
                shutil.rmtree(old, ignore_errors=True)
        config.option.basetemp = tempfile.mkdtemp(prefix=prefix, dir=MEMORY)
        config.chosen_basetemp = config.option.basetemp
    # A test run started in the background (`cmd &`, some CI runners) ignores Ctrl-C, and the
    # `bulletin serve` processes it starts would inherit that and ignore the SIGINT with which
    # tests/test_serve.py stops them. A handler, unlike "ignore", is reset when they start.
    if signal.getsignal(signal.SIGINT) is signal.SIG_IGN:
        signal.signal(signal.SIGINT, signal.default_int_handler)
    if not worker:
        # The sample site's pictures and share cards, made once before the workers start:
        # each worker's builds of the sample (and of copies of it) then find them in its cache.
        from builtsite import sample_cards, sample_pictures

        sample_pictures()
        sample_cards()


# The files that take longest, longest first: the two workers take files in collection order,
# and a long file started last keeps one worker busy after the other has finished.
LONGEST_FIRST = (
    "test_incremental_steps.py",
    "test_residents.py",
    "test_incremental.py",
    "test_print_posters.py",
    "test_serve.py",
    "test_search.py",
    "test_layout.py",
    "test_theme.py",
    "test_print_posters_a3.py",
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    def rank(item: pytest.Item) -> int:
        name = item.path.name
        return LONGEST_FIRST.index(name) if name in LONGEST_FIRST else len(LONGEST_FIRST)

    items.sort(key=rank)  # stable: each file's tests stay together and in order


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    """After a run that passed, give the memory of its temporary files back."""
    chosen = getattr(session.config, "chosen_basetemp", None)  # not one given with --basetemp
    if exitstatus == 0 and chosen:
        shutil.rmtree(chosen, ignore_errors=True)


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
