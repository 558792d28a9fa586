"""What the last build wrote into the output folder: the size and modification time of each
file, so that a build can tell, without reading a byte, that the folder still holds what
the cache says (a page deleted by hand, an older cache restored) and write again what does
not."""

from __future__ import annotations

import os
from array import array
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path


def _stat(path: str) -> tuple[int, int]:
    try:
        info = os.stat(path)
    except OSError:
        return (-1, -1)
    return (info.st_size, info.st_mtime_ns)


@dataclass
class Written:
    """(size, mtime) of each output file: plan files by their number in the plan (arrays,
    for a large site writes hundreds of thousands), copied files by name."""

    sizes: array = field(default_factory=lambda: array("q"))
    mtimes: array = field(default_factory=lambda: array("q"))
    copied: dict[str, tuple[int, int]] = field(default_factory=dict)

    def record(self, root: Path, files: Sequence[str], numbers: Iterable[int]) -> None:
        """Stat the plan files `numbers` (of `files`, the plan's) just written below `root`."""
        missing = len(files) - len(self.sizes)
        if missing > 0:
            self.sizes.extend([-1] * missing)
            self.mtimes.extend([-1] * missing)
        for number in numbers:
            self.sizes[number], self.mtimes[number] = _stat(f"{root}/{files[number]}")

    def record_copied(self, root: Path, names: Iterable[str]) -> None:
        for name in names:
            self.copied[name] = _stat(f"{root}/{name}")

    def keep(self, numbers: list[int], copied: Iterable[str]) -> None:
        """Keep only the plan files `numbers` (renumbered in that order) and `copied`."""
        self.sizes = array("q", (self.sizes[n] for n in numbers))
        self.mtimes = array("q", (self.mtimes[n] for n in numbers))
        self.copied = {name: self.copied[name] for name in copied if name in self.copied}

    def damaged(self, root: Path, files: Sequence[str]) -> tuple[set[int], set[str]]:
        """The plan files (numbers) and copied files (names) not as they were written."""
        # A plain loop around os.stat: it runs over every output file on every build.
        prefix, sizes, mtimes, stat = f"{root}/", self.sizes, self.mtimes, os.stat
        known = len(sizes)
        bad = set()
        for number, name in enumerate(files):
            try:
                info = stat(prefix + name)
            except OSError:
                bad.add(number)
                continue
            if (
                number >= known
                or info.st_size != sizes[number]
                or info.st_mtime_ns != mtimes[number]
            ):
                bad.add(number)
        return bad, {name for name, seen in self.copied.items() if _stat(f"{root}/{name}") != seen}
