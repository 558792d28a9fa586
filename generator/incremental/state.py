"""The build state kept between builds in `.bulletin-cache/`: what the last build read and wrote.

It holds the stamps of every input file (stamps.py), each content file's parsed result by
digest (so Markdown is converted once per version of a file), the indexed site as it was, the
output files with the unit each was rendered from, and which output files read which index
entries (tracking.py). A build that finds every input stamp unchanged does nothing; one that
finds a few changes renders only the pages that read what changed.

The state is a local cache like `__pycache__`: it is never committed or shared, and a state
written by another version of Bulletin, or unreadable, is ignored (everything is rebuilt).
"""

from __future__ import annotations

import gc
import hashlib
import operator
import os
import pickle
from array import array
from bisect import bisect_left
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import compress
from pathlib import Path
from typing import Any

from generator.incremental.outputs import Written
from generator.incremental.stamps import Seen, Stamp, unchanged_since
from generator.model.config import CACHE_FOLDER
from generator.model.plan import Plan, Strings

FORMAT = 11  # bump when BuildState changes shape
JOURNAL_LIMIT = 50  # records appended before the state is written whole again


@dataclass
class BuildState:
    """The record of the last successful build into one output folder."""

    output: str = ""
    output_inode: int = 0  # a different folder at the same path was not built by us
    environment: str = ""
    today: str = ""  # the build's day, YYYY-MM-DD
    stamps: dict[str, Stamp] = field(default_factory=dict)  # every input file
    saved_at_ns: int = 0
    parse_context: str = ""  # what parsing depends on besides the file (content.parse_context)
    code: str = ""  # the digest of Bulletin's code that parsed (stamps.code_digest)
    parsed: dict[str, tuple[str, Any]] = field(default_factory=dict)  # file → (digest, result)
    fingerprint: str = ""  # configuration, calendar data, templates, code: every page's input
    site: Any = None  # the indexed site (site.Site) the files were rendered from
    plan: Plan = field(default_factory=Plan)  # the units rendered, each into its output file
    readers: dict[str, bytes] = field(default_factory=dict)  # key → packed numbers in the plan
    assets: dict[str, str] = field(default_factory=dict)  # copied file → digest of its source
    written: Written = field(default_factory=Written)  # size and mtime of each output file
    history: tuple[str, dict] = ("", {})  # (git HEAD, last commit time of each file)
    probes: dict[str, Any] = field(default_factory=dict)  # picture digest → load.photos.Probe
    had_problems: bool = False  # a --keep-going build left files out: never "up to date"
    almanac: dict = field(default_factory=dict)  # days worked out (almanac.known), a memo
    events: dict = field(default_factory=dict)  # VEVENT texts worked out (ics.known), a memo
    base: int = 0  # `saved_at_ns` of the last state written whole; the journal builds on it
    journal: int = 0  # edits appended to the journal since

    def readers_of(self, keys: Iterable[str]) -> set[int]:
        """The numbers (in the plan) of the outputs that read any of `keys`."""
        found: set[int] = set()
        for key in keys:
            packed = self.readers.get(key)
            if packed:
                found.update(array("I", packed))
        return found

    def record_reads(self, reads: Mapping[str, Collection[int]]) -> None:
        """Add `reads` (key → output indexes) to the readers; stale entries only cost a render.

        Each key's indexes are kept sorted, so that telling whether an output is among the
        readers of a key read by half the site takes a bisection, not a set of 100,000."""
        for key, indexes in reads.items():
            known = array("I", self.readers.get(key, b""))
            if len(indexes) < len(known) // 64:
                fresh = sorted({i for i in indexes if not _holds(known, i)})
            else:
                fresh = sorted(set(indexes).difference(known))
            if fresh:
                tail = known[-1] if known else -1
                known.extend(fresh)
                if fresh[0] < tail:
                    known = array("I", sorted(known))
                self.readers[key] = known.tobytes()


def _holds(numbers: array, number: int) -> bool:
    """Whether the sorted `numbers` hold `number`."""
    at = bisect_left(numbers, number)
    return at < len(numbers) and numbers[at] == number


@dataclass(frozen=True)
class Inputs:
    """The small part of the state that tells whether anything changed at all; kept in a file
    of its own so that a build with nothing to do reads a few hundred kilobytes, not the
    whole state."""

    output: str
    output_inode: int
    environment: str
    today: str
    stamps: dict[str, Stamp]
    saved_at_ns: int
    had_problems: bool
    files: int  # output files, static files and images included
    plan_files: Strings  # the output files of the plan, in its order
    written: Written

    def unchanged(self, environment: str, today: str, seen: dict[str, Seen | None]) -> bool:
        return (
            environment == self.environment
            and today == self.today
            and not self.had_problems
            and unchanged_since(self.stamps, seen, self.saved_at_ns)
        )

    def damaged(self, output: Path) -> tuple[set[int], set[str]]:
        """The output files not as the last build left them: plan numbers, copied names."""
        return self.written.damaged(output, self.plan_files)


def state_path(site_root: Path, output: Path, part: str = "state", suffix: str = ".pickle") -> Path:
    # One record per output folder, so `serve` and `build` don't spoil each other's.
    name = hashlib.sha256(str(output.resolve()).encode()).hexdigest()[:12]
    return site_root / CACHE_FOLDER / f"{part}-{name}{suffix}"


def lock_path(site_root: Path, output: Path) -> Path:
    """The file whose lock a build holds while it writes into `output`."""
    return state_path(site_root, output, "lock", suffix="")


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
        journal = state_path(site_root, output, "journal")
        with open(journal, "rb") as file, _collector_paused(freeze=True):
            while True:
                record = pickle.load(file)
                if isinstance(record, Changes) and record.base == state.base:
                    record.apply(state)
    except Exception:  # no journal, its end, or a record cut short: the state as it was then
        pass
    return state


def _load(path: Path, kind: type) -> Any:
    try:
        with open(path, "rb") as file, _collector_paused(freeze=True):
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
    written: dict[int, tuple[int, int]]  # plan number → (size, mtime) of what was rewritten
    copied: dict[str, tuple[int, int]]

    def apply(self, state: BuildState) -> None:
        state.saved_at_ns = self.saved_at_ns
        state.stamps.update(self.stamps)
        state.parsed.update(self.parsed)
        state.readers.update(self.readers)
        for number, (size, mtime) in self.written.items():
            state.written.sizes[number], state.written.mtimes[number] = size, mtime
        state.written.copied.update(self.copied)
        state.site = state.site.with_edits(list(self.edits), self.build_time)
        state.journal += 1


def _changes(old: BuildState, new: BuildState, edits: tuple) -> Changes:
    return Changes(
        base=new.base,
        saved_at_ns=new.saved_at_ns,
        stamps=_changed(old.stamps, new.stamps, operator.ne),
        parsed=_changed(old.parsed, new.parsed),
        readers=_changed(old.readers, new.readers),
        edits=edits,
        build_time=new.site.build_time,
        written={
            n: (new.written.sizes[n], new.written.mtimes[n])
            for n in _differing(old.written.mtimes, new.written.mtimes)
        },
        copied=_changed(old.written.copied, new.written.copied, operator.ne),
    )


def _differing(before: array, after: array) -> list[int]:
    """The positions where two arrays of the same length differ."""
    return list(compress(range(len(after)), map(operator.ne, before, after)))


def _changed(before: dict, after: dict, differ: Callable = operator.is_not) -> dict:
    """The entries of `after` that differ from `before`'s (or are new). The comparing is
    done in C (map, compress): the readers of a large site have over 100,000 keys."""
    keys = compress(after, map(differ, after.values(), map(before.get, after)))
    return {key: after[key] for key in keys}


def _mark_output(state: BuildState, output: Path) -> None:
    state.output = str(output.resolve())
    state.output_inode = output.resolve().stat().st_ino


def _inputs_of(state: BuildState) -> Inputs:
    return Inputs(
        state.output,
        state.output_inode,
        state.environment,
        state.today,
        state.stamps,
        state.saved_at_ns,
        state.had_problems,
        len(state.plan) + len(state.assets),
        state.plan.files,
        state.written,
    )


class StateStore:
    """Where the state of the builds into one output folder is kept: .bulletin-cache/."""

    # Whether a build first checks that the output folder holds what the state says it wrote
    # (someone may have changed it by hand); see outputs.Written.damaged.
    checks_output = True

    def __init__(self, site_root: Path, output: Path):
        self.site_root, self.output = site_root, output

    def inputs(self) -> Inputs | None:
        return load_inputs(self.site_root, self.output)

    def state(self) -> BuildState | None:
        return load_state(self.site_root, self.output)

    def recorded(self) -> bool:
        """Whether a build into the output folder is on record here."""
        return state_path(self.site_root, self.output, "inputs").is_file()

    def save(self, state: BuildState, patched: BuildState | None = None, edits: tuple = ()) -> None:
        save_state(self.site_root, self.output, state, patched, edits)


class MemoryStore(StateStore):
    """For `bulletin serve`: the state stays in memory from one rebuild to the next, so that a
    rebuild neither loads nor pickles it; it is written to disk when the preview stops."""

    # The preview's output is a hidden folder of the cache that only the preview writes:
    # stat-ing all its files after every save would cost a large site a tenth of a second.
    checks_output = False

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

    def recorded(self) -> bool:
        return self.kept is not None or super().recorded()

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
def _collector_paused(freeze: bool = False) -> Iterator[None]:
    """Keep the garbage collector still: it would walk the hundreds of thousands of objects a
    large state has as they are made, doubling the time it takes to load.

    With `freeze`, what exists when it ends is moved out of the collector's sight for good
    (gc.freeze): a loaded state lives as long as the build, and else the first young
    collection after it and the full one at exit would each walk it again, ~0.15 s of a
    one-edit rebuild at 10,000 reports. (The price: cyclic garbage that exists at that moment
    is never collected; in a process that loads states again and again, such as `serve` or
    the tests, that is a few hundred objects per load.)
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if was_enabled:
            gc.enable()
