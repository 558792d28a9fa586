"""Fit a report onto one printed sheet: pick the body text size, and cut at a paragraph end
when even the smallest readable size does not fit.

The estimate is deliberately cautious (character widths, line heights and a safety margin);
`bulletin print` and the tests confirm with a real layout engine that each sheet is one page
and shows every paragraph it claims to.
"""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import regex

from generator.load.markup import plain_text
from generator.model.items import Report
from generator.printing.layout import Dimensions, dimensions
from generator.printing.papers import MM, Paper

_CLUSTER = regex.compile(r"\X")  # a character as a reader sees it, emoji and all

BODY_STEPS = (
    22,
    20,
    18,
    17,
    16,
    15,
    14,
    13,
    12,
)  # points on A4; the last is the smallest readable size
LINE_HEIGHT = 1.55
BLOCK_GAP = 0.5  # em between paragraphs
SAFETY = 0.95  # use at most this share of the space the estimate finds


@dataclass(frozen=True)
class Block:
    """A top-level element of a report body: its sanitized HTML and its text."""

    html: str
    text: str
    heading: bool = False
    rows: tuple[tuple[str, ...], ...] = ()  # a table's cells, row by row: set in columns


@dataclass(frozen=True)
class PosterFit:
    body_pt: float
    blocks: tuple[Block, ...]
    cut: bool  # some text was left out: the sheet says "扫码阅读全文"


def body_blocks(body_html: str) -> list[Block]:
    """Split sanitized body HTML into its top-level elements."""
    splitter = _TopLevel()
    splitter.feed(body_html)
    splitter.close()
    blocks = []
    for fragment in splitter.fragments:
        text = plain_text(fragment)
        if text:
            start = fragment.lstrip()
            heading = start.startswith(("<h2", "<h3", "<h4", "<h5", "<h6"))
            rows = _table_rows(fragment) if start.startswith("<table") else ()
            blocks.append(Block(fragment.strip(), text, heading, rows))
    return blocks


def _table_rows(fragment: str) -> tuple[tuple[str, ...], ...]:
    """The text of each cell of a table, row by row."""
    rows = []
    for row in re.findall(r"<tr\b.*?</tr>", fragment, flags=re.S):
        cells = re.findall(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", row, flags=re.S)
        rows.append(tuple(plain_text(cell) or " " for cell in cells) or (" ",))
    return tuple(rows)


class _TopLevel(HTMLParser):
    VOID = frozenset({"br", "hr", "img", "wbr"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=False)
        self.fragments: list[str] = []
        self.depth = 0
        self.current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list) -> None:
        self.current.append(self.get_starttag_text() or "")
        if tag not in self.VOID:
            self.depth += 1

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        self.current.append(self.get_starttag_text() or "")

    def handle_endtag(self, tag: str) -> None:
        self.current.append(f"</{tag}>")
        self.depth -= 1
        if self.depth == 0:
            self.fragments.append("".join(self.current))
            self.current = []

    def handle_data(self, data: str) -> None:
        if self.depth == 0 and not data.strip():
            return
        self.current.append(data)

    def handle_entityref(self, name: str) -> None:
        self.current.append(f"&{name};")

    def handle_charref(self, name: str) -> None:
        self.current.append(f"&#{name};")


class _Widths(dict):
    """Each character's width in ems, worked out the first time it is met."""

    def __missing__(self, char: str) -> float:
        width = self[char] = 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.55
        return width


_WIDTHS = _Widths()


@lru_cache(maxsize=4096)  # a poster measures the same paragraphs at every size step
def em_width(text: str) -> float:
    """How wide `text` is in ems: CJK and full-width characters 1, others about half."""
    # Summed by map over a dict, not a generator calling unicodedata for every character:
    # measuring text was a tenth of a poster's time.
    return sum(map(_WIDTHS.__getitem__, text))


def line_count(text: str, size_pt: float, width_pt: float) -> int:
    # 0.94: lines break at characters, but punctuation may not start a line (kinsoku).
    per_line = max(1.0, width_pt * 0.94 / size_pt)
    return max(1, math.ceil(em_width(text) / per_line))


def fit_poster(report: Report, paper: Paper, place_name: str) -> PosterFit:
    """The largest body size at which the report fits one sheet, or the smallest with the
    text cut after the last paragraph that fits."""
    dims = dimensions(paper)
    room = (dims.height_pt - _fixed_height(report, dims, place_name)) * SAFETY
    blocks = list(_blocks_of(report.body_html))
    steps = [round(step * paper.scale, 1) for step in BODY_STEPS]
    for size in steps:
        if _body_height(blocks, size, dims) <= room:
            return PosterFit(size, tuple(blocks), cut=False)
    size = steps[-1]
    room -= size * LINE_HEIGHT * 2  # the "扫码阅读全文" line
    shown: list[Block] = []
    for block in _sentences_if_first_is_too_long(blocks, size, dims, room):
        if _body_height([*shown, block], size, dims) > room:
            break
        shown.append(block)
    while shown and shown[-1].heading:  # a heading whose text did not fit says nothing
        shown.pop()
    return PosterFit(size, tuple(shown), cut=True)


@lru_cache(maxsize=256)  # each paper size of a poster starts from the same blocks
def _blocks_of(body_html: str) -> tuple[Block, ...]:
    return tuple(body_blocks(body_html))


def _body_height(blocks: list[Block], size: float, dims: Dimensions) -> float:
    """The height of the body: with columns, shared between them, plus a line for the break."""
    height = _blocks_height(blocks, size, dims.column_width_pt)
    if dims.columns == 1:
        return height
    # Columns never share the text out exactly: allow a tenth more and two lines.
    return height / dims.columns * 1.1 + size * LINE_HEIGHT * 2


def _fixed_height(report: Report, dims: Dimensions, place_name: str) -> float:
    """Everything on the sheet but the body, in points."""
    width = dims.width_pt
    height = dims.band_height_pt
    height += line_count(report.title, dims.title_pt, width) * dims.title_pt * 1.25
    height += 8 * dims.paper.scale
    if report.subtitle:
        height += line_count(report.subtitle, dims.subtitle_pt, width) * dims.subtitle_pt * 1.35
        height += 8 * dims.paper.scale
    meta_lines = 1
    if report.event:
        meta_lines += 2 if report.event.location else 1
    height += meta_lines * dims.meta_pt * 1.6 + 24 * dims.paper.scale
    if report.images:
        height += dims.image_mm * MM + 10 * dims.paper.scale
    height += dims.footer_mm * MM
    return height


def _blocks_height(blocks: list[Block], size: float, width: float) -> float:
    total = 0.0
    for block in blocks:
        block_size = size * 1.15 if block.heading else size
        if block.rows:
            total += _table_height(block.rows, size, width)
        else:
            total += line_count(block.text, block_size, width) * block_size * LINE_HEIGHT
        total += BLOCK_GAP * size
    return total


def _table_height(rows: tuple[tuple[str, ...], ...], size: float, width: float) -> float:
    """A table's height: each row as tall as its tallest cell, the cells sharing the width
    (print.css sets tables in fixed columns that wrap)."""
    columns = max(map(len, rows))
    cell = width / columns - 10  # less each cell's padding and borders (print.css)
    # A narrow column loses most of a character at the end of each line: count whole ones.
    per_line = max(math.floor(cell / size) - 0.5, 0.5)
    lines = sum(max(math.ceil(em_width(text) / per_line) for text in row) for row in rows)
    return lines * size * LINE_HEIGHT + len(rows) * 0.4 * size


def _sentences_if_first_is_too_long(
    blocks: list[Block], size: float, dims: Dimensions, room: float
) -> list[Block]:
    """When not even the first paragraph fits, offer its sentences one by one instead; when
    not even its first sentence fits (a paragraph without 。！？；), as much of it as fits,
    cut between two characters and marked with …"""
    if not blocks or _body_height(blocks[:1], size, dims) <= room:
        return blocks
    first = blocks[0].text
    sentences = [s for s in re.findall(r"[^。！？；]*[。！？；]?", first) if s]
    pieces = [Block(f"<p>{_escape(s)}</p>", s) for s in sentences]
    if _body_height(pieces[:1], size, dims) <= room:
        return pieces
    clusters = [m.group() for m in _CLUSTER.finditer(sentences[0])]
    low, high = 0, len(clusters)  # the most grapheme clusters that fit, found by halving
    while low < high:
        middle = (low + high + 1) // 2
        text = "".join(clusters[:middle]) + "…"
        if _body_height([Block("", text)], size, dims) <= room:
            low = middle
        else:
            high = middle - 1
    if low == 0:
        return []
    text = "".join(clusters[:low]) + "…"
    return [Block(f"<p>{_escape(text)}</p>", text)]


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


@dataclass(frozen=True)
class Entry:
    """One item of a sheet's list: a heading line and lines of detail below it."""

    report: Report
    heading: str
    details: tuple[str, ...]


def fit_entries(
    entries: list[Entry], dims: Dimensions, room_pt: float, heading_pt: float, detail_pt: float
) -> tuple[int, float]:
    """How many of `entries` fit in `room_pt` (leaving a line for "还有N项" when not all do),
    and the height they take."""
    used = 0.0
    width = dims.width_pt
    for count, entry in enumerate(entries):
        height = line_count(entry.heading, heading_pt, width) * heading_pt * 1.4
        height += sum(line_count(d, detail_pt, width) * detail_pt * 1.45 for d in entry.details)
        height += 0.6 * detail_pt
        reserve = detail_pt * 1.5 if count + 1 < len(entries) else 0
        if used + height + reserve > room_pt * SAFETY:
            return count, used + reserve
        used += height
    return len(entries), used
