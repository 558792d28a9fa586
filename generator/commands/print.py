"""The `bulletin print` command: one sheet, or the sheets of a place and every place under it,
as PDF files; it says what it wrote, and refuses a sheet with nothing on it."""

from __future__ import annotations

import argparse
import html
import os
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from generator.checks.documents import read_documents
from generator.checks.glyphs import describe, located, undrawable
from generator.errors import BulletinError, ContentError, Problem, as_error, did_you_mean
from generator.i18n import _
from generator.load.config import load_config
from generator.load.site import load_site
from generator.model.calendars import scoped, week_key
from generator.model.plan import Unit, poster_unit, sheet_unit
from generator.model.site import Site
from generator.pool import default_jobs
from generator.printing.papers import PAPER_CHOICES, PAPERS
from generator.printing.pdf import print_pdf
from generator.render import sheets
from generator.render.photos import process_photos
from generator.render.renderers import render
from generator.render.theme import copied_files, make_environment


def add_parser(commands: argparse._SubParsersAction, common_options: Callable) -> None:
    p = commands.add_parser(
        "print",
        help=_("print a notice-board sheet as PDF"),
        description=_(
            "Print a report's poster, or a place's weekly or monthly sheet, as a "
            "one-page PDF with a QR code back to the website."
        ),
    )
    p.add_argument(
        "target",
        nargs="?",
        default="",
        metavar="REPORT-SLUG|PLACE-ID",
        help=_(
            "a report (prints its poster) or a place (prints its weekly sheet; with --all, "
            "the sheets of the place and of every place under it)"
        ),
    )
    period = p.add_mutually_exclusive_group()
    period.add_argument(
        "--week",
        default="",
        metavar="YYYY-Www",
        help=_("the week of a place's weekly sheet (default: this week)"),
    )
    period.add_argument(
        "--month",
        default="",
        metavar="YYYY-MM",
        help=_("print a place's monthly calendar sheet instead"),
    )
    p.add_argument(
        "--paper",
        choices=list(PAPER_CHOICES),
        default="",
        help=_("paper size (default: `paper` in site.yaml)"),
    )
    p.add_argument(
        "-o",
        "--output",
        type=Path,
        default=None,
        metavar="FILE.pdf|DIR",
        help=_("where to write the PDF (with --all, a folder)"),
    )
    p.add_argument(
        "--all",
        action="store_true",
        dest="all_places",
        help=_(
            "print the sheet of every place (under PLACE-ID, if given) that has something "
            "that week or month"
        ),
    )
    p.add_argument(
        "--allow-empty",
        action="store_true",
        help=_("print a weekly or monthly sheet even when nothing is on it"),
    )
    common_options(p)
    p.add_argument("--drafts", action="store_true", help=_("also allow drafts and future reports"))


def run(args: argparse.Namespace) -> int:
    if not args.target and not args.all_places:
        raise BulletinError(_("name a report slug or a place id to print, or use --all"))
    request = PrintRequest(
        site_dir=args.site,
        target=args.target,
        week=args.week,
        month=args.month,
        paper=args.paper,
        output=args.output,
        all_places=args.all_places,
        include_drafts=args.drafts,
        allow_empty=args.allow_empty,
    )
    written = print_sheets(request)
    for sheet in written:
        print(sheet.message)
    if not written:
        print(_("nothing to print: no place has a report or an event then"))
    return 0


class UnprintableError(BulletinError):
    """A sheet would show characters no installed font can draw."""

    def format(self, root: Path | None = None) -> str:
        lines = [as_error(p.format(root)) for p in self.problems]
        lines.append(_("A sheet would show empty boxes; nothing was printed."))
        return "\n".join(lines)


@dataclass(frozen=True)
class PrintRequest:
    site_dir: Path
    target: str  # a report slug or a place id; "" with all_places for every place
    week: str = ""
    month: str = ""
    paper: str = ""  # A4, A3 or A4-landscape; "" for the site's default
    output: Path | None = None
    all_places: bool = False
    include_drafts: bool = False
    allow_empty: bool = False


@dataclass(frozen=True)
class Written:
    """A PDF file written, and what `bulletin print` says about it."""

    path: Path
    message: str


def print_sheets(request: PrintRequest) -> list[Written]:
    """Write the requested PDF files; return what was written."""
    loaded = load_site(load_config(request.site_dir), request.include_drafts)
    site = loaded.site
    errors = [p for p in loaded.problems if p.severity == "error"]
    if errors:
        raise ContentError(errors)
    # The posters show the reports' pictures, made (once, into the cache) as the build does.
    broken = process_photos(site.config, site.photos.values(), default_jobs())
    if broken:
        raise ContentError(broken)
    paper = PAPER_CHOICES[request.paper] if request.paper else site.config.paper
    _check_period(request)
    if request.all_places:
        folder = request.output or Path(".")
        return [
            _write(site, request, unit, paper, folder / f"{unit.scope}-{unit.key}.pdf")
            for unit in _units_of_all(site, request)
        ]
    unit = _unit_for(site, request)
    if unit.kind != "poster" and not request.allow_empty and not sheets.sheet_entries(site, unit):
        raise BulletinError(_empty_message(site, unit))
    name = f"{request.target}-{unit.key}" if unit.scope else request.target
    return [_write(site, request, unit, paper, request.output or Path(f"{name}.pdf"))]


def _units_of_all(site: Site, request: PrintRequest) -> list[Unit]:
    """The sheets of every place (under the one named) with something on them."""
    kind, key = ("month_sheet", request.month) if request.month else ("week_sheet", request.week)
    if request.target and request.target not in site.config.places:
        raise BulletinError(_unknown_message(site, request.target, places_only=True))
    units = [sheet_unit(kind, place_id, key) for place_id in _places_under(site, request.target)]
    if request.allow_empty:
        return units
    return [unit for unit in units if sheets.sheet_entries(site, unit)]


def _places_under(site: Site, place_id: str) -> list[str]:
    """The place and every place below it, in site.yaml's order; every place for ""."""
    if not place_id:
        return list(site.config.places)
    found, waiting = [], [place_id]
    while waiting:
        current = waiting.pop(0)
        found.append(current)
        waiting[:0] = site.config.places[current].children
    return found


def _check_period(request: PrintRequest) -> None:
    if request.week and request.month:
        raise BulletinError(_("give either --week or --month, not both"))
    if request.week and not _valid_week(request.week):
        raise BulletinError(
            _("--week {week!r} is not a week: write it like 2026-W48").format(week=request.week)
        )
    if request.month and not re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", request.month):
        raise BulletinError(
            _("--month {month!r} is not a month: write it like 2026-11").format(month=request.month)
        )
    if request.all_places and not (request.week or request.month):
        raise BulletinError(
            _(
                "--all prints the sheets of one week or month: "
                "add --week 2026-W48 or --month 2026-11"
            )
        )


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
            raise BulletinError(_("--week and --month are for places; a report prints as a poster"))
        return poster_unit(target)
    if target in site.config.places:
        if request.month:
            return sheet_unit("month_sheet", target, request.month)
        return sheet_unit("week_sheet", target, request.week or week_key(site.today))
    raise BulletinError(_unknown_message(site, target, places_only=False))


def _unknown_message(site: Site, target: str, places_only: bool) -> str:
    choices = {p.id: p.name for p in site.config.places.values()}
    if not places_only:
        choices.update({slug: _("report") for slug in site.by_slug})
    hint = did_you_mean(target, choices)
    if places_only:
        message = _("{target!r} is not a place id; --all prints the sheets of a place")
    else:
        message = _("{target!r} is neither a published report's slug nor a place id")
    message = message.format(target=target)
    return _("{message}; {hint}").format(message=message, hint=hint) if hint else message


def _empty_message(site: Site, unit: Unit) -> str:
    place = site.config.places[unit.scope].name
    if unit.kind == "week_sheet":
        return _(
            "the weekly sheet of {place} for {week} would have nothing on it: no report "
            "published and no event that week or the next; choose another week with --week, "
            "or print it anyway with --allow-empty"
        ).format(place=place, week=unit.key)
    return _(
        "the monthly sheet of {place} for {month} would have nothing on it: no activity that "
        "month; choose another month with --month, or print it anyway with --allow-empty"
    ).format(place=place, month=unit.key)


def _write(site: Site, request: PrintRequest, unit: Unit, paper: str, path: Path) -> Written:
    env = make_environment(site.config)
    page = render(site, env, unit).decode("utf-8")
    missing = undrawable(_visible_text(page))
    if missing:
        raise UnprintableError(_glyph_problems(site, request, unit, missing))
    sheet = print_pdf(page, copied_files(site), site.config.base_url, paper)
    if sheet.pages != 1:
        raise BulletinError(
            _(
                "{sheet} came out on {pages} pages instead of one; try --paper A3, or shorten "
                "the text"
            ).format(sheet=unit.path, pages=sheet.pages)
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    # Written beside the target and renamed, so a failed run never leaves half a PDF.
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
    with os.fdopen(handle, "wb") as out:
        out.write(sheet.pdf)
    os.replace(temporary, path)
    return Written(path, _what_was_written(site, unit, paper, path))


def _visible_text(page: str) -> str:
    """The text of a sheet page, without its markup (the QR codes' path data is ASCII)."""
    return html.unescape(re.sub(r"<[^>]*>", " ", page))


def _glyph_problems(
    site: Site, request: PrintRequest, unit: Unit, chars: set[str]
) -> list[Problem]:
    """Where the characters no font can draw come from, as errors: a report or page, or the
    sheet itself (site.yaml, the theme) when no report has them."""
    documents = read_documents(request.site_dir)
    problems = located(documents, chars, "error")
    elsewhere = {char for char in chars if not any(char in d.text for d in documents)}
    for char in sorted(elsewhere):
        message = _(
            "{character} on the sheet {sheet}: no font on this computer can print it"
        ).format(character=describe(char), sheet=unit.path)
        problems.append(Problem(site.config.root / "site.yaml", None, message))
    return problems


def _what_was_written(site: Site, unit: Unit, paper: str, path: Path) -> str:
    name = PAPERS[paper].name
    if unit.kind == "poster":
        report = site.by_slug[unit.key]
        variant = next(v for v in sheets.poster_variants(site, report) if v.paper.slug == paper)
        if variant.fit and variant.fit.cut:
            return _(
                "wrote {path}: the poster of “{title}” on {paper}, with the beginning of the "
                "report; its QR code leads to the rest"
            ).format(path=path, title=report.title, paper=name)
        return _("wrote {path}: the poster of “{title}” on {paper}, the whole report").format(
            path=path, title=report.title, paper=name
        )
    place = site.config.places[unit.scope].name
    variants = sheets.week_variants if unit.kind == "week_sheet" else sheets.month_variants
    variant = next(v for v in variants(site, unit) if v.paper.slug == paper)
    shown = sum(len(s.entries) for s in variant.sections)
    total = shown + sum(s.hidden for s in variant.sections)
    if unit.kind == "week_sheet":
        return _(
            "wrote {path}: the weekly sheet of {place} for {week} on {paper}, listing "
            "{shown} of {total} items"
        ).format(path=path, place=place, week=unit.key, paper=name, shown=shown, total=total)
    days = len(site.month_days.get(scoped(unit.scope, unit.key), {}))
    return _(
        "wrote {path}: the monthly sheet of {place} for {month} on {paper}, with {days} days "
        "of activities, listing {shown} of {total} events"
    ).format(
        path=path, place=place, month=unit.key, paper=name, days=days, shown=shown, total=total
    )
