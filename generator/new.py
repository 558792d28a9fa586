"""The `bulletin new` command: start a report or a page with the right front matter."""

from __future__ import annotations

import argparse


def add_parser(commands: argparse._SubParsersAction) -> None:
    commands.add_parser("new", help="start a new report or page")


def run(args: argparse.Namespace) -> int:
    raise NotImplementedError
