"""What each page reads from the site's indexes, and which index entries changed between builds.

While a page renders, it sees a view of the site that records every index entry it reads
(a report, a place's list, one month of the calendar …) as a key "index\x1fentry". Between two
builds, `changed_keys` compares the indexes entry by entry; a page has to be rendered again
only when one of its keys changed. Anything read as a whole ("every report") is the key
"index\x1f*", which changes when any entry of the index does, so a page is never reused when it
might have changed.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from generator.model.site import Site

TRACKED = Site.indexes()  # every field of Site but those marked NOT_AN_INDEX
EVERYTHING = "*"
SEPARATOR = "\x1f"  # between an index's name and an entry's key: never in an id or slug
TODAY = f"today{SEPARATOR}{EVERYTHING}"  # read by pages that show the build's day


def key(index: str, entry: str) -> str:
    return f"{index}{SEPARATOR}{entry}"


class _TrackedMapping(Mapping):
    def __init__(self, name: str, data: Mapping, reads: set[str]):
        self._name, self._data, self._reads = name, data, reads

    def __getitem__(self, entry: Any) -> Any:
        self._reads.add(key(self._name, str(entry)))
        return self._data[entry]

    def __contains__(self, entry: object) -> bool:
        self._reads.add(key(self._name, str(entry)))
        return entry in self._data

    def get(self, entry: Any, default: Any = None) -> Any:
        self._reads.add(key(self._name, str(entry)))
        return self._data.get(entry, default)

    def __iter__(self) -> Iterator:
        self._reads.add(key(self._name, EVERYTHING))
        return iter(self._data)

    def __reversed__(self) -> Iterator:
        self._reads.add(key(self._name, EVERYTHING))
        return reversed(self._data)

    def __len__(self) -> int:
        self._reads.add(key(self._name, EVERYTHING))
        return len(self._data)


class _TrackedSequence(Sequence):
    def __init__(self, name: str, data: Sequence, reads: set[str]):
        self._name, self._data, self._reads = name, data, reads

    def __getitem__(self, index: Any) -> Any:
        self._reads.add(key(self._name, EVERYTHING))
        return self._data[index]

    def __len__(self) -> int:
        self._reads.add(key(self._name, EVERYTHING))
        return len(self._data)

    def __iter__(self) -> Iterator:
        self._reads.add(key(self._name, EVERYTHING))
        return iter(self._data)


class _WatchedSite(Site):
    """A site whose build time (and so `today`) records that a page read it."""

    @property  # type: ignore[override]
    def build_time(self) -> Any:
        self.__dict__["_reads"].add(TODAY)
        return self.__dict__["build_time"]


def tracked(site: Site) -> tuple[Site, set[str]]:
    """A view of `site` that records the keys of what is read from its indexes and whether
    the day was read."""
    reads: set[str] = set()
    # Made for every page: a copy without dataclasses.replace's checks.
    view = object.__new__(_WatchedSite)
    view.__dict__.update(site.__dict__)
    view.__dict__["_reads"] = reads
    for name in TRACKED:
        value = site.__dict__[name]
        kind = _TrackedMapping if isinstance(value, (dict, Mapping)) else _TrackedSequence
        view.__dict__[name] = kind(name, value, reads)
    return view, reads


def snapshot(site: Site) -> dict[str, Any]:
    """The tracked indexes of `site` and its day, to compare the next build's with."""
    return {"today": site.today, **{name: getattr(site, name) for name in TRACKED}}


def changed_keys(old: dict[str, Any], new: dict[str, Any]) -> set[str]:
    """The keys whose values differ between two snapshots (an entry added or gone included)."""
    changed: set[str] = set() if old.get("today") == new["today"] else {TODAY}
    for name in TRACKED:
        before, after = old.get(name), new[name]
        if before is after:  # an index a patched site kept (patch.patched_site)
            continue
        if isinstance(after, Mapping) and isinstance(before, Mapping):
            differ = [
                entry
                for entry in before.keys() | after.keys()
                if not _same(before.get(entry), after.get(entry))
            ]
            changed.update(key(name, str(entry)) for entry in differ)
            if differ or list(before) != list(after):  # order is content too
                changed.add(key(name, EVERYTHING))
        elif not _same(before, after):
            changed.add(key(name, EVERYTHING))
    return changed


def _same(a: Any, b: Any) -> bool:
    return a is b or a == b
