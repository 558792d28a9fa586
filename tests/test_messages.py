"""What an editor reads is in Chinese first, and names the slips a Chinese input method makes.

- Messages follow `--lang zh|en`, else the site's `language:` in site.yaml (zh… is Chinese,
  anything else English), else Chinese — even when site.yaml itself is broken.
- A full-width colon, semicolon, comma, quotation mark or space where YAML needs the ASCII
  one, a tab, and an indentation one space off are errors on their own line and column, in
  site.yaml and in front matter, naming the character and showing the fix. Full-width
  punctuation inside a value (标题：副标题) is text like any other.
- `bulletin check` refuses the placeholder text `bulletin new` writes, and a report without
  text; the build refuses them in a report that is not a draft.
- The catalogue translates every message of the code, and the compiled catalogue that ships
  with the package is the catalogue's.

Every run leaves the language to the site (`lang=None`) unless the test says otherwise; the
sites of sitemaker.py say `language: zh-CN`.
"""

from __future__ import annotations

import gettext
import json
import subprocess
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po
from runner import run_bulletin
from sitemaker import EPOCH, SITE_YAML, build, make_site, report_text
from webcheck import REPO_ROOT

LOCALE = REPO_ROOT / "generator" / "locale"
CATALOGUE = LOCALE / "zh_CN" / "LC_MESSAGES" / "bulletin.po"


def check(site: Path, *options: str, lang: str | None = None) -> subprocess.CompletedProcess[str]:
    """`bulletin check` in the site folder, its language as the site (or `lang`) says."""
    env = {"SOURCE_DATE_EPOCH": str(EPOCH)}
    return run_bulletin("check", *options, cwd=site, env=env, lang=lang)


def checked_report(tmp_path: Path, front: str, body: str = "社区开展了活动。") -> str:
    """What `bulletin check` says of a site with one report whose front matter is `front`."""
    text = f"---\n{front}---\n\n{body}\n"
    site = make_site(tmp_path, reports={"2025/a.md": text})
    result = check(site)
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout


def checked_site_yaml(tmp_path: Path, site_yaml: str, lang: str | None = None) -> str:
    result = check(make_site(tmp_path, site_yaml=site_yaml), lang=lang)
    assert "Traceback" not in result.stderr, result.stderr
    assert result.returncode == 1, result.stdout
    return result.stdout


FRONT = "title: 敬老宴\ndate: 2025-03-05\nplaces: [xingfuli]\n"  # lines 2-4 of the file


# --- input-method slips in front matter -----------------------------------------------------


@pytest.mark.parametrize(
    ("line", "said"),
    [
        (
            "source：大同日报",
            "a.md:5:7: 错误：第5行第7列：冒号是全角“：”，请改为半角“:”\n"
            "    提示：改为：source: 大同日报",
        ),
        (
            "source；大同日报",
            "a.md:5:7: 错误：第5行第7列：这里是全角分号“；”，应该是半角冒号“:”\n"
            "    提示：改为：source: 大同日报",
        ),
        (
            "tags: [elderly-care，volunteering]",
            "a.md:5:20: 错误：第5行第20列：列表中间是全角逗号“，”，请改为半角逗号“,”\n"
            "    提示：改为：tags: [elderly-care, volunteering]",
        ),
        (
            "reporters: [郑林、尚丽]",
            "a.md:5:15: 错误：第5行第15列：列表中间是顿号“、”，请改为半角逗号“,”",
        ),
        ("source:　大同日报", "a.md:5:8: 错误：第5行第8列：冒号后面是全角空格“　”，请改为半角空格"),
        (
            "　　source: 大同日报",
            "a.md:5:1: 错误：第5行第1列：这一行开头是 2 个全角空格“　”，缩进请用半角空格",
        ),
        (
            "subtitle: “活动: 敬老”",
            "a.md:5:11: 错误：第5行第11列：这里是全角引号 “，YAML 只认半角引号",
        ),
        ("event:\n\tstart: 2025-03-05", "a.md:6:1: 错误：第6行第1列：这一行用 Tab 键缩进"),
        (
            "event:\n  start: 2025-03-05\n   location: 社区活动室",
            "a.md:7:4: 错误：第7行比同一层的第6行多缩进了 1 个空格，请删掉\n"
            "    提示：和第6行对齐：从同一列开始写",
        ),
    ],
    ids=[
        "colon",
        "semicolon",
        "comma",
        "enumeration-comma",
        "space-after-colon",
        "space-indent",
        "quotes",
        "tab",
        "indentation",
    ],
)
def test_a_slip_in_front_matter_is_named_at_its_line_and_column(
    tmp_path: Path, line: str, said: str
) -> None:
    output = checked_report(tmp_path, FRONT + line + "\n")
    assert said in output, output
    assert "YAML 格式错误" not in output, "not PyYAML's own words"


def test_the_comma_in_a_tag_list_is_named_instead_of_an_unknown_tag(tmp_path: Path) -> None:
    output = checked_report(tmp_path, FRONT + "tags: [elderly-care，volunteering]\n")
    assert "全角逗号“，”" in output
    assert "没有标签" not in output and "unknown tag" not in output


def test_full_width_punctuation_inside_a_value_is_text(tmp_path: Path) -> None:
    front = (
        "title: “闲物”活起来：邻里宝藏置换铺开张\n"
        "date: 2025-03-05\n"
        "places: [xingfuli]\n"
        "summary: 居民带来闲置物品，换回所需；现场热闹。\n"
        "source: 大同日报，第3版\n"
    )
    output = checked_report(tmp_path, front)
    assert output.endswith("0 个错误、0 个警告，共检查 1 个文件\n"), output


# --- input-method slips in site.yaml --------------------------------------------------------


def test_a_full_width_colon_in_site_yaml_is_named(tmp_path: Path) -> None:
    site_yaml = SITE_YAML.replace("timezone: Asia/Shanghai", "timezone：Asia/Shanghai")
    output = checked_site_yaml(tmp_path, site_yaml)
    assert "site.yaml:5:9: 错误：第5行第9列：冒号是全角“：”，请改为半角“:”" in output
    assert "提示：改为：timezone: Asia/Shanghai" in output


def test_a_place_one_space_off_in_the_place_tree_is_named(tmp_path: Path) -> None:
    site_yaml = SITE_YAML.replace("            name: 振华街道", "           name: 振华街道")
    output = checked_site_yaml(tmp_path, site_yaml)
    assert "site.yaml:14:12: 错误：第14行比同一层的第13行少缩进了 1 个空格，请补上" in output
    assert "did not find expected" not in output


def test_a_tab_in_site_yaml_is_named(tmp_path: Path) -> None:
    site_yaml = SITE_YAML.replace("  - slug: volunteering", "\t- slug: volunteering")
    output = checked_site_yaml(tmp_path, site_yaml)
    assert "site.yaml:20:1: 错误：第20行第1列：这一行用 Tab 键缩进，YAML 只认空格" in output


def test_a_full_width_comma_in_a_site_yaml_list_is_named(tmp_path: Path) -> None:
    site_yaml = SITE_YAML + 'privacy:\n  allow: ["0352-5550199"，"0352-5550198"]\n'
    output = checked_site_yaml(tmp_path, site_yaml)
    assert "site.yaml:30:25: 错误：第30行第25列：列表中间是全角逗号“，”" in output


# --- the language ----------------------------------------------------------------------------


def test_lang_en_gives_english(tmp_path: Path) -> None:
    site_yaml = SITE_YAML.replace("timezone: Asia/Shanghai", "timezone：Asia/Shanghai")
    output = checked_site_yaml(tmp_path, site_yaml, lang="en")
    assert (
        "site.yaml:5:9: error: the colon is full-width “：”; type an ASCII colon “:” instead\n"
        "    hint: write it as: timezone: Asia/Shanghai"
    ) in output
    assert output.endswith("1 error, 0 warnings in 0 files\n")


def test_an_english_site_gets_english_messages(tmp_path: Path) -> None:
    site_yaml = SITE_YAML.replace("language: zh-CN", "language: en")
    site = make_site(tmp_path, site_yaml=site_yaml, reports={"2025/a.md": report_text(tags="[x]")})
    result = check(site)
    assert "a.md:5:1: error: tags: unknown tag 'x'" in result.stdout
    assert "1 error, 0 warnings in 1 file" in result.stdout


def test_a_chinese_site_gets_chinese_messages(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(tags="[volunteerin]")})
    result = check(site)
    assert "a.md:5:1: 错误：tags: 没有标签 'volunteerin'" in result.stdout
    assert '提示：是不是要写 "volunteering"（志愿服务）？' in result.stdout
    assert "1 个错误、0 个警告，共检查 1 个文件" in result.stdout


def test_a_site_yaml_that_cannot_be_read_means_chinese(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (site / "site.yaml").write_bytes(SITE_YAML.replace("zh-CN", "en").encode("utf-16"))
    assert "site.yaml: 错误：site.yaml 不是 UTF-8 编码的文本" in check(site).stdout
    assert "site.yaml: 错误：找不到 site.yaml" in check(tmp_path).stdout


def test_a_broken_site_yaml_that_says_english_gets_english(tmp_path: Path) -> None:
    site_yaml = SITE_YAML.replace("zh-CN", "en").replace("timezone: ", "timezone：")
    output = checked_site_yaml(tmp_path, site_yaml)
    assert "site.yaml:5:9: error: the colon is full-width “：”" in output


def test_json_keeps_english_keys_and_gives_messages_in_the_language(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(tags="[x]")})
    problem = json.loads(check(site, "--format", "json").stdout)["problems"][0]
    assert (problem["severity"], problem["message"]) == ("error", "tags: 没有标签 'x'")


def test_the_build_speaks_chinese(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports={"2025/a.md": report_text(places="[nowhere]")})
    failed = build(site, lang=None)
    assert "错误：site/content/reports/2025/a.md:4: places: 没有地点 'nowhere'" in failed.stderr
    assert failed.stderr.endswith("1 个错误；没有发布任何内容。\n")
    good = make_site(tmp_path, reports={"2025/a.md": report_text()}, name="good")
    built = build(good, tmp_path / "good-output", lang=None)
    assert built.returncode == 0 and built.stdout.startswith("已写入 "), built.stdout


def test_bulletin_help_is_in_chinese(tmp_path: Path) -> None:
    said = run_bulletin("--help", cwd=tmp_path, lang=None).stdout
    assert "Bulletin 把一个文件夹里的社区报道" in said
    assert "检查所有内容，不生成网站" in said  # `check`
    check_help = run_bulletin("check", "--help", cwd=tmp_path, lang="zh").stdout
    assert "text 给人看（默认），json 给脚本和 CI 用" in check_help
    assert "提示信息的语言：zh（中文）或 en（英文）" in check_help


def test_bulletin_help_is_in_english_with_lang_en(tmp_path: Path) -> None:
    said = run_bulletin("--help", cwd=tmp_path, lang="en").stdout
    assert "Bulletin turns a folder of community reports" in said
    assert "check everything without building" in said
    late = run_bulletin("check", "--help", "--lang", "en", cwd=tmp_path, lang=None).stdout
    assert "text for people (default), json for scripts and CI" in late


# --- the placeholder of `bulletin new`, and a report without text -------------------------


def test_the_placeholder_of_bulletin_new_is_refused_until_the_text_is_written(
    tmp_path: Path,
) -> None:
    site = make_site(tmp_path)
    new = run_bulletin("new", "report", "敬老宴", "--place", "xingfuli", cwd=site, lang=None)
    path = site / new.stdout.strip()
    result = check(site)
    assert result.returncode == 1
    assert "jing-lao-yan.md:10:1: 错误：正文还是 `bulletin new` 写的占位文字" in result.stdout
    assert "提示：请把这一段换成报道或页面的正文" in result.stdout
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("draft: true\n", ""), encoding="utf-8")
    assert "正文还是 `bulletin new` 写的占位文字" in build(site, lang=None).stderr
    written = text.split("（在这里写正文")[0] + "重阳节当天，社区为老人摆了敬老宴。\n"
    path.write_text(written, encoding="utf-8")
    assert check(site).returncode == 0


def test_a_report_without_text_is_refused(tmp_path: Path) -> None:
    text = "---\ntitle: 敬老宴\ndate: 2025-03-05\nplaces: [xingfuli]\n---\n\n  \n"
    site = make_site(tmp_path, reports={"2025/a.md": text})
    result = check(site)
    assert "a.md:5:1: 错误：这篇报道没有正文" in result.stdout
    assert "提示：请在第二个 `---` 下面空一行，再写正文" in result.stdout
    assert build(site, lang=None).returncode == 1


def test_the_sample_site_passes(tmp_path: Path) -> None:
    from builtsite import SAMPLE_EPOCH, copy_sample_site

    site = copy_sample_site(tmp_path)
    env = {"SOURCE_DATE_EPOCH": SAMPLE_EPOCH}
    result = run_bulletin("check", cwd=site, env=env, lang=None)
    assert result.returncode == 0, result.stdout
    assert "0 个错误" in result.stdout


# --- the catalogue ---------------------------------------------------------------------------


def catalogue() -> dict[str, str]:
    """Each msgid of the Chinese catalogue → its translation (a plural's: its only form)."""
    with CATALOGUE.open("rb") as file:
        messages = read_po(file)
    return {
        (m.id if isinstance(m.id, str) else m.id[0]): (
            m.string if isinstance(m.string, str) else m.string[0]
        )
        for m in messages
        if m.id
    }


def test_every_message_of_the_code_is_translated() -> None:
    found = extract_from_dir(
        REPO_ROOT / "generator",
        method_map=[("**.py", "python")],
        keywords={"_": None, "N_": None, "ngettext": (1, 2)},
    )
    in_code = {m[2] if isinstance(m[2], str) else m[2][0] for m in found}
    translated = {msgid for msgid, text in catalogue().items() if text}
    assert sorted(in_code - translated) == [], "run the commands of README, 'Messages'"


def test_the_compiled_catalogue_is_the_catalogue() -> None:
    compiled = gettext.translation("bulletin", LOCALE, languages=["zh_CN"])
    stale = [msgid for msgid, text in catalogue().items() if compiled.gettext(msgid) != text]
    assert stale == [], "run `pybabel compile -d generator/locale -D bulletin`"
