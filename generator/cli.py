"""The `bulletin` command: choose the language, parse the arguments, run a command, print
errors without tracebacks.

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
from generator.errors import BulletinError, with_hint
from generator.i18n import LANGUAGES, N_, _, site_language, use_language


def parser() -> argparse.ArgumentParser:
    """The whole command line, its help in the language chosen (see `main`)."""
    main = argparse.ArgumentParser(
        prog="bulletin",
        description=_(
            "Bulletin turns a folder of community reports (Markdown files) into a "
            "website that residents can browse by place, tag, reporter and month."
        ),
    )
    main.add_argument("--version", action="version", version=f"bulletin {__version__}")
    _lang_option(main, default=None)
    commands = main.add_subparsers(dest="command", metavar="COMMAND")
    build.add_parser(commands, common_options)
    print_command.add_parser(commands, common_options)
    new.add_parser(commands, common_options)
    check.add_parser(commands, common_options)
    deploy.add_parser(commands, common_options)
    _add_serve_parser(commands)
    return main


def common_options(command: argparse.ArgumentParser) -> None:
    """The options every command has: `--site DIR` and `--lang zh|en`."""
    command.add_argument(
        "--site",
        type=Path,
        default=Path("."),
        metavar="DIR",
        help=_("the site folder holding site.yaml and content/ (default: here)"),
    )
    # SUPPRESS: a command's default must not undo `bulletin --lang en COMMAND`.
    _lang_option(command, default=argparse.SUPPRESS)


def _lang_option(command: argparse.ArgumentParser, default: object) -> None:
    command.add_argument(
        "--lang",
        choices=LANGUAGES,
        default=default,
        help=_(
            "the language of messages: zh (Chinese) or en (English); "
            "default: the site's `language` in site.yaml, else Chinese"
        ),
    )


def chosen_language(argv: list[str]) -> str:
    """The language of a command's messages: `--lang`, else the site's `language:`, else
    Chinese. Chosen before the arguments are parsed, so that their help and errors are in it,
    and before site.yaml is loaded, which may be the very file that is broken."""
    given = _option_value(argv, "--lang")
    if given is not None:
        return given
    return site_language(Path(_option_value(argv, "--site") or "."))


def _option_value(argv: list[str], name: str) -> str | None:
    """The value given to option `name` in `argv` (`--name VALUE` or `--name=VALUE`)."""
    for index, arg in enumerate(argv):
        if arg == "--":
            break
        if arg == name and index + 1 < len(argv):
            return argv[index + 1]
        if arg.startswith(name + "="):
            return arg.split("=", 1)[1]
    return None


def _add_serve_parser(commands: argparse._SubParsersAction) -> None:
    # Here, not in commands/serve.py: the preview server and the file watcher take a while to
    # import, and the other commands do without them.
    s = commands.add_parser(
        "serve",
        help=_("preview the site, rebuilding on every save"),
        description=_(
            "Build the site with drafts, serve it on this computer, and rebuild and "
            "reload open pages whenever a file changes. Stop with Ctrl-C."
        ),
    )
    common_options(s)
    s.add_argument("--port", type=int, default=8000, help=_("the port to serve on (default: 8000)"))
    s.add_argument(
        "--host",
        default="127.0.0.1",
        help=_("the address to listen on (default: 127.0.0.1, this computer only)"),
    )


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else list(argv)
    use_language(chosen_language(argv))
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
        print("\n" + _("interrupted; the previous website was left as it was."), file=sys.stderr)
        return 130
    except OSError as err:  # the disk, not the content: full, read-only, no permission …
        print(_("error: {message}").format(message=system_problem(err)), file=sys.stderr)
        return 1


HINTS = {
    errno.ENOSPC: N_("free some disk space and run the command again"),
    errno.EDQUOT: N_("free some disk space and run the command again"),
    errno.EACCES: N_("check who may write there, or choose another folder"),
    errno.EPERM: N_("check who may write there, or choose another folder"),
    errno.EROFS: N_("that disk is read-only: choose another folder, e.g. --output"),
    errno.ENAMETOOLONG: N_("a file name is too long: shorten the report's slug or old address"),
}


def system_problem(err: OSError) -> str:
    """What the system refused, where, and what to do; a command that fails this way has
    changed nothing (builds keep the previous website)."""
    reason = err.strerror or str(err)
    if err.filename:
        text = _("{file}: {reason}; nothing was changed").format(file=err.filename, reason=reason)
    else:
        text = _("{reason}; nothing was changed").format(reason=reason)
    hint = HINTS.get(err.errno or 0, "")
    return with_hint(text, _(hint)) if hint else text
