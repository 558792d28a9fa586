"""Read site.yaml once, check every field, and return a typed, frozen `Config`."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.errors import ConfigError, Problem, did_you_mean
from generator.load.yamlfile import LineDict, YamlSyntaxError, load_yaml, one_line
from generator.model.config import Config, Privacy
from generator.model.items import LEVEL_NAMES, Person, Place, Tag
from generator.printing.papers import PAPER_CHOICES

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}\Z")  # \Z: no trailing newline
ID_RULE = "use 1–60 lowercase ASCII letters, digits and hyphens, starting with a letter or digit"

TOP_KEYS = (
    "title",
    "description",
    "base_url",
    "language",
    "timezone",
    "theme",
    "per_page",
    "paper",
    "places",
    "tags",
    "people",
    "privacy",
)
PRIVACY_KEYS = ("allow", "off")
PLACE_KEYS = ("id", "name", "intro", "address", "phone", "hours", "children")
NAMED_KEYS = ("slug", "name")


def with_base_url(config: Config, base_url: str) -> Config:
    """`config` served from `base_url` instead (the `--base-url` option), checked as site.yaml's."""
    problems: list[Problem] = []
    url = _check_base_url(base_url, Path("--base-url"), None, problems)
    if problems:
        raise ConfigError(problems)
    return replace(config, base_url=url)


def load_config(root: Path) -> Config:
    """Read `root/site.yaml`; raise ConfigError listing every problem found."""
    path = root / "site.yaml"
    if not path.is_file():
        raise ConfigError(
            [
                Problem(
                    path,
                    None,
                    "site.yaml not found",
                    "run bulletin in the site folder, or pass --site DIR",
                )
            ]
        )
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except YamlSyntaxError as err:
        raise ConfigError([Problem(path, err.line, err.message)]) from None
    except UnicodeDecodeError:
        raise ConfigError(
            [Problem(path, None, "site.yaml is not UTF-8 text", "save the file as UTF-8")]
        ) from None
    if not isinstance(data, LineDict):
        raise ConfigError(
            [
                Problem(
                    path,
                    1,
                    "site.yaml must be a mapping of settings",
                    "start with lines like `title: 社区快报`",
                )
            ]
        )
    return parse_config(root, path, data)


def parse_config(root: Path, path: Path, data: LineDict) -> Config:
    problems: list[Problem] = []
    _check_keys(data, TOP_KEYS, path, problems, where="site.yaml")
    for key in ("title", "base_url", "places"):
        if key not in data:
            problems.append(
                Problem(
                    path, None, f"missing required setting `{key}`", f"add `{key}:` to site.yaml"
                )
            )
    title = _text(data, "title", path, problems)
    if "title" in data and not title:
        problems.append(
            Problem(path, data.line_of("title"), "`title` is blank", "name the site, e.g. 社区快报")
        )
    description = _text(data, "description", path, problems)
    base_url = _check_base_url(
        data.get("base_url", "https://example.invalid/"), path, data.line_of("base_url"), problems
    )
    language = _text(data, "language", path, problems) or "zh-CN"
    timezone = _text(data, "timezone", path, problems) or "Asia/Shanghai"
    try:
        ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(
            Problem(
                path,
                data.line_of("timezone"),
                f"unknown time zone {timezone!r}",
                "use an IANA name such as Asia/Shanghai",
            )
        )
    theme = _text(data, "theme", path, problems) or "default"
    if not re.fullmatch(r"[A-Za-z0-9_-]+", theme):
        problems.append(
            Problem(
                path,
                data.line_of("theme"),
                f"bad theme name {theme!r}",
                "name a folder inside themes/ using letters, digits, - and _",
            )
        )
    per_page = data.get("per_page", 10)
    if not isinstance(per_page, int) or isinstance(per_page, bool) or not 1 <= per_page <= 200:
        problems.append(
            Problem(
                path,
                data.line_of("per_page"),
                f"per_page must be a whole number from 1 to 200, not {per_page!r}",
            )
        )
        per_page = 10
    paper = str(data.get("paper", "A4"))
    if paper not in PAPER_CHOICES:
        hint = did_you_mean(paper, list(PAPER_CHOICES)) or "use A4, A3 or A4-landscape"
        problems.append(Problem(path, data.line_of("paper"), f"unknown paper size {paper!r}", hint))
        paper = "A4"
    places = _places(data.get("places"), path, data.line_of("places"), problems)
    tags = _named(data.get("tags", []), path, data.line_of("tags"), "tags", Tag, problems)
    people = _named(
        data.get("people", []), path, data.line_of("people"), "people", Person, problems
    )
    privacy = _privacy(data.get("privacy"), path, data.line_of("privacy"), places, problems)
    if problems:
        raise ConfigError(problems)
    return Config(
        root=root,
        title=title,
        description=description,
        base_url=base_url,
        language=language,
        timezone=timezone,
        theme=theme,
        per_page=per_page,
        paper=PAPER_CHOICES[paper],
        places=places,
        tags={t.slug: t for t in tags},
        people={p.slug: p for p in people},
        privacy=privacy,
    )


def _check_keys(
    data: LineDict, known: tuple[str, ...], path: Path, problems: list[Problem], where: str
) -> None:
    for key in data:
        if key not in known:
            hint = did_you_mean(key, list(known)) or "known settings: " + ", ".join(known)
            problems.append(
                Problem(path, data.line_of(key), f"unknown setting `{key}` in {where}", hint)
            )


def _text(data: LineDict, key: str, path: Path, problems: list[Problem]) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        problems.append(Problem(path, data.line_of(key), f"`{key}` must be text"))
        return ""
    return one_line(value)


def _check_base_url(value: Any, path: Path, line: int | None, problems: list[Problem]) -> str:
    url = str(value).strip()
    parts = urlsplit(url)
    bad_characters = any(c.isspace() or ord(c) < 32 for c in url)
    if (
        parts.scheme not in ("http", "https")
        or not parts.netloc
        or parts.query
        or parts.fragment
        or bad_characters
    ):
        problems.append(
            Problem(
                path,
                line,
                f"base_url must be an http(s) address, not {url!r}",
                "write it like https://bulletin.example.cn/",
            )
        )
        return "https://example.invalid/"
    return url if url.endswith("/") else url + "/"


def _places(value: Any, path: Path, line: int, problems: list[Problem]) -> dict[str, Place]:
    places: dict[str, Place] = {}
    if not isinstance(value, list) or not value:
        problems.append(
            Problem(
                path,
                line,
                "`places` must be a list of places (the place tree)",
                "see the README for an example",
            )
        )
        return places
    _add_places(value, None, 0, path, places, problems)
    return places


def _add_places(
    items: list[Any],
    parent: str | None,
    depth: int,
    path: Path,
    places: dict[str, Place],
    problems: list[Problem],
) -> tuple[str, ...]:
    ids: list[str] = []
    for item in items:
        if not isinstance(item, LineDict):
            problems.append(
                Problem(path, None, "each place must be a mapping with `id` and `name`")
            )
            continue
        _check_keys(item, PLACE_KEYS, path, problems, where="a place")
        place_id = str(item.get("id", ""))
        name = _plain(item, "name", path, problems)
        if not ID_PATTERN.match(place_id):
            problems.append(
                Problem(path, item.line_of("id"), f"bad place id {place_id!r}", ID_RULE)
            )
            continue
        if not name:
            problems.append(Problem(path, item.line, f"place {place_id!r} has no `name`"))
        if place_id in places:
            problems.append(
                Problem(
                    path,
                    item.line_of("id"),
                    f"place id {place_id!r} is used twice",
                    "every place needs its own id",
                )
            )
            continue
        if depth >= len(LEVEL_NAMES):
            problems.append(
                Problem(
                    path,
                    item.line,
                    f"place {place_id!r} is nested too deep",
                    "the tree is city → district → subdistrict → community",
                )
            )
            continue
        children = item.get("children") or []
        if not isinstance(children, list):
            problems.append(Problem(path, item.line_of("children"), "`children` must be a list"))
            children = []
        places[place_id] = Place(id=place_id, name=name, parent=parent, depth=depth)
        kids = _add_places(children, place_id, depth + 1, path, places, problems)
        places[place_id] = Place(
            id=place_id,
            name=name,
            parent=parent,
            depth=depth,
            children=kids,
            intro=_plain(item, "intro", path, problems),
            address=_plain(item, "address", path, problems),
            phone=_plain(item, "phone", path, problems),
            hours=_plain(item, "hours", path, problems),
        )
        ids.append(place_id)
    return tuple(ids)


def _plain(item: LineDict, key: str, path: Path, problems: list[Problem]) -> str:
    """A text setting of a place, tag or person; numbers are taken as text."""
    value = item.get(key)
    if isinstance(value, (list, dict, bool)):
        problems.append(Problem(path, item.line_of(key), f"`{key}` must be text"))
        return ""
    return "" if value is None else one_line(str(value))


def _named(
    value: Any, path: Path, line: int, key: str, kind: type, problems: list[Problem]
) -> list:
    if not isinstance(value, list):
        problems.append(Problem(path, line, f"`{key}` must be a list of `slug:` and `name:` pairs"))
        return []
    result, slugs, names = [], set(), set()
    for item in value:
        if not isinstance(item, LineDict):
            problems.append(Problem(path, line, f"each entry of `{key}` needs `slug:` and `name:`"))
            continue
        _check_keys(item, NAMED_KEYS, path, problems, where=f"an entry of `{key}`")
        slug, name = str(item.get("slug", "")), _plain(item, "name", path, problems)
        if not ID_PATTERN.match(slug):
            problems.append(
                Problem(path, item.line_of("slug"), f"bad slug {slug!r} in `{key}`", ID_RULE)
            )
        elif not name:
            problems.append(Problem(path, item.line, f"`{key}` entry {slug!r} has no `name`"))
        elif slug in slugs or name in names:
            problems.append(Problem(path, item.line, f"`{key}` lists {slug!r} / {name!r} twice"))
        else:
            slugs.add(slug)
            names.add(name)
            result.append(kind(slug=slug, name=name))
    return result


def _privacy(
    value: Any, path: Path, line: int, places: dict[str, Place], problems: list[Problem]
) -> Privacy:
    """The `privacy:` setting: `allow:` numbers that may be published, and rules turned `off:`.
    The phones of the places' offices may always be published."""
    value = value if value is not None else LineDict()
    if not isinstance(value, LineDict):
        problems.append(Problem(path, line, "`privacy` must have `allow:` and `off:` below it"))
        return Privacy()
    _check_keys(value, PRIVACY_KEYS, path, problems, where="privacy")
    allowed, off = value.get("allow") or [], value.get("off") or []
    if not isinstance(allowed, list) or not isinstance(off, list):
        problems.append(Problem(path, line, "`allow` and `off` under `privacy` must be lists"))
        return Privacy()
    rules = Privacy().rules
    for rule in off:
        if str(rule) not in rules:
            hint = did_you_mean(str(rule), sorted(rules)) or "use mobile, id_card or bank_card"
            where = value.line_of("off")
            problems.append(Problem(path, where, f"unknown privacy rule {rule!r}", hint))
    phones = [n for p in places.values() for n in re.split(r"[,，、;；/]|或", p.phone) if n.strip()]
    return Privacy(
        allowed=tuple(sorted({str(number).strip() for number in [*allowed, *phones]})),
        rules=tuple(rule for rule in rules if rule not in {str(r) for r in off}),
    )
