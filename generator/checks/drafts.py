"""Drafts whose text is not written yet: a build leaves drafts out, but `bulletin check` says
that `bulletin new`'s placeholder (or nothing at all) still stands where the text goes."""

from __future__ import annotations

from generator.checks.documents import Document
from generator.errors import Problem
from generator.load.body import unwritten_body


def unwritten_draft(document: Document) -> list[Problem]:
    """The problem of a draft report whose body is empty or still the placeholder; reports
    that are not drafts, and pages, are refused by loading itself (load/reports.py)."""
    if not document.is_report or document.source.meta.get("draft") is not True:
        return []
    problem = unwritten_body(document.source, report=True)
    return [problem] if problem else []
