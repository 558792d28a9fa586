"""The `bulletin check` command: check the whole site without writing output."""

from __future__ import annotations

import argparse
import json
import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.config import ID_PATTERN, Config
from generator.content import Source, files_below, read_source, split_front_matter
from generator.errors import ConfigError, Problem, did_you_mean
from generator.paper import PAPERS
from generator.pipeline import clash_problem, clashing_aliases, load_site
from generator.render import plan
from generator.sheets import dimensions, line_count
from generator.site import Site
from generator.theme import theme_dirs

POSTER_TITLE_LINES = 3  # more lines than this crowd the A4 poster's body off the sheet

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)[^`].*?\1|``")
LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]"
    r"\(\s*(?P<url><[^<>]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()]*)*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(?P<url><[^<>]*>|\S+)")
NOUNS = {"reports": "report", "pages": "page", "places": "place", "tags": "tag"}


@dataclass(frozen=True)
class Document:
    """A report or page whose front matter could be read, and where its body starts."""

    source: Source
    url: str  # below the site root, e.g. "reports/xingfuli-swap-shop/"
    first_line: int  # the line of the file where the body begins

    @property
    def is_report(self) -> bool:
        return self.url.startswith("reports/")


@dataclass(frozen=True)
class Link:
    """A link or picture in a body: its target, and where it stands in the file."""

    target: str
    line: int
    column: int  # of the target
    start: int  # column of the `[` or `![`
    image: bool
    alt: str


@dataclass(frozen=True)
class Targets:
    """What a link in a body may point at."""

    published: set[str]  # slugs of the reports on the website
    reports: list[str]  # every report slug in content/, published or not
    broken: set[str]  # slugs of reports that have errors of their own
    pages: list[str]
    places: dict[str, str]  # id → name
    tags: dict[str, str]  # slug → name
    images: list[str]  # "images/…", as the site publishes them
    aliases: set[str]  # old addresses that redirect, below the site root


@dataclass(frozen=True)
class Finding:
    """What is wrong with one link, before it is placed in its file."""

    message: str
    hint: str = ""
    severity: str = "error"


def add_parser(commands: argparse._SubParsersAction) -> None:
    c = commands.add_parser(
        "check",
        help="check everything without building",
        description="Check site.yaml and every report and page — front matter, links and "
        "pictures in the text, titles that don't fit a poster — and list every problem "
        "with its file, line and column. Nothing is written.",
    )
    c.add_argument(
        "--site",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the site folder holding site.yaml and content/ (default: here)",
    )
    c.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help="text for people (default), json for scripts and CI",
    )
    c.add_argument(
        "--drafts",
        action="store_true",
        help="check as if drafts and future reports were published",
    )


def run(args: argparse.Namespace) -> int:
    problems = check_site(args.site, args.drafts)
    files = len(content_files(args.site))
    if args.format == "json":
        print(as_json(problems, args.site))
    else:
        print(as_text(problems, files, Path.cwd()))
    return 1 if any(p.severity == "error" for p in problems) else 0


def check_site(site_dir: Path, include_drafts: bool = False) -> list[Problem]:
    """Every problem of the site, errors and warnings, in file and line order."""
    try:
        loaded = load_site(site_dir, include_drafts)
        site, problems = loaded.site, loaded.problems
    except ConfigError as err:
        return err.problems
    theme_problems = _theme_problems(site.config)
    problems += theme_problems
    if not theme_problems:  # alias clashes are judged against the theme's static files
        units = plan(site)
        problems += [clash_problem(site, unit) for unit in clashing_aliases(units, site)]
    documents = read_documents(site_dir)
    targets = link_targets(site, documents, problems)
    for document in documents:
        problems += body_problems(document, targets, site.config.base_url)
        problems += title_problems(document)
    return sorted(problems, key=lambda p: (str(p.path), p.line or 0, p.column or 0))


def _theme_problems(config: Config) -> list[Problem]:
    try:
        theme_dirs(config)
    except ConfigError as err:
        return err.problems
    return []


def content_files(site_dir: Path) -> list[Path]:
    """The Markdown files of content/reports/ and content/pages/, as a build reads them."""
    content = site_dir / "content"
    found = files_below(content / "reports") + files_below(content / "pages")
    return sorted(p for p in found if p.suffix == ".md")


def read_documents(site_dir: Path) -> list[Document]:
    """Every report and page whose front matter can be read (the others are already errors)."""
    documents = []
    for path in content_files(site_dir):
        text = read_source(path)
        source = split_front_matter(path, text)
        if isinstance(text, str) and isinstance(source, Source):
            url = _url(source, site_dir / "content" / "pages")
            documents.append(Document(source, url, _first_body_line(text, source)))
    return documents


def _url(source: Source, pages: Path) -> str:
    if source.path.is_relative_to(pages):
        return f"pages/{source.path.stem}/"
    slug = source.meta.get("slug")
    good = isinstance(slug, str) and ID_PATTERN.match(slug)
    return f"reports/{slug if good else source.path.stem}/"


def _first_body_line(text: str, source: Source) -> int:
    total = text.removeprefix("\ufeff").count("\n") + 1
    return total - source.body.count("\n")


def link_targets(site: Site, documents: list[Document], problems: list[Problem]) -> Targets:
    """What exists: reports and pages of content/ (even unpublished), places, tags, images."""
    failing = {p.path for p in problems if p.severity == "error"}
    reports = [d for d in documents if d.is_report]
    return Targets(
        published=set(site.by_slug),
        reports=sorted({_key(d.url) for d in reports}),
        broken={_key(d.url) for d in reports if d.source.path in failing},
        pages=sorted(_key(d.url) for d in documents if not d.is_report),
        places={k: p.name for k, p in site.config.places.items()},
        tags={k: t.name for k, t in site.config.tags.items()},
        images=list(site.images),
        aliases=set(site.aliases),
    )


def _key(url: str) -> str:
    return url.split("/")[1]


def body_problems(document: Document, targets: Targets, base_url: str) -> list[Problem]:
    """Broken links, missing pictures and pictures without alt text in a body."""
    problems = []
    for link in links(document):
        if link.image and not link.alt.strip():
            problems.append(_alt_problem(document, link))
        path = site_path(link.target, document.url, base_url)
        finding = None if path is None else _finding(path, link, targets)
        if finding:
            problems.append(
                Problem(
                    document.source.path,
                    link.line,
                    finding.message,
                    finding.hint,
                    column=link.column,
                    severity=finding.severity,
                )
            )
    return problems


def _alt_problem(document: Document, link: Link) -> Problem:
    return Problem(
        document.source.path,
        link.line,
        f"image {link.target!r} has no alt text",
        f"describe the picture for blind readers: ![居民在活动现场合影]({link.target})",
        column=link.start,
    )


def links(document: Document) -> Iterator[Link]:
    """Inline links, pictures and reference definitions of the body, outside code."""
    fence: str | None = None
    for number, line in enumerate(document.source.body.split("\n"), document.first_line):
        code, fence = _in_code(line, fence)
        if code:
            continue
        text = CODE_SPAN.sub(lambda m: " " * len(m.group()), line)
        yield from _inline_links(text, number, 0)
        reference = REFERENCE.match(text)
        if reference:
            yield _link(reference, number, image=False, alt="")


def _in_code(line: str, fence: str | None) -> tuple[bool, str | None]:
    """Whether `line` belongs to a fenced code block, and the fence still open after it."""
    marker = FENCE.match(line)
    if fence is None:
        return (True, marker.group(1)) if marker else (False, None)
    closes = (
        marker is not None
        and marker.group(1).startswith(fence)
        and not line[marker.end() :].strip()
    )
    return True, (None if closes else fence)


def _inline_links(text: str, number: int, offset: int) -> Iterator[Link]:
    for match in LINK.finditer(text, offset):
        # A picture inside a link's text, as in [![alt](images/a.jpg)](/reports/a/)
        yield from _inline_links(text[: match.end("text")], number, match.start("text"))
        yield _link(match, number, image=bool(match.group("bang")), alt=match.group("text"))


def _link(match: re.Match[str], number: int, image: bool, alt: str) -> Link:
    url = match.group("url")
    column = match.start("url") + 1
    if url.startswith("<"):
        url, column = url[1:-1], column + 1
    return Link(url.strip(), number, column, match.start() + 1, image, alt)


def site_path(target: str, document_url: str, base_url: str) -> str | None:
    """The address below the site root that `target` points at, or None when it leaves the
    site (another host, mailto:, tel:) or stays on the same page (#part)."""
    if target.startswith(base_url):
        target = "/" + target[len(base_url) :]
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if path.startswith("images/"):  # written within the site's root, as markup.py reads it
        path = "/" + path
    joined = posixpath.join("/" + document_url, path)
    resolved = posixpath.normpath(joined).lstrip("/")
    return resolved + "/" if path.endswith("/") and resolved else resolved


def _finding(path: str, link: Link, targets: Targets) -> Finding | None:
    if path in targets.aliases or path + "/" in targets.aliases:
        return None
    if link.image or path.startswith("images/"):
        return _image_finding(path, link, targets)
    kind, _, rest = path.partition("/")
    key = rest.split("/")[0]
    if kind == "reports" and key:
        return _report_finding(key, targets)
    choices = {"pages": targets.pages, "places": targets.places, "tags": targets.tags}.get(kind)
    if choices is None or not key or key in choices:
        return None
    hint = did_you_mean(key, choices)
    where = "content/pages/" if kind == "pages" else "site.yaml"
    return Finding(f"link to unknown {NOUNS[kind]} {key!r}", hint or f"see {where} for the names")


def _image_finding(path: str, link: Link, targets: Targets) -> Finding | None:
    if not path.startswith("images/"):
        return Finding(
            f"image {link.target!r} is not inside content/images/",
            "put the picture in content/images/ and write ![描述](images/NAME.jpg)",
        )
    if path in targets.images:
        return None
    hint = did_you_mean(path, targets.images)
    fix = "check the file name under content/images/ (.jpg, .png, .gif, .webp, .svg, .avif)"
    return Finding(f"image {link.target!r} does not exist", f"{hint} {fix}".strip())


def _report_finding(slug: str, targets: Targets) -> Finding | None:
    if slug in targets.published or slug in targets.broken:
        return None
    if slug in targets.reports:
        return Finding(
            f"link to report {slug!r}, which is not published",
            "it is a draft or dated in the future: the link works once it is published",
            severity="warning",
        )
    hint = did_you_mean(slug, targets.reports)
    return Finding(
        f"link to unknown report {slug!r}",
        hint or "a report's address is /reports/<its file name>/",
    )


def title_problems(document: Document) -> list[Problem]:
    """A warning when a report's title takes more than three lines on an A4 poster."""
    title = document.source.meta.get("title")
    if not document.is_report or not isinstance(title, str):
        return []
    dims = dimensions(PAPERS["a4"])
    lines = line_count(title.strip(), dims.title_pt, dims.width_pt)
    if lines <= POSTER_TITLE_LINES:
        return []
    return [
        Problem(
            document.source.path,
            document.source.meta.line_of("title"),
            f"title: too long for a poster: {lines} lines on A4, "
            f"at most {POSTER_TITLE_LINES} fit well",
            "shorten the title, or move part of it into `subtitle:`",
            column=1,
            severity="warning",
        )
    ]


def as_text(problems: list[Problem], files: int, root: Path) -> str:
    """`file:line:col: severity: message` lines with hints, then a count."""
    lines = []
    for p in problems:
        where = shown_path(p.path, root)
        if p.line:
            where += f":{p.line}:{p.column or 1}"
        lines.append(f"{where}: {p.severity}: {p.message}")
        if p.hint:
            lines.append(f"    hint: {p.hint}")
    lines.append(summary(problems, files))
    return "\n".join(lines)


def summary(problems: list[Problem], files: int) -> str:
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    return f"{_count(errors, 'error')}, {_count(warnings, 'warning')} in {_count(files, 'file')}"


def _count(number: int, noun: str) -> str:
    return f"{number} {noun}" if number == 1 else f"{number} {noun}s"


def as_json(problems: list[Problem], site_dir: Path) -> str:
    """{"problems": [...], "errors": N, "warnings": N}, paths relative to the site folder."""
    errors = sum(p.severity == "error" for p in problems)
    data = {
        "problems": [
            {
                "file": shown_path(p.path, site_dir),
                "line": p.line,
                "column": (p.column or 1) if p.line else None,
                "severity": p.severity,
                "message": p.message,
                "hint": p.hint,
            }
            for p in problems
        ],
        "errors": errors,
        "warnings": len(problems) - errors,
    }
    return json.dumps(data, ensure_ascii=False, indent=2)


def shown_path(path: Path, root: Path) -> str:
    """`path` relative to `root` when it lies inside it, otherwise as it was given."""
    full, base = path.resolve(), root.resolve()
    return (full.relative_to(base) if full.is_relative_to(base) else path).as_posix()
