"""The `bulletin serve` command: preview the site while editing, rebuilding on every save."""

from __future__ import annotations

import argparse


def add_parser(commands: argparse._SubParsersAction) -> None:
    commands.add_parser("serve", help="preview the site, rebuilding on every save")


def run(args: argparse.Namespace) -> int:
    raise NotImplementedError
