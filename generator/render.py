"""One output file per unit: `plan` lists the units, `render` turns one unit into bytes.

`render` is a pure function of the site model and the unit, so units can be rendered in any
order, in parallel, or only when what they depend on has changed.
"""

from __future__ import annotations

from collections.abc import Callable

import jinja2

from generator import calendar_pages, pages, print_pages, urls
from generator.site import Site, paginate
from generator.units import Unit


def plan(site: Site) -> list[Unit]:
    """Every file the site consists of, except static files and images, which are copied."""
    per_page = site.config.per_page
    units = [
        Unit(urls.HOME, "home"),
        Unit(urls.PLACES, "places"),
        Unit(urls.TAGS, "tags"),
        Unit(urls.PEOPLE, "people"),
        Unit(urls.ARCHIVE, "archive"),
        Unit(urls.FEED, "feed"),
        Unit(urls.SITEMAP, "sitemap"),
        Unit(urls.ROBOTS, "robots"),
        Unit(urls.NOT_FOUND, "not_found"),
    ]
    units += [Unit(urls.report(slug), "report", slug) for slug in site.report_slugs]
    units += [Unit(urls.page(p.name), "page", p.name) for p in site.pages]
    for place_id in site.config.places:
        count = len(paginate(list(site.place_reports.get(place_id, ())), per_page))
        units += [Unit(urls.place(place_id, n), "place", place_id, n) for n in range(1, count + 1)]
        units.append(Unit(urls.place_feed(place_id), "place_feed", place_id))
    for slug in site.config.tags:
        count = len(paginate(list(site.tag_reports.get(slug, ())), per_page))
        units += [Unit(urls.tag(slug, n), "tag", slug, n) for n in range(1, count + 1)]
        units.append(Unit(urls.tag_feed(slug), "tag_feed", slug))
    for slug in site.person_reports:
        count = len(paginate(list(site.person_reports[slug]), per_page))
        units += [Unit(urls.person(slug, n), "person", slug, n) for n in range(1, count + 1)]
    for key, slugs in site.month_reports.items():
        count = len(paginate(list(slugs), per_page))
        units += [Unit(urls.month(key, n), "month", key, n) for n in range(1, count + 1)]
    units += [Unit(path, "alias", slug) for path, slug in site.aliases.items()]
    units += calendar_pages.calendar_units(site)
    for place_id in site.config.places:
        units += calendar_pages.calendar_units(site, place_id)
    units += [Unit(urls.event_ics(slug), "event_ics", slug) for slug in site.event_slugs]
    units += print_pages.print_units(site)
    return units


def render(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    return RENDERERS[unit.kind](site, env, unit)


# Redirects, the 404 page and printable copies of pages are not for search engines.
NOT_IN_SITEMAP = {"alias", "not_found", "poster", "week_sheet", "month_sheet"}


def render_sitemap(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    pages = [u for u in plan(site) if u.file.endswith(".html") and u.kind not in NOT_IN_SITEMAP]
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
    "archive": pages.render_archive,
    "page": pages.render_page,
    "alias": pages.render_alias,
    "not_found": pages.render_not_found,
    "sitemap": render_sitemap,
    "robots": render_robots,
    "feed": pages.render_feed,
    "place_feed": pages.render_place_feed,
    "tag_feed": pages.render_tag_feed,
    "calendar": calendar_pages.render_calendar,
    "calendar_ics": calendar_pages.render_calendar_ics,
    "event_ics": calendar_pages.render_event_ics,
    "poster": print_pages.render_poster,
    "week_sheet": print_pages.render_week_sheet,
    "month_sheet": print_pages.render_month_sheet,
    "sheets": print_pages.render_sheets,
}
