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
class Editor:
    """Where the web editor (/admin/, render/admin.py) saves: `editor:` in site.yaml."""

    backend: str = "git-gateway"  # github, gitea or git-gateway (Decap CMS's backend names)
    repo: str = ""  # owner/name on GitHub or Gitea
    branch: str = "main"
    base_url: str = ""  # the OAuth server that logs editors in (GitHub: a proxy; Gitea: itself)
    api_root: str = ""  # Gitea's API, e.g. https://git.example.cn/api/v1
    app_id: str = ""  # Gitea: the client ID of the site's OAuth application


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
    # The places' phone numbers and addresses are made up (the sample site): they are shown
    # marked 示例 and are never links that call.
    sample_contacts: bool = False
    editor: Editor = Editor()

    @property
    def base_path(self) -> str:
        """The path part of base_url, e.g. "/" or "/bulletin/"; every site URL starts with it."""
        return urlsplit(self.base_url).path

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)
