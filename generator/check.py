"""The `bulletin check` command: check the whole site without writing output."""

from __future__ import annotations

import argparse


def add_parser(commands: argparse._SubParsersAction) -> None:
    commands.add_parser("check", help="check everything without building")


def run(args: argparse.Namespace) -> int:
    raise NotImplementedError
