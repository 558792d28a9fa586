"""What a site is made of: plain dataclasses for places, tags, people, reports, pages and the
calendar data (holidays, commemorative days)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

LEVEL_NAMES = ("市", "区县", "街道乡镇", "社区")


@dataclass(frozen=True)
class Place:
    """A node of the place tree: city → district/county → subdistrict/town → community."""

    id: str
    name: str
    parent: str | None = None
    children: tuple[str, ...] = ()
    depth: int = 0
    intro: str = ""
    address: str = ""
    phone: str = ""
    hours: str = ""
    office: str = ""  # the body that issues its notices (振华街道办事处); "" to derive it


@dataclass(frozen=True)
class Tag:
    slug: str
    name: str


@dataclass(frozen=True)
class Person:
    """A reporter or photographer; the slug gives the permanent URL of their page."""

    slug: str
    name: str


@dataclass(frozen=True)
class Image:
    """A picture listed in a report's `images:`."""

    src: str  # images/… below content/
    alt: str
    caption: str = ""
    photographer: str = ""  # a person's slug (site.yaml `people:`), credited as 摄影
    cover: bool = False  # the picture shown for the report on lists, share cards and posters


@dataclass(frozen=True)
class Event:
    """When and where the activity happens; may differ from the publication date."""

    start: date | datetime
    end: date | datetime | None = None
    location: str = ""

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def first_day(self) -> date:
        return self.start.date() if isinstance(self.start, datetime) else self.start

    @property
    def last_day(self) -> date:
        end = self.end or self.start
        return end.date() if isinstance(end, datetime) else end


@dataclass(frozen=True)
class Report:
    """One activity report, parsed and validated; `body_html` is already sanitized."""

    file: str  # the Markdown file it was read from (a string: see `source_path`)
    slug: str
    title: str
    date: date
    places: tuple[str, ...]
    body_html: str
    summary: str
    reading_minutes: int
    subtitle: str = ""
    tags: tuple[str, ...] = ()
    reporters: tuple[str, ...] = ()
    photographers: tuple[str, ...] = ()
    source: str = ""
    event: Event | None = None
    aliases: tuple[str, ...] = ()
    draft: bool = False
    images: tuple[Image, ...] = ()
    # Every picture of content/images/ the report shows: its `images:`, then the body's.
    pictures: tuple[str, ...] = ()
    updated: datetime | None = None  # the last commit that changed the file, when in git

    @property
    def cover(self) -> Image | None:
        """The picture that stands for the report: the one marked `cover: true`, else the
        first of `images:`."""
        return next((i for i in self.images if i.cover), self.images[0] if self.images else None)

    @property
    def source_path(self) -> Path:
        # Made when asked for: the build state holds every report, and unpickling 10,000
        # Path objects took a tenth of the time it takes to load it.
        return Path(self.file)

    @property
    def revised(self) -> date | None:
        """The day of the last change, when it is later than the publication date."""
        day = self.updated.date() if self.updated else None
        return day if day and day > self.date else None


@dataclass(frozen=True)
class Page:
    """An ordinary page such as 关于本站 or 如何投稿, at /pages/<name>/."""

    file: str  # the Markdown file it was read from
    name: str
    title: str
    description: str
    body_html: str
    pictures: tuple[str, ...] = ()  # pictures of content/images/ the body shows


@dataclass(frozen=True)
class DayOff:
    """A day of an official holiday: 休 (off) or 班 (a make-up workday)."""

    name: str
    off: bool

    @property
    def mark(self) -> str:
        return "休" if self.off else "班"


@dataclass(frozen=True)
class CalendarData:
    holidays: dict[date, DayOff] = field(default_factory=dict)
    notices: dict[int, str] = field(default_factory=dict)  # year → the notice it comes from
    commemorative: dict[tuple[int, int], str] = field(default_factory=dict)  # (month, day)
