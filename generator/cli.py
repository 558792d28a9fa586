"""The `bulletin` command: parse the arguments, run a command, print errors without tracebacks."""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from generator import __version__, check, new
from generator.build import build
from generator.errors import BulletinError


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="bulletin",
        description="Bulletin turns a folder of community reports (Markdown files) into a "
        "website that residents can browse by place, tag, reporter and month.",
    )
    main.add_argument("--version", action="version", version=f"bulletin {__version__}")
    commands = main.add_subparsers(dest="command", metavar="COMMAND")
    b = commands.add_parser(
        "build",
        help="build the website into the output folder",
        description="Read site.yaml and content/, and write the website into the output "
        "folder. If anything is wrong, every problem is listed and the previous "
        "website is left as it was.",
    )
    b.add_argument(
        "--site",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the site folder holding site.yaml and content/ (default: here)",
    )
    b.add_argument(
        "--output",
        type=Path,
        default=None,
        metavar="DIR",
        help="where to write the website (default: output/ in the site folder)",
    )
    b.add_argument(
        "--drafts",
        action="store_true",
        help="also publish drafts and reports dated in the future (for previews)",
    )
    b.add_argument(
        "--base-url",
        metavar="URL",
        help="the address the site will be served from, instead of site.yaml's",
    )
    b.add_argument(
        "--keep-going",
        action="store_true",
        help="publish everything that is fine, leave broken reports out, list them, "
        "and still exit with status 1",
    )
    b.add_argument(
        "--clean",
        action="store_true",
        help="render every page again instead of reusing unchanged ones from the last build",
    )
    b.add_argument(
        "--jobs",
        type=_positive,
        default=None,
        metavar="N",
        help="render with N processes (default: one per CPU core)",
    )
    b.add_argument("--quiet", action="store_true", help="print only problems (for CI and scripts)")
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
        choices=["A4", "A3", "A4-landscape"],
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
    p.add_argument(
        "--site",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the site folder holding site.yaml (default: here)",
    )
    p.add_argument("--drafts", action="store_true", help="also allow drafts and future reports")
    for command in (new, check):
        command.add_parser(commands)
    _add_serve_parser(commands)
    return main


RUNNERS = {
    "build": lambda args: run_build(args),
    "print": lambda args: run_print(args),
    "new": new.run,
    "check": check.run,
    "serve": lambda args: _run_serve(args),
}


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command is None:
        parser().print_help()
        return 2
    try:
        return RUNNERS[args.command](args)
    except BulletinError as err:
        print(err.format(Path.cwd()), file=sys.stderr)
        return err.exit_code
    except BrokenPipeError:
        # The reader went away (`bulletin check --format json | head`): stop quietly, and
        # point stdout at /dev/null so that Python's final flush does not complain.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except KeyboardInterrupt:
        print("\ninterrupted; the previous website was left as it was.", file=sys.stderr)
        return 130


def _add_serve_parser(commands: argparse._SubParsersAction) -> None:
    # Here, not in serve.py: the preview server and file watcher take a while to import,
    # and a build does without them.
    s = commands.add_parser(
        "serve",
        help="preview the site, rebuilding on every save",
        description="Build the site with drafts, serve it on this computer, and rebuild and "
        "reload open pages whenever a file changes. Stop with Ctrl-C.",
    )
    s.add_argument(
        "--site",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the site folder holding site.yaml (default: here)",
    )
    s.add_argument("--port", type=int, default=8000, help="the port to serve on (default: 8000)")
    s.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default: 127.0.0.1, this computer only)",
    )


def _run_serve(args: argparse.Namespace) -> int:
    from generator import serve

    return serve.run(args)


def run_print(args: argparse.Namespace) -> int:
    from generator.printing import PrintRequest
    from generator.printing import run_print as print_sheets

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


def run_build(args: argparse.Namespace) -> int:
    output = args.output if args.output is not None else args.site / "output"
    with progress_bar(enabled=not args.quiet and sys.stderr.isatty()) as progress:
        result = build(
            args.site,
            output,
            include_drafts=args.drafts,
            base_url=args.base_url,
            keep_going=args.keep_going,
            use_cache=not args.clean,
            progress=progress,
            jobs=args.jobs,
        )
    for problem in result.skipped:
        print(f"error: {problem.format(Path.cwd())}", file=sys.stderr)
    if result.skipped:
        print(
            f"{len(result.skipped)} error(s); the files above were left out of the website.",
            file=sys.stderr,
        )
    if not args.quiet:
        print(result.summary())
    return 1 if result.skipped else 0


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"must be a whole number of at least 1, not {text!r}")
    return int(text)


@contextmanager
def progress_bar(enabled: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A progress bar on the terminal (rich) while pages are written; nothing when piped."""
    if not enabled:
        yield None
        return
    from rich.progress import Progress

    with Progress(transient=True) as bar:
        task = bar.add_task("写入页面", total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)  # rich redraws at most 10 times a second

        yield advance
