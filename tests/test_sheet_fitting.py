"""Fitting text onto a sheet, without printing: honest cuts, legible sizes on every paper,
calendar cells that wrap before they shorten, and the issuing body of a notice."""

from __future__ import annotations

from datetime import date

import pytest

from generator.model.almanac import Almanac
from generator.model.calendars import Day
from generator.model.items import Place, Report
from generator.printing.fitting import body_height, fit_poster, honest_cut, report_blocks
from generator.printing.layout import DIMENSIONS, dimensions, month_grid_layout
from generator.printing.measure import wrapped_lines
from generator.printing.notice import issuer
from generator.printing.papers import PAPERS
from generator.render.sheets import cell_lines, cell_title

A4 = dimensions(PAPERS["a4"])


def report(body_html: str, title: str = "标题") -> Report:
    return Report(
        file="a.md",
        slug="a",
        title=title,
        date=date(2026, 3, 10),
        places=("xingfuli",),
        body_html=body_html,
        summary="",
        reading_minutes=1,
    )


def test_type_is_legible_from_two_metres_on_every_paper() -> None:
    for slug, (title, body) in {"a4": (48, 16), "a3": (64, 22), "a4-landscape": (48, 16)}.items():
        dims = DIMENSIONS[slug]
        assert dims.title_pt >= title and dims.body_min_pt >= body
        assert min(dims.body_steps) >= body and dims.meta_pt >= body, slug


def test_a_short_report_is_set_large_and_a_long_one_never_below_the_smallest_size() -> None:
    short = fit_poster(report("<p>社区开展了置换活动。</p>"), A4, room_pt=400)
    assert short.body_pt == max(A4.body_steps) and not short.cut
    long = fit_poster(report("<p>居民踊跃参加。</p>" * 200), A4, room_pt=400)
    assert long.body_pt == A4.body_min_pt and long.cut


def test_a_picture_takes_room_from_the_body() -> None:
    body = "".join(f"<p>第{n}段，居民们踊跃参加了活动。</p>" for n in range(30))
    whole = fit_poster(report(body), A4, room_pt=500)
    with_picture = fit_poster(report(body), A4, room_pt=500 - 150)  # reserved for a picture
    assert len(with_picture.blocks) < len(whole.blocks)


def cut(body_html: str, room: float) -> list[str]:
    blocks = list(report_blocks(body_html))
    return [b.html for b in honest_cut(blocks, A4.body_min_pt, A4, room)]


def room_for(body_html: str) -> float:
    return body_height(list(report_blocks(body_html)), A4.body_min_pt, A4)


def test_a_cut_falls_after_whole_sentences_of_the_paragraph_that_does_not_fit() -> None:
    first = "<p>第一段。</p>"
    second = "甲乙丙丁戊己庚辛壬癸。" * 6 + "最后一句话不会印出来。" * 20
    shown = cut(first + f"<p>{second}</p>", room_for(first) + 60)
    assert shown[0] == first
    assert len(shown) == 2 and shown[1].endswith("。</p>"), "ends at a sentence end"
    assert "最后一句话" not in shown[1] or shown[1].count("。") > 6


def test_a_cut_never_leaves_a_heading_last() -> None:
    body = "<p>第一段。</p><h2>武定街道</h2><table><tr><td>" + "很长" * 400 + "</td></tr></table>"
    shown = cut(body, room_for("<p>第一段。</p><h2>武定街道</h2>") + 10)
    assert shown == ["<p>第一段。</p>"]


def test_a_paragraph_without_sentence_ends_is_cut_between_characters_with_an_ellipsis() -> None:
    body = "<p>" + "居民们在广场上排队领取春联和福字" * 320 + "</p><p>第二段。</p>"
    shown = cut(body, 300)
    assert len(shown) == 1 and shown[0].endswith("…</p>")
    assert len(shown[0]) > 100, "never an empty body"


def test_tables_lists_and_code_are_shown_whole_or_not_at_all() -> None:
    table = "<table><tr><td>一</td><td>二</td></tr>" + "<tr><td>甲</td><td>乙</td></tr>" * 80
    body = "<p>开头。</p>" + table + "</table><ul>" + "<li>一项。</li>" * 3 + "</ul>"
    assert cut(body, room_for("<p>开头。</p>") + 40) == ["<p>开头。</p>"]


def test_a_calendar_cell_wraps_a_title_over_two_lines_before_shortening_it() -> None:
    grid = month_grid_layout(dimensions(PAPERS["a4"]))
    short = "重阳敬老宴"
    assert cell_title(short, grid) == short, "two lines of a cell hold it whole"
    long = "永泰街道：传统文化进社区暨非遗手工体验"
    shortened = cell_title(long, grid)
    assert shortened.endswith("…") and len(shortened) > 6
    assert wrapped_lines(shortened, grid.cell_em) == 2


def test_a_calendar_cell_shows_a_festival_and_a_solar_term_of_the_same_day() -> None:
    grid = month_grid_layout(dimensions(PAPERS["a4"]))
    day = Day(
        date=date(2026, 3, 5),
        almanac=Almanac("正月", "十七", "惊蛰", ("元宵节",)),
        holiday=None,
        commemorative="学雷锋纪念日",
        reports=(),
        is_today=False,
    )
    lines = " ".join(cell_lines(day, grid))
    assert "元宵节" in lines and "惊蛰" in lines and "学雷锋纪念日" in lines


def test_a_calendar_cell_counts_the_events_it_has_no_room_for() -> None:
    grid = month_grid_layout(dimensions(PAPERS["a4"]))
    events = tuple(report("", title=f"第{n}场活动") for n in range(6))
    day = Day(date(2026, 3, 10), Almanac("正月", "廿二", "", ()), None, "", events, False)
    lines = cell_lines(day, grid)
    assert lines[-1].startswith("另有") and lines[-1].endswith("项")
    shown = len(lines) - 1
    assert lines[-1] == f"另有{6 - shown}项"


@pytest.mark.parametrize(
    ("name", "office", "expected"),
    [
        ("振华街道", "", "振华街道办事处"),
        ("幸福里社区", "", "幸福里社区居民委员会"),
        ("云兴镇", "", "云兴镇人民政府"),
        ("光谷", "", "光谷"),
        ("橘园社区", "东湖新技术开发区橘园社区居委会", "东湖新技术开发区橘园社区居委会"),
    ],
)
def test_the_issuing_body_is_the_configured_office_or_made_from_the_name(
    name: str, office: str, expected: str
) -> None:
    assert issuer(Place(id="x", name=name, office=office)) == expected
