"""Find the theme's templates and static files; the site's own theme shadows the default."""

from __future__ import annotations

import re
import traceback
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote

import jinja2

from generator import urls
from generator.errors import ConfigError, Problem
from generator.i18n import _
from generator.load.files import list_files
from generator.model.calendars import WEEKDAYS
from generator.model.config import Config
from generator.model.items import Event
from generator.model.site import Site
from generator.render.photos import photo_sources
from generator.render.pictures import with_pictures


def default_theme_dir() -> Path:
    """The built-in theme: packaged inside the wheel, or themes/default/ in a source checkout."""
    package = Path(__file__).parent.parent
    packaged = package / "_theme_default"
    return packaged if packaged.is_dir() else package.parent / "themes" / "default"


def theme_dirs(config: Config) -> list[Path]:
    """Theme folders in order of precedence: the site's own theme first, then the default."""
    builtin = default_theme_dir().resolve()
    own = (config.root / "themes" / config.theme).resolve()
    if own.is_dir() and own != builtin:
        return [own, builtin]
    if config.theme != "default" and not own.is_dir():
        raise ConfigError(
            [
                Problem(
                    config.root / "site.yaml",
                    None,
                    _("theme folder themes/{theme}/ not found").format(theme=config.theme),
                    _("create it, or set `theme: default`"),
                )
            ]
        )
    return [builtin]


def make_environment(config: Config, compiled: Path | None = None) -> jinja2.Environment:
    """A Jinja environment that escapes HTML and XML and fails on undefined names.

    With `compiled`, templates compiled once are kept in that folder (Jinja checks each
    against its source): compiling the theme takes longer than a small rebuild renders.
    """
    dirs = theme_dirs(config)
    cache = None
    if compiled is not None:
        compiled.mkdir(parents=True, exist_ok=True)
        cache = jinja2.FileSystemBytecodeCache(str(compiled))
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader([str(d / "templates") for d in dirs]),
            # An override can still extend what it replaces: {% extends "default/base.html" %}
            jinja2.PrefixLoader({"default": jinja2.FileSystemLoader(str(dirs[-1] / "templates"))}),
        ]
    )
    env = jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(["html", "xml"], default_for_string=True),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        bytecode_cache=cache,
        # Templates don't change while a build runs (serve makes a new environment for each
        # build); checking their mtimes cost a stat for every extends and include of a page.
        auto_reload=False,
    )
    base_path, base_url = config.base_path, config.base_url
    env.globals.update(
        urls=urls,
        url=lambda path: base_path + quoted(path),
        abs_url=lambda path: base_url + quoted(path),
        with_pictures=with_pictures,
    )
    env.filters.update(cn_date=cn_date, cn_month=cn_month, event_when=event_when)
    return env


_PLAIN_PATH = re.compile(r"[A-Za-z0-9/._~-]*")


def quoted(path: str) -> str:
    """`path` as it goes into an address. Paths are ASCII ids and slugs, but for pictures'
    file names (which may hold # ? % or Chinese): those are quoted. (Called for every link
    of every page: the plain ones are passed by without quote()'s work.)"""
    return path if _PLAIN_PATH.fullmatch(path) else quote(path, safe="/")


def template_problem(err: jinja2.TemplateError, config: Config) -> Problem:
    """Point a template error at the theme file and line where it happened."""
    if isinstance(err, jinja2.TemplateSyntaxError) and err.filename:
        return Problem(
            Path(err.filename),
            err.lineno,
            _("template syntax error: {message}").format(message=err.message),
        )
    if isinstance(err, jinja2.TemplateNotFound):
        return Problem(
            config.root / "themes" / config.theme,
            None,
            _("template {name!r} not found").format(name=err.name),
            _("add it to your theme, or remove the line that includes or extends it"),
        )
    frames = [
        f
        for f in traceback.extract_tb(err.__traceback__)
        if f.filename.endswith((".html", ".xml", ".txt"))
    ]
    where = frames[-1] if frames else None
    return Problem(
        Path(where.filename) if where else config.root / "themes" / config.theme,
        where.lineno if where else None,
        _("template error: {message}").format(message=err.message),
        _("check the names used in the template; see the default theme for examples"),
    )


def static_files(config: Config) -> dict[str, Path]:
    """Theme static files by output path (static/…); the site's own shadow the default's."""
    found: dict[str, Path] = {}
    for theme in reversed(theme_dirs(config)):
        folder = theme / "static"
        for path in list_files(folder).files:
            found["static/" + path.relative_to(folder).as_posix()] = path
    return dict(sorted(found.items()))


def copied_files(site: Site) -> dict[str, Path]:
    """Files copied as they are, by output path: the theme's static files and the files made
    from the pictures published content shows (from the cache, render/photos.py). No
    original picture is published."""
    found = dict(static_files(site.config))
    found.update(photo_sources(site.config, site.photos.values()))
    return found


def cn_date(day: date | datetime) -> str:
    """2025年3月5日"""
    return f"{day.year}年{day.month}月{day.day}日"


def cn_month(key: str) -> str:
    """ "2025-03" → 2025年3月"""
    year, month = key.split("-")
    return f"{int(year)}年{int(month)}月"


def event_when(event: Event) -> str:
    """When an event happens, in words: 2025年3月5日（周三）9:00至11:30."""
    start, end = event.start, event.end

    def day(d: date | datetime) -> str:
        return f"{cn_date(d)}（{WEEKDAYS[d.weekday()]}）"

    def clock(t: datetime) -> str:
        return f"{t.hour}:{t.minute:02d}"

    text = day(start) + (f" {clock(start)}" if isinstance(start, datetime) else "")
    if end is None or end == start:
        return text
    same_day = (end.date() if isinstance(end, datetime) else end) == event.first_day
    if isinstance(end, datetime):
        end_text = clock(end) if same_day else f"{day(end)} {clock(end)}"
    else:
        end_text = "" if same_day else day(end)
    return f"{text}至{end_text}" if end_text else text
