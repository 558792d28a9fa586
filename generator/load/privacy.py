"""Residents' personal numbers in a text (mobile, ID card and bank card numbers), to warn about.

Editors sometimes paste a resident's mobile or ID card number into a report. `personal_numbers`
finds such numbers so that `bulletin check` and `bulletin build` can warn before the page is
published. It is pure: a text in, findings out, no reading of files and no printing.

What counts as a number, and where it ends:

- Full-width digits (０-９), Ｘ, ＋, －, （）and the ideographic space, which a Chinese input
  method types, count as their ASCII forms. Each is one character either way, so the offsets
  of a finding are offsets in the text as written.
- A number is not part of a longer digit run: a digit, or a digit and a decimal point, right
  before or after it makes it part of something else (an order number, an amount).
- A number written in groups (138 1234 5678, 6222-0212-3456-7894) is not part of a longer
  chain of groups joined the same way; for a mobile only a hyphen chains, since in running
  text a space before the next figure ("138 1234 5678 3号楼") is only a space.
- Numbers inside a web address (https://…, www.…, or a query such as ?id=…) are someone's page
  address, not what the editor wrote about a resident, and are not reported. A `tel:` link is
  not a web address: a resident's mobile in it is reported.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

MOBILE = "mobile"
ID_CARD = "id_card"
BANK_CARD = "bank_card"
RULES: frozenset[str] = frozenset({MOBILE, ID_CARD, BANK_CARD})

# One character to one character, so that offsets in the normalized text are offsets in the text.
_NORMALIZE = str.maketrans(
    "０１２３４５６７８９Ｘｘ＋－（）\u3000\u00a0",
    "0123456789Xx+-()  ",
)

_MOBILE = re.compile(
    r"""
    (?<![0-9])(?<![0-9]\.)
    (?:(?:\+86|0086|86|\(\+86\)|\(0086\)|\(86\))[\x20-]?)?    # country code, as written
    (?P<number>1[3-9][0-9](?:(?P<sep>[\x20-])[0-9]{4}(?P=sep)[0-9]{4}|[0-9]{8}))
    (?![0-9])(?!\.[0-9])
    """,
    re.VERBOSE,
)
_ID_CARD = re.compile(r"(?<![0-9])(?<![0-9]\.)[0-9]{17}[0-9Xx](?![0-9])(?!\.[0-9])")
_BANK_CARD = re.compile(
    r"""
    (?<![0-9])(?<![0-9]\.)
    [3-6][0-9]{3}
    (?:[0-9]{12,15}|(?P<sep>[\x20-])[0-9]{4}(?P=sep)[0-9]{4}(?P=sep)[0-9]{4}(?:(?P=sep)[0-9]{1,3})?)
    (?![0-9])(?!\.[0-9])
    """,
    re.VERBOSE,
)
_WEB_ADDRESS = re.compile(
    r"""
    (?:(?:https?|ftp)://|www\.|[?&][A-Za-z0-9_.\[\]-]+=)
    [A-Za-z0-9\-._~:/?#@!$&*+;=%\[\]]*
    """,
    re.VERBOSE,
)

# Every number the rules find has at least 11 digits in a row, or in groups split by a space
# or hyphen, in ASCII or full-width forms: a text without such a run (most reports) need not
# be normalized and searched rule by rule.
_LONG_FIGURE = re.compile(r"[0-9０-９][0-9０-９\x20\u3000\u00a0\-－]{9,}[0-9０-９XxＸｘ]")

_ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
_ID_CHECK_CHARS = "10X98765432"


@dataclass(frozen=True)
class Finding:
    """A personal number in a text: the rule that found it, where it is, and how to mask it."""

    rule: str  # "mobile", "id_card" or "bank_card"
    start: int  # offset of its first character in the text
    end: int  # offset just after its last character
    text: str  # the number as written, e.g. "+86 138 1234 5678" or "１３８１２３４５６７８"
    masked: str  # what to write instead, e.g. "138****5678"


def personal_numbers(
    text: str,
    allowed: frozenset[str] = frozenset(),
    rules: frozenset[str] = RULES,
) -> list[Finding]:
    """The residents' mobile, ID card and bank card numbers in `text`, in text order.

    `allowed` numbers (e.g. the office phones of site.yaml) are never reported; they may be
    written any way ("+86 138-0000-1111", "0352-5550101"): only their digits are compared.
    `rules` chooses which of RULES are reported. A number that a rule which is off would have
    found still is that kind of number: an ID number is not reported as a bank card instead.
    """
    unknown = rules - RULES
    if unknown:
        raise ValueError(f"unknown rules {sorted(unknown)}; the rules are {sorted(RULES)}")
    if not _LONG_FIGURE.search(text):
        return []
    plain = text.translate(_NORMALIZE)
    addresses = [m.span() for m in _WEB_ADDRESS.finditer(plain)]
    allowed_numbers = {_national(_bare(number)) for number in allowed}
    taken: list[tuple[int, int]] = []  # spans already found to be a number of some kind
    found: list[Finding] = []

    def keep(rule: str, match: re.Match[str], number: str, masked: str) -> None:
        span = match.span()
        taken.append(span)
        hidden = _overlaps(span, addresses) or number in allowed_numbers
        if rule in rules and not hidden:
            found.append(Finding(rule, span[0], span[1], text[span[0] : span[1]], masked))

    for match in _ID_CARD.finditer(plain):
        number = match.group().upper()
        if _is_id_number(number):
            keep(ID_CARD, match, number, f"{number[:4]}{'*' * 10}{number[-4:]}")
    for match in _BANK_CARD.finditer(plain):
        number = _bare(match.group())
        chained = _chained(plain, match, match.group("sep"))
        if _luhn(number) and not chained and not _overlaps(match.span(), taken):
            keep(BANK_CARD, match, number, _masked_card(number))
    for match in _MOBILE.finditer(plain):
        number = _bare(match.group("number"))
        chained = match.group("sep") == "-" and _chained(plain, match, "-")
        if not chained and not _overlaps(match.span(), taken):
            keep(MOBILE, match, number, f"{number[:3]}****{number[-4:]}")
    return sorted(found, key=lambda finding: finding.start)


def line_and_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column of `offset` in `text`, counting characters (一 is one)."""
    if not 0 <= offset <= len(text):
        raise ValueError(f"offset {offset} is outside a text of {len(text)} characters")
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _bare(number: str) -> str:
    """Only the digits of a number (and an ID number's final X), in ASCII."""
    return "".join(c for c in number.translate(_NORMALIZE).upper() if c in "0123456789X")


def _national(number: str) -> str:
    """A mobile number without its country code 86 or 0086; any other number as it is."""
    for code in ("0086", "86"):
        rest = number.removeprefix(code)
        if rest != number and len(rest) == 11 and rest.startswith("1"):
            return rest
    return number


def _is_id_number(number: str) -> bool:
    """A resident ID number (GB 11643): a real birth date and the right check character."""
    try:
        born = date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return False
    if not 1900 <= born.year <= 2099:
        return False
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _ID_WEIGHTS, strict=True))
    return _ID_CHECK_CHARS[total % 11] == number[17]


def _luhn(number: str) -> bool:
    """The Luhn check that bank card numbers pass."""
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char)
        if position % 2:
            digit = digit * 2 - 9 if digit > 4 else digit * 2
        total += digit
    return total % 10 == 0


def _masked_card(number: str) -> str:
    """The first four and last four digits, the others as *, in groups of four."""
    hidden = "*" * (len(number) - 8)
    groups = [hidden[i : i + 4] for i in range(0, len(hidden), 4)]
    return " ".join([number[:4], *groups, number[-4:]])


def _chained(plain: str, match: re.Match[str], separator: str | None) -> bool:
    """Whether a number written in groups goes on, in groups joined the same way, on a side."""
    if not separator:
        return False
    start, end = match.span()
    before = plain[max(start - 2, 0) : start]
    after = plain[end : end + 2]
    digits = "0123456789"
    return (len(before) == 2 and before[1] == separator and before[0] in digits) or (
        len(after) == 2 and after[0] == separator and after[1] in digits
    )


def _overlaps(span: tuple[int, int], spans: list[tuple[int, int]]) -> bool:
    return any(span[0] < end and start < span[1] for start, end in spans)
