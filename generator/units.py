"""What one output file is (`Unit`), and the page context every renderer shares."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

import jinja2

from generator import urls
from generator.site import Site, paginate


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


def html_page(
    env: jinja2.Environment,
    template: str,
    site: Site,
    unit: Unit,
    title: str,
    description: str = "",
    **context: Any,
) -> bytes:
    page = {
        "url": unit.path,
        "title": title,
        "description": description or site.config.description,
        "feeds": context.pop("feeds", []),
        "og_type": context.pop("og_type", "website"),
        "image": context.pop("image", None),
    }
    return env.get_template(template).render(site=site, page=page, **context).encode("utf-8")


def listing(
    site: Site, slugs: tuple[str, ...], unit: Unit, first_url: Callable[[int], str]
) -> dict[str, Any]:
    """The reports on page `unit.number` of a paginated list, with links to the other pages."""
    pages = paginate(list(slugs), site.config.per_page)
    return {
        "reports": site.reports_for(tuple(pages[unit.number - 1])),
        "pager": {
            "number": unit.number,
            "count": len(pages),
            "total": len(slugs),
            "url": first_url,
        },
    }


def paged_title(title: str, unit: Unit) -> str:
    return title if unit.number == 1 else f"{title}（第{unit.number}页）"
