"""Load YAML keeping the line of every mapping key, so errors can point at `file:line`; name
the slips of a Chinese input method (load/slips.py) instead of PyYAML's raw errors."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from generator.errors import Problem
from generator.i18n import N_, _
from generator.load.slips import find_slip

# C0 control characters other than tab and line breaks, and the noncharacters U+FFFE and
# U+FFFF: invisible, and invalid in XML (a feed with one is no feed).
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_LINE_BREAKS = re.compile(r"\s*[\r\n\x85\u2028\u2029]+\s*")


def one_line(text: str) -> str:
    """`text` as one line: line breaks (a `title: |` block, a stray \\r) become a space, and
    white space at either end, full-width and no-break spaces included, is dropped."""
    return _LINE_BREAKS.sub(" ", text).strip()


class LineDict(dict[str, Any]):
    """A mapping from YAML that remembers where it and each of its keys stood (1-based lines)."""

    line: int = 0
    key_lines: dict[str, int]

    def line_of(self, key: str) -> int:
        return self.key_lines.get(key, self.line)


# libyaml's parser when PyYAML was built with it (several times faster), else PyYAML's own.
_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _LineLoader(_BaseLoader):  # type: ignore[misc, valid-type]
    pass


def _refuse_aliases(node: yaml.Node, seen: set[int] | None = None) -> None:
    """Anchors and aliases (&a, *a) have no use in front matter, and nested ones can make a few
    lines expand into billions of values. An alias is a node met twice in the tree; the error
    names the line that uses it (its key's, or its list's)."""
    seen = set() if seen is None else seen
    seen.add(id(node))
    children: list[tuple[yaml.Node, int]] = []
    if isinstance(node, yaml.SequenceNode):
        children = [(child, node.start_mark.line) for child in node.value]
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            children += [(key, key.start_mark.line), (value, key.start_mark.line)]
    for child, line in children:
        if id(child) in seen:
            raise YamlSyntaxError(line + 1, _("YAML aliases (*name) are not allowed here"))
        _refuse_aliases(child, seen)


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> LineDict:
    loader.flatten_mapping(node)
    result = LineDict()
    result.line = node.start_mark.line + 1
    result.key_lines = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if str(key) in result:
            raise YamlSyntaxError(
                key_node.start_mark.line + 1,
                _("`{key}` is given twice; keep one of them").format(key=key),
            )
        try:
            value = loader.construct_object(value_node, deep=True)
        except ValueError:  # Python refuses to read integers of over 4,300 digits
            raise YamlSyntaxError(
                value_node.start_mark.line + 1,
                _("`{key}` holds a number too long to be real").format(key=key),
            ) from None
        if isinstance(value, str) and CONTROL.search(value):
            raise YamlSyntaxError(
                value_node.start_mark.line + 1,
                _("`{key}` contains an invisible control character; delete it").format(key=key),
            )
        result[str(key)] = value
        result.key_lines[str(key)] = key_node.start_mark.line + 1
    return result


def _construct_timestamp(loader: _LineLoader, node: yaml.ScalarNode) -> Any:
    # An impossible date such as 2025-02-30 stays text, so the field check can name it.
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)
_LineLoader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)


class YamlSyntaxError(Exception):
    """YAML that does not parse (or a slip that breaks it), with the 1-based line of the
    problem, its column where known, and a hint how to fix it."""

    def __init__(self, line: int | None, message: str, column: int | None = None, hint: str = ""):
        super().__init__(message)
        self.line = line
        self.message = message
        self.column = column
        self.hint = hint

    def problem(self, path: Path, hint: str = "") -> Problem:
        """The error as a problem of the file at `path` (with `hint` when it has none)."""
        return Problem(path, self.line, self.message, self.hint or hint, column=self.column)


# What PyYAML says most often, to be translated; anything else is shown as PyYAML says it.
PYYAML_PROBLEMS = (  # libyaml's wording, then PyYAML's own where it differs
    N_("mapping values are not allowed in this context"),
    N_("mapping values are not allowed here"),
    N_("could not find expected ':'"),
    N_("did not find expected key"),
    N_("did not find expected '-' indicator"),
    N_("did not find expected ',' or ']'"),
    N_("did not find expected ',' or '}'"),
    N_("found unexpected end of stream"),
    N_("found undefined alias"),
    N_("found character that cannot start any token"),
)


def load_yaml(text: str, first_line: int = 1) -> Any:
    """Parse YAML text whose first line is line `first_line` of its file; a slip of an
    input method (a full-width colon, comma …) is an error at its line and column."""
    try:
        data = _parse(text)
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        failed = mark.line + 1 if mark else text.count("\n") + 1
        _raise_slip(text, failed, first_line)
        problem = str(err.problem or err.context)
        message = _("YAML syntax error: {problem}").format(problem=_(problem))
        raise YamlSyntaxError(failed + first_line - 1, message, hint=_(SYNTAX_HINT)) from None
    except yaml.YAMLError as err:
        message = _("YAML syntax error: {problem}").format(problem=err)
        raise YamlSyntaxError(None, message, hint=_(SYNTAX_HINT)) from None
    except YamlSyntaxError as err:
        line = err.line + first_line - 1 if err.line else None
        raise YamlSyntaxError(line, err.message) from None
    # A scalar where fields belong (`source：大同日报` alone) is broken as well.
    _raise_slip(text, text.count("\n") + 1 if isinstance(data, str) else None, first_line)
    if isinstance(data, LineDict) and first_line != 1:
        _shift_lines(data, first_line - 1)
    return data


SYNTAX_HINT = N_("check indentation and quote values that contain `: ` or start with [ { \" '")


def _parse(text: str) -> Any:
    loader = _LineLoader(text)
    try:
        node = loader.get_single_node()
        if node is not None:
            _refuse_aliases(node)
        return loader.construct_document(node) if node is not None else None
    finally:
        loader.dispose()


def _raise_slip(text: str, failed: int | None, first_line: int) -> None:
    """Raise the first input-method slip of `text` (see load/slips.py), if there is one;
    `failed` is the line where PyYAML failed, or None when it read the text."""
    slip = find_slip(text, failed)
    if slip:
        line = slip.line + first_line - 1
        raise YamlSyntaxError(line, slip.message, column=slip.column, hint=slip.hint)


def _shift_lines(value: Any, offset: int) -> None:
    if isinstance(value, LineDict):
        value.line += offset
        value.key_lines = {k: v + offset for k, v in value.key_lines.items()}
        for child in value.values():
            _shift_lines(child, offset)
    elif isinstance(value, list):
        for child in value:
            _shift_lines(child, offset)
