"""Whatever an editor types: random front matter and Markdown (control characters, blank and
huge values, deep nesting, odd Unicode) go through `check` and `build` without a traceback,
and the same input always builds to the same bytes."""

from __future__ import annotations

import tempfile
from pathlib import Path

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from runner import run_bulletin
from sitemaker import EPOCH, make_site, snapshot

ODD_TEXT = st.lists(
    st.one_of(
        st.characters(codec="utf-8"),  # any code point, controls and noncharacters included
        st.sampled_from(list("　\u00a0\u200b\r\n\t：，“”[]()<>&#!*_`>-|{}%@'\"")),
        st.sampled_from(["幸福里", "社区", "消防", "😀", "𠀀", "𪚥", "\ufffe", "\uffff"]),
    ),
    max_size=40,
).map("".join)
VALUES = st.recursive(
    st.one_of(
        ODD_TEXT,
        st.integers(),
        st.floats(allow_nan=True),
        st.booleans(),
        st.none(),
        st.dates().map(str),
        st.sampled_from(["xingfuli", "zhenhua", "2025-06-01", "2025-06-01 09:00", "", " "]),
    ),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(ODD_TEXT, inner, max_size=4),
    max_leaves=12,
)
KEYS = st.sampled_from(
    ["title", "date", "places", "tags", "reporters", "summary", "event", "slug", "aliases",
     "draft", "images", "subtitle", "source", "unknown"]
)  # fmt: skip
FRONT_MATTER = st.dictionaries(KEYS, VALUES, max_size=8)
BODY = st.one_of(
    ODD_TEXT,
    st.lists(
        st.sampled_from(["# 标题", "- 项", "  - 子项", "> 引用", "[链接](/reports/a/)",
                         "![图](images/x.png)", "```", "|a|b|\n|-|-|\n|1|2|", "<p id=main>x</p>",
                         "<script>alert(1)</script>", "[" * 40, "正文。" * 30, "1. 一"]),
        max_size=12,
    ).map("\n".join),
)  # fmt: skip


def report(front: dict, body: str, raw: bool) -> str:
    if raw:  # front matter as typed, not necessarily YAML
        lines = [f"{key}: {value}" for key, value in front.items()]
        return "---\n" + "\n".join(lines) + "\n---\n\n" + body
    dumped = yaml.safe_dump(front, allow_unicode=True) if front else ""
    return "---\n" + dumped + "---\n\n" + body


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(front=FRONT_MATTER, body=BODY, raw=st.booleans())
def test_any_report_gives_located_problems_or_a_site_never_a_traceback(
    front: dict, body: str, raw: bool
) -> None:
    text = report(front, body, raw)
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        site = make_site(root, reports={"2025/a.md": text.encode("utf-8", "surrogatepass")})
        env = {"SOURCE_DATE_EPOCH": str(EPOCH)}
        checked = run_bulletin("check", cwd=site, env=env)
        first = run_bulletin("build", "--output", str(root / "one"), cwd=site, env=env)
        for result in (checked, first):
            assert "Traceback" not in result.stderr + result.stdout, result.stderr
            assert result.returncode in (0, 1), result
        if first.returncode == 0:
            again = run_bulletin("build", "--output", str(root / "two"), cwd=site, env=env)
            assert again.returncode == 0
            assert snapshot(root / "one") == snapshot(root / "two")
