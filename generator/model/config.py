"""The site's settings: the validated contents of site.yaml (load/config.py reads them)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from generator.model.items import Person, Place, Tag

# Below the site folder: what builds keep for the next (state, compiled templates, pictures).
CACHE_FOLDER = ".bulletin-cache"


@dataclass(frozen=True)
class Privacy:
    """Which residents' numbers `check` and `build` refuse to publish (load/privacy.py)."""

    # Sorted tuples, not sets: the configuration's repr is part of the build's fingerprint,
    # and a set's order changes from one run of Python to the next.
    allowed: tuple[str, ...] = ()  # numbers that may be published: offices' phones
    rules: tuple[str, ...] = ("bank_card", "id_card", "mobile")


@dataclass(frozen=True)
class Config:
    """The validated contents of site.yaml."""

    root: Path
    title: str
    description: str
    base_url: str
    language: str
    timezone: str
    theme: str
    per_page: int
    paper: str  # the default size of printed sheets: a slug of printing.papers.PAPERS
    places: dict[str, Place]
    tags: dict[str, Tag]
    people: dict[str, Person]
    privacy: Privacy = Privacy()

    @property
    def base_path(self) -> str:
        """The path part of base_url, e.g. "/" or "/bulletin/"; every site URL starts with it."""
        return urlsplit(self.base_url).path

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
