"""The `bulletin new` command: start a report or a page with the right front matter."""

from __future__ import annotations

import argparse
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from generator.clock import build_time
from generator.errors import BulletinError, as_error, did_you_mean, with_hint
from generator.i18n import N_, _
from generator.load.body import PAGE_BODY, REPORT_BODY
from generator.load.config import ID_PATTERN, ID_RULE, load_config
from generator.load.files import list_files
from generator.load.frontmatter import Source, read_source, split_front_matter
from generator.model.config import Config

SLUG_LENGTH = 60
ANOTHER_SLUG = N_("pass --slug with another address")
PLACES_COMMENT = "  # 请填写 site.yaml 中的地点 id，例如 [{example}]"
DESCRIPTION_COMMENT = "  # 一句话介绍本页，显示在搜索结果和分享卡片中"


class NewError(BulletinError):
    """A wrong argument of `bulletin new`: printed as the message, then a hint line."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(message)
        self.hint = hint

    def format(self, root: Path | None = None) -> str:
        return with_hint(as_error(self.text), self.hint)


def add_parser(commands: argparse._SubParsersAction, common_options: Callable) -> None:
    new = commands.add_parser(
        "new",
        help=_("start a new report or page"),
        description=_(
            "Write a new report or page with its front matter filled in, "
            "ready to edit. Nothing existing is ever overwritten."
        ),
    )
    kinds = new.add_subparsers(dest="kind", metavar="KIND", required=True)
    _add_report_parser(kinds, common_options)
    _add_page_parser(kinds, common_options)


def _add_report_parser(kinds: argparse._SubParsersAction, common_options: Callable) -> None:
    r = kinds.add_parser(
        "report",
        help=_("start a report: content/reports/YYYY/SLUG.md, a draft"),
        description=_(
            "Start a report as a draft. The file name (its address) is made from "
            "the title's pinyin unless --slug is given."
        ),
    )
    r.add_argument("title", metavar="TITLE", help=_("the headline, e.g. 幸福里社区重阳节敬老宴"))
    r.add_argument(
        "--place",
        dest="places",
        action="extend",
        nargs="+",
        default=[],
        metavar="ID",
        help=_("place ids from site.yaml (one or more; the option may be repeated)"),
    )
    r.add_argument("--date", default="", metavar="YYYY-MM-DD", help=_("default: today"))
    r.add_argument("--slug", default="", help=_("the address, instead of the title's pinyin"))
    common_options(r)


def _add_page_parser(kinds: argparse._SubParsersAction, common_options: Callable) -> None:
    p = kinds.add_parser(
        "page",
        help=_("start an ordinary page: content/pages/NAME.md"),
        description=_("Start an ordinary page, published at /pages/NAME/."),
    )
    p.add_argument("name", metavar="NAME", help=_("the page's address, e.g. contact"))
    p.add_argument("--title", default="", help=_("the page's title (default: NAME)"))
    common_options(p)


def run(args: argparse.Namespace) -> int:
    path = new_report(args) if args.kind == "report" else new_page(args)
    print(path)
    return 0


def new_report(args: argparse.Namespace) -> Path:
    """Write a draft report; return its path."""
    config = load_config(args.site)
    title = _title(args.title)
    day = _date(args.date) if args.date else build_time(config.zone).date()
    places = _places(args.places, config)
    slug = _checked_slug(args.slug) if args.slug else slug_from_title(title)
    reports = args.site / "content" / "reports"
    path = reports / f"{day:%Y}" / f"{slug}.md"
    _refuse_taken(path, slug, reports)
    meta = {
        "title": title,
        "date": day,
        "places": places,
        "tags": [],
        "reporters": [],
        "draft": True,
    }
    front = front_matter(meta)
    if not places:
        example = _example_place(config)
        front = front.replace(
            "\nplaces: []\n", f"\nplaces: []{PLACES_COMMENT.format(example=example)}\n"
        )
    _write(path, front, REPORT_BODY)
    return path


def new_page(args: argparse.Namespace) -> Path:
    """Write an ordinary page; return its path."""
    load_config(args.site)  # the same "site.yaml not found" error as every other command
    if not ID_PATTERN.match(args.name):
        raise NewError(_("bad page name {name}").format(name=repr(args.name)), _(ID_RULE))
    path = args.site / "content" / "pages" / f"{args.name}.md"
    if path.exists():
        raise NewError(
            _("{file} already exists").format(file=path),
            _("choose another NAME, or edit that file"),
        )
    front = front_matter({"title": _title(args.title or args.name), "description": ""})
    front = front.replace("\ndescription: ''\n", f"\ndescription: ''{DESCRIPTION_COMMENT}\n")
    _write(path, front, PAGE_BODY)
    return path


def slug_from_title(title: str) -> str:
    """The title's pinyin as an address: ASCII words joined by "-", at most 60 characters."""
    from pypinyin import Style, lazy_pinyin

    words = [
        word.lower()
        for chunk in lazy_pinyin(title, style=Style.NORMAL)
        for word in re.findall(r"[A-Za-z0-9]+", chunk)
    ]
    slug = ""
    for word in words:
        longer = f"{slug}-{word}" if slug else word
        if len(longer) > SLUG_LENGTH:
            break
        slug = longer
    if not slug and words:
        slug = words[0][:SLUG_LENGTH]
    if not slug:
        raise NewError(
            _("can't make an address from the title {title}").format(title=repr(title)),
            _("pass --slug SLUG"),
        )
    return slug


def front_matter(meta: dict[str, Any]) -> str:
    """`meta` as YAML between `---` lines; Chinese written as it is, lists on one line."""
    text = yaml.dump(
        meta,
        Dumper=_FrontMatterDumper,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=10_000,
    )
    return f"---\n{text}---\n"


class _FrontMatterDumper(yaml.SafeDumper):
    """Writes lists as `[a, b]`, the way the README shows front matter."""


_FrontMatterDumper.add_representer(
    list,
    lambda dumper, value: dumper.represent_sequence(
        "tag:yaml.org,2002:seq", value, flow_style=True
    ),
)


def _write(path: Path, front: str, body: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        with path.open("x", encoding="utf-8", newline="\n") as file:
            file.write(f"{front}\n{body}\n")
    except FileExistsError:
        raise NewError(_("{file} already exists").format(file=path), _(ANOTHER_SLUG)) from None


def _title(title: str) -> str:
    title = " ".join(title.split())
    if not title:
        raise NewError(
            _("the title is empty"), _('give it in quotes, e.g. "幸福里社区重阳节敬老宴"')
        )
    return title


def _date(text: str) -> date:
    try:
        if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            return date.fromisoformat(text)
    except ValueError:
        pass
    raise NewError(
        _("--date: {date} is not a real date").format(date=repr(text)),
        _("write it as YYYY-MM-DD, e.g. 2025-03-05"),
    )


def _places(given: list[str], config: Config) -> list[str]:
    names = {place_id: place.name for place_id, place in config.places.items()}
    for value in given:
        if value not in names:
            fix = _("use an id from `places:` in site.yaml")
            hint = did_you_mean(value, names)
            message = _("--place: unknown place {place}").format(place=repr(value))
            raise NewError(message, f"{hint} {fix}".strip())
    return list(dict.fromkeys(given))


def _example_place(config: Config) -> str:
    deepest = max(config.places.values(), key=lambda place: place.depth)
    return deepest.id


def _checked_slug(slug: str) -> str:
    if not ID_PATTERN.match(slug):
        raise NewError(_("--slug: bad slug {slug}").format(slug=repr(slug)), _(ID_RULE))
    return slug


def _refuse_taken(path: Path, slug: str, reports: Path) -> None:
    if path.exists():
        raise NewError(_("{file} already exists").format(file=path), _(ANOTHER_SLUG))
    taken = _taken_slugs(reports)
    if slug in taken:
        raise NewError(
            _("the address {slug} is already used by {file}").format(
                slug=repr(slug), file=taken[slug]
            ),
            _("pass --slug with another address, e.g. --slug {slug}").format(
                slug=f"{slug[: SLUG_LENGTH - 2]}-2"
            ),
        )


def _taken_slugs(reports: Path) -> dict[str, Path]:
    """Every address the existing reports use: their slugs and their old addresses."""
    taken: dict[str, Path] = {}
    for path in list_files(reports).files:
        if path.suffix != ".md":
            continue
        source = split_front_matter(path, read_source(path))
        meta = source.meta if isinstance(source, Source) else {}
        slug = meta.get("slug")
        taken.setdefault(slug if isinstance(slug, str) else path.stem, path)
        aliases = meta.get("aliases")
        for alias in aliases if isinstance(aliases, list) else []:
            match = re.fullmatch(r"/reports/([^/]+)/?", str(alias))
            if match:
                taken.setdefault(match.group(1), path)
    return taken
