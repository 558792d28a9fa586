"""Slips of a Chinese input method in YAML (site.yaml, front matter), found on the line and
column where they are, with the character named and the fix shown.

An input method left in Chinese mode types full-width punctuation: `source：大同日报` (a
full-width colon), `tags: [a，b]` (a full-width comma), “quotes”, an ideographic space 　;
editors also indent with a tab, or one space off. PyYAML then names the wrong line ("could not
find expected ':'" on the line after) or nothing at all (`[a，b]` is one tag named "a，b").

Full-width punctuation inside a value (标题：副标题, a sentence with ，) is text like any
other: a slip is only reported where YAML's structure needs the ASCII character — between a
field's name and its value, between the items of a `[a, b]` list, in the indentation — or
on the line where PyYAML failed. The scan is line by line and tolerant: it never raises.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from generator.i18n import _, ngettext

KEY = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")  # every field and setting name is ASCII
BLOCK_SCALAR = re.compile(r"[|>][0-9+-]*[ \t]*(?:#.*)?$")
FULL_WIDTH_SPACE = "\u3000"
QUOTES = "“”‘’"
LIST_SEPARATORS = {"，": "comma", "、": "enumeration comma", "；": "semicolon"}


@dataclass(frozen=True)
class Slip:
    """A slip at a line and column (1-based, counting characters: 一 is one column)."""

    line: int
    column: int
    message: str
    hint: str = ""


@dataclass(frozen=True)
class Entry:
    """A line of YAML as far as its structure goes (outside block scalars)."""

    number: int  # 1-based
    text: str
    indent: int  # leading ASCII spaces
    key_column: int  # where a field name would start: after "- " on a list item
    dash: bool  # a list item "- …"
    key: str  # the field name before an ASCII ": ", or ""
    value: str  # what follows the ": " (or the "- "), comment included
    value_column: int
    continuation: bool  # deeper than a field that has a value: more of that value


def find_slip(text: str, failed: int | None) -> Slip | None:
    """The first slip in `text`; `failed` is the line where PyYAML failed (None: it did
    not), which allows the slips that only matter when the YAML does not parse."""
    entries = structure(text)
    found = [slip for entry in entries for slip in always(entry)]
    if failed is not None:
        found = [slip for slip in found if slip.line <= failed]
        earlier = [entry for entry in entries if entry.number <= failed]
        found += [slip for entry in earlier for slip in when_broken(entry, failed)]
    if found:
        return min(found, key=lambda slip: (slip.line, slip.column))
    return indentation_slip(entries, failed) if failed is not None else None


def structure(text: str) -> list[Entry]:
    """The lines that hold YAML structure: not blank, not comments, not inside a block
    scalar (`|`, `>`)."""
    entries: list[Entry] = []
    block_indent: int | None = None  # the indent of the field whose `|` block we are in
    value_indent: int | None = None  # the key column of the last field with a value
    for number, raw in enumerate(text.split("\n"), 1):
        line = raw.rstrip("\r")
        stripped = line.lstrip(" ")
        indent = len(line) - len(stripped)
        if block_indent is not None and (not stripped or indent > block_indent):
            continue
        block_indent = None
        if not stripped or stripped.startswith("#") or stripped in ("---", "..."):
            continue
        entry = _entry(number, line, indent, value_indent)
        entries.append(entry)
        if entry.continuation:
            continue
        value = entry.value.strip()
        if BLOCK_SCALAR.match(value):
            block_indent = entry.key_column
        value_indent = entry.key_column if value and not value.startswith("#") else None
    return entries


def _entry(number: int, line: str, indent: int, value_indent: int | None) -> Entry:
    continuation = value_indent is not None and indent > value_indent
    rest_column = indent
    dash = line.startswith("- ", indent) or line[indent:] == "-"
    if dash and not continuation:
        rest_column = indent + 1 + len(line[indent + 1 :]) - len(line[indent + 1 :].lstrip(" "))
    key, value_column = "", rest_column
    match = KEY.match(line, rest_column)
    if match and not continuation and line[match.end() : match.end() + 1] == ":":
        after = line[match.end() + 1 : match.end() + 2]
        if after in ("", " ", "\t"):
            key, value_column = match.group(), match.end() + 1
            value_column += len(line[value_column:]) - len(line[value_column:].lstrip(" \t"))
    return Entry(
        number=number,
        text=line,
        indent=indent,
        key_column=rest_column,
        dash=dash,
        key=key,
        value=line[value_column:] if (key or dash) else "",
        value_column=value_column,
        continuation=continuation,
    )


def always(entry: Entry) -> list[Slip]:
    """Slips that break the structure even where PyYAML reads the file: a full-width
    separator after a field's name, full-width spaces for indentation, and full-width
    separators, quotes or brackets in a `[a, b]` list."""
    if entry.continuation:
        return []
    slips = []
    rest = entry.text[entry.key_column :]
    if rest.startswith(FULL_WIDTH_SPACE):
        slips.append(_indented_with_full_width_spaces(entry))
    elif not entry.key:
        slip = _key_separator_slip(entry)
        if slip:
            slips.append(slip)
    value = entry.value
    if value.startswith("["):
        slips += _list_slips(entry)
    elif value[:1] and value[0] in "［【":
        slips.append(_bracket_slip(entry, entry.value_column, value[0]))
    return slips


def _key_separator_slip(entry: Entry) -> Slip | None:
    """`source：大同日报`, `source；…`, `source　: …`, `source:　…`: a field name followed by a
    full-width character where YAML needs an ASCII colon and space."""
    match = KEY.match(entry.text, entry.key_column)
    if not match:
        return None
    key, after = match.group(), entry.text[match.end() :]
    column = match.end()
    value = after[1:].lstrip(" 　")
    if after.startswith("："):
        fixed = f"{key}: {value}".rstrip()
        message = _("the colon is full-width “：”; type an ASCII colon “:” instead")
    elif after.startswith("；"):
        fixed = f"{key}: {value}".rstrip()
        message = _(
            "a full-width semicolon “；” stands where the colon belongs; type an ASCII colon “:”"
        )
    elif after.startswith(":" + FULL_WIDTH_SPACE):
        column += 1
        fixed = f"{key}: {value}".rstrip()
        message = _("after the colon comes a full-width space “　”; type an ASCII space instead")
    elif after.startswith(FULL_WIDTH_SPACE) and after.lstrip(FULL_WIDTH_SPACE)[:1] in (":", "："):
        fixed = f"{key}: {after.lstrip(FULL_WIDTH_SPACE)[1:].lstrip(' 　')}".rstrip()
        message = _("a full-width space “　” follows the name `{key}`; delete it")
    else:
        return None
    return _slip(entry, column, message, _fix(fixed), key=key)


def _indented_with_full_width_spaces(entry: Entry) -> Slip:
    rest = entry.text[entry.key_column :]
    count = len(rest) - len(rest.lstrip(FULL_WIDTH_SPACE))
    message = ngettext(
        "the line is indented with {count} full-width space “　”; indent with ASCII spaces",
        "the line is indented with {count} full-width spaces “　”; indent with ASCII spaces",
        count,
    )
    fixed = entry.text[: entry.key_column] + rest.lstrip(FULL_WIDTH_SPACE)
    return _slip(entry, entry.key_column, message, _fix(fixed.strip()), count=count)


def _list_slips(entry: Entry) -> list[Slip]:
    """Full-width separators, quotes and brackets between the items of a `[a, b]` list,
    outside ASCII quotes."""
    slips, quote, start = [], "", entry.value_column
    for offset, char in enumerate(entry.value):
        column = start + offset
        if quote:
            quote = "" if char == quote else quote
        elif char in "\"'":
            quote = char
        elif char == "]" or (char == "#" and entry.text[column - 1 : column] == " "):
            break
        elif char in LIST_SEPARATORS:
            slips.append(_list_separator_slip(entry, column, char))
        elif char in QUOTES:
            slips.append(_quote_slip(entry, column, char))
        elif char in "［］【】":
            slips.append(_bracket_slip(entry, column, char))
    return slips


def _list_separator_slip(entry: Entry, column: int, char: str) -> Slip:
    if char == "，":
        message = _(
            "the items of the list are separated by a full-width comma “，”; "
            "type an ASCII comma “,” instead"
        )
    elif char == "、":
        message = _(
            "the items of the list are separated by an enumeration comma “、”; "
            "type an ASCII comma “,” instead"
        )
    else:
        message = _(
            "the items of the list are separated by a full-width semicolon “；”; "
            "type an ASCII comma “,” instead"
        )
    fixed = entry.text[:column] + ", " + entry.text[column + 1 :].lstrip(" ")
    return _slip(entry, column, message, _fix(fixed.strip()))


def _quote_slip(entry: Entry, column: int, char: str) -> Slip:
    message = _('a full-width quotation mark ({mark}) stands where YAML needs an ASCII one (")')
    hint = _(
        'write the value without quotation marks, or put it all in ASCII quotation marks ("…")'
    )
    return _slip(entry, column, message, hint, mark=char)


def _bracket_slip(entry: Entry, column: int, char: str) -> Slip:
    message = _("a full-width bracket ({mark}) stands where a list needs an ASCII one ([ or ])")
    return _slip(entry, column, message, "", mark=char)


def when_broken(entry: Entry, failed: int) -> list[Slip]:
    """Slips that matter where PyYAML failed: a tab in the indentation, a value in
    full-width quotation marks on the failing line, no space after a field's colon."""
    tab = entry.text.find("\t", 0, len(entry.text) - len(entry.text.lstrip(" \t")))
    if tab >= 0:
        message = _("the line is indented with a tab; YAML indents with spaces only")
        hint = _("replace the tab with spaces, lining the line up with the lines around it")
        return [_slip(entry, tab, message, hint)]
    if entry.continuation:
        return []
    value = entry.value.lstrip()
    if value[:1] and value[0] in QUOTES and failed in (entry.number, entry.number + 1):
        return [_quote_slip(entry, entry.value_column, value[0])]
    match = KEY.match(entry.text, entry.key_column)
    if not entry.key and match and entry.text[match.end() : match.end() + 1] == ":":
        after = entry.text[match.end() + 1 :]
        if after and after[0] not in " \t" + FULL_WIDTH_SPACE:
            fixed = f"{entry.text[: match.end()]}: {after}".strip()
            message = _("there is no space after the colon of `{key}`; YAML needs one")
            return [_slip(entry, match.end(), message, _fix(fixed), key=match.group())]
    return []


def indentation_slip(entries: list[Entry], failed: int) -> Slip | None:
    """A line up to the failing one that is indented differently from the lines at its
    level (its siblings), by how many spaces."""
    levels: list[tuple[int, int, bool]] = []  # (indent, line that set it, a list's dash)
    opens = True  # the line before ends in `key:`, or is a `-` alone: the next goes deeper
    previous_key_line = 0
    for entry in entries:
        if entry.number > failed:
            break
        if entry.continuation:
            if entry.number == failed and KEY.match(entry.text, entry.indent) and levels:
                return _off_by(entry, *_sibling(levels, entry.indent, False, previous_key_line))
            continue
        while levels and levels[-1][0] > entry.indent:
            popped = levels.pop()
            if not levels or levels[-1][0] < entry.indent:
                levels.append(popped)  # between two levels: compare with the nearest
                return _off_by(entry, *_sibling(levels, entry.indent, entry.dash, 0))
        if levels and levels[-1][0] < entry.indent and not opens:
            return _off_by(entry, *_sibling(levels, entry.indent, entry.dash, 0))
        if not levels or levels[-1][0] < entry.indent:
            levels.append((entry.indent, entry.number, entry.dash))
        if entry.dash and entry.key_column > entry.indent:
            levels.append((entry.key_column, entry.number, False))
        opens = (entry.key != "" and not entry.value.strip()) or entry.text.strip() == "-"
        previous_key_line = entry.number
    return None


def _sibling(
    levels: list[tuple[int, int, bool]], indent: int, dash: bool, fallback: int
) -> tuple[int, int]:
    """The indent and line of the open level nearest `indent` of the same kind (list item
    or field), as (indent, line)."""
    same = [level for level in levels if level[2] == dash] or levels
    nearest = min(same, key=lambda level: (abs(level[0] - indent), -level[1]))
    return nearest[0], fallback or nearest[1]


def _off_by(entry: Entry, expected: int, other: int) -> Slip | None:
    difference = entry.indent - expected
    if difference > 0:
        message = ngettext(
            "this line is indented {count} space more than line {other}, which is at the same "
            "level; delete it",
            "this line is indented {count} spaces more than line {other}, which is at the same "
            "level; delete them",
            difference,
        )
    elif difference < 0:
        message = ngettext(
            "this line is indented {count} space less than line {other}, which is at the same "
            "level; add it",
            "this line is indented {count} spaces less than line {other}, which is at the same "
            "level; add them",
            -difference,
        )
    else:
        return None
    hint = _("line it up with line {other}: start it in the same column").format(other=other)
    return _slip(entry, entry.indent, message, hint, count=abs(difference), other=other)


def _slip(entry: Entry, column: int, message: str, hint: str, **values: object) -> Slip:
    """A slip at the 0-based `column` of `entry`. Its message is filled in with `values`,
    and may also name the line and the column (the Chinese ones do: 第9行第7列：…)."""
    text = message.format(line=entry.number, column=column + 1, **values)
    return Slip(entry.number, column + 1, text, hint)


def _fix(fixed: str) -> str:
    return _("write it as: {fixed}").format(fixed=fixed)
