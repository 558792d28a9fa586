"""The web editor (/admin/): Decap CMS, configured from site.yaml, writes reports that Bulletin
publishes.

First the configuration (admin/config.yml) as Decap reads it: its choices are site.yaml's
places, tags and people, and every field is a field of Bulletin's front matter. Then an
editor's whole path in Chromium, against `decap-server` (the local backend, which writes into
the site folder): log in, fill in a report with a community, a tag, an event and a picture
uploaded from a file, publish it; the file is under content/reports/, `bulletin check` accepts
it, and the next build publishes its page with the picture.
"""

from __future__ import annotations

import os
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml
from builtsite import BASE_URL, soup
from photos import phone_photo
from playwright.sync_api import Browser, Page
from runner import run_bulletin
from sitemaker import SITE_YAML, assert_failed, build, make_site, report_text
from webcheck import REPO_ROOT, serve_directory

from generator.load.config import load_config
from generator.load.reports import EVENT_FIELDS, IMAGE_FIELDS, PAGE_FIELDS, REPORT_FIELDS
from generator.render.admin import config_yaml

DECAP_SERVER = REPO_ROOT / "node_modules" / ".bin" / "decap-server"
BUNDLE = REPO_ROOT / "themes" / "default" / "static" / "admin" / "decap-cms.js"
NPM_BUNDLE = REPO_ROOT / "node_modules" / "decap-cms" / "dist" / "decap-cms.js"
SLUG = "xingfuli-haircuts"


def fields_of(collection: dict) -> dict[str, dict]:
    return {f["name"]: f for f in collection["fields"]}


@pytest.fixture(scope="module")
def sample_config() -> dict:
    """The sample site's admin/config.yml, read as Decap reads it."""
    return yaml.safe_load(config_yaml(load_config(REPO_ROOT)))


def collection(config: dict, name: str) -> dict:
    return next(c for c in config["collections"] if c["name"] == name)


# The configuration -------------------------------------------------------------------------


def test_places_tags_and_people_are_chosen_from_site_yaml(sample_config: dict) -> None:
    site = load_config(REPO_ROOT)
    report = fields_of(collection(sample_config, "reports"))
    places = report["places"]["options"]
    assert [o["value"] for o in places] == list(site.places)
    assert {"label": "幸福里社区（振华街道）", "value": "xingfuli"} in places
    assert places[0] == {"label": "大同市", "value": "datong"}  # the top of the tree
    assert report["tags"]["options"] == [
        {"label": t.name, "value": t.slug} for t in site.tags.values()
    ]
    names = [{"label": p.name, "value": p.name} for p in site.people.values()]
    assert report["reporters"]["options"] == report["photographers"]["options"] == names
    photographer = fields_of(report["images"])["photographer"]
    assert photographer["options"] == names
    for key in ("places", "tags", "reporters", "photographers"):
        assert report[key]["widget"] == "select" and report[key]["multiple"] is True, key
    assert report["places"]["required"] is True and report["places"]["min"] == 1


def test_every_field_is_a_field_of_bulletins_front_matter(sample_config: dict) -> None:
    report = fields_of(collection(sample_config, "reports"))
    assert set(report) - {"body"} <= set(REPORT_FIELDS)
    assert list(fields_of(report["event"])) == list(EVENT_FIELDS)
    assert list(fields_of(report["images"])) == list(IMAGE_FIELDS)
    page = fields_of(collection(sample_config, "pages"))
    assert set(page) - {"body"} == set(PAGE_FIELDS)


def test_dates_are_pickers_written_as_bulletin_reads_them(sample_config: dict) -> None:
    report = fields_of(collection(sample_config, "reports"))
    date = report["date"]
    assert (date["widget"], date["format"], date["time_format"]) == (
        "datetime",
        "YYYY-MM-DD",
        False,
    )
    assert date["default"] == "{{now}}"
    event = fields_of(report["event"])
    for moment in (event["start"], event["end"]):
        assert (moment["widget"], moment["format"]) == ("datetime", "YYYY-MM-DD HH:mm")
        assert "default" not in moment  # an untouched event stays out of the file


def test_the_address_is_typed_not_made_from_the_title(sample_config: dict) -> None:
    reports = collection(sample_config, "reports")
    assert reports["slug"] == "{{fields.slug}}"
    pattern, message = fields_of(reports)["slug"]["pattern"]
    assert pattern == "^[a-z0-9][a-z0-9-]{0,59}$"
    assert "小写英文字母" in message
    assert reports["delete"] is False  # a printed QR code points at a report's address


def test_pictures_go_into_content_images_and_are_named_images(sample_config: dict) -> None:
    assert sample_config["media_folder"] == "content/images"
    assert sample_config["public_folder"] == "images"
    reports = collection(sample_config, "reports")
    # Reports live in year folders (`path`): without these Decap puts pictures beside them.
    assert (reports["media_folder"], reports["public_folder"]) == ("/content/images", "images")
    image = fields_of(fields_of(reports)["images"])
    assert image["src"]["widget"] == "image"
    assert image["alt"]["required"] is True


def test_the_interface_is_chinese_and_can_be_tried_locally(sample_config: dict) -> None:
    assert sample_config["locale"] == "zh_Hans"
    assert sample_config["local_backend"] is True
    assert sample_config["backend"] == {"name": "git-gateway", "branch": "main"}
    assert "zh_Hans:" in BUNDLE.read_text(encoding="utf-8")  # the locale is in the bundle


def editor_config_of(tmp_path: Path, editor: str) -> dict:
    site = make_site(tmp_path, site_yaml=SITE_YAML + editor)
    return yaml.safe_load(config_yaml(load_config(site)))


def test_site_yaml_chooses_the_git_host(tmp_path: Path) -> None:
    github = (
        "editor:\n  backend: github\n  repo: datong/bulletin\n  base_url: https://auth.example.cn\n"
    )
    assert editor_config_of(tmp_path / "a", github)["backend"] == {
        "name": "github",
        "repo": "datong/bulletin",
        "branch": "main",
        "base_url": "https://auth.example.cn",
    }
    gitea = (
        "editor:\n  backend: gitea\n  repo: datong/bulletin\n  branch: site\n"
        "  api_root: https://git.example.cn/api/v1\n  base_url: https://git.example.cn\n"
        "  app_id: 7c3e1a\n"
    )
    assert editor_config_of(tmp_path / "b", gitea)["backend"] == {
        "name": "gitea",
        "repo": "datong/bulletin",
        "branch": "site",
        "base_url": "https://git.example.cn",
        "api_root": "https://git.example.cn/api/v1",
        "app_id": "7c3e1a",
    }


EDITOR_LINE = len(SITE_YAML.splitlines()) + 1  # `editor:` follows the test site's settings


@pytest.mark.parametrize(
    ("editor", "line", "message"),
    [
        ("editor:\n  backend: githb\n", 1, "unknown editor backend 'githb'"),
        ("editor:\n  backend: github\n", 1, "the github editor backend needs `repo:`"),
        ("editor:\n  backend: gitea\n  repo: a/b\n", 1, "gitea editor backend needs `api_root:`"),
        ("editor:\n  backend: github\n  repo: bulletin\n", 2, "must be owner/name"),
        ("editor:\n  base_url: git.example.cn\n", 1, "must be an http(s) address"),
        ("editor:\n  backend: github\n  repo: a/b\n  brnach: main\n", 3, "setting `brnach`"),
        ("editor: github\n", 0, "`editor` must have `backend:`"),
    ],
)
def test_a_wrong_editor_setting_is_an_error_on_its_line(
    tmp_path: Path, editor: str, line: int, message: str
) -> None:
    site = make_site(tmp_path, site_yaml=SITE_YAML + editor)
    done = run_bulletin("check", "--site", str(site), cwd=tmp_path)
    assert_failed(done)
    said = [text for text in done.stdout.splitlines() if message in text]
    assert said and said[0].startswith(f"site/site.yaml:{EDITOR_LINE + line}:"), done.stdout


def test_the_bundle_is_the_npm_packages_file_with_its_licence() -> None:
    """themes/default/static/admin/decap-cms.js is decap-cms's dist/decap-cms.js, unchanged, of
    the version package.json pins (update both together)."""
    if not NPM_BUNDLE.is_file():
        pytest.skip("node_modules/decap-cms missing: run `bash .ci/install`")
    assert BUNDLE.read_bytes() == NPM_BUNDLE.read_bytes()
    licence = (BUNDLE.parent / "LICENSE.txt").read_text(encoding="utf-8")
    version = yaml.safe_load((REPO_ROOT / "package.json").read_text())["devDependencies"]
    assert f"Decap CMS {version['decap-cms']}" in licence and "MIT License" in licence
    assert (BUNDLE.parent / "decap-cms.js.LICENSE.txt").is_file()


# The page -----------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small site with one report, built: the editor's site."""
    root = tmp_path_factory.mktemp("admin")
    made = make_site(root, reports={"2025/swap-shop.md": report_text()})
    done = build(made)
    assert done.returncode == 0, done.stderr
    return made


def test_the_admin_page_is_for_staff_not_for_search_engines(site: Path) -> None:
    output = site.parent / "output"
    page = soup(output / "admin" / "index.html")
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex"
    assert page.find(attrs={"data-pagefind-body": True}) is None
    assert f"{BASE_URL}admin/" not in (output / "sitemap.xml").read_text(encoding="utf-8")
    scripts = [s["src"] for s in page.find_all("script")]
    assert scripts == ["/static/admin/decap-cms.js", "/static/admin/preview.js"]
    assert (output / "static" / "admin" / "decap-cms.js").stat().st_size > 1_000_000
    assert page.find("script", src="/static/admin/preview.js")["data-stylesheet"] == (
        "/static/style.css"
    )


def test_the_configuration_written_is_the_sites(site: Path) -> None:
    written = (site.parent / "output" / "admin" / "config.yml").read_bytes()
    assert written == config_yaml(load_config(site))
    assert written.startswith(b"# The web editor's configuration")


# In the browser -----------------------------------------------------------------------------


@dataclass
class Visit:
    """What an editor met in the web editor, and what it left in the site folder."""

    site: Path
    saved: Path | None = None
    slug_error: str = ""  # what the form said of an address typed with capitals and spaces
    header: str = ""  # the editor's top bar after logging in
    saved_notice: str = ""  # what it said after publishing
    preview_stylesheets: list[str] = field(default_factory=list)
    step: str = ""  # what the editor is doing, for the errors the page raises
    page_errors: list[str] = field(default_factory=list)  # "step: message"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def decap_server(site: Path) -> Iterator[int]:
    """`decap-server` in the site folder, on a port of its own; yields the port."""
    if not DECAP_SERVER.exists():
        reason = "node_modules/.bin/decap-server missing: run `bash .ci/install`"
        if os.environ.get("CI", "").lower() not in ("", "0", "false"):
            pytest.fail(reason)
        pytest.skip(reason)
    port = free_port()
    log = (site.parent / "decap-server.log").open("w")
    env = {**os.environ, "PORT": str(port), "BIND_HOST": "127.0.0.1", "LOG_LEVEL": "warn"}
    server = subprocess.Popen([str(DECAP_SERVER)], cwd=site, env=env, stdout=log, stderr=log)
    try:
        deadline = time.monotonic() + 20
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "decap-server"
                time.sleep(0.1)
        yield port
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


@pytest.fixture(scope="module")
def visit(site: Path, decap_server: int, browser: Browser) -> Iterator[Visit]:
    """An editor writes a report in the web editor and publishes it."""
    output = site.parent / "output"
    # The local backend is on port 8081 unless told otherwise: the test's server has its own.
    config = output / "admin" / "config.yml"
    settings = yaml.safe_load(config.read_text(encoding="utf-8"))
    settings["local_backend"] = {"url": f"http://127.0.0.1:{decap_server}/api/v1"}
    config.write_text(yaml.safe_dump(settings, allow_unicode=True), encoding="utf-8")
    photo = phone_photo(site.parent / "haircut.jpg", size=(1600, 1200))
    seen = Visit(site)
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.on("pageerror", lambda error: seen.page_errors.append(f"{seen.step}: {error}"))
    try:
        with serve_directory(output) as base:
            page.goto(base + "admin/")
            write_report(page, photo, seen)
            seen.saved = wait_for_file(site, f"content/reports/**/{SLUG}.md")
        yield seen
    finally:
        context.close()


def write_report(page: Page, photo: Path, seen: Visit) -> None:
    """Log in, start a report, fill in the form as an editor would, publish it."""
    seen.step = "writing"
    page.get_by_role("button", name="登录").click()
    new_report = page.get_by_role("link", name="创建“报道”类型的内容")
    new_report.wait_for()
    seen.header = page.locator("header").first.inner_text()
    new_report.click()
    page.get_by_label("标题", exact=True).fill("幸福里社区志愿者义剪")
    page.get_by_label("发布日期").fill("2025-05-20")
    page.get_by_label("地区").fill("幸福里")
    page.keyboard.press("Enter")
    page.get_by_label("标签").fill("志愿")
    page.keyboard.press("Enter")
    event = page.get_by_text("活动时间和地点", exact=True)  # the event's folded fields
    event.get_by_role("button").click()
    page.get_by_label("开始").fill("2025-05-24T09:00")
    page.get_by_label("地点").fill("幸福里社区活动室")
    page.get_by_role("button", name="新增图片").click()
    page.get_by_role("button", name="选择图片").click()
    page.locator("input[type=file]").set_input_files(photo)
    page.get_by_role("button", name="选用已选中项目").click()
    page.get_by_label("图片描述").fill("志愿者为老人理发")
    page.locator("[contenteditable=true]").last.click()
    page.keyboard.type("志愿者为社区老人免费理发，居民纷纷点赞。")
    preview = page.frame_locator("iframe").first  # the preview beside the form
    preview.get_by_text("居民纷纷点赞").wait_for()
    links = preview.locator("link[rel=stylesheet]")
    seen.preview_stylesheets = links.evaluate_all("all => all.map(l => l.getAttribute('href'))")
    # An address made like a title is refused, with the rule in Chinese.
    page.get_by_label("网址名").fill("Xingfuli Haircuts")
    seen.step = "refused"  # Decap rejects the save with an unhandled `undefined`
    publish(page)
    seen.slug_error = page.get_by_text("只能用小写英文字母").first.inner_text()
    seen.step = "publishing"
    slug = page.get_by_label("网址名")
    slug.clear()
    slug.fill(SLUG)
    publish(page)
    seen.saved_notice = page.get_by_text("内容已保存").inner_text()


def publish(page: Page) -> None:
    page.get_by_role("button", name="发布", exact=True).click()
    page.get_by_text("立即发布").click()


def wait_for_file(folder: Path, pattern: str, seconds: float = 15) -> Path | None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        found = sorted(folder.glob(pattern))
        if found:
            return found[0]
        time.sleep(0.1)
    return None


def front_matter(path: Path) -> tuple[dict, str]:
    _, head, body = path.read_text(encoding="utf-8").split("---\n", 2)
    return yaml.safe_load(head), body


def test_the_report_is_saved_under_content_reports_with_its_picture(visit: Visit) -> None:
    assert visit.saved is not None, "no report file was written"
    meta, body = front_matter(visit.saved)
    assert visit.saved.parent.parent == visit.site / "content" / "reports"
    assert meta["title"] == "幸福里社区志愿者义剪"
    assert meta["slug"] == SLUG
    assert str(meta["date"]) == "2025-05-20"
    assert meta["places"] == ["xingfuli"] and meta["tags"] == ["volunteering"]
    assert meta["images"] == [{"src": "images/haircut.jpg", "alt": "志愿者为老人理发"}]
    # The event's end was left alone: it is not in the file.
    assert meta["event"] == {"start": "2025-05-24 09:00", "location": "幸福里社区活动室"}
    assert body.strip() == "志愿者为社区老人免费理发，居民纷纷点赞。"
    assert (visit.site / "content" / "images" / "haircut.jpg").is_file()
    assert [e for e in visit.page_errors if not e.startswith("refused:")] == []


def test_the_editor_speaks_chinese(visit: Visit) -> None:
    # Decap's own words (its zh_Hans locale): the way to the saved file also took the buttons
    # 登录, 新增图片, 选择图片, 选用已选中项目, 发布 and 立即发布.
    assert "内容" in visit.header and "媒体" in visit.header
    assert visit.saved_notice == "内容已保存"
    # The form's words (the configuration's): labels, hints, the rule of the address.
    assert (
        visit.slug_error
        == "“网址名”不满足模式：只能用小写英文字母、数字和连字符（-），最多60个字符"
    )


def test_the_preview_uses_the_sites_stylesheet(visit: Visit) -> None:
    assert "/static/style.css" in visit.preview_stylesheets


def test_bulletin_check_accepts_the_new_report(visit: Visit) -> None:
    done = run_bulletin("check", "--site", str(visit.site), cwd=visit.site.parent)
    assert done.returncode == 0, done.stdout + done.stderr
    assert ": error:" not in done.stdout + done.stderr


def test_the_next_build_publishes_it_with_its_picture_and_event(visit: Visit) -> None:
    done = build(visit.site)
    assert done.returncode == 0, done.stderr
    output = visit.site.parent / "output"
    page = soup(output / "reports" / SLUG / "index.html")
    assert page.h1.get_text() == "幸福里社区志愿者义剪"
    picture = page.find("img", alt="志愿者为老人理发")
    assert picture is not None
    sources = " ".join(s.get("srcset", "") for s in page.find_all("source"))
    assert "/images/haircut-720w.avif" in sources
    assert (output / "images" / "haircut-720w.avif").is_file()
    assert "2025年5月24日（周六） 9:00" in page.find(id="event-details").get_text()
