"""The `bulletin` command: parse the arguments, run a command, print errors without tracebacks."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from generator import __version__
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
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command is None:
        parser().print_help()
        return 2
    try:
        return run_build(args)
    except BulletinError as err:
        print(err.format(Path.cwd()), file=sys.stderr)
        return err.exit_code
    except KeyboardInterrupt:
        print("interrupted; the previous website was left as it was.", file=sys.stderr)
        return 130


def run_build(args: argparse.Namespace) -> int:
    output = args.output if args.output is not None else args.site / "output"
    result = build(
        args.site,
        output,
        include_drafts=args.drafts,
        base_url=args.base_url,
        keep_going=args.keep_going,
    )
    for problem in result.skipped:
        print(f"error: {problem.format(Path.cwd())}", file=sys.stderr)
    if result.skipped:
        print(
            f"{len(result.skipped)} error(s); the files above were left out of the website.",
            file=sys.stderr,
        )
    print(result.summary())
    return 1 if result.skipped else 0
