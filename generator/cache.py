"""The build cache: reuse a page from the last build when nothing it read has changed.

While a page renders, the site it sees records every index entry it reads (a report, a
place's list, a tag's list …). The cache keeps, per output file, those reads and a fingerprint
of their values. Next build, a page whose reads have the same fingerprint — under the same
configuration, templates, code and day — is linked from the previous output instead of
rendered. Anything read as a whole ("every report") makes a page depend on all of it, so a
page is never reused when it might have changed.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from importlib import metadata
from pathlib import Path
from typing import Any

from generator.site import Site

CACHE_FOLDER = ".bulletin-cache"
TRACKED = (
    "reports",
    "pages",
    "images",
    "by_slug",
    "place_reports",
    "tag_reports",
    "person_reports",
    "month_reports",
    "related",
    "older",
    "newer",
    "aliases",
    "day_reports",
)
EVERYTHING = "*"


class Reads:
    """The (index, key) pairs one page read."""

    def __init__(self) -> None:
        self.pairs: set[tuple[str, str]] = set()

    def add(self, name: str, key: Any) -> None:
        self.pairs.add((name, _encode(key)))


def _encode(key: Any) -> str:
    if key == EVERYTHING:
        return EVERYTHING
    return f"date:{key.isoformat()}" if isinstance(key, date) else f"str:{key}"


def _decode(text: str) -> Any:
    if text == EVERYTHING:
        return EVERYTHING
    kind, _, value = text.partition(":")
    return date.fromisoformat(value) if kind == "date" else value


class _TrackedMapping(Mapping):
    def __init__(self, name: str, data: Mapping, reads: Reads):
        self._name, self._data, self._reads = name, data, reads

    def __getitem__(self, key: Any) -> Any:
        self._reads.add(self._name, key)
        return self._data[key]

    def __contains__(self, key: object) -> bool:
        self._reads.add(self._name, key)
        return key in self._data

    def get(self, key: Any, default: Any = None) -> Any:
        self._reads.add(self._name, key)
        return self._data.get(key, default)

    def __iter__(self) -> Iterator:
        self._reads.add(self._name, EVERYTHING)
        return iter(self._data)

    def __reversed__(self) -> Iterator:
        self._reads.add(self._name, EVERYTHING)
        return reversed(self._data)

    def __len__(self) -> int:
        self._reads.add(self._name, EVERYTHING)
        return len(self._data)


class _TrackedSequence(Sequence):
    def __init__(self, name: str, data: Sequence, reads: Reads):
        self._name, self._data, self._reads = name, data, reads

    def __getitem__(self, index: Any) -> Any:
        self._reads.add(self._name, EVERYTHING)
        return self._data[index]

    def __len__(self) -> int:
        self._reads.add(self._name, EVERYTHING)
        return len(self._data)

    def __iter__(self) -> Iterator:
        self._reads.add(self._name, EVERYTHING)
        return iter(self._data)


def tracked(site: Site) -> tuple[Site, Reads]:
    """A view of `site` that records what is read from its indexes."""
    reads = Reads()
    views = {}
    for name in TRACKED:
        value = getattr(site, name)
        kind = _TrackedMapping if isinstance(value, Mapping) else _TrackedSequence
        views[name] = kind(name, value, reads)
    return replace(site, **views), reads


@dataclass
class Fingerprints:
    """Fingerprints of index entries, each computed once per build."""

    site: Site
    known: dict[tuple[str, str], str] = field(default_factory=dict)

    def of(self, pairs: list[tuple[str, str]]) -> str:
        digest = hashlib.sha256()
        for pair in sorted(pairs):
            if pair not in self.known:
                self.known[pair] = _digest(self._value(*pair))
            digest.update(f"{pair}={self.known[pair]};".encode())
        return digest.hexdigest()

    def _value(self, name: str, key: str) -> Any:
        data = getattr(self.site, name)
        if key == EVERYTHING:
            return data
        return data.get(_decode(key), "<absent>") if isinstance(data, Mapping) else data


def _digest(value: Any) -> str:
    # repr of the frozen model is complete and stable: dataclasses, tuples, str, dates.
    return hashlib.sha256(repr(value).encode("utf-8")).hexdigest()


def global_fingerprint(site: Site, theme_dirs: list[Path], include_drafts: bool) -> str:
    """What every page depends on: configuration, calendar data, the day, templates, code."""
    digest = hashlib.sha256()
    for part in (
        repr(site.config),
        repr(site.calendar),
        site.today.isoformat(),
        str(include_drafts),
        _library_versions(),
    ):
        digest.update(part.encode("utf-8") + b"\0")
    code = Path(__file__).parent
    for folder in [*theme_dirs, code]:
        for path in sorted(folder.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                digest.update(str(path.relative_to(folder)).encode() + b"\0")
                digest.update(path.read_bytes())
    return digest.hexdigest()


def _library_versions() -> str:
    """Python's and the rendering libraries' versions: an upgrade may change any page."""
    names = ("jinja2", "markdown", "nh3", "feedgen", "icalendar", "tyme4py", "segno", "regex")
    found = []
    for name in names:
        try:
            found.append(f"{name}={metadata.version(name)}")
        except metadata.PackageNotFoundError:
            found.append(f"{name}=?")
    return f"python={sys.version};" + ";".join(found)


@dataclass
class BuildCache:
    """The record of the last build, and what this build will record."""

    path: Path
    fingerprint: str
    output: str
    previous: dict[str, dict]
    current: dict[str, dict] = field(default_factory=dict)

    @classmethod
    def open(cls, site_root: Path, fingerprint: str, output: Path) -> BuildCache:
        # One record per output folder, so `serve` and `build` don't spoil each other's.
        name = hashlib.sha256(str(output).encode()).hexdigest()[:12]
        path = site_root / CACHE_FOLDER / f"build-{name}.json"
        previous: dict[str, dict] = {}
        try:
            saved = json.loads(path.read_text(encoding="utf-8"))
            if saved.get("fingerprint") == fingerprint and saved.get("output") == str(output):
                previous = saved["pages"]
        except (OSError, ValueError, KeyError):
            pass  # no usable cache: everything renders
        return cls(path, fingerprint, str(output), previous)

    def reusable(self, file: str, fingerprints: Fingerprints, old_output: Path) -> bool:
        entry = self.previous.get(file)
        if entry is None or fingerprints.of([tuple(p) for p in entry["reads"]]) != entry["of"]:
            return False
        old = old_output / file
        return old.is_file() and hashlib.sha256(old.read_bytes()).hexdigest() == entry["bytes"]

    def remember(self, file: str, reads: list[tuple[str, str]], of: str, data: bytes) -> None:
        self.current[file] = {
            "reads": sorted(reads),
            "of": of,
            "bytes": hashlib.sha256(data).hexdigest(),
        }

    def keep(self, file: str) -> None:
        self.current[file] = self.previous[file]

    def save(self) -> None:
        self.path.parent.mkdir(exist_ok=True)
        data = {"fingerprint": self.fingerprint, "output": self.output, "pages": self.current}
        temporary = self.path.with_suffix(".tmp")
        temporary.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")
        os.replace(temporary, self.path)


def link_or_copy(source: Path, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, destination)
    except OSError:
        shutil.copyfile(source, destination)
