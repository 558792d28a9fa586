"""The web editor: /admin/ runs Decap CMS (its bundle is a static file of the default theme),
and /admin/config.yml, made here from site.yaml, tells it what a report and a page are.

In the editor a report's places, tags, reporters and photographers are chosen from site.yaml's
lists, its dates from pickers, and its pictures are uploaded into content/images/; it saves
Markdown files with the front matter `bulletin check` reads (load/reports.py). The form's
labels and hints are in the site's words, like the default theme's templates, and Decap's own
buttons and messages in its Chinese locale.
"""

from __future__ import annotations

from typing import Any

import jinja2
import yaml

from generator.load.config import ID_PATTERN
from generator.model.config import Config, Editor
from generator.model.items import Place
from generator.model.plan import Unit
from generator.model.site import Site
from generator.render.context import html_page

HEADER = """\
# The web editor's configuration (Decap CMS), made by `bulletin build` from site.yaml:
# edit `places:`, `tags:`, `people:` and `editor:` there, not this file.
"""
# Where Decap reads and writes, relative to the site folder (the root of its git repository).
MEDIA_FOLDER = "content/images"
PUBLIC_FOLDER = "images"  # how front matter and bodies name a picture: images/NAME.jpg
# ID_PATTERN without Python's \Z: the form checks the slug in the browser.
SLUG_PATTERN = ID_PATTERN.pattern.removesuffix(r"\Z") + "$"
MARKDOWN_BUTTONS = [
    "bold",
    "italic",
    "link",
    "heading-two",
    "heading-three",
    "quote",
    "bulleted-list",
    "numbered-list",
]


def render_admin(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    """/admin/: the page that loads the editor (admin.html)."""
    return html_page(
        env,
        "admin.html",
        site,
        unit,
        title="网站编辑器",
        description=f"{site.config.title}的网站编辑器：在浏览器里写报道、上传图片。",
    )


def render_admin_config(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    """/admin/config.yml."""
    return config_yaml(site.config)


def config_yaml(config: Config) -> bytes:
    """`editor_config` as YAML: the same bytes for the same site.yaml."""
    text = yaml.safe_dump(editor_config(config), allow_unicode=True, sort_keys=False, width=100)
    return (HEADER + text).encode("utf-8")


def editor_config(config: Config) -> dict[str, Any]:
    """Decap CMS's configuration for the site."""
    return {
        "backend": backend(config.editor),
        # On 127.0.0.1 or localhost the editor saves through `npx decap-server` run in the
        # site folder, straight into the working tree, and logs in without a password.
        "local_backend": True,
        "locale": locale(config.language),
        "site_url": config.base_url,
        "display_url": config.base_url,
        "media_folder": MEDIA_FOLDER,
        "public_folder": PUBLIC_FOLDER,
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": [reports_collection(config), pages_collection()],
    }


def backend(editor: Editor) -> dict[str, str]:
    """The `backend:` block: the git host the editor logs in to and saves to."""
    block = {"name": editor.backend, "repo": editor.repo, "branch": editor.branch}
    block |= {"base_url": editor.base_url, "api_root": editor.api_root, "app_id": editor.app_id}
    return {key: value for key, value in block.items() if value}


def locale(language: str) -> str:
    """Decap's locale for site.yaml's `language`: its Chinese in simplified or traditional
    characters, else English."""
    tag = language.lower().replace("_", "-")
    if tag.startswith("zh"):
        traditional = any(part in tag.split("-") for part in ("hant", "tw", "hk", "mo"))
        return "zh_Hant" if traditional else "zh_Hans"
    return "en"


def reports_collection(config: Config) -> dict[str, Any]:
    """Reports: content/reports/YEAR/SLUG.md, the slug typed by the editor (an address must
    not come from a title, and must never change once printed on a QR code)."""
    return {
        "name": "reports",
        "label": "报道",
        "label_singular": "报道",
        "description": "社区活动报道。新报道保存在 content/reports/年份/网址名.md。",
        "folder": "content/reports",
        "path": "{{year}}/{{slug}}",
        "slug": "{{fields.slug}}",
        # With `path`, Decap would put pictures beside the report: "/" is the site folder.
        "media_folder": "/" + MEDIA_FOLDER,
        "public_folder": PUBLIC_FOLDER,
        "extension": "md",
        "format": "frontmatter",
        "create": True,
        "delete": False,  # a published report's address is printed: set `draft` instead
        "sortable_fields": [
            {"field": "date", "label": "日期", "default_sort": "desc"},
            {"field": "title", "label": "标题"},
        ],
        "fields": report_fields(config),
    }


def report_fields(config: Config) -> list[dict[str, Any]]:
    """The fields of load/reports.py's REPORT_FIELDS that an editor fills in, in its order."""
    people = [{"label": p.name, "value": p.name} for p in config.people.values()]
    tags = [{"label": t.name, "value": t.slug} for t in config.tags.values()]
    return [
        text_field("title", "标题", "报道的标题", required=True),
        text_field("subtitle", "副标题", "标题下的第二行，可不填"),
        slug_field(),
        date_field(),
        choice_field("places", "地区", place_options(config), "报道涉及的社区或街道", least=1),
        choice_field("tags", "标签", tags, "可选多个"),
        choice_field("reporters", "记者", people, "名单来自 site.yaml 的 people"),
        choice_field("photographers", "摄影", people, "名单来自 site.yaml 的 people"),
        text_field("source", "来源", "报道最早刊登的地方，例如 大同日报"),
        text_field("summary", "摘要", "列表和订阅里的一两句话；不填则取正文开头", widget="text"),
        event_field(),
        images_field(people),
        flag_field("draft", "草稿", "打开后，这篇报道不在网站上出现"),
        body_field(
            "插入图片后，在 Alt Text 里写图上是什么（给看不见图片的读者），Title 是图片说明"
        ),
    ]


def text_field(
    name: str, label: str, hint: str, required: bool = False, widget: str = "string"
) -> dict[str, Any]:
    return {"name": name, "label": label, "widget": widget, "required": required, "hint": hint}


def flag_field(name: str, label: str, hint: str) -> dict[str, Any]:
    """A switch, written to the file only once it has been touched."""
    return {"name": name, "label": label, "widget": "boolean", "required": False, "hint": hint}


def body_field(hint: str = "") -> dict[str, Any]:
    """The Markdown text. Only pictures can be inserted as blocks: Decap's code blocks would
    load parts of Decap that the site does not carry."""
    field = {"name": "body", "label": "正文", "widget": "markdown", "buttons": MARKDOWN_BUTTONS}
    return field | {"editor_components": ["image"]} | ({"hint": hint} if hint else {})


def date_field() -> dict[str, Any]:
    """The publication date, today unless changed: a date picker writing YYYY-MM-DD."""
    return {
        "name": "date",
        "label": "发布日期",
        "widget": "datetime",
        "format": "YYYY-MM-DD",
        "date_format": "YYYY-MM-DD",
        "time_format": False,
        "default": "{{now}}",
        "hint": "日期在今天之后的报道，到那天才在网站上出现",
    }


def slug_field() -> dict[str, Any]:
    return {
        "name": "slug",
        "label": "网址名",
        "widget": "string",
        "pattern": [SLUG_PATTERN, "：只能用小写英文字母、数字和连字符（-），最多60个字符"],
        "hint": (
            "报道的永久网址 /reports/网址名/，打印的二维码指向它。用拼音或英文，"
            "例如 xingfuli-swap-shop；发布后不要再改"
        ),
    }


def choice_field(
    name: str, label: str, options: list[dict[str, str]], hint: str, least: int = 0
) -> dict[str, Any]:
    """A list of values chosen from `options` (a select with several choices)."""
    field = {"name": name, "label": label, "widget": "select", "multiple": True}
    field |= {"options": options, "required": least > 0, "hint": hint}
    return field | ({"min": least} if least else {})


def place_options(config: Config) -> list[dict[str, str]]:
    """Every place in site.yaml's order, named with the place above it: two places may share
    a name (新华街道 is in many cities)."""
    return [{"label": place_label(p, config.places), "value": p.id} for p in config.places.values()]


def place_label(place: Place, places: dict[str, Place]) -> str:
    return f"{place.name}（{places[place.parent].name}）" if place.parent else place.name


def event_field() -> dict[str, Any]:
    """When and where the activity happens: left out of the file unless filled in."""
    moment = {"widget": "datetime", "date_format": "YYYY-MM-DD", "time_format": "HH:mm"}
    moment |= {"format": "YYYY-MM-DD HH:mm", "required": False}
    return {
        "name": "event",
        "label": "活动时间和地点",
        "widget": "object",
        "required": False,
        "collapsed": True,
        "hint": "报道的是一项活动时填写，它会出现在日历上",
        "fields": [
            {"name": "start", "label": "开始", **moment, "hint": "有活动时必填"},
            {"name": "end", "label": "结束", **moment, "hint": "没有结束时间就不填或点“清除”"},
            text_field("location", "地点", "例如 幸福里社区活动室"),
        ],
    }


def images_field(people: list[dict[str, str]]) -> dict[str, Any]:
    """Pictures uploaded into content/images/, each with its description for blind readers."""
    return {
        "name": "images",
        "label": "图片",
        "label_singular": "图片",
        "widget": "list",
        "required": False,
        "hint": "第一张（或标为封面的一张）是报道的封面",
        "fields": [
            {
                "name": "src",
                "label": "图片文件",
                "widget": "image",
                "choose_url": False,
                "hint": "手机拍的原图即可，发布时会自动缩小；文件名请用字母、数字和连字符",
            },
            text_field(
                "alt",
                "图片描述",
                "图上是什么，给看不见图片的读者，例如 志愿者为老人理发",
                required=True,
            ),
            text_field("caption", "图片说明", "显示在图片下方，可不填"),
            {
                "name": "photographer",
                "label": "摄影",
                "widget": "select",
                "options": people,
                "required": False,
                "hint": "不填则署报道的摄影",
            },
            flag_field("cover", "封面", "报道的封面（只标一张）；不标则第一张是封面"),
        ],
    }


def pages_collection() -> dict[str, Any]:
    """Ordinary pages (关于本站, 如何投稿): edited here; a new one is started with
    `bulletin new page NAME`, since its address is its file name."""
    return {
        "name": "pages",
        "label": "页面",
        "label_singular": "页面",
        "description": "关于本站、如何投稿等页面。新页面请用 bulletin new page 创建。",
        "folder": "content/pages",
        "extension": "md",
        "format": "frontmatter",
        "create": False,
        "delete": False,
        "fields": [
            text_field("title", "标题", "页面的标题", required=True),
            text_field("description", "简介", "一句话介绍，搜索引擎和分享时显示"),
            body_field(),
        ],
    }
