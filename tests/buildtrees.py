"""Comparing the output folders of two builds, and editing a site's files, for the tests of
incremental builds."""

from __future__ import annotations

import filecmp
from pathlib import Path

from sitemaker import UNSTABLE


def tree(root: Path) -> dict[str, Path]:
    """Every file of a build, but Pagefind's unstable ones (sitemaker.UNSTABLE)."""
    files = {p.relative_to(root).as_posix(): p for p in root.rglob("*") if p.is_file()}
    return {name: path for name, path in files.items() if not UNSTABLE.match(name)}


def pages(root: Path) -> dict[str, Path]:
    """The files a build renders or copies: not the search index, which Pagefind writes
    anew as a whole when a page it holds changed (tests/test_search.py)."""
    return {name: path for name, path in tree(root).items() if not name.startswith("pagefind/")}


def assert_same_tree(built: Path, clean: Path) -> None:
    ours, theirs = tree(built), tree(clean)
    assert sorted(ours) == sorted(theirs)
    different = [name for name in ours if not filecmp.cmp(ours[name], theirs[name], shallow=False)]
    assert different == []


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, (path, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
