"""Read one report or page: check its front matter field by field and turn its Markdown into
safe HTML. Pure functions of the file's text and the site's settings."""

from __future__ import annotations

import re
from datetime import date, datetime
from pathlib import Path, PurePosixPath

from generator.errors import Problem, did_you_mean
from generator.i18n import N_, _
from generator.load.body import unwritten_body
from generator.load.config import ID_PATTERN, ID_RULE
from generator.load.frontmatter import Fields, Source, split_front_matter
from generator.load.markup import (
    markdown_to_html,
    plain_text,
    reading_minutes,
    site_pictures,
    summarize,
    too_deep,
)
from generator.load.privacy import line_and_column, personal_numbers
from generator.load.yamlfile import LineDict
from generator.model.config import Config
from generator.model.items import Event, Image, Page, Report
from generator.model.photos import is_picture

REPORT_FIELDS = (
    "title",
    "subtitle",
    "date",
    "places",
    "tags",
    "reporters",
    "photographers",
    "source",
    "summary",
    "event",
    "slug",
    "aliases",
    "draft",
    "images",
)
EVENT_FIELDS = ("start", "end", "location")
MAX_EVENT_DAYS = 366  # longer is a typing mistake, and would fill the calendars for years
IMAGE_FIELDS = ("src", "alt", "caption", "photographer", "cover")
PAGE_FIELDS = ("title", "description")
MAX_ALIAS_PART, MAX_ALIAS_PARTS = 100, 12  # a file system takes 255 bytes a name
ALIAS_PATTERN = re.compile(r"^/(?:[A-Za-z0-9._~-]+/)*(?:[A-Za-z0-9._~-]+\.html?)?\Z")


def parse_report(
    config: Config, path: Path, text: str | Problem, images: set[PurePosixPath] | None = None
) -> tuple[Report | None, list[Problem]]:
    """Check one report file; return the Report, or None and every problem found in it."""
    source = split_front_matter(path, text)
    if isinstance(source, Problem):
        return None, [source]
    f = Fields(source, config.zone)
    f.unknown_keys(REPORT_FIELDS)
    title = f.text("title", required=True)
    published = f.day("date", source.meta.get("date"), required=True)
    places = _known(
        f,
        "places",
        config.places and {k: p.name for k, p in config.places.items()},
        _("add the place to `places:` in site.yaml, or fix the id"),
    )
    if "places" in source.meta and not places and not f.problems:
        f.problem("places", _("lists no place"), _(PLACES_EXAMPLE))
    if "places" not in source.meta:
        f.problems.append(
            Problem(
                path,
                source.meta.line,
                _("{field}: missing").format(field="places"),
                _(PLACES_EXAMPLE),
            )
        )
    tags = _known(
        f,
        "tags",
        {k: t.name for k, t in config.tags.items()},
        _("use a tag from `tags:` in site.yaml, or add it there"),
    )
    reporters = _people(f, "reporters", config)
    photographers = _people(f, "photographers", config)
    slug = _slug(f, path)
    body_html = _body_html(f, source, config.base_path)
    text_only = plain_text(body_html)
    listed = _images(f, images, config)
    draft = f.flag("draft")
    unwritten = None if draft else unwritten_body(source, report=True)
    if unwritten:  # a draft's is `bulletin check`'s to point out (checks/drafts.py)
        f.problems.append(unwritten)
    report = Report(
        file=str(path),
        slug=slug,
        title=title,
        subtitle=f.text("subtitle"),
        date=published or date.min,
        places=tuple(places),
        body_html=body_html,
        summary=f.text("summary") or summarize(text_only),
        reading_minutes=reading_minutes(text_only),
        tags=tuple(tags),
        reporters=tuple(reporters),
        photographers=tuple(photographers),
        source=f.text("source"),
        event=_event(f),
        aliases=tuple(_aliases(f)),
        draft=draft,
        images=tuple(listed),
        pictures=_pictures([i.src for i in listed], body_html, config.base_path),
    )
    f.problems += privacy_problems(path, text, config)
    return (None, f.problems) if f.problems else (report, [])


PLACES_EXAMPLE = N_("add e.g. `places: [xingfuli]` with ids from site.yaml")
# One sentence for each kind of number, so that each can be translated whole.
NUMBER_MESSAGES = {
    "mobile": N_("a mobile number, {number}: residents' numbers are not published"),
    "id_card": N_("an ID card number, {number}: residents' numbers are not published"),
    "bank_card": N_("a bank card number, {number}: residents' numbers are not published"),
}


def privacy_problems(path: Path, text: str | Problem, config: Config) -> list[Problem]:
    """A problem for each resident's number in the file (load/privacy.py), at its line and
    column: residents' numbers are not published unless the site allows them."""
    if isinstance(text, Problem):
        return []
    text = text.removeprefix("\ufeff")
    privacy = config.privacy
    found = personal_numbers(text, frozenset(privacy.allowed), frozenset(privacy.rules))
    problems = []
    for finding in found:
        line, column = line_and_column(text, finding.start)
        problems.append(
            Problem(
                path,
                line,
                _(NUMBER_MESSAGES[finding.rule]).format(number=repr(finding.text)),
                _(
                    "write it masked, e.g. {masked}; if it may be published (an office's "
                    "number), add it to `privacy: allow:` in site.yaml"
                ).format(masked=finding.masked),
                column=column,
            )
        )
    return problems


def _body_html(f: Fields, source: Source, base_path: str) -> str:
    """The body as safe HTML, or "" with a problem when it nests too deep to parse."""
    deep = too_deep(source.body)
    if deep:
        line, message = deep
        f.problems.append(
            Problem(
                f.path,
                source.body_line + line - 1,
                message,
                _("this is almost certainly a copying mistake: look at this line"),
            )
        )
        return ""
    return markdown_to_html(source.body, base_path)


UNKNOWN = {"places": N_("unknown place {value}"), "tags": N_("unknown tag {value}")}


def _known(f: Fields, key: str, known: dict[str, str], fix: str) -> list[str]:
    values = f.text_list(key)
    for value in values:
        if value not in known:
            hint = did_you_mean(value, known)
            message = _(UNKNOWN[key]).format(value=repr(value))
            f.problem(key, message, f"{hint} {fix}".strip() if hint else fix)
    return list(dict.fromkeys(values))


PERSON_FIX = N_("add the person to `people:` in site.yaml with an ASCII slug")


def _people(f: Fields, key: str, config: Config) -> list[str]:
    names = {p.name: p.slug for p in config.people.values()}
    values = f.text_list(key)
    for value in values:
        if value not in names:
            hint = did_you_mean(value, names, cutoff=0.5)  # a slug finds its name too
            fix = _(PERSON_FIX)
            message = _("unknown person {name}").format(name=repr(value))
            f.problem(key, message, f"{hint} {fix}".strip())
    return [names[v] for v in dict.fromkeys(values) if v in names]


def _slug(f: Fields, path: Path) -> str:
    if "slug" in f.meta:
        slug = f.text("slug")
        if not ID_PATTERN.match(slug):
            f.problem("slug", _("bad slug {slug}").format(slug=repr(slug)), _(ID_RULE))
        return slug
    if not ID_PATTERN.match(path.stem):
        f.problems.append(
            Problem(
                path,
                None,
                _("the file name {name} can't be a URL slug").format(name=repr(path.stem)),
                _("rename the file or add `slug:` ({rule})").format(rule=_(ID_RULE)),
            )
        )
    return path.stem


def _event(f: Fields) -> Event | None:
    value = f.meta.get("event")
    if value is None:
        return None
    if not isinstance(value, LineDict):
        f.problem("event", _("must have `start:` and optionally `end:` and `location:` below it"))
        return None
    if all(item is None or (isinstance(item, str) and not item.strip()) for item in value.values()):
        return None  # every field left empty (the web editor writes `start: ""` when cleared)
    sub = Fields(Source(f.path, value, ""), f.zone)
    sub.unknown_keys(EVENT_FIELDS)
    start = sub.moment("start", value.get("start"), required=True)
    end = sub.moment("end", value.get("end"))
    location = sub.text("location")
    f.problems += [Problem(p.path, p.line, f"event.{p.message}", p.hint) for p in sub.problems]
    if start is None or sub.problems:
        return None
    if end is not None and _as_datetime(end) < _as_datetime(start):
        f.problems.append(
            Problem(
                f.path,
                value.line_of("end"),
                _("event.end: {end} is before the start {start}").format(end=end, start=start),
                _("swap the dates, or correct the end"),
            )
        )
        return None
    event = Event(start=start, end=end, location=location)
    days = (event.last_day - event.first_day).days + 1
    if days > MAX_EVENT_DAYS:
        f.problems.append(
            Problem(
                f.path,
                value.line_of("end"),
                _("event: lasts {days} days; an event may last at most {most}").format(
                    days=days, most=MAX_EVENT_DAYS
                ),
                _("check the year of `end:`; for a series, give each session its own report"),
            )
        )
        return None
    return event


def _as_datetime(moment: date | datetime) -> datetime:
    return (
        moment
        if isinstance(moment, datetime)
        else datetime(moment.year, moment.month, moment.day, 23, 59)
    )


def _aliases(f: Fields) -> list[str]:
    result = []
    for alias in f.text_list("aliases"):
        parts = alias.split("/")
        if (
            not ALIAS_PATTERN.match(alias)
            or "/../" in alias + "/"
            or "/./" in alias + "/"
            or max(map(len, parts)) > MAX_ALIAS_PART
            or len(parts) > MAX_ALIAS_PARTS
        ):
            f.problem(
                "aliases",
                _("bad old URL {alias}").format(alias=repr(alias)),
                _("write the path of the old page, e.g. /2024/old-name/ or /old/page.html"),
            )
        else:
            result.append(alias)
    return result


def _pictures(listed: list[str], body_html: str, base_path: str) -> tuple[str, ...]:
    shown = listed + site_pictures(body_html, base_path)
    return tuple(dict.fromkeys(src for src in shown if is_picture(src)))


def _images(
    f: Fields, available: set[PurePosixPath] | None, config: Config | None = None
) -> list[Image]:
    value = f.meta.get("images")
    if value is None:
        return []
    if not isinstance(value, list):
        f.problem("images", _("must be a list of `- src: images/x.jpg` with `alt:` text"))
        return []
    result = []
    for item in value:
        if isinstance(item, str):
            item = LineDict(src=item)
            item.line, item.key_lines = f.meta.line_of("images"), {}
        if not isinstance(item, LineDict):
            f.problem("images", _("each image needs `src:` and `alt:`"))
            continue
        sub = Fields(Source(f.path, item, ""))
        sub.unknown_keys(IMAGE_FIELDS)
        src, alt = sub.text("src", required=True), sub.text("alt")
        rel = PurePosixPath(src)
        if src and (rel.is_absolute() or ".." in rel.parts or rel.parts[:1] != ("images",)):
            sub.problem(
                "src",
                _("{src} is not inside content/images/").format(src=repr(src)),
                _("put the picture in content/images/ and write src: images/NAME.jpg"),
            )
        elif src and not is_picture(src):
            sub.problem(
                "src",
                _("{src} is not a picture Bulletin can publish").format(src=repr(src)),
                _(
                    "use a JPEG, PNG, HEIC, WebP or AVIF file (an SVG can carry scripts: "
                    "export it as PNG)"
                ),
            )
        elif src and available is not None and rel not in available:
            sub.problem(
                "src",
                _("{src} does not exist").format(src=repr(src)),
                _("check the file name under content/images/"),
            )
        if src and not alt:
            sub.problems.append(
                Problem(
                    f.path,
                    item.line,
                    _("images: {src} has no alt text").format(src=repr(src)),
                    _("add `alt:` describing the picture for blind readers"),
                )
            )
        photographer = _photographer(sub, config)
        if src and alt and not sub.problems:
            result.append(
                Image(
                    src=src,
                    alt=alt,
                    caption=sub.text("caption"),
                    photographer=photographer,
                    cover=sub.flag("cover"),
                )
            )
        f.problems += [
            Problem(
                p.path,
                p.line,
                p.message if p.message.startswith("images") else "images." + p.message,
                p.hint,
            )
            for p in sub.problems
        ]
    covers = [i.src for i in result if i.cover]
    if len(covers) > 1:
        f.problem(
            "images",
            _("more than one cover picture ({pictures})").format(pictures=", ".join(covers)),
            _("mark only one picture with `cover: true`"),
        )
    return result


def _photographer(sub: Fields, config: Config | None) -> str:
    """The slug of the person named in `photographer:`, or ""."""
    name = sub.text("photographer")
    if not name or config is None:
        return ""
    names = {p.name: p.slug for p in config.people.values()}
    if name in names:
        return names[name]
    if name in config.people:
        return name
    hint = did_you_mean(name, names, cutoff=0.5)
    message = _("unknown person {name}").format(name=repr(name))
    sub.problem("photographer", message, f"{hint} {_(PERSON_FIX)}".strip())
    return ""


def parse_page(
    config: Config, path: Path, text: str | Problem
) -> tuple[Page | None, list[Problem]]:
    """Check one ordinary page; its URL name is the file name."""
    source = split_front_matter(path, text)
    if isinstance(source, Problem):
        return None, [source]
    f = Fields(source)
    f.unknown_keys(PAGE_FIELDS)
    title = f.text("title", required=True)
    if not ID_PATTERN.match(path.stem):
        f.problems.append(
            Problem(
                path,
                None,
                _("the file name {name} can't be a URL").format(name=repr(path.stem)),
                _("rename the file ({rule})").format(rule=_(ID_RULE)),
            )
        )
    body_html = _body_html(f, source, config.base_path)
    unwritten = unwritten_body(source, report=False)
    if unwritten:
        f.problems.append(unwritten)
    page = Page(
        file=str(path),
        name=path.stem,
        title=title,
        description=f.text("description"),
        body_html=body_html,
        pictures=_pictures([], body_html, config.base_path),
    )
    f.problems += privacy_problems(path, text, config)
    return (None if f.problems else page), f.problems
