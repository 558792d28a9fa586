"""Characters no installed font can draw: a printed sheet shows them as empty boxes.

Browsers on residents' phones bring their own fonts, but a sheet is printed with the fonts of
the computer that prints it. fontconfig (`fc-list`, there wherever WeasyPrint prints) tells
which characters some installed font covers; only the uncommon ones are asked about. Where a
font has them, WeasyPrint draws them with it (HanaMin for 𠀀 𪚥, Noto Color Emoji for 😀);
`bulletin check` warns about the others, and `bulletin print` refuses a sheet that shows one.
"""

from __future__ import annotations

import shutil
import subprocess
import unicodedata
from collections.abc import Iterable
from functools import cache

from generator.checks.documents import Document
from generator.errors import Problem
from generator.i18n import _

# Asked about only outside these: ASCII, the common CJK block, CJK punctuation and full-width
# forms, which every CJK font has.
COMMON = ((0x20, 0x7E), (0x3000, 0x303F), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF))


def unprintable_characters(documents: Iterable[Document]) -> list[Problem]:
    """A warning at the first place of each character that no installed font can draw; none
    where fontconfig is missing (nothing can be told there)."""
    if shutil.which("fc-list") is None:
        return []
    seen: set[str] = set()
    missing: set[str] = set()
    documents = list(documents)
    for document in documents:
        for char in set(document.text) - seen:
            seen.add(char)
            if not char.isspace() and not _common(char) and not _drawable(char):
                missing.add(char)
    return located(documents, missing, "warning")


def undrawable(text: str) -> set[str]:
    """The characters of `text` that no installed font can draw (none without fontconfig)."""
    if shutil.which("fc-list") is None:
        return set()
    return {c for c in set(text) if not c.isspace() and not _common(c) and not _drawable(c)}


def located(documents: Iterable[Document], chars: set[str], severity: str) -> list[Problem]:
    """A problem at the first place of each of `chars` in `documents`, in their order."""
    problems, left = [], set(chars)
    for document in documents:
        text = document.text
        for offset, char in enumerate(text):
            if char in left:
                left.discard(char)
                line = text.count("\n", 0, offset) + 1
                column = offset - (text.rfind("\n", 0, offset) + 1) + 1
                problems.append(_problem(document, char, line, column, severity))
        if not left:
            break
    return problems


def _common(char: str) -> bool:
    point = ord(char)
    return any(low <= point <= high for low, high in COMMON)


@cache
def _drawable(char: str) -> bool:
    found = subprocess.run(
        ["fc-list", f":charset={ord(char):x}", "family"],
        capture_output=True,
        text=True,
        check=False,
    )
    return bool(found.stdout.strip())


def describe(char: str) -> str:
    """A character as a message names it: “X” (U+XXXX NAME)."""
    return f"“{char}” (U+{ord(char):04X} {unicodedata.name(char, 'unnamed')})"


def _problem(document: Document, char: str, line: int, column: int, severity: str) -> Problem:
    return Problem(
        document.source.path,
        line,
        _(
            "{character}: no font on this computer can print it; a printed sheet shows an empty box"
        ).format(character=describe(char)),
        _(
            "install a font that has it (on Debian: fonts-hanazono for rare Chinese characters, "
            "fonts-noto-color-emoji for emoji), or write it another way"
        ),
        column=column,
        severity=severity,
    )
