"""Links and pictures in the text of reports and pages: to reports, pages, places and tags that
exist, to pictures that exist and have a description."""

from __future__ import annotations

import posixpath
import re
from collections.abc import Iterator
from dataclasses import dataclass
from urllib.parse import unquote, urlsplit

from generator.checks.documents import Document
from generator.errors import Problem, did_you_mean
from generator.i18n import N_, _
from generator.model.site import Site

FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
CODE_SPAN = re.compile(r"(`+)[^`].*?\1|``")
LINK = re.compile(
    r"(?P<bang>!?)\[(?P<text>(?:[^\[\]]|\[[^\[\]]*\])*)\]"
    r"\(\s*(?P<url><[^<>]*>|[^\s()<>]*(?:\([^\s()]*\)[^\s()]*)*)"
    r"(?:\s+(?:\"[^\"]*\"|'[^']*'))?\s*\)"
)
REFERENCE = re.compile(r"^ {0,3}\[[^\]]+\]:\s*(?P<url><[^<>]*>|\S+)")
UNKNOWN_TARGETS = {  # one sentence for each kind of address, translated whole
    "pages": N_("link to unknown page {name}"),
    "places": N_("link to unknown place {name}"),
    "tags": N_("link to unknown tag {name}"),
}


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
        if path is None and link.image and urlsplit(link.target).netloc:
            finding: Finding | None = external_picture()
        else:
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
        _("image {target} has no alt text").format(target=repr(link.target)),
        _("describe the picture for blind readers: ![居民在活动现场合影]({target})").format(
            target=link.target
        ),
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
    if target.startswith(("images/", "/images/")):  # a file name: # ? % are part of it
        return target.lstrip("/")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    path = unquote(parts.path)
    if path.startswith("images/"):  # written within the site's root, as markup.py reads it
        path = "/" + path
    joined = posixpath.join("/" + document_url, path)
    resolved = posixpath.normpath(joined).lstrip("/")
    return resolved + "/" if path.endswith("/") and resolved else resolved


def external_picture() -> Finding:
    return Finding(
        _(
            "picture from another host: every reader's phone would fetch it from there, "
            "telling that host who reads the page; it is shown as a link instead"
        ),
        _("save the picture into content/images/ and write ![描述](images/NAME.jpg)"),
        severity="warning",
    )


def _finding(path: str, link: Link, targets: Targets) -> Finding | None:
    if path in targets.aliases or path + "/" in targets.aliases:
        return None
    if link.image or path.startswith("images/"):
        return _image_finding(path, link, targets)
    kind, _slash, rest = path.partition("/")
    key = rest.split("/")[0]
    if kind == "reports" and key:
        return _report_finding(key, targets)
    choices = {"pages": targets.pages, "places": targets.places, "tags": targets.tags}.get(kind)
    if choices is None or not key or key in choices:
        return None
    hint = did_you_mean(key, choices)
    where = "content/pages/" if kind == "pages" else "site.yaml"
    message = _(UNKNOWN_TARGETS[kind]).format(name=repr(key))
    return Finding(message, hint or _("see {where} for the names").format(where=where))


def _image_finding(path: str, link: Link, targets: Targets) -> Finding | None:
    if not path.startswith("images/"):
        return Finding(
            _("image {target} is not inside content/images/").format(target=repr(link.target)),
            _("put the picture in content/images/ and write ![描述](images/NAME.jpg)"),
        )
    if path in targets.images:
        return None
    hint = did_you_mean(path, targets.images)
    fix = _("check the file name under content/images/ (.jpg, .png, .heic, .webp, .avif)")
    message = _("image {target} does not exist").format(target=repr(link.target))
    return Finding(message, f"{hint} {fix}".strip())


def _report_finding(slug: str, targets: Targets) -> Finding | None:
    if slug in targets.published or slug in targets.broken:
        return None
    if slug in targets.reports:
        return Finding(
            _("link to report {slug}, which is not published").format(slug=repr(slug)),
            _("it is a draft or dated in the future: the link works once it is published"),
            severity="warning",
        )
    hint = did_you_mean(slug, targets.reports)
    return Finding(
        _("link to unknown report {slug}").format(slug=repr(slug)),
        hint or _("a report's address is /reports/<its file name>/"),
    )
