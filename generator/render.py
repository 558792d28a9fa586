"""One output file per unit: `plan` lists the units, `render` turns one unit into bytes.

`render` is a pure function of the site model and the unit, so units can be rendered in any
order, in parallel, or only when what they depend on has changed.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import jinja2

from generator import urls
from generator.feeds import atom_feed
from generator.site import Site, paginate

TAG_CLOUD_STEPS = 5


@dataclass(frozen=True)
class Unit:
    """One output file: its URL path below the site root, its kind, and what it shows."""

    path: str
    kind: str
    key: str = ""
    number: int = 1

    @property
    def file(self) -> str:
        return urls.file_for(self.path)


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
    units += [Unit(urls.report(r.slug), "report", r.slug) for r in site.reports]
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
    return units


def render(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    return RENDERERS[unit.kind](site, env, unit)


def _html(
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


def _listing(
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


def _paged_title(title: str, unit: Unit) -> str:
    return title if unit.number == 1 else f"{title}（第{unit.number}页）"


def render_home(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    places = site.config.places
    cities = [p for p in places.values() if p.parent is None]
    counts = {t: len(s) for t, s in site.tag_reports.items()}
    top = max(counts.values(), default=1)
    cloud = [
        (site.config.tags[t], n, 1 + (TAG_CLOUD_STEPS - 1) * n // top) for t, n in counts.items()
    ]
    cloud.sort(key=lambda item: (-item[1], item[0].slug))
    return _html(
        env,
        "home.html",
        site,
        unit,
        title=site.config.title,
        reports=list(site.reports[: site.config.per_page]),
        cities=cities,
        tag_cloud=cloud,
        feeds=[(site.config.title, urls.FEED)],
    )


def render_report(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    report = site.by_slug[unit.key]
    older, newer = site.older.get(report.slug), site.newer.get(report.slug)
    return _html(
        env,
        "report.html",
        site,
        unit,
        title=report.title,
        description=report.summary,
        report=report,
        og_type="article",
        image=report.images[0] if report.images else None,
        older=site.by_slug[older] if older else None,
        newer=site.by_slug[newer] if newer else None,
        related=site.reports_for(site.related[report.slug]),
    )


def render_place(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    place = site.config.places[unit.key]
    return _html(
        env,
        "place.html",
        site,
        unit,
        title=_paged_title(place.name, unit),
        description=place.intro or f"{place.name}的活动报道",
        place=place,
        path=site.place_path(place.id),
        children=[site.config.places[c] for c in place.children],
        feeds=[(f"{place.name}的报道", urls.place_feed(place.id))],
        **_listing(
            site, site.place_reports.get(place.id, ()), unit, lambda n: urls.place(place.id, n)
        ),
    )


def render_tag(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    tag = site.config.tags[unit.key]
    return _html(
        env,
        "tag.html",
        site,
        unit,
        title=_paged_title(f"标签：{tag.name}", unit),
        description=f"标签为“{tag.name}”的活动报道",
        tag=tag,
        feeds=[(f"“{tag.name}”的报道", urls.tag_feed(tag.slug))],
        **_listing(site, site.tag_reports.get(tag.slug, ()), unit, lambda n: urls.tag(tag.slug, n)),
    )


def render_person(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    person = site.config.people[unit.key]
    return _html(
        env,
        "person.html",
        site,
        unit,
        title=_paged_title(person.name, unit),
        description=f"{person.name}采写或拍摄的报道",
        person=person,
        **_listing(
            site, site.person_reports[person.slug], unit, lambda n: urls.person(person.slug, n)
        ),
    )


def render_month(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    keys = list(site.month_reports)
    at = keys.index(unit.key)
    year, month = unit.key.split("-")
    return _html(
        env,
        "month.html",
        site,
        unit,
        title=_paged_title(f"{int(year)}年{int(month)}月的报道", unit),
        month=unit.key,
        older_month=keys[at - 1] if at > 0 else None,
        newer_month=keys[at + 1] if at + 1 < len(keys) else None,
        **_listing(site, site.month_reports[unit.key], unit, lambda n: urls.month(unit.key, n)),
    )


def render_places(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    roots = [p for p in site.config.places.values() if p.parent is None]
    return _html(
        env,
        "places.html",
        site,
        unit,
        title="按地区浏览",
        roots=roots,
        description="城市、区县、街道和社区的活动报道",
    )


def render_tags(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    tags = sorted(
        site.config.tags.values(), key=lambda t: (-len(site.tag_reports.get(t.slug, ())), t.slug)
    )
    return _html(
        env,
        "tags.html",
        site,
        unit,
        title="按标签浏览",
        tags=tags,
        description="按活动类型浏览报道",
    )


def render_people(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    people = [site.config.people[s] for s in site.person_reports]
    return _html(
        env,
        "people.html",
        site,
        unit,
        title="记者与摄影",
        people=people,
        description="本站报道的记者和摄影",
    )


def render_archive(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    years: dict[str, list[str]] = {}
    for key in reversed(site.month_reports):
        years.setdefault(key[:4], []).append(key)
    return _html(
        env,
        "archive.html",
        site,
        unit,
        title="按月份浏览",
        years=years,
        description="按发布月份浏览全部报道",
    )


def render_page(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    page = next(p for p in site.pages if p.name == unit.key)
    return _html(
        env, "page.html", site, unit, title=page.title, description=page.description, content=page
    )


def render_alias(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    report = site.by_slug[unit.key]
    return _html(
        env,
        "redirect.html",
        site,
        unit,
        title=report.title,
        report=report,
        target=urls.report(report.slug),
    )


def render_not_found(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    return _html(env, "404.html", site, unit, title="页面没有找到")


def render_sitemap(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    pages = [
        u for u in plan(site) if u.file.endswith(".html") and u.kind not in ("alias", "not_found")
    ]
    return env.get_template("sitemap.xml").render(site=site, pages=pages).encode("utf-8")


def render_robots(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    return env.get_template("robots.txt").render(site=site).encode("utf-8")


def render_feed(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    return atom_feed(site, unit.path, urls.HOME, site.config.title, list(site.reports))


def render_place_feed(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    place = site.config.places[unit.key]
    return atom_feed(
        site,
        unit.path,
        urls.place(place.id),
        f"{place.name} - {site.config.title}",
        site.reports_for(site.place_reports.get(place.id, ())),
    )


def render_tag_feed(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    tag = site.config.tags[unit.key]
    return atom_feed(
        site,
        unit.path,
        urls.tag(tag.slug),
        f"{tag.name} - {site.config.title}",
        site.reports_for(site.tag_reports.get(tag.slug, ())),
    )


RENDERERS: dict[str, Callable[[Site, jinja2.Environment, Unit], bytes]] = {
    "home": render_home,
    "report": render_report,
    "place": render_place,
    "tag": render_tag,
    "person": render_person,
    "month": render_month,
    "places": render_places,
    "tags": render_tags,
    "people": render_people,
    "archive": render_archive,
    "page": render_page,
    "alias": render_alias,
    "not_found": render_not_found,
    "sitemap": render_sitemap,
    "robots": render_robots,
    "feed": render_feed,
    "place_feed": render_place_feed,
    "tag_feed": render_tag_feed,
}
