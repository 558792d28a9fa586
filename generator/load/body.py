"""The text of a report or page must be written: not empty, and not the placeholder that
`bulletin new` puts where the text goes (it was once published and printed as it was)."""

from __future__ import annotations

from generator.errors import Problem
from generator.i18n import _
from generator.load.frontmatter import Source

REPORT_BODY = (
    "（在这里写正文：什么时间、在哪里、谁参加、做了什么、居民怎么说。"
    "段落之间空一行。写完后删掉 `draft: true` 这一行，报道才会发布。）"
)
PAGE_BODY = "（在这里写页面正文。段落之间空一行。）"
# What stays of the placeholders however much of the rest an editor changed.
PLACEHOLDER_MARKS = ("在这里写正文", "在这里写页面正文")


def unwritten_body(source: Source, report: bool) -> Problem | None:
    """The problem of a body that is still the placeholder, or (for a report) empty."""
    for number, line in enumerate(source.body.split("\n")):
        found = min((line.find(m) for m in PLACEHOLDER_MARKS if m in line), default=-1)
        if found >= 0:
            start = found - 1 if found and line[found - 1] in "（(" else found
            return Problem(
                source.path,
                source.body_line + number,
                _("the text is still the placeholder that `bulletin new` wrote"),
                _("replace this paragraph with the text of the report or page"),
                column=start + 1,
            )
    if report and not source.body.strip():
        return Problem(
            source.path,
            source.body_line - 1,
            _("the report has no text"),
            _("write the text below the second `---` line, leaving one empty line after it"),
            column=1,
        )
    return None
