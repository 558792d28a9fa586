"""The `bulletin check` command: check the whole site without writing output."""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable
from pathlib import Path

from generator.checks.documents import read_documents
from generator.checks.glyphs import unprintable_characters
from generator.checks.links import body_problems, link_targets
from generator.checks.posters import title_problems
from generator.errors import ConfigError, Problem
from generator.load.config import load_config
from generator.load.content import content_sources
from generator.load.site import load_site
from generator.model.config import Config
from generator.model.plan import clash_problem, clashing_aliases, plan
from generator.render.theme import copied_files, theme_dirs


def add_parser(commands: argparse._SubParsersAction, site_option: Callable) -> None:
    c = commands.add_parser(
        "check",
        help="check everything without building",
        description="Check site.yaml and every report and page — front matter, links and "
        "pictures in the text, titles that don't fit a poster — and list every problem "
        "with its file, line and column. Nothing is written.",
    )
    site_option(c)
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
    files = len(content_sources(args.site).files)
    if args.format == "json":
        print(as_json(problems, args.site))
    else:
        print(as_text(problems, files, Path.cwd()))
    return 1 if any(p.severity == "error" for p in problems) else 0


def check_site(site_dir: Path, include_drafts: bool = False) -> list[Problem]:
    """Every problem of the site, errors and warnings, in file and line order."""
    try:
        loaded = load_site(load_config(site_dir), include_drafts)
        site, problems = loaded.site, loaded.problems
    except ConfigError as err:
        return err.problems
    theme_problems = _theme_problems(site.config)
    problems += theme_problems
    if not theme_problems:  # alias clashes are judged against the theme's static files
        clashes = clashing_aliases(plan(site), set(copied_files(site)))
        problems += [clash_problem(site, unit) for unit in clashes]
    documents = read_documents(site_dir)
    targets = link_targets(site, documents, problems)
    for document in documents:
        problems += body_problems(document, targets, site.config.base_url)
        problems += title_problems(document)
    problems += unprintable_characters(documents)
    return sorted(problems, key=lambda p: (str(p.path), p.line or 0, p.column or 0))


def _theme_problems(config: Config) -> list[Problem]:
    try:
        theme_dirs(config)
    except ConfigError as err:
        return err.problems
    return []


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
    # abspath, not resolve: a problem may be about a link itself (one to nowhere, say).
    full, base = Path(os.path.abspath(path)), Path(os.path.abspath(root))
    return (full.relative_to(base) if full.is_relative_to(base) else path).as_posix()
