"""The build state kept between builds in `.bulletin-cache/`: what the last build read and wrote.

It holds the stamps (size, mtime, digest) of every input file, each content file's parsed
result by digest (so Markdown is converted once per version of a file), the indexed site as it
was, the output files with the unit each was rendered from, and which output files read which
index entries (see tracking.py). A build that finds every input stamp unchanged does nothing;
one that finds a few changes renders only the pages that read what changed.

The state is a local cache like `__pycache__`: it is never committed or shared, and a state
written by another version of Bulletin, or unreadable, is ignored (everything is rebuilt).
"""

from __future__ import annotations

import gc
import hashlib
import os
import pickle
import subprocess
import sys
from array import array
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any, NamedTuple

CACHE_FOLDER = ".bulletin-cache"
FORMAT = 3  # bump when BuildState changes shape
JOURNAL_LIMIT = 50  # records appended before the state is written whole again
RACY_SECONDS = 2.0  # a file changed this close to the last save may have an unchanged mtime


class Stamp(NamedTuple):
    """What identifies a version of a file without reading it, and its digest."""

    size: int
    mtime_ns: int
    inode: int
    digest: str


def digest_of(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


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
    for folder in (site_root / "content", site_root / "data", *theme_dirs, Path(__file__).parent):
        for parent, folders, names in os.walk(folder):
            folders[:] = sorted(f for f in folders if f != "__pycache__")
            found += [os.path.join(parent, name) for name in sorted(names)]
    return list(dict.fromkeys(found))


def unchanged_since(stamps: dict[str, Stamp], files: list[str], saved_at_ns: int) -> bool:
    """Whether `files` are exactly the stamped files, none changed (by size, mtime, inode).

    A file modified within RACY_SECONDS of the save may have been changed again in the same
    clock tick, so its stamp proves nothing (git's "racy clean" problem): it counts as changed.
    """
    if len(files) != len(stamps):
        return False
    racy = saved_at_ns - int(RACY_SECONDS * 1e9)
    for path in files:
        old = stamps.get(path)
        try:
            info = os.stat(path)
        except OSError:
            return False
        if (
            old is None
            or (info.st_size, info.st_mtime_ns, info.st_ino) != old[:3]
            or info.st_mtime_ns >= racy
        ):
            return False
    return True


def environment_key(today: str, include_drafts: bool, base_url: str | None, root: Path) -> str:
    """What a build depends on besides files: the day, flags, git history, library versions."""
    return "\0".join(
        (today, str(include_drafts), base_url or "", git_head(root), library_versions())
    )


def git_head(root: Path) -> str:
    """The commit checked out (report "updated" dates come from history), or "" outside git."""
    try:
        return subprocess.run(
            ["git", "-C", str(root), "rev-parse", "HEAD"],
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


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


@dataclass
class BuildState:
    """The record of the last successful build into one output folder."""

    output: str = ""
    output_inode: int = 0  # a different folder at the same path was not built by us
    environment: str = ""
    stamps: dict[str, Stamp] = field(default_factory=dict)  # every input file
    saved_at_ns: int = 0
    parse_context: str = ""  # what parsing depends on besides the file: config, images
    parsed: dict[str, tuple[str, Any]] = field(default_factory=dict)  # file → (digest, result)
    fingerprint: str = ""  # configuration, calendar data, templates, code: every page's input
    site: Any = None  # the indexed site (site.Site) the files were rendered from
    files: list[str] = field(default_factory=list)  # output files rendered from units
    units: list[str] = field(default_factory=list)  # each file's unit (Unit.packed), in order
    readers: dict[str, bytes] = field(default_factory=dict)  # key → packed indexes into files
    assets: dict[str, str] = field(default_factory=dict)  # copied file → digest of its source
    history: tuple[str, dict] = ("", {})  # (git HEAD, last commit time of each file)
    had_problems: bool = False  # a --keep-going build left files out: never "up to date"
    almanac: dict = field(default_factory=dict)  # days worked out (almanac.known), a memo
    base: int = 0  # `saved_at_ns` of the last state written whole; the journal builds on it
    journal: int = 0  # edits appended to the journal since

    def readers_of(self, keys: Iterable[str]) -> set[int]:
        """Indexes into `files` of the outputs that read any of `keys`."""
        found: set[int] = set()
        for key in keys:
            packed = self.readers.get(key)
            if packed:
                found.update(array("I", packed))
        return found

    def record_reads(self, reads: Mapping[str, Iterable[int]]) -> None:
        """Add `reads` (key → output indexes) to the readers; stale entries only cost a render."""
        for key, indexes in reads.items():
            known = array("I", self.readers.get(key, b""))
            fresh = set(indexes) - set(known)
            if fresh:
                known.extend(sorted(fresh))
                self.readers[key] = known.tobytes()


@dataclass(frozen=True)
class Inputs:
    """The small part of the state that tells whether anything changed at all; kept in a file
    of its own so that a build with nothing to do reads a few hundred kilobytes, not the
    whole state."""

    output: str
    output_inode: int
    environment: str
    stamps: dict[str, Stamp]
    saved_at_ns: int
    had_problems: bool
    files: int  # output files, static files and images included

    def unchanged(self, environment: str, files: list[str]) -> bool:
        return (
            environment == self.environment
            and not self.had_problems
            and unchanged_since(self.stamps, files, self.saved_at_ns)
        )


def state_path(site_root: Path, output: Path, part: str = "state") -> Path:
    # One record per output folder, so `serve` and `build` don't spoil each other's.
    name = hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:12]
    return site_root / CACHE_FOLDER / f"{part}-{name}.pickle"


def load_inputs(site_root: Path, output: Path) -> Inputs | None:
    """What the last build into `output` read, or None when that is not known."""
    found = _load(state_path(site_root, output, "inputs"), Inputs)
    return found if found and _same_output(found.output, found.output_inode, output) else None


def load_state(site_root: Path, output: Path) -> BuildState | None:
    """The last build's state for `output`, or None when there is none usable."""
    state = _load(state_path(site_root, output), BuildState)
    if not state or not _same_output(state.output, state.output_inode, output):
        return None
    try:
        with open(state_path(site_root, output, "journal"), "rb") as file, _collector_paused():
            while True:
                record = pickle.load(file)
                if isinstance(record, Changes) and record.base == state.base:
                    record.apply(state)
    except Exception:  # no journal, its end, or a record cut short: the state as it was then
        pass
    return state


def _load(path: Path, kind: type) -> Any:
    try:
        with open(path, "rb") as file, _collector_paused():
            version, found = pickle.load(file)
    except Exception:  # missing, truncated, or from another version: rebuild everything
        return None
    return found if version == FORMAT and isinstance(found, kind) else None


def _same_output(recorded: str, inode: int, output: Path) -> bool:
    try:
        return recorded == str(output.resolve()) and inode == output.resolve().stat().st_ino
    except OSError:
        return False


def save_state(
    site_root: Path,
    output: Path,
    state: BuildState,
    patched: BuildState | None = None,
    edits: tuple = (),
) -> None:
    """Write the state; a state that only put `edits` (reports and pages) into the `patched`
    one's site is appended to the journal as what changed, not written whole."""
    _mark_output(state, output)
    # The inputs go last: until they are written, the next build reads the full state.
    state_path(site_root, output, "inputs").unlink(missing_ok=True)
    journal = state_path(site_root, output, "journal")
    if patched is not None and patched.base and patched.journal < JOURNAL_LIMIT:
        state.base, state.journal = patched.base, patched.journal + 1
        with open(journal, "ab") as file, _collector_paused():
            pickle.dump(_changes(patched, state, edits), file, protocol=pickle.HIGHEST_PROTOCOL)
    else:
        state.base, state.journal = state.saved_at_ns, 0
        _save(state_path(site_root, output), state)
        journal.unlink(missing_ok=True)
    _save(state_path(site_root, output, "inputs"), _inputs_of(state))


@dataclass(frozen=True)
class Changes:
    """One record of the journal: what a build that only edited reports and pages (see
    pipeline.patched_site) changed in the state. Writing it takes milliseconds where pickling
    the whole state again takes half a second; loading replays the records in order."""

    base: int  # the `base` of the state it applies to
    saved_at_ns: int
    stamps: dict[str, Stamp]
    parsed: dict[str, Any]
    readers: dict[str, bytes]
    edits: tuple  # the reports and pages put into the site (Site.with_edits)
    build_time: Any

    def apply(self, state: BuildState) -> None:
        state.saved_at_ns = self.saved_at_ns
        state.stamps.update(self.stamps)
        state.parsed.update(self.parsed)
        state.readers.update(self.readers)
        state.site = state.site.with_edits(list(self.edits), self.build_time)
        state.journal += 1


def _changes(old: BuildState, new: BuildState, edits: tuple) -> Changes:
    def changed(before: dict, after: dict) -> dict:
        return {key: value for key, value in after.items() if before.get(key) is not value}

    return Changes(
        base=new.base,
        saved_at_ns=new.saved_at_ns,
        stamps={k: v for k, v in new.stamps.items() if old.stamps.get(k) != v},
        parsed=changed(old.parsed, new.parsed),
        readers=changed(old.readers, new.readers),
        edits=edits,
        build_time=new.site.build_time,
    )


def _mark_output(state: BuildState, output: Path) -> None:
    state.output = str(output.resolve())
    state.output_inode = output.resolve().stat().st_ino


def _inputs_of(state: BuildState) -> Inputs:
    return Inputs(
        state.output,
        state.output_inode,
        state.environment,
        state.stamps,
        state.saved_at_ns,
        state.had_problems,
        len(state.files) + len(state.assets),
    )


class StateStore:
    """Where the state of the builds into one output folder is kept: .bulletin-cache/."""

    def __init__(self, site_root: Path, output: Path):
        self.site_root, self.output = site_root, output

    def inputs(self) -> Inputs | None:
        return load_inputs(self.site_root, self.output)

    def state(self) -> BuildState | None:
        return load_state(self.site_root, self.output)

    def save(self, state: BuildState, patched: BuildState | None = None, edits: tuple = ()) -> None:
        save_state(self.site_root, self.output, state, patched, edits)


class MemoryStore(StateStore):
    """For `bulletin serve`: the state stays in memory from one rebuild to the next, so that a
    rebuild neither loads nor pickles it; it is written to disk when the preview stops."""

    def __init__(self, site_root: Path, output: Path):
        super().__init__(site_root, output)
        self.kept: BuildState | None = None

    def inputs(self) -> Inputs | None:
        if self.kept is None:
            return super().inputs()
        found = _inputs_of(self.kept)
        return found if _same_output(found.output, found.output_inode, self.output) else None

    def state(self) -> BuildState | None:
        return self.kept if self.kept is not None else super().state()

    def save(self, state: BuildState, patched: BuildState | None = None, edits: tuple = ()) -> None:
        if self.kept is None:  # from now on the copy on disk is older than the output
            for part in ("inputs", "state"):
                state_path(self.site_root, self.output, part).unlink(missing_ok=True)
        _mark_output(state, self.output)
        self.kept = state

    def close(self) -> None:
        if self.kept is not None:
            super().save(self.kept)


def _save(path: Path, value: Any) -> None:
    path.parent.mkdir(exist_ok=True)
    temporary = path.with_suffix(f".tmp-{os.getpid()}")
    with open(temporary, "wb") as file, _collector_paused():
        pickle.dump((FORMAT, value), file, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temporary, path)


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Keep the garbage collector still: it would walk the hundreds of thousands of objects a
    large state has as they are made, doubling the time it takes to load."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
