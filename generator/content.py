"""Read content/: reports and pages (Markdown with YAML front matter), checked field by field."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path, PurePosixPath
from typing import Any
from zoneinfo import ZoneInfo

from generator.cache import digest_of
from generator.config import ID_PATTERN, ID_RULE, Config
from generator.errors import Problem, did_you_mean
from generator.ics import vevent
from generator.markup import markdown_to_html, plain_text, reading_minutes, summarize
from generator.model import Event, Image, Page, Report
from generator.pool import fork_map
from generator.yamlfile import LineDict, YamlSyntaxError, load_yaml

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
FIRST_YEAR, LAST_YEAR = 1900, 2100  # dates outside are typing mistakes (and break calendars)
IMAGE_FIELDS = ("src", "alt", "caption")
PAGE_FIELDS = ("title", "description")
# No SVG: an SVG file can carry scripts that would run on the site's own domain.
IMAGE_SUFFIXES = {".jpg", ".jpeg", ".png", ".gif", ".webp", ".avif"}
ALIAS_PATTERN = re.compile(r"^/(?:[A-Za-z0-9._~-]+/)*(?:[A-Za-z0-9._~-]+\.html?)?\Z")


@dataclass
class LoadedContent:
    """Reports and pages that passed every check, and the problems of those that did not."""

    reports: list[Report] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    images: list[PurePosixPath] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    parse_context: str = ""  # see parse_context()


@dataclass(frozen=True)
class Source:
    """A content file split into front matter (already parsed) and Markdown body."""

    path: Path
    meta: LineDict
    body: str


Parsed = tuple[str, tuple[Any, list[Problem]]]  # (digest of the file, what parsing gave)


def parse_context(config: Config, images: list[PurePosixPath], code: str = "") -> str:
    """What parsing a file depends on besides the file: the configuration (places, tags,
    people, base URL), which images exist and Bulletin's own code (`code`, a digest of it).
    A parse made in another context is not reused."""
    return digest_of("\0".join((repr(config), code, *map(str, images))).encode("utf-8"))


def load_content(
    config: Config,
    known: dict[str, Parsed] | None = None,
    digests: dict[str, str] | None = None,
    jobs: int = 1,
    known_context: str = "",
    code: str = "",
) -> tuple[LoadedContent, dict[str, Parsed]]:
    """Read every report, page and image below `config.root / "content"`.

    A file whose digest (from `digests`, else computed) is the one in `known` is not parsed
    again, if `known` was parsed in the same context (`known_context`); the others are parsed
    in `jobs` processes. Returns what was loaded, and each file's digest and parse result for
    the next build.
    """
    root = config.root / "content"
    loaded = LoadedContent()
    loaded.images = sorted(
        PurePosixPath(p.relative_to(root).as_posix())
        for p in files_below(root / "images")
        if p.suffix.lower() in IMAGE_SUFFIXES
    )
    loaded.parse_context = parse_context(config, loaded.images, code)
    sources = [p for p in sorted(files_below(root / "reports")) if p.suffix == ".md"]
    sources += [p for p in sorted(files_below(root / "pages")) if p.suffix == ".md"]
    if known_context != loaded.parse_context:
        known = None
    known, digests = known or {}, digests or {}
    parsed: dict[str, Parsed] = {}
    todo: list[tuple[Path, bytes]] = []
    for path in sources:
        digest = digests.get(str(path))
        if digest is not None and known.get(str(path), ("",))[0] == digest:
            parsed[str(path)] = known[str(path)]
        else:
            todo.append((path, path.read_bytes()))
    parse = _Parser(config, root / "pages", set(loaded.images))
    chunks = [todo[i : i + 64] for i in range(0, len(todo), 64)]
    for chunk, results in zip(chunks, fork_map(parse.chunk, chunks, jobs), strict=True):
        for (path, data), result in zip(chunk, results, strict=True):
            parsed[str(path)] = (digest_of(data), result)
    for path in sources:
        item, problems = parsed[str(path)][1]
        loaded.problems += problems
        if isinstance(item, Report):
            loaded.reports.append(item)
        elif isinstance(item, Page):
            loaded.pages.append(item)
    loaded.reports, duplicates = _without_duplicate_slugs(loaded.reports)
    loaded.problems += duplicates
    loaded.problems.sort(key=lambda p: (str(p.path), p.line or 0))
    return loaded, parsed


def parse_files(config: Config, images: list[PurePosixPath], files: list[Path]) -> list[Parsed]:
    """Parse a few content files (reports or pages) here, in this process."""
    parser = _Parser(config, config.root / "content" / "pages", set(images))
    found = []
    for path in files:
        data = path.read_bytes()
        found.append((digest_of(data), parser.one(path, data)))
    return found


@dataclass(frozen=True)
class _Parser:
    config: Config
    pages: Path
    images: set[PurePosixPath]

    def chunk(self, files: list[tuple[Path, bytes]]) -> list[tuple[Any, list[Problem]]]:
        return [self.one(path, data) for path, data in files]

    def one(self, path: Path, data: bytes) -> tuple[Any, list[Problem]]:
        text = decode_source(path, data)
        if self.pages in path.parents:
            return parse_page(path, text, self.config.base_path)
        return parse_report(self.config, path, text, self.images)


def files_below(folder: Path) -> list[Path]:
    # Symlinks are not followed: content may not pull in files from outside the site.
    if not folder.is_dir():
        return []
    return [
        p
        for p in folder.rglob("*")
        if p.is_file()
        and not p.is_symlink()
        and not any(part.startswith(".") for part in p.relative_to(folder).parts)
    ]


def read_source(path: Path) -> str | Problem:
    return decode_source(path, path.read_bytes())


def decode_source(path: Path, data: bytes) -> str | Problem:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return Problem(path, None, "the file is not UTF-8 text", "save it as UTF-8")


def split_front_matter(path: Path, text: str | Problem) -> Source | Problem:
    """Separate the `---` front matter from the body and parse it, keeping line numbers."""
    if isinstance(text, Problem):
        return text
    text = text.removeprefix("\ufeff")
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return Problem(
            path,
            1,
            "no front matter found",
            "start the file with a line `---`, then the fields, then another `---`",
        )
    end = next((i for i in range(1, len(lines)) if lines[i].strip() in ("---", "...")), None)
    if end is None:
        return Problem(
            path, 1, "the front matter is never closed", "add a line `---` after the last field"
        )
    try:
        meta = load_yaml("\n".join(lines[1:end]), first_line=2)
    except YamlSyntaxError as err:
        return Problem(
            path,
            err.line,
            err.message,
            "check indentation and quote values that contain `: ` or start with [ { \" '",
        )
    if meta is None:
        meta = LineDict()
        meta.line, meta.key_lines = 2, {}
    if not isinstance(meta, LineDict):
        return Problem(path, 2, "the front matter must be `field: value` lines")
    return Source(path, meta, "\n".join(lines[end + 1 :]))


class _Fields:
    """Reads fields off one file's front matter, recording a Problem for each bad one."""

    def __init__(self, source: Source, zone: ZoneInfo | None = None):
        self.path = source.path
        self.meta = source.meta
        self.zone = zone
        self.problems: list[Problem] = []

    def problem(self, key: str, message: str, hint: str = "") -> None:
        self.problems.append(Problem(self.path, self.meta.line_of(key), f"{key}: {message}", hint))

    def unknown_keys(self, known: tuple[str, ...]) -> None:
        for key in self.meta:
            if key not in known:
                hint = did_you_mean(key, list(known)) or "known fields: " + ", ".join(known)
                self.problem(key, "unknown field", hint)

    def text(self, key: str, required: bool = False) -> str:
        value = self.meta.get(key)
        if value is None or value == "":
            if required:
                self.problems.append(
                    Problem(
                        self.path,
                        self.meta.line,
                        f"{key}: missing",
                        f"add a line `{key}: …` to the front matter",
                    )
                )
            return ""
        if isinstance(value, (dict, list, bool)):
            self.problem(key, f"must be text, not {type(value).__name__}")
            return ""
        return str(value).strip()

    def text_list(self, key: str) -> list[str]:
        value = self.meta.get(key)
        if value is None:
            return []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or any(isinstance(v, (dict, list)) for v in value):
            self.problem(key, "must be a list, e.g. [a, b]")
            return []
        return [str(v).strip() for v in value if str(v).strip()]

    def flag(self, key: str) -> bool:
        value = self.meta.get(key, False)
        if not isinstance(value, bool):
            self.problem(key, f"must be true or false, not {value!r}")
            return False
        return value

    def day(self, key: str, value: Any, required: bool = False) -> date | None:
        moment = self.moment(key, value, required)
        return moment.date() if isinstance(moment, datetime) else moment

    def moment(self, key: str, value: Any, required: bool = False) -> date | datetime | None:
        if value is None or value == "":
            if required:
                self.problems.append(
                    Problem(
                        self.path,
                        self.meta.line,
                        f"{key}: missing",
                        f"add a line `{key}: 2025-03-05`",
                    )
                )
            return None
        moment = _as_moment(value, self.zone)
        if moment is None:
            self.problem(
                key,
                f"{str(value).strip()!r} is not a real date",
                'write dates as YYYY-MM-DD (e.g. 2025-03-05), times as "2025-03-05 09:30"',
            )
        elif not FIRST_YEAR <= moment.year <= LAST_YEAR:
            self.problem(
                key,
                f"the year {moment.year} is not plausible",
                f"use a year from {FIRST_YEAR} to {LAST_YEAR}",
            )
            return None
        return moment


def _as_moment(value: Any, zone: ZoneInfo | None) -> date | datetime | None:
    """A date, or a local time (naive, in the site's zone); None when it is no real date."""
    if isinstance(value, datetime):
        if value.tzinfo is not None and zone is not None:
            value = value.astimezone(zone)  # a time written with its offset, e.g. …T09:00Z
        return value.replace(tzinfo=None)
    if isinstance(value, date):
        return value
    text = str(value).strip()
    for parse in (date.fromisoformat, lambda t: datetime.strptime(t, "%Y-%m-%d %H:%M")):
        try:
            return parse(text)
        except ValueError:
            continue
    return None


def parse_report(
    config: Config, path: Path, text: str | Problem, images: set[PurePosixPath] | None = None
) -> tuple[Report | None, list[Problem]]:
    """Check one report file; return the Report, or None and every problem found in it."""
    source = split_front_matter(path, text)
    if isinstance(source, Problem):
        return None, [source]
    f = _Fields(source, config.zone)
    f.unknown_keys(REPORT_FIELDS)
    title = f.text("title", required=True)
    published = f.day("date", source.meta.get("date"), required=True)
    places = _known(
        f,
        "places",
        config.places and {k: p.name for k, p in config.places.items()},
        "add the place to `places:` in site.yaml, or fix the id",
    )
    if "places" in source.meta and not places and not f.problems:
        f.problem(
            "places", "lists no place", "add e.g. `places: [xingfuli]` with ids from site.yaml"
        )
    if "places" not in source.meta:
        f.problems.append(
            Problem(
                path,
                source.meta.line,
                "places: missing",
                "add e.g. `places: [xingfuli]` with ids from site.yaml",
            )
        )
    tags = _known(
        f,
        "tags",
        {k: t.name for k, t in config.tags.items()},
        "use a tag from `tags:` in site.yaml, or add it there",
    )
    reporters = _people(f, "reporters", config)
    photographers = _people(f, "photographers", config)
    slug = _slug(f, path)
    body_html = markdown_to_html(source.body, config.base_path)
    text_only = plain_text(body_html)
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
        draft=f.flag("draft"),
        images=tuple(_images(f, images)),
    )
    if f.problems:
        return None, f.problems
    return replace(report, event_ics=vevent(config, report)), []


def _known(f: _Fields, key: str, known: dict[str, str], fix: str) -> list[str]:
    values = f.text_list(key)
    for value in values:
        if value not in known:
            hint = did_you_mean(value, known)
            f.problem(
                key, f"unknown {key[:-1]} {value!r}", f"{hint} {fix}".strip() if hint else fix
            )
    return list(dict.fromkeys(values))


def _people(f: _Fields, key: str, config: Config) -> list[str]:
    names = {p.name: p.slug for p in config.people.values()}
    values = f.text_list(key)
    for value in values:
        if value not in names:
            hint = did_you_mean(value, names, cutoff=0.5)  # a slug finds its name too
            fix = "add the person to `people:` in site.yaml with an ASCII slug"
            f.problem(key, f"unknown person {value!r}", f"{hint} {fix}".strip())
    return [names[v] for v in dict.fromkeys(values) if v in names]


def _slug(f: _Fields, path: Path) -> str:
    if "slug" in f.meta:
        slug = f.text("slug")
        if not ID_PATTERN.match(slug):
            f.problem("slug", f"bad slug {slug!r}", ID_RULE)
        return slug
    if not ID_PATTERN.match(path.stem):
        f.problems.append(
            Problem(
                path,
                None,
                f"the file name {path.stem!r} can't be a URL slug",
                f"rename the file or add `slug:` ({ID_RULE})",
            )
        )
    return path.stem


def _event(f: _Fields) -> Event | None:
    value = f.meta.get("event")
    if value is None:
        return None
    if not isinstance(value, LineDict):
        f.problem("event", "must have `start:` and optionally `end:` and `location:` below it")
        return None
    sub = _Fields(Source(f.path, value, ""), f.zone)
    sub.unknown_keys(EVENT_FIELDS)
    start = sub.moment("start", value.get("start"), required=True)
    end = sub.moment("end", value.get("end"))
    location = sub.text("location")
    f.problems += [Problem(p.path, p.line, "event." + p.message, p.hint) for p in sub.problems]
    if start is None or sub.problems:
        return None
    if end is not None and _as_datetime(end) < _as_datetime(start):
        f.problems.append(
            Problem(
                f.path,
                value.line_of("end"),
                f"event.end: {end} is before the start {start}",
                "swap the dates, or correct the end",
            )
        )
        return None
    return Event(start=start, end=end, location=location)


def _as_datetime(moment: date | datetime) -> datetime:
    return (
        moment
        if isinstance(moment, datetime)
        else datetime(moment.year, moment.month, moment.day, 23, 59)
    )


def _aliases(f: _Fields) -> list[str]:
    result = []
    for alias in f.text_list("aliases"):
        if not ALIAS_PATTERN.match(alias) or "/../" in alias + "/" or "/./" in alias + "/":
            f.problem(
                "aliases",
                f"bad old URL {alias!r}",
                "write the path of the old page, e.g. /2024/old-name/ or /old/page.html",
            )
        else:
            result.append(alias)
    return result


def _images(f: _Fields, available: set[PurePosixPath] | None) -> list[Image]:
    value = f.meta.get("images")
    if value is None:
        return []
    if not isinstance(value, list):
        f.problem("images", "must be a list of `- src: images/x.jpg` with `alt:` text")
        return []
    result = []
    for item in value:
        if isinstance(item, str):
            item = LineDict(src=item)
            item.line, item.key_lines = f.meta.line_of("images"), {}
        if not isinstance(item, LineDict):
            f.problem("images", "each image needs `src:` and `alt:`")
            continue
        sub = _Fields(Source(f.path, item, ""))
        sub.unknown_keys(IMAGE_FIELDS)
        src, alt = sub.text("src", required=True), sub.text("alt")
        rel = PurePosixPath(src)
        if src and (rel.is_absolute() or ".." in rel.parts or rel.parts[:1] != ("images",)):
            sub.problem(
                "src",
                f"{src!r} is not inside content/images/",
                "put the picture in content/images/ and write src: images/NAME.jpg",
            )
        elif src and available is not None and rel not in available:
            sub.problem(
                "src", f"{src!r} does not exist", "check the file name under content/images/"
            )
        if src and not alt:
            sub.problems.append(
                Problem(
                    f.path,
                    item.line,
                    f"images: {src!r} has no alt text",
                    "add `alt:` describing the picture for blind readers",
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
        if src and alt:
            result.append(Image(src=src, alt=alt, caption=sub.text("caption")))
    return result


def parse_page(
    path: Path, text: str | Problem, base_path: str = "/"
) -> tuple[Page | None, list[Problem]]:
    """Check one ordinary page; its URL name is the file name."""
    source = split_front_matter(path, text)
    if isinstance(source, Problem):
        return None, [source]
    f = _Fields(source)
    f.unknown_keys(PAGE_FIELDS)
    title = f.text("title", required=True)
    if not ID_PATTERN.match(path.stem):
        f.problems.append(
            Problem(
                path,
                None,
                f"the file name {path.stem!r} can't be a URL",
                f"rename the file ({ID_RULE})",
            )
        )
    page = Page(
        file=str(path),
        name=path.stem,
        title=title,
        description=f.text("description"),
        body_html=markdown_to_html(source.body, base_path),
    )
    return (None if f.problems else page), f.problems


def _without_duplicate_slugs(reports: list[Report]) -> tuple[list[Report], list[Problem]]:
    """Keep the first report of each slug (in path order); a later one is a problem."""
    seen: dict[str, Report] = {}
    problems = []
    for report in reports:
        first = seen.setdefault(report.slug, report)
        if first is not report:
            problems.append(
                Problem(
                    report.source_path,
                    None,
                    f"slug {report.slug!r} is already used by {first.source_path}",
                    "give one of them another `slug:` (URLs must be unique)",
                )
            )
    return list(seen.values()), problems
