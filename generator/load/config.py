"""Read site.yaml once, check every field, and return a typed, frozen `Config`."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from generator.errors import ConfigError, Problem, did_you_mean
from generator.i18n import N_, _
from generator.load.yamlfile import LineDict, YamlSyntaxError, load_yaml, one_line
from generator.model.config import Config, Editor, Privacy
from generator.model.items import LEVEL_NAMES, Person, Place, Tag
from generator.printing.papers import PAPER_CHOICES

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{0,59}\Z")  # \Z: no trailing newline
ID_RULE = N_(
    "use 1–60 lowercase ASCII letters, digits and hyphens, starting with a letter or digit"
)

TOP_KEYS = (
    "title",
    "description",
    "base_url",
    "language",
    "timezone",
    "theme",
    "per_page",
    "paper",
    "sample_contacts",
    "places",
    "tags",
    "people",
    "privacy",
    "deploy",  # read by `bulletin deploy` (commands/deploy.py)
    "editor",  # the web editor's git host (render/admin.py)
)
PRIVACY_KEYS = ("allow", "off")
EDITOR_KEYS = ("backend", "repo", "branch", "base_url", "api_root", "app_id")
# What each of Decap CMS's backends needs besides `backend:` (README, "The web editor").
EDITOR_NEEDS = {
    "git-gateway": (),
    "github": ("repo",),
    "gitea": ("repo", "base_url", "api_root", "app_id"),
}
REPO_PATTERN = re.compile(r"^[A-Za-z0-9_.-]+/[A-Za-z0-9_.-]+\Z")
BRANCH_PATTERN = re.compile(r"^(?!-)(?!.*\.\.)[A-Za-z0-9._/-]+\Z")
PLACE_KEYS = ("id", "name", "office", "intro", "address", "phone", "hours", "children")
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
                    _("site.yaml not found"),
                    _("run bulletin in the site folder, or pass --site DIR"),
                )
            ]
        )
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except YamlSyntaxError as err:
        raise ConfigError([err.problem(path)]) from None
    except UnicodeDecodeError:
        raise ConfigError(
            [Problem(path, None, _("site.yaml is not UTF-8 text"), _("save the file as UTF-8"))]
        ) from None
    if not isinstance(data, LineDict):
        raise ConfigError(
            [
                Problem(
                    path,
                    1,
                    _("site.yaml must be a mapping of settings"),
                    _("start with lines like `title: 社区快报`"),
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
                    path,
                    None,
                    _("missing required setting `{key}`").format(key=key),
                    _("add `{key}:` to site.yaml").format(key=key),
                )
            )
    title = _text(data, "title", path, problems)
    if "title" in data and not title:
        problems.append(
            Problem(
                path,
                data.line_of("title"),
                _("`title` is blank"),
                _("name the site, e.g. 社区快报"),
            )
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
                _("unknown time zone {zone}").format(zone=repr(timezone)),
                _("use an IANA name such as Asia/Shanghai"),
            )
        )
    theme = _text(data, "theme", path, problems) or "default"
    if not re.fullmatch(r"[A-Za-z0-9_-]+", theme):
        problems.append(
            Problem(
                path,
                data.line_of("theme"),
                _("bad theme name {theme}").format(theme=repr(theme)),
                _("name a folder inside themes/ using letters, digits, - and _"),
            )
        )
    per_page = data.get("per_page", 10)
    if not isinstance(per_page, int) or isinstance(per_page, bool) or not 1 <= per_page <= 200:
        problems.append(
            Problem(
                path,
                data.line_of("per_page"),
                _("per_page must be a whole number from 1 to 200, not {value}").format(
                    value=repr(per_page)
                ),
            )
        )
        per_page = 10
    paper = str(data.get("paper", "A4"))
    if paper not in PAPER_CHOICES:
        hint = did_you_mean(paper, list(PAPER_CHOICES)) or _("use A4, A3 or A4-landscape")
        message = _("unknown paper size {paper}").format(paper=repr(paper))
        problems.append(Problem(path, data.line_of("paper"), message, hint))
        paper = "A4"
    sample_contacts = data.get("sample_contacts", False)
    if not isinstance(sample_contacts, bool):
        problems.append(
            Problem(
                path,
                data.line_of("sample_contacts"),
                _("sample_contacts must be true or false, not {value}").format(
                    value=repr(sample_contacts)
                ),
                _("write `sample_contacts: true` while the places' phone numbers are made up"),
            )
        )
        sample_contacts = False
    places = _places(data.get("places"), path, data.line_of("places"), problems)
    tags = _named(data.get("tags", []), path, data.line_of("tags"), "tags", Tag, problems)
    people = _named(
        data.get("people", []), path, data.line_of("people"), "people", Person, problems
    )
    privacy = _privacy(data.get("privacy"), path, data.line_of("privacy"), places, problems)
    editor = _editor(data.get("editor"), path, data.line_of("editor"), problems)
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
        sample_contacts=sample_contacts,
        places=places,
        tags={t.slug: t for t in tags},
        people={p.slug: p for p in people},
        privacy=privacy,
        editor=editor,
    )


def _check_keys(
    data: LineDict, known: tuple[str, ...], path: Path, problems: list[Problem], where: str
) -> None:
    for key in data:
        if key not in known:
            hint = did_you_mean(key, list(known)) or _("known settings: {keys}").format(
                keys=", ".join(known)
            )
            message = _("unknown setting `{key}` in {where}").format(key=key, where=where)
            problems.append(Problem(path, data.line_of(key), message, hint))


def _text(data: LineDict, key: str, path: Path, problems: list[Problem]) -> str:
    value = data.get(key, "")
    if value is None:
        return ""
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)
    if not isinstance(value, str):
        problems.append(Problem(path, data.line_of(key), _("`{key}` must be text").format(key=key)))
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
                _("base_url must be an http(s) address, not {url}").format(url=repr(url)),
                _("write it like https://bulletin.example.cn/"),
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
                _("`places` must be a list of places (the place tree)"),
                _("see the README for an example"),
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
                Problem(path, None, _("each place must be a mapping with `id` and `name`"))
            )
            continue
        _check_keys(item, PLACE_KEYS, path, problems, where=_("a place"))
        place_id = str(item.get("id", ""))
        name = _plain(item, "name", path, problems)
        if not ID_PATTERN.match(place_id):
            problems.append(
                Problem(
                    path,
                    item.line_of("id"),
                    _("bad place id {place}").format(place=repr(place_id)),
                    _(ID_RULE),
                )
            )
            continue
        if not name:
            message = _("place {place} has no `name`").format(place=repr(place_id))
            problems.append(Problem(path, item.line, message))
        if place_id in places:
            problems.append(
                Problem(
                    path,
                    item.line_of("id"),
                    _("place id {place} is used twice").format(place=repr(place_id)),
                    _("every place needs its own id"),
                )
            )
            continue
        if depth >= len(LEVEL_NAMES):
            problems.append(
                Problem(
                    path,
                    item.line,
                    _("place {place} is nested too deep").format(place=repr(place_id)),
                    _("the tree is city → district → subdistrict → community"),
                )
            )
            continue
        children = item.get("children") or []
        if not isinstance(children, list):
            message = _("`children` must be a list")
            problems.append(Problem(path, item.line_of("children"), message))
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
            office=_plain(item, "office", path, problems),
        )
        ids.append(place_id)
    return tuple(ids)


def _plain(item: LineDict, key: str, path: Path, problems: list[Problem]) -> str:
    """A text setting of a place, tag or person; numbers are taken as text."""
    value = item.get(key)
    if isinstance(value, (list, dict, bool)):
        problems.append(Problem(path, item.line_of(key), _("`{key}` must be text").format(key=key)))
        return ""
    return "" if value is None else one_line(str(value))


def _named(
    value: Any, path: Path, line: int, key: str, kind: type, problems: list[Problem]
) -> list:
    if not isinstance(value, list):
        message = _("`{key}` must be a list of `slug:` and `name:` pairs").format(key=key)
        problems.append(Problem(path, line, message))
        return []
    result, slugs, names = [], set(), set()
    for item in value:
        if not isinstance(item, LineDict):
            message = _("each entry of `{key}` needs `slug:` and `name:`").format(key=key)
            problems.append(Problem(path, line, message))
            continue
        where = _("an entry of `{key}`").format(key=key)
        _check_keys(item, NAMED_KEYS, path, problems, where=where)
        slug, name = str(item.get("slug", "")), _plain(item, "name", path, problems)
        if not ID_PATTERN.match(slug):
            problems.append(
                Problem(
                    path,
                    item.line_of("slug"),
                    _("bad slug {slug} in `{key}`").format(slug=repr(slug), key=key),
                    _(ID_RULE),
                )
            )
        elif not name:
            message = _("`{key}` entry {slug} has no `name`").format(key=key, slug=repr(slug))
            problems.append(Problem(path, item.line, message))
        elif slug in slugs or name in names:
            message = _("`{key}` lists {slug} / {name} twice").format(
                key=key, slug=repr(slug), name=repr(name)
            )
            problems.append(Problem(path, item.line, message))
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
        message = _("`privacy` must have `allow:` and `off:` below it")
        problems.append(Problem(path, line, message))
        return Privacy()
    _check_keys(value, PRIVACY_KEYS, path, problems, where="privacy")
    allowed, off = value.get("allow") or [], value.get("off") or []
    if not isinstance(allowed, list) or not isinstance(off, list):
        message = _("`allow` and `off` under `privacy` must be lists")
        problems.append(Problem(path, line, message))
        return Privacy()
    rules = Privacy().rules
    for rule in off:
        if str(rule) not in rules:
            hint = did_you_mean(str(rule), sorted(rules)) or _("use mobile, id_card or bank_card")
            message = _("unknown privacy rule {rule}").format(rule=repr(rule))
            problems.append(Problem(path, value.line_of("off"), message, hint))
    phones = [n for p in places.values() for n in re.split(r"[,，、;；/]|或", p.phone) if n.strip()]
    return Privacy(
        allowed=tuple(sorted({str(number).strip() for number in [*allowed, *phones]})),
        rules=tuple(rule for rule in rules if rule not in {str(r) for r in off}),
    )


def _editor(value: Any, path: Path, line: int, problems: list[Problem]) -> Editor:
    """The `editor:` setting: the git host the web editor saves reports to."""
    if value is None:
        return Editor()
    if not isinstance(value, LineDict):
        problems.append(
            Problem(
                path,
                line,
                _("`editor` must have `backend:` and the git host's settings below it"),
                _("see “The web editor” in the README"),
            )
        )
        return Editor()
    _check_keys(value, EDITOR_KEYS, path, problems, where="editor")
    text = {key: _plain(value, key, path, problems) for key in EDITOR_KEYS}
    backend = text["backend"] or Editor.backend
    if backend not in EDITOR_NEEDS:
        hint = did_you_mean(backend, list(EDITOR_NEEDS)) or _("use github, gitea or git-gateway")
        message = _("unknown editor backend {backend!r}").format(backend=backend)
        problems.append(Problem(path, value.line_of("backend"), message, hint))
        return Editor()
    for key in EDITOR_NEEDS[backend]:
        if not text[key]:
            message = _("the {backend} editor backend needs `{key}:` under `editor:`")
            hint = _("see “The web editor” in the README for what to write")
            message = message.format(backend=backend, key=key)
            problems.append(Problem(path, value.line, message, hint))
    _editor_patterns(value, text, path, problems)
    return Editor(
        backend=backend,
        repo=text["repo"],
        branch=text["branch"] or Editor.branch,
        base_url=text["base_url"],
        api_root=text["api_root"],
        app_id=text["app_id"],
    )


def _editor_patterns(
    value: LineDict, text: dict[str, str], path: Path, problems: list[Problem]
) -> None:
    """Problems with the form of the `editor:` settings that were given."""
    if text["repo"] and not REPO_PATTERN.match(text["repo"]):
        message = _("`editor: repo:` must be owner/name, not {repo!r}").format(repo=text["repo"])
        hint = _("write the repository as its address shows it, e.g. datong/bulletin-site")
        problems.append(Problem(path, value.line_of("repo"), message, hint))
    if text["branch"] and not BRANCH_PATTERN.match(text["branch"]):
        message = _("bad branch name {branch!r} under `editor:`").format(branch=text["branch"])
        hint = _("use the name of the repository's branch, e.g. main")
        problems.append(Problem(path, value.line_of("branch"), message, hint))
    for key in ("base_url", "api_root"):
        parts = urlsplit(text[key])
        if text[key] and (parts.scheme not in ("http", "https") or not parts.netloc):
            message = _("`editor: {key}:` must be an http(s) address, not {url!r}")
            hint = _("write it like https://git.example.cn")
            problems.append(
                Problem(path, value.line_of(key), message.format(key=key, url=text[key]), hint)
            )
