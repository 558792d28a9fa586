"""What a build did: the files it wrote by kind, kept, removed, and the files it left out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from generator.errors import Problem


@dataclass
class BuildResult:
    """What a build wrote, and the broken files it left out (only with keep_going)."""

    counts: Counter[str] = field(default_factory=Counter)
    seconds: float = 0.0
    skipped: list[Problem] = field(default_factory=list)  # errors of files left out
    warnings: list[Problem] = field(default_factory=list)
    reused: int = 0  # files left as the previous build wrote them
    deleted: int = 0  # files of the previous build that the site no longer has

    def summary(self) -> str:
        written = sum(self.counts.values())
        if not written and not self.deleted:
            return f"Nothing changed: {self.reused} files up to date ({self.seconds:.2f} s)."
        parts = ", ".join(f"{n} {kind}" for kind, n in sorted(self.counts.items()))
        reused = f"; {self.reused} unchanged files kept" if self.reused else ""
        deleted = f"; {self.deleted} removed" if self.deleted else ""
        return f"Wrote {written} files ({parts}){reused}{deleted} in {self.seconds:.2f} s."
