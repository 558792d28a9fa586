"""Titles too long for a poster: a warning before a clerk prints one."""

from __future__ import annotations

from generator.checks.documents import Document
from generator.errors import Problem
from generator.i18n import _
from generator.printing.fitting import line_count
from generator.printing.layout import dimensions
from generator.printing.papers import PAPERS

POSTER_TITLE_LINES = 3  # more lines than this crowd the A4 poster's body off the sheet


def title_problems(document: Document) -> list[Problem]:
    """A warning when a report's title takes more than three lines on an A4 poster."""
    title = document.source.meta.get("title")
    if not document.is_report or not isinstance(title, str):
        return []
    dims = dimensions(PAPERS["a4"])
    lines = line_count(title.strip(), dims.title_pt, dims.width_pt)
    if lines <= POSTER_TITLE_LINES:
        return []
    return [
        Problem(
            document.source.path,
            document.source.meta.line_of("title"),
            _("title: too long for a poster: {lines} lines on A4, at most {most} fit well").format(
                lines=lines, most=POSTER_TITLE_LINES
            ),
            _("shorten the title, or move part of it into `subtitle:`"),
            column=1,
            severity="warning",
        )
    ]
