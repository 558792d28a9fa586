"""Read content/: every report and page (in parallel), and the list of images.

A build passes what an earlier build parsed (`Reuse`): a file whose digest is unchanged is not
parsed again. The loader itself never reads or hashes a file it does not parse; the digests
come from the caller (the build's stamps, incremental/stamps.py).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from generator.errors import Problem
from generator.i18n import _, current_language
from generator.load.files import Listing, list_files, read_content_file
from generator.load.frontmatter import decode_source
from generator.load.reports import parse_page, parse_report
from generator.model.config import Config
from generator.model.items import Page, Report
from generator.model.photos import is_picture
from generator.pool import fork_map

Result = tuple[Any, list[Problem]]  # what parsing a file gave: a Report or Page (or None)
Parsed = tuple[str, Result]  # (digest of the file, what parsing it gave)


@dataclass
class LoadedContent:
    """Reports and pages that passed every check, and the problems of those that did not."""

    reports: list[Report] = field(default_factory=list)
    pages: list[Page] = field(default_factory=list)
    images: list[PurePosixPath] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    parse_context: str = ""  # see parse_context()


@dataclass(frozen=True)
class Reuse:
    """What an earlier build parsed, and the digest of each content file now."""

    digests: Mapping[str, str]  # file → digest of its bytes now
    parsed: Mapping[str, Parsed] = field(default_factory=dict)  # file → (digest then, result)
    context: str = ""  # the parse context `parsed` was made in
    probes: Mapping[str, Any] = field(default_factory=dict)  # picture digest → load.photos.Probe


def parse_context(config: Config, images: list[PurePosixPath]) -> str:
    """What parsing a file depends on besides the file: the configuration (places, tags,
    people, base URL), which images exist, and the language of the problems' messages. A
    parse made in another context is not reused. (Bulletin's own code matters too: the caller
    reuses nothing after the code changed.)"""
    text = "\0".join((repr(config), current_language(), *map(str, images)))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def content_images(site_root: Path) -> Listing:
    """The pictures below content/images/ ("images/…", as the site publishes them), and
    warnings about what was passed over there."""
    root = site_root / "content"
    listing = list_files(root / "images")
    # No SVG: an SVG file can carry scripts that would run on the site's own domain.
    listing.files = [p for p in listing.files if is_picture(p.name)]
    return listing


def content_sources(site_root: Path) -> Listing:
    """The Markdown files of content/reports/ and content/pages/, in the order they are read,
    and warnings about what was passed over there."""
    root = site_root / "content"
    found = Listing()
    for folder in ("reports", "pages"):
        listing = list_files(root / folder)
        found.files += [p for p in listing.files if p.suffix == ".md"]
        found.skipped += listing.skipped
    return found


def published_path(site_root: Path, image: Path) -> PurePosixPath:
    """An image file's path as the site publishes it: images/…"""
    return PurePosixPath(image.relative_to(site_root / "content").as_posix())


def load_content(
    config: Config, reuse: Reuse | None = None, jobs: int = 1
) -> tuple[LoadedContent, dict[str, Parsed]]:
    """Read every report, page and image below `config.root / "content"`.

    A file whose digest in `reuse` is the one it had when `reuse` parsed it, in the same
    context, is not parsed again; the others are parsed in `jobs` processes. Returns what was
    loaded, and each file's digest (from `reuse`, "" without) and result for the next build.
    """
    images, listing = content_images(config.root), content_sources(config.root)
    loaded = LoadedContent(images=[published_path(config.root, p) for p in images.files])
    loaded.problems += images.skipped + listing.skipped
    loaded.parse_context = parse_context(config, loaded.images)
    sources = listing.files
    reuse = reuse or Reuse({})
    known = reuse.parsed if reuse.context == loaded.parse_context else {}
    parsed: dict[str, Parsed] = {}
    todo: list[Path] = []
    for path in sources:
        digest = reuse.digests.get(str(path), "")
        earlier = known.get(str(path))
        if digest and earlier is not None and earlier[0] == digest:
            parsed[str(path)] = earlier
        else:
            todo.append(path)
    chunks = [todo[i : i + 64] for i in range(0, len(todo), 64)]
    parse = _Parser(config, set(loaded.images))
    for chunk, results in zip(chunks, fork_map(parse.chunk, chunks, jobs), strict=True):
        for path, result in zip(chunk, results, strict=True):
            parsed[str(path)] = (reuse.digests.get(str(path), ""), result)
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


def parse_files(config: Config, images: list[PurePosixPath], files: list[Path]) -> list[Result]:
    """Parse a few content files (reports or pages) here, in this process."""
    return _Parser(config, set(images)).chunk(files)


@dataclass(frozen=True)
class _Parser:
    config: Config
    images: set[PurePosixPath]

    def chunk(self, files: list[Path]) -> list[Result]:
        return [self.one(path) for path in files]

    def one(self, path: Path) -> Result:
        data = read_content_file(path)
        if isinstance(data, Problem):
            return None, [data]
        text = decode_source(path, data)
        if self.config.root / "content" / "pages" in path.parents:
            return parse_page(self.config, path, text)
        return parse_report(self.config, path, text, self.images)


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
                    _("slug {slug} is already used by {file}").format(
                        slug=repr(report.slug), file=first.source_path
                    ),
                    _("give one of them another `slug:` (URLs must be unique)"),
                )
            )
    return list(seen.values()), problems
