"""What a build did: the files it wrote by kind, kept, removed, and the files it left out."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from generator.errors import Problem
from generator.i18n import ngettext


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
        """One line: how many files were written (by kind), kept and removed, how fast."""
        written, seconds = sum(self.counts.values()), f"{self.seconds:.2f}"
        if not written and not self.deleted:
            return ngettext(
                "Nothing changed: {count} file up to date ({seconds} s).",
                "Nothing changed: {count} files up to date ({seconds} s).",
                self.reused,
            ).format(count=self.reused, seconds=seconds)
        # The files by kind (`3 alias, 12 report`), for those who build sites; the Chinese
        # sentence leaves them out.
        parts = ", ".join(f"{n} {kind}" for kind, n in sorted(self.counts.items()))
        text = ngettext(
            "Wrote {count} file ({kinds}) in {seconds} s.",
            "Wrote {count} files ({kinds}) in {seconds} s.",
            written,
        ).format(count=written, kinds=parts, seconds=seconds)
        if self.reused:
            text += " " + ngettext(
                "{count} unchanged file kept.", "{count} unchanged files kept.", self.reused
            ).format(count=self.reused)
        if self.deleted:
            text += " " + ngettext(
                "{count} file removed.", "{count} files removed.", self.deleted
            ).format(count=self.deleted)
        return text
