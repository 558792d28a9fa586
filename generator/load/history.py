"""When each report last changed, from git: the date of the last commit that touched it."""

from __future__ import annotations

import subprocess
from datetime import datetime
from pathlib import Path

History = tuple[str, dict[Path, datetime]]  # (git HEAD, last commit time of each file)


def git_head(root: Path) -> str:
    """The commit checked out, or "" outside git."""
    try:
        return subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def history(root: Path, known: History | None = None) -> History:
    """The last commit time of each content file; `git log` runs only when HEAD moved since
    the `known` history was read."""
    head = git_head(root)
    if known and head and known[0] == head:
        return known
    return head, last_commit_times(root)


def last_commit_times(root: Path, folder: str = "content") -> dict[Path, datetime]:
    """Each file below `root/folder` → the time of the last commit touching it.

    One `git log` over the whole history, newest first; the first time a file is named is its
    last change. Outside a git repository (or without git) nothing is known: an empty dict.
    """
    try:
        top = subprocess.run(
            ["git", "-C", str(root), "rev-parse", "--show-toplevel"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
        log = subprocess.run(
            [
                "git",
                "-C",
                str(root),
                "-c",
                "core.quotePath=false",  # Chinese file names as they are, not escaped
                "log",
                "--format=%x00%cI",
                "--name-only",
                "--no-renames",
                "--",
                folder,
            ],
            capture_output=True,
            text=True,
            check=True,
        ).stdout
    except (OSError, subprocess.CalledProcessError):
        return {}
    times: dict[Path, datetime] = {}
    when = None
    for line in log.splitlines():
        if line.startswith("\0"):
            when = datetime.fromisoformat(line[1:])
        elif line and when is not None:
            times.setdefault((Path(top) / line).resolve(), when)
    return times
