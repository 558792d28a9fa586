"""The `bulletin print` command: one sheet, or every place's weekly sheet, as PDF files."""

from __future__ import annotations

import argparse
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.errors import BulletinError, ContentError, did_you_mean
from generator.load.config import load_config
from generator.load.site import load_site
from generator.model.calendars import week_key
from generator.model.plan import Unit, poster_unit, sheet_unit, sheet_weeks
from generator.model.site import Site
from generator.printing.papers import PAPER_CHOICES
from generator.printing.pdf import print_pdf
from generator.render.renderers import render
from generator.render.theme import copied_files, make_environment


def add_parser(commands: argparse._SubParsersAction, site_option: Callable) -> None:
    p = commands.add_parser(
        "print",
        help="print a notice-board sheet as PDF",
        description="Print a report's poster, or a place's weekly or monthly sheet, as a "
        "one-page PDF with a QR code back to the website.",
    )
    p.add_argument(
        "target",
        nargs="?",
        default="",
        metavar="REPORT-SLUG|PLACE-ID",
        help="a report (prints its poster) or a place (prints its weekly sheet)",
    )
    period = p.add_mutually_exclusive_group()
    period.add_argument(
        "--week",
        default="",
        metavar="YYYY-Www",
        help="the week of a place's weekly sheet (default: this week)",
    )
    period.add_argument(
        "--month",
        default="",
        metavar="YYYY-MM",
        help="print a place's monthly calendar sheet instead",
    )
    p.add_argument(
        "--paper",
        choices=list(PAPER_CHOICES),
        default="",
        help="paper size (default: `paper` in site.yaml)",
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        metavar="FILE.pdf|DIR",
        help="where to write the PDF (with --all, a folder)",
    )
    p.add_argument(
        "--all",
        action="store_true",
        dest="all_places",
        help="print the weekly sheet of every place that has something that week",
    )
    site_option(p)
    p.add_argument("--drafts", action="store_true", help="also allow drafts and future reports")


def run(args: argparse.Namespace) -> int:
    if not args.target and not args.all_places:
        raise BulletinError("name a report slug or a place id to print, or use --all")
    written = print_sheets(
        PrintRequest(
            site_dir=args.site,
            target=args.target,
            week=args.week,
            month=args.month,
            paper=args.paper,
            output=args.output,
            all_places=args.all_places,
            include_drafts=args.drafts,
        )
    )
    for path in written:
        print(f"wrote {path}")
    if not written:
        print("nothing to print: no place has a report or event that week")
    return 0


@dataclass(frozen=True)
class PrintRequest:
    site_dir: Path
    target: str  # a report slug or a place id; "" with all_places
    week: str = ""
    month: str = ""
    paper: str = ""  # A4, A3 or A4-landscape; "" for the site's default
    output: Path | None = None
    all_places: bool = False
    include_drafts: bool = False


def print_sheets(request: PrintRequest) -> list[Path]:
    """Write the requested PDF files; return their paths."""
    loaded = load_site(load_config(request.site_dir), request.include_drafts)
    site, problems = loaded.site, loaded.problems
    if problems:
        raise ContentError(problems)
    paper = PAPER_CHOICES[request.paper] if request.paper else site.config.paper
    _check_period(request)
    if request.all_places:
        week = request.week  # --all needs --week (checked above)
        folder = request.output or Path(".")
        units = [
            sheet_unit("week_sheet", place_id, week)
            for place_id in site.config.places
            if week in sheet_weeks(site, place_id)
        ]
        return [_write(site, unit, paper, folder / f"{unit.scope}-{week}.pdf") for unit in units]
    unit = _unit_for(site, request)
    name = "-".join(part for part in (request.target, unit.key if unit.scope else "") if part)
    return [_write(site, unit, paper, request.output or Path(f"{name}.pdf"))]


def _check_period(request: PrintRequest) -> None:
    if request.week and request.month:
        raise BulletinError("give either --week or --month, not both")
    if request.week and not _valid_week(request.week):
        raise BulletinError(f"--week {request.week!r} is not a week: write it like 2026-W48")
    if request.month and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", request.month):
        raise BulletinError(f"--month {request.month!r} is not a month: write it like 2026-11")
    if request.all_places and not request.week:
        raise BulletinError("--all prints the weekly sheets of one week: add --week 2026-W48")


def _valid_week(text: str) -> bool:
    if not re.fullmatch(r"\d{4}-W\d{2}", text):
        return False
    try:
        date.fromisocalendar(int(text[:4]), int(text[6:]), 1)
    except ValueError:
        return False
    return True


def _unit_for(site: Site, request: PrintRequest) -> Unit:
    target = request.target
    if target in site.by_slug:
        if request.week or request.month:
            raise BulletinError("--week and --month are for places; a report prints as a poster")
        return poster_unit(target)
    if target in site.config.places:
        if request.month:
            return sheet_unit("month_sheet", target, request.month)
        return sheet_unit("week_sheet", target, request.week or week_key(site.today))
    choices = {
        **{slug: "报道" for slug in site.by_slug},
        **{p.id: p.name for p in site.config.places.values()},
    }
    hint = did_you_mean(target, choices)
    raise BulletinError(
        f"{target!r} is neither a published report's slug nor a place id"
        + (f"; {hint}" if hint else "")
    )


def _write(site: Site, unit: Unit, paper: str, path: Path) -> Path:
    env = make_environment(site.config)
    html = render(site, env, unit).decode("utf-8")
    sheet = print_pdf(html, copied_files(site), site.config.base_url, paper)
    if sheet.pages != 1:
        raise BulletinError(
            f"{unit.path} came out on {sheet.pages} pages instead of one; "
            "try --paper A3, or shorten the text"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed, so a failed run never leaves half a PDF.
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(handle, "wb") as out:
        out.write(sheet.pdf)
    os.replace(temporary, path)
    return path
