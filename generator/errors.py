"""The one shape every user-facing problem takes: file, line, what is wrong, how to fix it."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Problem:
    """One problem in one input file, reported to the editor as `file:line: message`."""

    path: Path
    line: int | None
    message: str
    hint: str = ""
    column: int | None = None
    severity: str = "error"  # or "warning": reported by `bulletin check`, never fails a build

    def format(self, root: Path | None = None) -> str:
        shown = self.path
        # abspath, not resolve: a problem may be about a link itself (one to nowhere, say).
        full, base = Path(os.path.abspath(self.path)), Path(os.path.abspath(root or "."))
        if root is not None and full.is_relative_to(base):
            shown = full.relative_to(base)
        where = f"{shown}:{self.line}" if self.line else f"{shown}"
        if self.line and self.column:
            where += f":{self.column}"
        text = f"{where}: {self.message}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


class BulletinError(Exception):
    """An error the command line prints without a traceback, then exits with `exit_code`."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | str):
        self.problems = [] if isinstance(problems, str) else list(problems)
        self.text = problems if isinstance(problems, str) else ""
        super().__init__(self.text or f"{len(self.problems)} problem(s)")

    def format(self, root: Path | None = None) -> str:
        if self.text:
            return f"error: {self.text}"
        lines = [f"error: {p.format(root)}" for p in self.problems]
        lines.append(f"{len(self.problems)} error(s); nothing was published.")
        return "\n".join(lines)


class ConfigError(BulletinError):
    """site.yaml is missing or wrong."""


class ThemeError(BulletinError):
    """A template of the theme is wrong."""

    def format(self, root: Path | None = None) -> str:
        return (
            "\n".join(f"error: {p.format(root)}" for p in self.problems)
            + "\nThe theme has an error; nothing was published."
        )


class ContentError(BulletinError):
    """One or more reports or pages are wrong."""


def did_you_mean(wrong: str, choices: dict[str, str] | list[str], cutoff: float = 0.6) -> str:
    """A "did you mean …?" hint naming the closest valid choices, or '' when none is close.

    `choices` maps a valid value to a label shown beside it (e.g. place id → Chinese name); a
    label equal to `wrong` counts as a perfect match, so a Chinese name finds its id. A lower
    `cutoff` suits short values: two-character names one character apart score 0.5.
    """
    labels = choices if isinstance(choices, dict) else {c: "" for c in choices}
    exact = [key for key, label in labels.items() if label and label == wrong]
    close = exact or difflib.get_close_matches(wrong, list(labels), n=3, cutoff=cutoff)
    if not close:
        by_label = {label: key for key, label in labels.items() if label}
        close = [
            by_label[m] for m in difflib.get_close_matches(wrong, list(by_label), n=3, cutoff=0.5)
        ]
    if not close:
        return ""
    named = [f'"{c}" ({labels[c]})' if labels[c] else f'"{c}"' for c in close]
    return "did you mean " + " or ".join(named) + "?"
