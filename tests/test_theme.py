"""A site changes any template or static file by shadowing it in its own theme folder."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from builtsite import build_site, copy_sample_site, soup


def build(site: Path) -> subprocess.CompletedProcess[str]:
    return build_site(site, site / "output")


@pytest.fixture
def site(tmp_path: Path) -> Path:
    """A copy of the sample site that uses its own theme, `mine`."""
    copy_sample_site(tmp_path)
    config = (tmp_path / "site.yaml").read_text(encoding="utf-8")
    (tmp_path / "site.yaml").write_text(
        config.replace("theme: default", "theme: mine"), encoding="utf-8"
    )
    (tmp_path / "themes" / "mine" / "templates").mkdir(parents=True)
    (tmp_path / "themes" / "mine" / "static").mkdir()
    return tmp_path


def test_a_shadowed_template_replaces_the_default_and_can_extend_it(site: Path) -> None:
    (site / "themes/mine/templates/report.html").write_text(
        '{% extends "default/report.html" %}\n'
        '{% block main %}<p class="mine">本站自定义</p>{{ super() }}{% endblock %}\n',
        encoding="utf-8",
    )
    done = build(site)
    assert done.returncode == 0, done.stderr
    report = soup(site / "output/reports/xingfuli-swap-shop/index.html")
    assert report.select_one("p.mine").get_text() == "本站自定义"
    assert report.h1.get_text() == "闲物“活”起来 邻里“热”起来", "the default block still renders"
    home = soup(site / "output/index.html")
    assert home.select_one("p.mine") is None, "templates not shadowed come from the default"


def test_a_shadowed_static_file_replaces_the_default(site: Path) -> None:
    (site / "themes/mine/static/style.css").write_text("body { color: black; }\n")
    (site / "themes/mine/static/logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    assert build(site).returncode == 0
    assert (site / "output/static/style.css").read_text() == "body { color: black; }\n"
    assert (site / "output/static/logo.svg").is_file()


def test_a_missing_theme_folder_is_an_error(site: Path) -> None:
    shutil.rmtree(site / "themes")
    done = build(site)
    assert done.returncode == 1
    assert "themes/mine/ not found" in done.stderr
    assert "Traceback" not in done.stderr


def test_a_template_error_names_the_template_file_and_line(site: Path) -> None:
    (site / "themes/mine/templates/report.html").write_text(
        '{% extends "default/report.html" %}\n{% block main %}{{ report.nonexistent }}'
        "{% endblock %}\n",
        encoding="utf-8",
    )
    done = build(site)
    assert done.returncode == 1
    assert "report.html:2: template error" in done.stderr
    assert "nonexistent" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (site / "output").exists(), "nothing is published"


def test_a_template_syntax_error_names_the_line(site: Path) -> None:
    (site / "themes/mine/templates/home.html").write_text(
        '{% extends "default/home.html" %}\n\n{% block main %}{{ oops }\n{% endblock %}\n',
        encoding="utf-8",
    )
    done = build(site)
    assert done.returncode == 1
    assert "home.html:3: template syntax error" in done.stderr


def test_content_text_is_escaped_by_default_in_every_template(site: Path) -> None:
    (site / "themes/mine/templates/page.html").write_text(
        '{% extends "default/base.html" %}{% block main %}<h1>{{ content.title }}</h1>'
        "{% endblock %}\n",
        encoding="utf-8",
    )
    page = site / "content/pages/about.md"
    page.write_text(
        page.read_text(encoding="utf-8").replace(
            "title: 关于本站", 'title: "<script>alert(1)</script>"'
        ),
        encoding="utf-8",
    )
    assert build(site).returncode == 0
    html = (site / "output/pages/about/index.html").read_text(encoding="utf-8")
    assert "<script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
