"""The `bulletin` command: parse the arguments, run a command, print errors without tracebacks.

Each command is a module of generator/commands/ with `add_parser` and `run`.
"""

from __future__ import annotations

import argparse
import errno
import importlib
import os
import sys
from pathlib import Path

from generator import __version__
from generator.commands import build, check, deploy, new
from generator.commands import print as print_command
from generator.errors import BulletinError


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(
        prog="bulletin",
        description="Bulletin turns a folder of community reports (Markdown files) into a "
        "website that residents can browse by place, tag, reporter and month.",
    )
    main.add_argument("--version", action="version", version=f"bulletin {__version__}")
    commands = main.add_subparsers(dest="command", metavar="COMMAND")
    build.add_parser(commands, site_option)
    print_command.add_parser(commands, site_option)
    new.add_parser(commands, site_option)
    check.add_parser(commands, site_option)
    deploy.add_parser(commands, site_option)
    _add_serve_parser(commands)
    return main


def site_option(command: argparse.ArgumentParser) -> None:
    """The `--site DIR` option every command has."""
    command.add_argument(
        "--site",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help="the site folder holding site.yaml and content/ (default: here)",
    )


def _add_serve_parser(commands: argparse._SubParsersAction) -> None:
    # Here, not in commands/serve.py: the preview server and the file watcher take a while to
    # import, and the other commands do without them.
    s = commands.add_parser(
        "serve",
        help="preview the site, rebuilding on every save",
        description="Build the site with drafts, serve it on this computer, and rebuild and "
        "reload open pages whenever a file changes. Stop with Ctrl-C.",
    )
    site_option(s)
    s.add_argument("--port", type=int, default=8000, help="the port to serve on (default: 8000)")
    s.add_argument(
        "--host",
        default="127.0.0.1",
        help="the address to listen on (default: 127.0.0.1, this computer only)",
    )


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    if args.command is None:
        parser().print_help()
        return 2
    command = importlib.import_module(f"generator.commands.{args.command}")
    try:
        return command.run(args)
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
    except OSError as err:  # the disk, not the content: full, read-only, no permission …
        print(f"error: {system_problem(err)}", file=sys.stderr)
        return 1


HINTS = {
    errno.ENOSPC: "free some disk space and run the command again",
    errno.EDQUOT: "free some disk space and run the command again",
    errno.EACCES: "check who may write there, or choose another folder",
    errno.EPERM: "check who may write there, or choose another folder",
    errno.EROFS: "that disk is read-only: choose another folder, e.g. --output",
    errno.ENAMETOOLONG: "a file name is too long: shorten the report's slug or old address",
}


def system_problem(err: OSError) -> str:
    """What the system refused, where, and what to do; a command that fails this way has
    changed nothing (builds keep the previous website)."""
    where = f"{err.filename}: " if err.filename else ""
    hint = HINTS.get(err.errno or 0, "")
    text = f"{where}{err.strerror or err}; nothing was changed"
    return f"{text}\n    hint: {hint}" if hint else text
