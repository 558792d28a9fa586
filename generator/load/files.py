"""Which files of a folder a build reads: regular files only, never through a link.

Editors' folders hold more than their files: links (some dangling: Emacs marks an unsaved
buffer with a link `.#name.md` to nowhere), named pipes, devices, and editors' lock and backup
files. Opening a pipe blocks forever and reading a link to /dev/zero never ends, so nothing but
a regular file is ever opened; what is passed over (but for hidden files, which are nobody's
content) is named in a warning.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass, field
from pathlib import Path

from generator.errors import Problem
from generator.i18n import _

MAX_CONTENT_BYTES = 1 << 20  # a report is a few kilobytes; a bigger text file is a mistake


def digest_of(data: bytes) -> str:
    """What identifies a file's bytes, for the build's stamps and the picture cache alike."""
    return hashlib.blake2b(data, digest_size=16).hexdigest()


@dataclass
class Listing:
    """The regular files below a folder, and warnings about the entries passed over."""

    files: list[Path] = field(default_factory=list)
    skipped: list[Problem] = field(default_factory=list)


def is_editor_leftover(name: str) -> bool:
    """Lock, swap and backup files of Emacs and Vim, and backups of other editors."""
    return (
        name.startswith(".#")
        or name.endswith("~")
        or (name.startswith("#") and name.endswith("#"))
        or (name.startswith(".") and name.endswith((".swp", ".swo", ".swx")))
    )


def list_files(folder: Path, ignore: frozenset[str] = frozenset()) -> Listing:
    """Every regular file below `folder` (sorted, hidden ones and folders named in `ignore`
    left out), without following links; a missing folder has none."""
    names: list[str] = []
    listing = Listing()
    if folder.is_dir() and not folder.is_symlink():
        _walk(str(folder), names, listing.skipped, ignore)
    listing.files = sorted(map(Path, names))  # in path order: "a/x.md" before "a-b.md"
    return listing


def file_names(folder: Path, ignore: frozenset[str] = frozenset()) -> list[str]:
    """`list_files(folder, ignore).files` as strings, sorted: the build lists every input on
    every build, and making ten thousand Path objects took a tenth of a second."""
    names: list[str] = []
    if folder.is_dir() and not folder.is_symlink():
        _walk(str(folder), names, [], ignore)
    return sorted(names)


def _walk(folder: str, names: list[str], skipped: list[Problem], ignore: frozenset[str]) -> None:
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError as err:
        message = _("can't read this folder ({reason})").format(reason=err.strerror)
        skipped.append(_skipped(Path(folder), message))
        return
    for entry in entries:
        if is_editor_leftover(entry.name):
            message = _("an editor's lock or backup file: skipped")
            skipped.append(_skipped(Path(entry.path), message))
            continue
        if entry.name.startswith("."):
            continue
        # The kind of entry comes with the listing (d_type): no stat for the common cases.
        if entry.is_dir(follow_symlinks=False):
            if entry.name not in ignore:
                _walk(entry.path, names, skipped, ignore)
        elif entry.is_file(follow_symlinks=False):
            names.append(entry.path)
        else:
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:  # gone since it was listed
                continue
            skipped.append(_skipped(Path(entry.path), _kind(mode)))


def _kind(mode: int) -> str:
    """What is passed over, and why, as the warning says it."""
    if stat.S_ISLNK(mode):
        return _(
            "a symbolic link (links are not followed: copy the file here instead): "
            "skipped, never read"
        )
    if stat.S_ISFIFO(mode):
        return _("a named pipe: skipped, never read")
    if stat.S_ISSOCK(mode):
        return _("a socket: skipped, never read")
    return _("a device: skipped, never read")


def _skipped(path: Path, message: str) -> Problem:
    return Problem(path, None, message, severity="warning")


def read_content_file(path: Path) -> bytes | Problem:
    """The bytes of a content file, or the problem that keeps it from being read."""
    try:
        size = path.stat().st_size
        if size > MAX_CONTENT_BYTES:
            return Problem(
                path,
                None,
                _("the file is {size} KB; a report or page may have at most {most} KB").format(
                    size=size // 1024, most=MAX_CONTENT_BYTES // 1024
                ),
                _("split it into several reports, or move pictures and documents out of the text"),
            )
        return path.read_bytes()
    except OSError as err:
        return Problem(
            path,
            None,
            _("can't read the file ({reason})").format(reason=err.strerror),
            _("check its permissions"),
        )
