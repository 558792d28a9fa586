"""Residents' personal numbers pasted into a report (mobiles, ID card and bank card numbers) are
found before the page is published, and ordinary figures (dates, landlines, amounts, hotlines,
web addresses) are not mistaken for them.

Every number here is made up: ID numbers get their check character, and bank card numbers
their Luhn check digit, from the helpers below.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from generator.load.privacy import RULES, Finding, line_and_column, personal_numbers

# --- helpers that make up valid numbers --------------------------------------------------------

ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)


def id_number(first17: str) -> str:
    """A resident ID number: 17 digits and the GB 11643 check character."""
    total = sum(int(d) * w for d, w in zip(first17, ID_WEIGHTS, strict=True))
    return first17 + "10X98765432"[total % 11]


def id_number_where(first14: str, wanted: Callable[[str], bool]) -> str:
    """The first ID number with these 14 characters (region and birth date) that is `wanted`."""
    return next(n for n in (id_number(f"{first14}{seq:03d}") for seq in range(1000)) if wanted(n))


def passes_luhn(number: str) -> bool:
    total = 0
    for position, char in enumerate(reversed(number)):
        digit = int(char) * (2 if position % 2 else 1)
        total += digit - 9 if digit > 9 else digit
    return total % 10 == 0


def luhn_card(partial: str) -> str:
    """A card number: `partial` and the check digit that makes it pass the Luhn check."""
    return next(partial + d for d in "0123456789" if passes_luhn(partial + d))


def grouped(number: str, separator: str = " ") -> str:
    """6222021234567894 → 6222 0212 3456 7894, as printed on a card."""
    return separator.join(number[i : i + 4] for i in range(0, len(number), 4))


def full_width(text: str) -> str:
    """As typed with a Chinese input method: １３８１２３４５６７８."""
    return text.translate(str.maketrans("0123456789Xx", "０１２３４５６７８９Ｘｘ"))


def ascii_digits(text: str) -> str:
    return text.translate(str.maketrans("０１２３４５６７８９Ｘｘ", "0123456789Xx"))


def masked_id(written: str) -> str:
    """1101**********1233: the first four and last four characters of an ID number."""
    number = ascii_digits(written).upper()
    return number[:4] + "*" * 10 + number[-4:]


def masked_card(written: str) -> str:
    """6222 **** **** 7894: the first four and last four digits of a card, in groups of four."""
    digits = ascii_digits(written).replace(" ", "").replace("-", "")
    hidden = "**** **** ***" if len(digits) == 19 else "**** ****"
    return f"{digits[:4]} {hidden} {digits[-4:]}"


ID_1990 = id_number("11010119900307123")  # 北京东城, born 7 March 1990
ID_ENDING_X = id_number_where("14010519850612", lambda n: n.endswith("X"))
ID_LEAP_DAY = id_number("14020220120229004")  # born 29 February 2012
ID_PASSING_LUHN = id_number_where("33010219780405", lambda n: n[-1] != "X" and passes_luhn(n))

CARD_16 = luhn_card("622202123456789")  # UnionPay, 16 digits
CARD_19 = luhn_card("621700000012345678")  # UnionPay, 19 digits
VISA = luhn_card("400000123456789")
MASTERCARD = luhn_card("510000987654321")


def test_the_made_up_numbers_are_what_the_tests_say() -> None:
    assert ID_1990[:17] == "11010119900307123" and len(ID_1990) == 18
    assert ID_ENDING_X.endswith("X")
    assert ID_PASSING_LUHN[0] in "3456" and passes_luhn(ID_PASSING_LUHN)
    for card, length in ((CARD_16, 16), (CARD_19, 19), (VISA, 16), (MASTERCARD, 16)):
        assert len(card) == length and passes_luhn(card)
    assert not passes_luhn(CARD_16[:-1] + str((int(CARD_16[-1]) + 1) % 10))


def finding(rule: str, text: str, written: str, masked: str) -> Finding:
    """The finding for `written`, the first time it occurs in `text`."""
    start = text.index(written)
    return Finding(rule, start, start + len(written), written, masked)


# --- mobiles -----------------------------------------------------------------------------------

MOBILES = [
    pytest.param("请联系网格员李师傅，手机13812345678。", "13812345678", id="plain"),
    pytest.param("电话：138 1234 5678，随时联系", "138 1234 5678", id="spaces 3-4-4"),
    pytest.param("报名请打138-1234-5678", "138-1234-5678", id="hyphens 3-4-4"),
    pytest.param("联系人：张师傅 +86 138 1234 5678", "+86 138 1234 5678", id="+86 and spaces"),
    pytest.param("微信同号+8613812345678", "+8613812345678", id="+86"),
    pytest.param("手机0086 13812345678", "0086 13812345678", id="0086"),
    pytest.param("手机86-138-1234-5678", "86-138-1234-5678", id="86 and hyphens"),
    pytest.param("手机（+86）13812345678", "（+86）13812345678", id="(+86) full-width brackets"),
    pytest.param("手机１３８１２３４５６７８", "１３８１２３４５６７８", id="full-width digits"),
    pytest.param("电话１３８　１２３４　５６７８", "１３８　１２３４　５６７８", id="wide spaces"),
    pytest.param("13812345678是张师傅的电话", "13812345678", id="at the start"),
    pytest.param("有事找张师傅13812345678", "13812345678", id="at the end"),
    pytest.param("张师傅13812345678 3号楼", "13812345678", id="a figure after a space"),
    pytest.param("张师傅 138 1234 5678 3号楼", "138 1234 5678", id="grouped, figure after"),
    pytest.param("[给张师傅打电话](tel:13812345678)", "13812345678", id="in a tel: link"),
]


@pytest.mark.parametrize(("text", "written"), MOBILES)
def test_a_mobile_is_found_with_its_offsets_and_masked_form(text: str, written: str) -> None:
    assert personal_numbers(text) == [finding("mobile", text, written, "138****5678")]


@pytest.mark.parametrize("prefix", ["13", "14", "15", "16", "17", "18", "19"])
def test_mobiles_start_with_13_to_19(prefix: str) -> None:
    number = f"{prefix}912345678"
    masked = f"{prefix}9****5678"
    assert personal_numbers(f"手机{number}") == [finding("mobile", f"手机{number}", number, masked)]


NOT_MOBILES = [
    pytest.param("编号12812345678", id="starts with 12"),
    pytest.param("编号11012345678", id="starts with 11"),
    pytest.param("编号138123456789", id="12 digits"),
    pytest.param("编号1381234567", id="10 digits"),
    pytest.param("编号138 1234 56789", id="last group of five"),
    pytest.param("编号138-1234-5678-9", id="a longer chain of groups"),
    pytest.param("订单号2025138123456780", id="inside a longer digit run"),
    pytest.param("比例3.13812345678", id="after a decimal point"),
]


@pytest.mark.parametrize("text", NOT_MOBILES)
def test_eleven_digits_that_are_not_a_mobile_are_not_reported(text: str) -> None:
    assert personal_numbers(text) == []


def test_a_landline_beside_a_mobile_is_not_reported() -> None:
    text = "社区办公室0352-5550101，网格员13812345678"
    assert personal_numbers(text) == [finding("mobile", text, "13812345678", "138****5678")]


# --- ordinary figures: no false alarms ---------------------------------------------------------

HOTLINES = ["12345", "110", "119", "120", "122", "12315", "12348", "12320", "12333", "12369"]
BANK_SERVICE_NUMBERS = ["95588", "95533", "95599", "95566", "95555"]

ORDINARY_FIGURES = [
    pytest.param("活动时间：2025-03-05", id="date with hyphens"),
    pytest.param("2025年3月5日（星期三）", id="date in Chinese"),
    pytest.param("截至20250305", id="date as eight digits"),
    pytest.param("2025/03/05 09:30—11:30", id="date and times"),
    pytest.param("上午09:30在活动室集合", id="time"),
    pytest.param("咨询电话0352-5550101", id="landline"),
    pytest.param("咨询电话(0351)1234567", id="landline, area code in brackets"),
    pytest.param("咨询电话（0351）1234567", id="landline, full-width brackets"),
    pytest.param("咨询电话0351-12345678", id="landline, eight digits"),
    pytest.param("咨询电话03525550101", id="landline without hyphen"),
    pytest.param("咨询电话0352-5550101转8012", id="landline with extension"),
    pytest.param("客服400-123-4567", id="400 number"),
    pytest.param("2024—2025年度，1949年以来", id="years"),
    pytest.param("补贴12000元，合计13800.50元", id="amounts"),
    pytest.param("总投资1,381,234,567元", id="amount with thousands separators"),
    pytest.param("共1380户、4521人，其中60岁以上1381人", id="counts"),
    pytest.param("邮编037000", id="postal code"),
    pytest.param("详见https://example.gov.cn/art?id=13812345678", id="URL, id in the query"),
    pytest.param(
        "原文：https://mp.example.cn/s?__biz=MzA5&mid=2652345678&sn=13812345678abc",
        id="URL, several numbers in the query",
    ),
    pytest.param("https://example.gov.cn/art?id=2025030513812345678", id="URL, long id"),
    pytest.param("见 www.example.cn/news/13812345678.html", id="www address"),
    pytest.param("[通知](/notices/?id=13812345678)", id="relative link with a query"),
    pytest.param(f"[通知](https://example.cn/?no={CARD_16})", id="URL, card-like number"),
    pytest.param(f"[通知](https://example.cn/?no={ID_1990})", id="URL, ID-like number"),
    pytest.param("订单号202503051381234567", id="order number"),
    pytest.param(
        "便民热线：" + "、".join(HOTLINES) + "；银行客服：" + "、".join(BANK_SERVICE_NUMBERS),
        id="hotlines and bank service numbers",
    ),
    pytest.param("拨打１２３４５或１１０", id="full-width hotlines"),
]


@pytest.mark.parametrize("text", ORDINARY_FIGURES)
def test_ordinary_figures_are_not_reported(text: str) -> None:
    assert personal_numbers(text) == []


# --- ID card numbers ---------------------------------------------------------------------------

ID_NUMBERS = [
    pytest.param(f"身份证号：{ID_1990}", ID_1990, id="plain"),
    pytest.param(f"身份证{ID_ENDING_X}，", ID_ENDING_X, id="ending in X"),
    pytest.param(f"身份证{ID_ENDING_X.lower()}", ID_ENDING_X.lower(), id="ending in x"),
    pytest.param(f"身份证{full_width(ID_ENDING_X)}", full_width(ID_ENDING_X), id="full-width"),
    pytest.param(f"{ID_LEAP_DAY}（2012年2月29日出生）", ID_LEAP_DAY, id="born on a leap day"),
]


@pytest.mark.parametrize(("text", "written"), ID_NUMBERS)
def test_an_id_number_is_found_with_its_offsets_and_masked_form(text: str, written: str) -> None:
    assert personal_numbers(text) == [finding("id_card", text, written, masked_id(written))]


def test_an_id_number_is_masked_keeping_the_first_and_last_four() -> None:
    assert personal_numbers(ID_1990)[0].masked == "1101**********" + ID_1990[-4:]


def test_an_id_number_with_a_wrong_check_character_is_not_reported() -> None:
    for wrong in "0123456789X":
        if wrong != ID_1990[-1]:
            assert personal_numbers(f"订单号{ID_1990[:17]}{wrong}") == [], wrong


IMPOSSIBLE_BIRTH_DATES = [
    pytest.param("19900230", id="30 February"),
    pytest.param("19000229", id="29 February 1900, not a leap year"),
    pytest.param("19901301", id="month 13"),
    pytest.param("19900100", id="day 0"),
    pytest.param("18991231", id="before 1900"),
    pytest.param("21000101", id="after 2099"),
]


@pytest.mark.parametrize("born", IMPOSSIBLE_BIRTH_DATES)
def test_an_id_number_with_an_impossible_birth_date_is_not_reported(born: str) -> None:
    number = id_number(f"110101{born}123")  # the check character is right
    assert personal_numbers(f"编号{number}") == []


def test_an_id_number_inside_a_longer_digit_run_is_not_reported() -> None:
    assert personal_numbers(f"流水号{ID_1990}5") == []
    assert personal_numbers(f"流水号5{ID_1990}") == []


def test_an_id_number_that_also_passes_luhn_is_reported_only_as_an_id_number() -> None:
    text = f"身份证{ID_PASSING_LUHN}"
    assert [f.rule for f in personal_numbers(text)] == ["id_card"]


# --- bank card numbers -------------------------------------------------------------------------

CARDS = [
    pytest.param(f"卡号{CARD_16}", CARD_16, id="UnionPay, 16 digits"),
    pytest.param(f"卡号：{grouped(CARD_16)}。", grouped(CARD_16), id="groups of four"),
    pytest.param(f"卡号{grouped(CARD_16, '-')}", grouped(CARD_16, "-"), id="hyphens"),
    pytest.param(f"卡号{CARD_19}", CARD_19, id="UnionPay, 19 digits"),
    pytest.param(f"卡号 {grouped(CARD_19)} 开户行", grouped(CARD_19), id="19 digits grouped"),
    pytest.param(f"卡号{full_width(CARD_16)}", full_width(CARD_16), id="full-width"),
    pytest.param(f"Visa {VISA}", VISA, id="Visa"),
    pytest.param(f"Mastercard {MASTERCARD}", MASTERCARD, id="Mastercard"),
]


@pytest.mark.parametrize(("text", "written"), CARDS)
def test_a_bank_card_is_found_with_its_offsets_and_masked_form(text: str, written: str) -> None:
    assert personal_numbers(text) == [finding("bank_card", text, written, masked_card(written))]


def test_a_bank_card_is_masked_keeping_the_first_and_last_four() -> None:
    assert personal_numbers(CARD_16)[0].masked == "6222 **** **** " + CARD_16[-4:]
    assert personal_numbers(CARD_19)[0].masked == "6217 **** **** *** " + CARD_19[-4:]


NOT_CARDS = [
    pytest.param(CARD_16[:-1] + str((int(CARD_16[-1]) + 1) % 10), id="fails the Luhn check"),
    pytest.param(luhn_card("922202123456789"), id="starts with 9"),
    pytest.param(luhn_card("122202123456789"), id="starts with 1"),
    pytest.param(luhn_card("62220212345678"), id="15 digits"),
    pytest.param(luhn_card("6222021234567890123"), id="20 digits"),
    pytest.param("1234 " + grouped(CARD_16), id="inside a longer chain of groups"),
    pytest.param(grouped(CARD_16) + " 1234", id="followed by another group"),
    pytest.param(grouped(CARD_16, "-") + "-1234", id="followed by another hyphen group"),
]


@pytest.mark.parametrize("text", NOT_CARDS)
def test_numbers_that_are_not_a_bank_card_are_not_reported(text: str) -> None:
    assert personal_numbers(f"编号{text}") == []


def test_a_mobile_inside_a_bank_card_number_is_not_a_mobile() -> None:
    card = luhn_card("62220" + "13812345678" + "12")
    assert [f.rule for f in personal_numbers(f"卡号{card}")] == ["bank_card"]
    not_a_card = card[:-1] + str((int(card[-1]) + 1) % 10)
    assert personal_numbers(f"流水号{not_a_card}") == []


# --- all together: order, allowed numbers, rules ------------------------------------------------

REPORT = (
    "## 失物招领\n\n"
    f"拾到钱包一个，内有身份证（{ID_1990}）和银行卡（{grouped(CARD_16)}）。\n"
    "失主请联系物业王师傅：13912345678，或社区办公室 0352-5550101、138-0000-1111。\n"
)


def test_findings_come_in_text_order() -> None:
    findings = personal_numbers(REPORT)
    assert [(f.rule, f.text) for f in findings] == [
        ("id_card", ID_1990),
        ("bank_card", grouped(CARD_16)),
        ("mobile", "13912345678"),
        ("mobile", "138-0000-1111"),
    ]
    assert all(REPORT[f.start : f.end] == f.text for f in findings)


@pytest.mark.parametrize(
    "allowed",
    [
        pytest.param(frozenset({"13800001111"}), id="bare digits"),
        pytest.param(frozenset({"138-0000-1111"}), id="as written in the report"),
        pytest.param(frozenset({"+86 138 0000 1111"}), id="with the country code"),
    ],
)
def test_allowed_numbers_are_never_reported(allowed: frozenset[str]) -> None:
    texts = [f.text for f in personal_numbers(REPORT, allowed=allowed | {"03525550101"})]
    assert texts == [ID_1990, grouped(CARD_16), "13912345678"]


def test_an_allowed_number_is_not_reported_however_it_is_written() -> None:
    text = "办公室手机 +86 138-0000-1111 或 １３８００００１１１１"
    assert personal_numbers(text, allowed=frozenset({"13800001111"})) == []


def test_an_allowed_bank_card_or_id_number_is_not_reported() -> None:
    text = f"捐款账户：{grouped(CARD_16)}，经办人身份证{ID_ENDING_X.lower()}"
    assert personal_numbers(text, allowed=frozenset({CARD_16, ID_ENDING_X})) == []


@pytest.mark.parametrize(
    ("rules", "reported"),
    [
        pytest.param(RULES, ["id_card", "bank_card", "mobile", "mobile"], id="all"),
        pytest.param(frozenset({"mobile"}), ["mobile", "mobile"], id="mobile only"),
        pytest.param(frozenset({"id_card"}), ["id_card"], id="id_card only"),
        pytest.param(frozenset({"bank_card"}), ["bank_card"], id="bank_card only"),
        pytest.param(RULES - {"mobile"}, ["id_card", "bank_card"], id="all but mobile"),
        pytest.param(frozenset(), [], id="none"),
    ],
)
def test_rules_can_be_turned_off(rules: frozenset[str], reported: list[str]) -> None:
    assert [f.rule for f in personal_numbers(REPORT, rules=rules)] == reported


def test_an_id_number_is_not_reported_as_a_bank_card_when_the_id_rule_is_off() -> None:
    text = f"身份证{ID_PASSING_LUHN}"
    assert personal_numbers(text, rules=frozenset({"bank_card", "mobile"})) == []


def test_an_unknown_rule_is_an_error() -> None:
    with pytest.raises(ValueError, match="passport"):
        personal_numbers(REPORT, rules=frozenset({"mobile", "passport"}))


def test_findings_cannot_be_changed() -> None:
    found = personal_numbers("13812345678")[0]
    with pytest.raises(AttributeError):
        found.text = "138****5678"  # type: ignore[misc]


# --- where a finding is ------------------------------------------------------------------------

NOTICE = "社区快报\n\n网格员：王阿姨\n联系电话：１３８１２３４５６７８（微信同号）\n"


def test_a_finding_has_a_line_and_column_in_multi_line_chinese_text() -> None:
    (found,) = personal_numbers(NOTICE)
    assert found.text == "１３８１２３４５６７８"
    assert line_and_column(NOTICE, found.start) == (4, 6)  # after the five characters 联系电话：
    assert line_and_column(NOTICE, found.end) == (4, 17)


@pytest.mark.parametrize(
    ("offset", "place"),
    [
        pytest.param(0, (1, 1), id="start of text"),
        pytest.param(3, (1, 4), id="last character of line 1"),
        pytest.param(4, (1, 5), id="the newline ending line 1"),
        pytest.param(5, (2, 1), id="empty line 2"),
        pytest.param(6, (3, 1), id="start of line 3"),
        pytest.param(len(NOTICE), (5, 1), id="end of text"),
    ],
)
def test_line_and_column_count_characters_from_one(offset: int, place: tuple[int, int]) -> None:
    assert line_and_column(NOTICE, offset) == place


def test_line_and_column_after_windows_line_ends() -> None:
    text = "第一行\r\n手机13812345678"
    assert line_and_column(text, personal_numbers(text)[0].start) == (2, 3)


@pytest.mark.parametrize("offset", [-1, len(NOTICE) + 1])
def test_line_and_column_of_an_offset_outside_the_text_is_an_error(offset: int) -> None:
    with pytest.raises(ValueError, match="outside"):
        line_and_column(NOTICE, offset)
