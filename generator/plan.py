"""What a build makes: one `Unit` per output file, and the `Plan` of them all, in order.

(Kept apart from the renderers: the build state holds a plan, and a build that finds nothing
changed loads that state's summary without importing them.)
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import accumulate
from typing import NamedTuple, overload

from generator import urls


class Unit(NamedTuple):
    """One output file: its URL path below the site root, its kind, and what it shows.

    (A named tuple, not a dataclass: a large site plans hundreds of thousands of units.)
    """

    path: str
    kind: str
    key: str = ""
    number: int = 1
    scope: str = ""  # the place a calendar or sheet is of, or "" for the whole site
    paper: str = ""  # a printed sheet's paper size (a slug of paper.PAPERS)

    @property
    def file(self) -> str:
        return urls.file_for(self.path)

    def packed(self) -> str:
        """The unit as one string, for the build state: a few hundred thousand strings load
        ten times faster than as many tuples."""
        return _FIELD.join((*self[:3], str(self.number), *self[4:]))

    @classmethod
    def unpacked(cls, text: str) -> Unit:
        path, kind, key, number, scope, paper = text.split(_FIELD)
        return cls(path, kind, key, int(number), scope, paper)


_FIELD = "\x1f"  # never in a path, id or slug (see tracking.SEPARATOR)


class Strings(Sequence[str]):
    """An unchanging list of strings kept as one string and where each ends: two objects for
    the memory allocator and for pickle, however many strings."""

    def __init__(self, items: Iterable[str] = ()):
        items = list(items)
        self.text = "".join(items)
        self.ends = array("Q", accumulate(map(len, items)))

    def __len__(self) -> int:
        return len(self.ends)

    @overload
    def __getitem__(self, index: int) -> str: ...
    @overload
    def __getitem__(self, index: slice) -> list[str]: ...
    def __getitem__(self, index: int | slice) -> str | list[str]:
        if isinstance(index, slice):
            return [self[i] for i in range(*index.indices(len(self)))]
        end = self.ends[index]  # IndexError as a list would, and negative indexes work
        index %= len(self.ends)
        return self.text[self.ends[index - 1] if index else 0 : end]

    def __iter__(self) -> Iterator[str]:
        text = self.text
        return map(text.__getitem__, map(slice, (0, *self.ends), self.ends))


@dataclass(frozen=True)
class Plan:
    """The units of a build, in order, each with its output file.

    Held packed (see `Strings`): a large site plans 190,000 files, which as tuples and
    strings take 75 MB in the process that hands them out to the workers and a tenth of a
    second to load with the build state; packed, a third of that and milliseconds.
    """

    files: Strings = field(default_factory=Strings)
    packed: Strings = field(default_factory=Strings)  # each unit's Unit.packed()

    @classmethod
    def of(cls, units: Iterable[Unit]) -> Plan:
        units = list(units)
        return cls(Strings(unit.file for unit in units), Strings(unit.packed() for unit in units))

    def __len__(self) -> int:
        return len(self.files)

    def __getitem__(self, number: int) -> Unit:
        return Unit.unpacked(self.packed[number])

    def __iter__(self) -> Iterator[Unit]:
        return map(Unit.unpacked, self.packed)

    def kinds(self) -> Counter[str]:
        """How many units of each kind."""
        return Counter(text.split(_FIELD, 2)[1] for text in self.packed)
