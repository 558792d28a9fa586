"""The `bulletin check` command: check the whole site without writing output."""

from __future__ import annotations

import argparse
import json
import os
from collections.abc import Callable
from pathlib import Path

from generator.checks.documents import read_documents
from generator.checks.drafts import unwritten_draft
from generator.checks.glyphs import unprintable_characters
from generator.checks.links import body_problems, link_targets
from generator.checks.posters import title_problems
from generator.errors import ConfigError, Problem, with_hint
from generator.i18n import N_, _, ngettext
from generator.load.config import load_config
from generator.load.content import content_sources
from generator.load.site import load_site
from generator.model.config import Config
from generator.model.plan import clash_problem, clashing_aliases, plan
from generator.render.theme import copied_files, theme_dirs


def add_parser(commands: argparse._SubParsersAction, common_options: Callable) -> None:
    c = commands.add_parser(
        "check",
        help=_("check everything without building"),
        description=_(
            "Check site.yaml and every report and page — front matter, links and "
            "pictures in the text, titles that don't fit a poster — and list every problem "
            "with its file, line and column. Nothing is written."
        ),
    )
    common_options(c)
    c.add_argument(
        "--format",
        choices=["text", "json"],
        default="text",
        help=_("text for people (default), json for scripts and CI"),
    )
    c.add_argument(
        "--drafts",
        action="store_true",
        help=_("check as if drafts and future reports were published"),
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
        problems += unwritten_draft(document)
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
        text = SEVERITIES.get(p.severity, "{message}")
        lines.append(with_hint(f"{where}: " + _(text).format(message=p.message), p.hint))
    lines.append(summary(problems, files))
    return "\n".join(lines)


SEVERITIES = {
    "error": N_("error: {message}"),
    "warning": N_("warning: {message}"),
    "info": N_("info: {message}"),
}


def summary(problems: list[Problem], files: int) -> str:
    """The last line: how many errors and warnings in how many files."""
    errors = sum(p.severity == "error" for p in problems)
    warnings = len(problems) - errors
    return _("{errors}, {warnings} in {files}").format(
        errors=ngettext("{count} error", "{count} errors", errors).format(count=errors),
        warnings=ngettext("{count} warning", "{count} warnings", warnings).format(count=warnings),
        files=ngettext("{count} file", "{count} files", files).format(count=files),
    )


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
