"""The template context every HTML page shares: the site, the page, its title, paginated lists.

docs/themes.md lists what each template receives; the renderers pass exactly that.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import jinja2

from generator.model.plan import Unit
from generator.model.site import Site, paginate


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
            "window": page_window(unit.number, len(pages)),
        },
    }


def page_window(number: int, count: int, around: int = 2) -> list[int | None]:
    """The page numbers a list's page links to: the first, the last and `around` on either
    side of page `number`, with None where numbers are left out. A city's list runs to
    hundreds of pages: linking every one from every page made each page a wall of links."""
    shown = {1, count, *range(number - around, number + around + 1)}
    window: list[int | None] = []
    previous = 0
    for n in sorted(n for n in shown if 1 <= n <= count):
        if n - previous == 2:  # a gap of one page: the page itself takes no more room than …
            window.append(n - 1)
        elif n - previous > 2:
            window.append(None)
        window.append(n)
        previous = n
    return window


def paged_title(title: str, unit: Unit) -> str:
    return title if unit.number == 1 else f"{title}（第{unit.number}页）"
