"""Split a content file into its YAML front matter and Markdown body, and read the fields of the
front matter one by one, recording a located problem for each bad one.

The splitting is python-frontmatter's, with a YAML handler of our own (`LineYAMLHandler`) that
loads with the line of every key, so that every problem can say `file:line`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from frontmatter.default_handlers import YAMLHandler

from generator.errors import Problem, did_you_mean
from generator.i18n import N_, _
from generator.load.files import read_content_file
from generator.load.yamlfile import LineDict, YamlSyntaxError, load_yaml, one_line

FIRST_YEAR, LAST_YEAR = 1900, 2100  # dates outside are typing mistakes (and break calendars)
NOT_TEXT = {  # by the type YAML read instead
    "LineDict": N_("must be text, not a group of fields"),
    "list": N_("must be text, not a list"),
    "bool": N_("must be text, not true or false"),
}


@dataclass(frozen=True)
class Source:
    """A content file split into front matter (already parsed) and Markdown body."""

    path: Path
    meta: LineDict
    body: str
    body_line: int = 1  # the line of the file where the body begins


class LineYAMLHandler(YAMLHandler):
    """python-frontmatter's YAML handler with our loader: front matter opens with a first line
    `---` and closes with a line `---` or `...` (YAML's end of document)."""

    FM_BOUNDARY = re.compile(r"^[ \t]*(?:---|\.\.\.)[ \t\r]*$", re.MULTILINE)
    OPENING = re.compile(r"[ \t]*---[ \t\r]*(?:\n|\Z)")

    def detect(self, text: str) -> bool:
        return self.OPENING.match(text) is not None

    def load(self, fm: str, **kwargs: object) -> Any:
        # `fm` starts with the end of the opening line, so its lines are the file's.
        return load_yaml(fm)


_HANDLER = LineYAMLHandler()


def read_source(path: Path) -> str | Problem:
    data = read_content_file(path)
    return data if isinstance(data, Problem) else decode_source(path, data)


def decode_source(path: Path, data: bytes) -> str | Problem:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return Problem(path, None, _("the file is not UTF-8 text"), _("save it as UTF-8"))


def split_front_matter(path: Path, text: str | Problem) -> Source | Problem:
    """Separate the `---` front matter from the body and parse it, keeping line numbers."""
    if isinstance(text, Problem):
        return text
    text = text.removeprefix("\ufeff")
    if not _HANDLER.detect(text):
        return Problem(
            path,
            1,
            _("no front matter found"),
            _("start the file with a line `---`, then the fields, then another `---`"),
        )
    try:
        front, body = _HANDLER.split(text)
    except ValueError:  # no closing line
        return Problem(
            path,
            1,
            _("the front matter is never closed"),
            _("add a line `---` after the last field"),
        )
    try:
        meta = _HANDLER.load(front)
    except YamlSyntaxError as err:
        return err.problem(path)
    if meta is None:
        meta = LineDict()
        meta.line, meta.key_lines = 2, {}
    if not isinstance(meta, LineDict):
        return Problem(path, 2, _("the front matter must be `field: value` lines"))
    # `front` runs from the end of the opening line to the start of the closing one.
    return Source(path, meta, body.removeprefix("\n"), body_line=front.count("\n") + 2)


class Fields:
    """Reads fields off one file's front matter, recording a Problem for each bad one."""

    def __init__(self, source: Source, zone: ZoneInfo | None = None):
        self.path = source.path
        self.meta = source.meta
        self.zone = zone
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, self.meta.line_of(key), f"{key}: {message}", hint))

    def unknown_keys(self, known: tuple[str, ...]) -> None:
        for key in self.meta:
            if key not in known:
                hint = did_you_mean(key, list(known)) or _("known fields: {keys}").format(
                    keys=", ".join(known)
                )
                self.problem(key, _("unknown field"), hint)

    def text(self, key: str, required: bool = False) -> str:
        """A one-line text field (see yamlfile.one_line); a blank required one is missing."""
        value = self.meta.get(key)
        if isinstance(value, (dict, list, bool)):
            self.problem(key, _(NOT_TEXT.get(type(value).__name__, "must be text")))
            return ""
        text = "" if value is None else one_line(str(value))
        if not text and required:
            self.problems.append(
                Problem(
                    self.path,
                    self.meta.line_of(key),
                    (_("{field}: missing") if value is None else _("{field}: is blank")).format(
                        field=key
                    ),
                    _("add a line `{field}: …` to the front matter").format(field=key),
                )
            )
        return text

    def text_list(self, key: str) -> list[str]:
        value = self.meta.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) for v in value):
            self.problem(key, _("must be a list, e.g. [a, b]"))
            return []
        return [one_line(str(v)) for v in value if one_line(str(v))]

    def flag(self, key: str) -> bool:
        value = self.meta.get(key, False)
        if not isinstance(value, bool):
            self.problem(key, _("must be true or false, not {value}").format(value=repr(value)))
            return False
        return value

    def day(self, key: str, value: Any, required: bool = False) -> date | None:
        moment = self.moment(key, value, required)
        return moment.date() if isinstance(moment, datetime) else moment

    def moment(self, key: str, value: Any, required: bool = False) -> date | datetime | None:
        if value is None or value == "":
            if required:
                self.problems.append(
                    Problem(
                        self.path,
                        self.meta.line,
                        _("{field}: missing").format(field=key),
                        _("add a line `{field}: 2025-03-05`").format(field=key),
                    )
                )
            return None
        moment = _as_moment(value, self.zone)
        if moment is None:
            self.problem(
                key,
                _("{value} is not a real date").format(value=repr(str(value).strip())),
                _('write dates as YYYY-MM-DD (e.g. 2025-03-05), times as "2025-03-05 09:30"'),
            )
        elif not FIRST_YEAR <= moment.year <= LAST_YEAR:
            self.problem(
                key,
                _("the year {year} is not plausible").format(year=moment.year),
                _("use a year from {first} to {last}").format(first=FIRST_YEAR, last=LAST_YEAR),
            )
            return None
        return moment


def _as_moment(value: Any, zone: ZoneInfo | None) -> date | datetime | None:
    """A date, or a local time (naive, in the site's zone); None when it is no real date."""
    if isinstance(value, datetime):
        if value.tzinfo is not None and zone is not None:
            try:  # a time written with its offset, e.g. …T09:00Z
                value = value.astimezone(zone)
            except (OverflowError, ValueError):  # year 1 or 9999 moved across midnight
                return None
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%Y-%m-%d %H:%M")):
        try:
            return parse(text)
        except ValueError:
            continue
    return None
