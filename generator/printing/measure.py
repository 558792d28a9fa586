"""How much room text takes on paper: widths in ems and lines at a type size.

The estimate is deliberately cautious (wide characters, kinsoku); `bulletin print` and the
tests confirm with a real layout engine that each sheet is one page.
"""

from __future__ import annotations

import math
import unicodedata
from functools import lru_cache


class _Widths(dict):
    """Each character's width in ems, worked out the first time it is met."""

    def __missing__(self, char: str) -> float:
        width = self[char] = 1.0 if unicodedata.east_asian_width(char) in "WF" else 0.6
        return width


_WIDTHS = _Widths({" ": 0.3})


@lru_cache(maxsize=4096)  # a poster measures the same paragraphs at every size step
def em_width(text: str) -> float:
    """How wide `text` is in ems: CJK and full-width characters 1, others about half."""
    # Summed by map over a dict, not a generator calling unicodedata for every character:
    # measuring text was a tenth of a poster's time.
    return sum(map(_WIDTHS.__getitem__, text))


def per_line(size_pt: float, width_pt: float) -> float:
    """How many ems fit on one line; 0.94: punctuation may not start a line (kinsoku)."""
    return max(1.0, width_pt * 0.94 / size_pt)


def line_count(text: str, size_pt: float, width_pt: float) -> int:
    """Lines `text` takes at `size_pt` in a box `width_pt` wide (at least one)."""
    return max(1, math.ceil(em_width(text) / per_line(size_pt, width_pt)))


# Punctuation that may not begin a line (kinsoku): the character before it moves down too.
NO_LINE_START = frozenset("，。、：；！？）》」』”’…,.:;!?)")


@lru_cache(maxsize=1 << 16)  # the same titles are measured for every paper and grid
def wrapped_lines(text: str, width_em: float) -> int:
    """Lines `text` takes in a narrow box `width_em` wide, broken between characters as a
    browser breaks Chinese (spaces at a line's end vanish; 。，： never start a line)."""
    lines, used, previous = 1, 0.0, 0.0
    for char in text:
        width = _WIDTHS[char]
        if char == " " and used + width > width_em:
            continue
        if used + width > width_em + 1e-6 and used > 0:
            lines += 1
            # A character that may not start a line brings the one before it down with it.
            used = previous + width if char in NO_LINE_START and previous else width
        else:
            used += width
        previous = width
    return lines
