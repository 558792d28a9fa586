"""Problems in site.yaml name site.yaml and, where there is one, the line; one test per case.

Each starts from the minimal valid SITE_YAML with one line changed or added.
"""

from __future__ import annotations

from pathlib import Path

from sitemaker import SITE_YAML, assert_built, assert_failed, build, line_of, make_site

DEEP_TREE = SITE_YAML.replace(
    "                name: 幸福里社区\n",
    """\
                name: 幸福里社区
                children:
                  - id: building-1
                    name: 一号楼
""",
)


def build_with(tmp_path: Path, site_yaml: str):
    return build(make_site(tmp_path, site_yaml=site_yaml), tmp_path / "output")


def test_the_minimal_site_yaml_is_valid(tmp_path: Path) -> None:
    assert_built(build_with(tmp_path, SITE_YAML))


def test_unknown_setting_suggests_the_closest_one(tmp_path: Path) -> None:
    site_yaml = SITE_YAML.replace("title: 测试快报", "titel: 测试快报")
    result = build_with(tmp_path, site_yaml)
    assert_failed(result)
    assert f"site.yaml:{line_of(site_yaml, 'titel')}: unknown setting `titel`" in result.stderr
    assert 'did you mean "title"?' in result.stderr


def test_base_url_that_is_not_an_http_address_is_an_error(tmp_path: Path) -> None:
    site_yaml = SITE_YAML.replace(
        "base_url: https://bulletin.example.cn/", "base_url: bulletin.example.cn"
    )
    result = build_with(tmp_path, site_yaml)
    assert_failed(result)
    line = line_of(site_yaml, "base_url")
    assert f"site.yaml:{line}: base_url must be an http(s) address" in result.stderr


def test_unknown_time_zone_is_an_error(tmp_path: Path) -> None:
    site_yaml = SITE_YAML.replace("timezone: Asia/Shanghai", "timezone: Asia/Beijing")
    result = build_with(tmp_path, site_yaml)
    assert_failed(result)
    line = line_of(site_yaml, "timezone")
    assert f"site.yaml:{line}: unknown time zone 'Asia/Beijing'" in result.stderr


def test_place_id_used_twice_names_the_second_use(tmp_path: Path) -> None:
    site_yaml = SITE_YAML.replace("id: xingfuli", "id: zhenhua")
    result = build_with(tmp_path, site_yaml)
    assert_failed(result)
    line = line_of(site_yaml, "幸福里社区") - 1
    assert f"site.yaml:{line}: place id 'zhenhua' is used twice" in result.stderr


def test_tag_slug_that_is_not_lowercase_ascii_is_an_error(tmp_path: Path) -> None:
    site_yaml = SITE_YAML.replace("slug: volunteering", "slug: 志愿")
    result = build_with(tmp_path, site_yaml)
    assert_failed(result)
    assert (
        f"site.yaml:{line_of(site_yaml, 'slug: 志愿')}: bad slug '志愿' in `tags`" in result.stderr
    )


def test_place_tree_nested_five_deep_is_an_error(tmp_path: Path) -> None:
    result = build_with(tmp_path, DEEP_TREE)
    assert_failed(result)
    line = line_of(DEEP_TREE, "id: building-1")
    assert f"site.yaml:{line}: place 'building-1' is nested too deep" in result.stderr


def test_missing_site_yaml_is_an_error(tmp_path: Path) -> None:
    site = make_site(tmp_path)
    (site / "site.yaml").unlink()
    result = build(site, tmp_path / "output")
    assert_failed(result)
    assert "site.yaml: site.yaml not found" in result.stderr
    assert "pass --site DIR" in result.stderr


def test_theme_name_with_a_slash_is_an_error(tmp_path: Path) -> None:
    site_yaml = SITE_YAML + "theme: ../../x\n"
    result = build_with(tmp_path, site_yaml)
    assert_failed(result)
    assert f"site.yaml:{line_of(site_yaml, 'theme:')}: bad theme name '../../x'" in result.stderr


def test_yaml_syntax_error_in_site_yaml_names_its_line(tmp_path: Path) -> None:
    site_yaml = SITE_YAML.replace("description: 测试用的社区快报", "description: 测试: 快报")
    result = build_with(tmp_path, site_yaml)
    assert_failed(result)
    assert f"site.yaml:{line_of(site_yaml, 'description')}: YAML syntax error" in result.stderr


def test_config_errors_publish_nothing(tmp_path: Path) -> None:
    site_yaml = SITE_YAML.replace("timezone: Asia/Shanghai", "timezone: Mars/Olympus")
    result = build_with(tmp_path, site_yaml)
    assert_failed(result)
    assert "nothing was published" in result.stderr
    assert not (tmp_path / "output").exists()


def test_base_url_with_a_line_break_is_an_error(tmp_path: Path) -> None:
    site_yaml = SITE_YAML.replace(
        "base_url: https://bulletin.example.cn/",
        'base_url: "https://bulletin.example.cn/\\nDisallow: /\\n"',
    )
    result = build_with(tmp_path, site_yaml)
    assert_failed(result)
    assert "base_url must be an http(s) address" in result.stderr


def test_a_setting_given_twice_is_an_error(tmp_path: Path) -> None:
    site_yaml = SITE_YAML + "title: 另一个标题\n"
    result = build_with(tmp_path, site_yaml)
    assert_failed(result)
    assert "`title` is given twice" in result.stderr


def test_a_place_name_that_is_a_list_is_an_error(tmp_path: Path) -> None:
    site_yaml = SITE_YAML.replace("name: 幸福里社区", "name: [幸福里, 社区]")
    result = build_with(tmp_path, site_yaml)
    assert_failed(result)
    assert f"site.yaml:{line_of(site_yaml, 'name: [幸福里')}: `name` must be text" in result.stderr


def test_an_id_with_a_trailing_line_break_is_an_error(tmp_path: Path) -> None:
    site_yaml = SITE_YAML.replace("id: xingfuli", 'id: "xingfuli\\n"')
    result = build_with(tmp_path, site_yaml)
    assert_failed(result)
    assert "bad place id" in result.stderr
