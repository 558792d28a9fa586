"""The one shape every user-facing problem takes: file, line, what is wrong, how to fix it."""

from __future__ import annotations

import difflib
import os
from dataclasses import dataclass
from pathlib import Path

from generator.i18n import _, ngettext


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
        return with_hint(f"{where}: {self.message}", self.hint)


def with_hint(text: str, hint: str) -> str:
    """`text`, and below it, indented, the `hint` how to fix it (if any)."""
    return text + "\n    " + _("hint: {hint}").format(hint=hint) if hint else text


def as_error(text: str) -> str:
    """`text` as a line of an error: "error: …"."""
    return _("error: {message}").format(message=text)


class BulletinError(Exception):
    """An error the command line prints without a traceback, then exits with `exit_code`."""

    exit_code = 1

    def __init__(self, problems: list[Problem] | str):
        self.problems = [] if isinstance(problems, str) else list(problems)
        self.text = problems if isinstance(problems, str) else ""
        super().__init__(self.text or f"{len(self.problems)} problem(s)")

    def format(self, root: Path | None = None) -> str:
        if self.text:
            return as_error(self.text)
        lines = [as_error(p.format(root)) for p in self.problems]
        count = len(self.problems)
        lines.append(
            ngettext(
                "{count} error; nothing was published.",
                "{count} errors; nothing was published.",
                count,
            ).format(count=count)
        )
        return "\n".join(lines)


class ConfigError(BulletinError):
    """site.yaml is missing or wrong."""


class ThemeError(BulletinError):
    """A template of the theme is wrong."""

    def format(self, root: Path | None = None) -> str:
        lines = [as_error(p.format(root)) for p in self.problems]
        lines.append(_("The theme has an error; nothing was published."))
        return "\n".join(lines)


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
    named = [
        _('"{value}" ({label})').format(value=c, label=labels[c]) if labels[c] else f'"{c}"'
        for c in close
    ]
    choices = named[0]
    for choice in named[1:]:
        choices = _("{choices} or {choice}").format(choices=choices, choice=choice)
    return _("did you mean {choices}?").format(choices=choices)
