"""Run `bulletin ARGS` as an editor would: from a folder, with an environment, reading what it
prints and its exit status.

By default the command runs in the test's own process (`generator.cli.main`), which is what
`bulletin` runs, without starting Python and importing the generator again: a third of a
second a run, over hundreds of runs. An exception escaping the command is printed as the
program would print it ("Traceback …", status 1), so tests that forbid tracebacks still see
them. `fresh_process=True` starts the real program, for what only a new interpreter shows
(hash seeds, the installed entry point).

Messages are in English unless a test asks otherwise: `lang="en"` (the default) runs
`bulletin --lang en ARGS`, so that tests can assert the messages as the code writes them;
`lang="zh"` runs `bulletin --lang zh ARGS`, and `lang=None` runs `bulletin ARGS` as an editor
would, leaving the choice to the site's `language:` (Chinese when it says none).
"""

from __future__ import annotations

import contextlib
import io
import os
import subprocess
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path


def run_bulletin(
    *args: str,
    cwd: Path,
    env: dict[str, str] | None = None,
    fresh_process: bool = False,
    lang: str | None = "en",
) -> subprocess.CompletedProcess[str]:
    """`bulletin ARGS` run in `cwd` with `env` added to the environment, its messages in
    `lang` (None: as the site chooses)."""
    args = ("--lang", lang, *args) if lang else args
    if fresh_process:
        return subprocess.run(
            [sys.executable, "-m", "generator", *args],
            cwd=cwd,
            env={**os.environ, "PYTHONIOENCODING": "utf-8", **(env or {})},
            capture_output=True,
            text=True,
            encoding="utf-8",
            timeout=120,
            check=False,
        )
    from generator.cli import main
    from generator.i18n import use_language

    out, err = io.StringIO(), io.StringIO()
    with _inside(cwd, env or {}), contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            status = main(list(args))
        except SystemExit as exit:  # argparse's usage errors, --help, --version
            status = exit.code if isinstance(exit.code, int) else (0 if exit.code is None else 2)
            if isinstance(exit.code, str):
                print(exit.code, file=sys.stderr)
        except Exception:
            traceback.print_exc()
            status = 1
        finally:
            use_language("en")  # as the package starts: code run after this test is in English
    return subprocess.CompletedProcess(["bulletin", *args], status, out.getvalue(), err.getvalue())


@contextlib.contextmanager
def _inside(folder: Path, env: dict[str, str]) -> Iterator[None]:
    """In `folder`, with `env` set; both as they were afterwards."""
    before_dir = Path.cwd()
    before_env = {name: os.environ.get(name) for name in env}
    os.chdir(folder)
    os.environ.update(env)
    try:
        yield
    finally:
        os.chdir(before_dir)
        for name, value in before_env.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
