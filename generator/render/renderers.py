"""One output file per unit: `render` turns a unit of the plan (model/plan.py) into bytes, with
the renderer of the unit's kind.

`render` is a pure function of the site model and the unit, so units can be rendered in any
order, in parallel, or only when what they depend on has changed.
"""

from __future__ import annotations

from collections.abc import Callable

import jinja2

from generator.model.plan import Unit, sitemap_units
from generator.model.site import Site
from generator.render import admin, calendars, cards, pages, sheets


def render(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    return RENDERERS[unit.kind](site, env, unit)


def render_sitemap(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    pages = sitemap_units(site)
    return env.get_template("sitemap.xml").render(site=site, pages=pages).encode("utf-8")


def render_robots(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    return env.get_template("robots.txt").render(site=site).encode("utf-8")


RENDERERS: dict[str, Callable[[Site, jinja2.Environment, Unit], bytes]] = {
    "home": pages.render_home,
    "report": pages.render_report,
    "place": pages.render_place,
    "tag": pages.render_tag,
    "person": pages.render_person,
    "month": pages.render_month,
    "places": pages.render_places,
    "tags": pages.render_tags,
    "people": pages.render_people,
    "mine": pages.render_mine,
    "staff": pages.render_staff,
    "search": pages.render_search,
    "archive": pages.render_archive,
    "page": pages.render_page,
    "alias": pages.render_alias,
    "not_found": pages.render_not_found,
    "sitemap": render_sitemap,
    "robots": render_robots,
    "feed": pages.render_feed,
    "place_feed": pages.render_place_feed,
    "tag_feed": pages.render_tag_feed,
    "calendar": calendars.render_calendar,
    "calendar_ics": calendars.render_calendar_ics,
    "event_ics": calendars.render_event_ics,
    "poster": sheets.render_poster,
    "week_sheet": sheets.render_week_sheet,
    "month_sheet": sheets.render_month_sheet,
    "sheets": sheets.render_sheets,
    "share_card": cards.render_share_card,
    "admin": admin.render_admin,
    "admin_config": admin.render_admin_config,
}
