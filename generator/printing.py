"""The `bulletin print` command: one sheet, or every place's weekly sheet, as PDF files."""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator import urls
from generator.calendars import week_key
from generator.config import PAPER_CHOICES
from generator.errors import BulletinError, ContentError, did_you_mean
from generator.pdf import print_pdf
from generator.pipeline import load_site
from generator.print_pages import sheet_weeks
from generator.render import render
from generator.site import Site
from generator.theme import make_environment, static_files
from generator.units import Unit


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


def run_print(request: PrintRequest) -> list[Path]:
    """Write the requested PDF files; return their paths."""
    loaded = load_site(request.site_dir, request.include_drafts)
    site, problems = loaded.site, loaded.problems
    if problems:
        raise ContentError(problems)
    paper = PAPER_CHOICES[request.paper] if request.paper else site.config.paper
    _check_period(request)
    if request.all_places:
        week = request.week  # --all needs --week (checked above)
        folder = request.output or Path(".")
        units = [
            Unit(urls.week_sheet(p, week, paper), "week_sheet", week, scope=p, paper=paper)
            for p in site.config.places
            if week in sheet_weeks(site, p)
        ]
        return [_write(site, unit, folder / f"{unit.scope}-{week}.pdf") for unit in units]
    unit = _unit_for(site, request, paper)
    name = "-".join(part for part in (request.target, unit.key if unit.scope else "") if part)
    return [_write(site, unit, request.output or Path(f"{name}.pdf"))]


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


def _unit_for(site: Site, request: PrintRequest, paper: str) -> Unit:
    target = request.target
    if target in site.by_slug:
        if request.week or request.month:
            raise BulletinError("--week and --month are for places; a report prints as a poster")
        return Unit(urls.poster(target, paper), "poster", target, paper=paper)
    if target in site.config.places:
        if request.month:
            return Unit(
                urls.month_sheet(target, request.month, paper),
                "month_sheet",
                request.month,
                scope=target,
                paper=paper,
            )
        week = request.week or week_key(site.today)
        return Unit(
            urls.week_sheet(target, week, paper), "week_sheet", week, scope=target, paper=paper
        )
    choices = {
        **{slug: "报道" for slug in site.by_slug},
        **{p.id: p.name for p in site.config.places.values()},
    }
    hint = did_you_mean(target, choices)
    raise BulletinError(
        f"{target!r} is neither a published report's slug nor a place id"
        + (f"; {hint}" if hint else "")
    )


def _write(site: Site, unit: Unit, path: Path) -> Path:
    env = make_environment(site.config)
    html = render(site, env, unit).decode("utf-8")
    files = dict(static_files(site.config))
    files.update({image: site.config.root / "content" / image for image in site.images})
    sheet = print_pdf(html, files, site.config.base_url)
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
