"""What identifies a build's inputs: each input file's stamp (size, mtime, inode, digest), the
environment (day, flags, git HEAD, library versions), and the fingerprint of what every page
depends on. A build whose inputs are all unchanged has nothing to do.
"""

from __future__ import annotations

import hashlib
import os
import sys
from collections.abc import Iterable
from importlib import metadata
from pathlib import Path
from typing import NamedTuple

from generator.load.files import digest_of, file_names
from generator.load.history import git_head
from generator.model.site import Site

PACKAGE = Path(__file__).resolve().parent.parent  # Bulletin's own code is an input too
RACY_SECONDS = 2.0  # a file changed this close to the last save may have an unchanged mtime


class Stamp(NamedTuple):
    """What identifies a version of a file without reading it, and its digest."""

    size: int
    mtime_ns: int
    inode: int
    digest: str


def stamp(path: Path, data: bytes | None = None) -> Stamp:
    info = path.stat()
    if data is None:
        data = path.read_bytes()
    return Stamp(info.st_size, info.st_mtime_ns, info.st_ino, digest_of(data))


def input_files(site_root: Path, theme_dirs: Iterable[Path]) -> list[str]:
    """Every file a build reads: configuration, content, data, themes and Bulletin's own code.

    (Paths as strings: a large site has tens of thousands, and this runs on every build.)
    """
    found = [str(site_root / "site.yaml")]
    for folder in (site_root / "content", site_root / "data", *theme_dirs, PACKAGE):
        found += file_names(folder, ignore=frozenset({"__pycache__"}))
    return list(dict.fromkeys(found))


Seen = tuple[int, int, int]  # a file's size, mtime_ns and inode, as os.stat gave them


def file_stats(files: list[str]) -> dict[str, Seen | None]:
    """Each of `files` as os.stat sees it, None for a file gone since it was listed; taken
    once per build and used both to tell whether anything changed and to stamp the inputs."""
    found: dict[str, Seen | None] = {}
    for name in files:
        try:
            info = os.stat(name)
        except OSError:
            found[name] = None
        else:
            found[name] = (info.st_size, info.st_mtime_ns, info.st_ino)
    return found


def unchanged_since(
    stamps: dict[str, Stamp], seen: dict[str, Seen | None], saved_at_ns: int
) -> bool:
    """Whether the `seen` files are exactly the stamped files, none changed (by size, mtime,
    inode).

    A file modified within RACY_SECONDS of the save may have been changed again in the same
    clock tick, so its stamp proves nothing (git's "racy clean" problem): it counts as changed.
    """
    if len(seen) != len(stamps):
        return False
    racy = saved_at_ns - int(RACY_SECONDS * 1e9)
    for path, info in seen.items():
        old = stamps.get(path)
        if old is None or info is None or info != old[:3] or info[1] >= racy:
            return False
    return True


def environment_key(include_drafts: bool, base_url: str | None, root: Path) -> str:
    """What every page depends on besides files: flags, git history, library versions. (The
    day is not among them: only the pages that read it are rendered again on a new day.)"""
    return "\0".join((str(include_drafts), base_url or "", git_head(root), library_versions()))


def library_versions() -> str:
    """Python's and the rendering libraries' versions: an upgrade may change any page."""
    names = ("jinja2", "markdown", "nh3", "feedgen", "icalendar", "tyme4py", "zxing-cpp", "regex")
    found = []
    for name in names:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=?")
    return f"python={sys.version};" + ";".join(found)


def code_digest(stamps: dict[str, Stamp]) -> str:
    """A digest of Bulletin's own code among the input files: parses made by other code (an
    upgrade, a fix to the sanitizer) are not reused."""
    package = f"{PACKAGE}{os.sep}"
    return "".join(sorted(s.digest for name, s in stamps.items() if name.startswith(package)))


def fingerprint(site: Site, stamps: dict[str, Stamp], theme_dirs: list[Path]) -> str:
    """What every page depends on: the site's configuration and calendar data (fields that
    are not indexes, see model/site.py; the day is tracked page by page instead), templates
    and code."""
    digest = hashlib.sha256()
    for part in (repr(site.config), repr(site.calendar)):
        digest.update(part.encode("utf-8") + b"\0")
    code = tuple(str(d) + "/" for d in (*theme_dirs, PACKAGE))
    for name, found in stamps.items():
        if name.startswith(code):
            digest.update(f"{name}={found.digest};".encode())
    return digest.hexdigest()


def fresh_stamps(
    seen: dict[str, Seen | None], known: dict[str, Stamp], saved_at_ns: int
) -> dict[str, Stamp]:
    """Each input file's stamp, reading only files whose size or mtime moved since the `known`
    stamps were saved (at `saved_at_ns`), or that changed too close to it to tell."""
    racy = saved_at_ns - int(RACY_SECONDS * 1e9)
    stamps = {}
    for name, info in seen.items():
        old = known.get(name)
        same = old and info is not None and info == old[:3] and info[1] < racy
        # A file gone since it was listed is stamped (and so found missing) like a new one.
        stamps[name] = old if same else stamp(Path(name))
    return stamps
