"""Fit text onto one printed sheet: a report's body at the largest size readable from two
metres, cut honestly where even the smallest does not fit; the items of a weekly or monthly
sheet, as many as fit.

An honest cut falls at the end of a paragraph or a sentence, never after a heading; a
paragraph without sentence ends is cut between two characters and marked with …; tables,
lists and code are shown whole or not at all. The estimate is deliberately cautious;
`bulletin print` and the tests confirm with a real layout engine that each sheet is one page
and shows every paragraph it claims to.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from functools import lru_cache
from html.parser import HTMLParser

import regex

from generator.load.markup import plain_text
from generator.model.items import Report
from generator.printing.layout import Dimensions
from generator.printing.measure import em_width, line_count, per_line, wrapped_lines

__all__ = ["Block", "Entry", "PosterFit", "body_blocks", "fit_entries", "fit_poster", "line_count"]

_CLUSTER = regex.compile(r"\X")  # a character as a reader sees it, emoji and all
_SENTENCE = re.compile(r"[^。！？；!?]*[。！？；!?]+[”’」』）)]*|[^。！？；!?]+$")

LINE_HEIGHT = 1.55  # of a poster's body (print.css)
HEADING_SIZE = 1.15  # a heading in the body, in ems of the body
HEADING_LEADING = 1.4
BLOCK_GAP = 0.5  # ems between paragraphs
INDENT = 2  # ems: a paragraph's first line, and lists and quotes on the left
SAFETY = 0.97  # use at most this share of the space the estimate finds


@dataclass(frozen=True)
class Block:
    """A top-level element of a report body: its sanitized HTML and what is measured of it."""

    html: str
    text: str
    kind: str = "p"  # p, heading, list, table, pre or other
    lines: tuple[str, ...] = ()  # a list's items, or a code block's lines
    rows: tuple[tuple[str, ...], ...] = ()  # a table's cells, row by row: set in columns

    @property
    def heading(self) -> bool:
        return self.kind == "heading"


@dataclass(frozen=True)
class PosterFit:
    body_pt: float
    blocks: tuple[Block, ...]
    cut: bool  # some text was left out: the sheet says "扫码阅读全文"


def body_blocks(body_html: str) -> list[Block]:
    """Split sanitized body HTML into its top-level elements (those with text)."""
    splitter = _TopLevel()
    splitter.feed(body_html)
    splitter.close()
    blocks = []
    for fragment in splitter.fragments:
        text = plain_text(fragment)
        if text:
            blocks.append(_block(fragment.strip(), text))
    return blocks


def _block(fragment: str, text: str) -> Block:
    tag = re.match(r"<(\w+)", fragment)
    name = tag.group(1).lower() if tag else ""
    if name in ("h2", "h3", "h4", "h5", "h6"):
        return Block(fragment, text, "heading")
    if name == "table":
        return Block(fragment, text, "table", rows=_table_rows(fragment))
    if name == "pre":
        code = html.unescape(re.sub(r"<[^>]+>", "", fragment))
        return Block(fragment, text, "pre", lines=tuple(code.strip("\n").split("\n")))
    if name in ("ul", "ol"):
        items = re.findall(r"<li\b.*?</li>", fragment, flags=re.S)
        return Block(fragment, text, "list", lines=tuple(plain_text(i) for i in items))
    return Block(fragment, text, "p" if name == "p" else "other")


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


@lru_cache(maxsize=256)  # each paper size of a poster starts from the same blocks
def report_blocks(body_html: str) -> tuple[Block, ...]:
    return tuple(body_blocks(body_html))


def fit_poster(report: Report, dims: Dimensions, room_pt: float) -> PosterFit:
    """The largest body size at which the report's body fits in `room_pt`, or the smallest
    with the body cut honestly."""
    blocks = list(report_blocks(report.body_html))
    room = room_pt * SAFETY
    for size in dims.body_steps:
        if body_height(blocks, size, dims) <= room:
            return PosterFit(size, tuple(blocks), cut=False)
    size = dims.body_min_pt
    room -= size * LINE_HEIGHT + BLOCK_GAP * size  # the "（未完）扫码阅读全文" line
    return PosterFit(size, tuple(honest_cut(blocks, size, dims, room)), cut=True)


def honest_cut(blocks: list[Block], size: float, dims: Dimensions, room: float) -> list[Block]:
    """The blocks that fit in `room`: whole ones, then the whole sentences of the next
    paragraph that fit; never a heading last, never nothing."""
    shown: list[Block] = []
    for block in blocks:
        if body_height([*shown, block], size, dims) <= room:
            shown.append(block)
            continue
        if block.kind == "p":
            part = _part_of_paragraph(block.text, shown, size, dims, room)
            shown += [part] if part else []
        break
    while shown and shown[-1].heading:  # a heading whose text did not fit says nothing
        shown.pop()
    if not shown and blocks:  # not even one sentence fits: as many characters as do
        shown = [_characters_that_fit(blocks[0].text, [], size, dims, room)]
    return [block for block in shown if block.text]


def sentences(text: str) -> list[str]:
    """The sentences of a paragraph, each with its end (。！？；) and closing quotes."""
    return [s for s in _SENTENCE.findall(text) if s.strip()]


def _part_of_paragraph(
    text: str, shown: list[Block], size: float, dims: Dimensions, room: float
) -> Block | None:
    """The whole sentences of a paragraph that fit after `shown`; for a paragraph without
    sentence ends, its characters that fit, marked with …"""
    found = sentences(text)
    if len(found) <= 1 and not re.search(r"[。！？；!?]", text):
        return _characters_that_fit(text, shown, size, dims, room)
    taken = ""
    for sentence in found:
        if body_height([*shown, _paragraph(taken + sentence)], size, dims) > room:
            break
        taken += sentence
    return _paragraph(taken) if taken else None


def _characters_that_fit(
    text: str, shown: list[Block], size: float, dims: Dimensions, room: float
) -> Block:
    clusters = [m.group() for m in _CLUSTER.finditer(text)]
    low, high = 0, len(clusters)  # the most grapheme clusters that fit, found by halving
    while low < high:
        middle = (low + high + 1) // 2
        candidate = _paragraph("".join(clusters[:middle]) + "…")
        if body_height([*shown, candidate], size, dims) <= room:
            low = middle
        else:
            high = middle - 1
    return _paragraph("".join(clusters[:low]).rstrip() + "…" if low else "")


def _paragraph(text: str) -> Block:
    return Block(f"<p>{html.escape(text, quote=False)}</p>", text)


def body_height(blocks: list[Block], size: float, dims: Dimensions) -> float:
    """The height of the body: with columns, shared between them, plus a line for the break."""
    height = sum(_block_height(block, size, dims.column_width_pt) for block in blocks)
    if dims.columns == 1:
        return height
    # Columns never share the text out exactly: allow a twentieth more and a line.
    return height / dims.columns * 1.05 + size * LINE_HEIGHT


def _block_height(block: Block, size: float, width: float) -> float:
    line = size * LINE_HEIGHT
    gap = BLOCK_GAP * size
    if block.kind == "heading":
        big = size * HEADING_SIZE
        return line_count(block.text, big, width) * big * HEADING_LEADING + gap
    if block.kind == "table":
        return _table_height(block.rows, size, width) + gap
    if block.kind == "pre":
        inner = width - 12  # padding (print.css)
        return sum(line_count(text or " ", size, inner) for text in block.lines) * line + gap + 8
    if block.kind == "list":
        inner = width - INDENT * size
        return sum(line_count(item, size, inner) for item in block.lines) * line + gap
    if block.kind == "other":  # a quote: indented
        return line_count(block.text, size, width - INDENT * size) * line + gap
    lines = _lines(em_width(block.text) + INDENT, size, width)  # the first line is indented
    return lines * line + gap


def _lines(ems: float, size: float, width: float) -> int:
    return max(1, -int(-ems // per_line(size, width)))


def _table_height(rows: tuple[tuple[str, ...], ...], size: float, width: float) -> float:
    """A table's height: each row as tall as its tallest cell, the cells sharing the width
    (print.css sets tables in fixed columns that wrap)."""
    columns = max(map(len, rows))
    cell = (width / columns - 10) / size  # less each cell's padding and borders (print.css)
    lines = sum(max(wrapped_lines(text, cell) for text in row) for row in rows)
    return lines * size * LINE_HEIGHT + len(rows) * 0.4 * size + 2


@dataclass(frozen=True)
class Entry:
    """One item of a sheet's list: a heading line and lines of detail below it."""

    report: Report
    heading: str
    details: tuple[str, ...]


ENTRY_HEADING_LEADING = 1.35
ENTRY_DETAIL_LEADING = 1.45


def entry_height(entry: Entry, width: float, heading_pt: float, detail_pt: float) -> float:
    """The height of one item of a list: its heading, its details, and the gap below."""
    height = line_count(entry.heading, heading_pt, width) * heading_pt * ENTRY_HEADING_LEADING
    height += sum(
        line_count(d, detail_pt, width) * detail_pt * ENTRY_DETAIL_LEADING for d in entry.details
    )
    return height + 0.5 * detail_pt


def fit_entries(
    entries: list[Entry], width: float, room_pt: float, heading_pt: float, detail_pt: float
) -> tuple[int, float]:
    """How many of `entries` fit in `room_pt` (leaving a line for "还有N项" when not all do),
    and the height they take."""
    used = 0.0
    more_line = detail_pt * ENTRY_DETAIL_LEADING * 1.2
    for count, entry in enumerate(entries):
        height = entry_height(entry, width, heading_pt, detail_pt)
        reserve = more_line if count + 1 < len(entries) else 0
        if used + height + reserve > room_pt * SAFETY:
            return count, used + more_line
        used += height
    return len(entries), used
