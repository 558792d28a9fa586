"""Renderers of the pages residents browse, and of their Atom feeds: one function per kind."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

import jinja2

from generator import urls
from generator.model.items import Place, Report
from generator.model.plan import Unit
from generator.model.site import Site
from generator.render.cards import card_file
from generator.render.context import html_page, listing, paged_title
from generator.render.feeds import atom_feed

TAG_CLOUD_STEPS = 5
UPCOMING_COUNT = 10


def render_home(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    places = site.config.places
    cities = [p for p in places.values() if p.parent is None]
    counts = {t: len(s) for t, s in site.tag_reports.items()}
    top = max(counts.values(), default=1)
    cloud = [
        (site.config.tags[t], n, 1 + (TAG_CLOUD_STEPS - 1) * n // top) for t, n in counts.items()
    ]
    cloud.sort(key=lambda item: (-item[1], item[0].slug))
    return html_page(
        env,
        "home.html",
        site,
        unit,
        title=site.config.title,
        reports=list(site.reports[: site.config.per_page]),
        cities=cities,
        tag_cloud=cloud,
        upcoming_events=site.reports_for(site.upcoming.get("", ())[:UPCOMING_COUNT]),
        feeds=[(site.config.title, urls.FEED)],
        image=place_card(site),
    )


def render_report(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    report = site.by_slug[unit.key]
    older, newer = site.older.get(report.slug), site.newer.get(report.slug)
    return html_page(
        env,
        "report.html",
        site,
        unit,
        title=report.title,
        description=report.summary,
        report=report,
        og_type="article",
        image=share_image(site, report),
        older=site.by_slug[older] if older else None,
        newer=site.by_slug[newer] if newer else None,
        related=site.reports_for(site.related[report.slug]),
        poster=site.posters[report.slug],
    )


def share_image(site: Site, report: Report) -> dict[str, Any]:
    """The picture a shared link shows (og:image): the report's cover as a JPEG or PNG, else
    the share card of its first place."""
    cover = report.cover
    photo = site.photos.get(cover.src) if cover else None
    if cover is not None and photo is not None:
        return {"file": photo.fallback, "alt": cover.alt}
    return place_card(site, report.places[0])


def place_card(site: Site, place_id: str = "") -> dict[str, Any]:
    name = site.config.places[place_id].name if place_id else ""
    return {
        "file": card_file(urls.share_card(place_id)),
        "alt": f"{site.config.title} {name}".strip(),
    }


def render_place(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    place = site.config.places[unit.key]
    return html_page(
        env,
        "place.html",
        site,
        unit,
        title=paged_title(place.name, unit),
        description=place.intro or f"{place.name}的活动报道",
        place=place,
        path=site.place_path(place.id),
        children=[site.config.places[c] for c in place.children],
        upcoming_events=site.reports_for(site.upcoming.get(place.id, ())[:UPCOMING_COUNT]),
        feeds=[(f"{place.name}的报道", urls.place_feed(place.id))],
        image=place_card(site, place.id),
        **listing(
            site, site.place_reports.get(place.id, ()), unit, lambda n: urls.place(place.id, n)
        ),
    )


def render_tag(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    tag = site.config.tags[unit.key]
    return html_page(
        env,
        "tag.html",
        site,
        unit,
        title=paged_title(f"标签：{tag.name}", unit),
        description=f"标签为“{tag.name}”的活动报道",
        tag=tag,
        feeds=[(f"“{tag.name}”的报道", urls.tag_feed(tag.slug))],
        **listing(site, site.tag_reports.get(tag.slug, ()), unit, lambda n: urls.tag(tag.slug, n)),
    )


def render_person(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    person = site.config.people[unit.key]
    return html_page(
        env,
        "person.html",
        site,
        unit,
        title=paged_title(person.name, unit),
        description=f"{person.name}采写或拍摄的报道",
        person=person,
        **listing(
            site, site.person_reports[person.slug], unit, lambda n: urls.person(person.slug, n)
        ),
    )


def render_month(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    keys = list(site.month_reports)
    at = keys.index(unit.key)
    year, month = unit.key.split("-")
    return html_page(
        env,
        "month.html",
        site,
        unit,
        title=paged_title(f"{int(year)}年{int(month)}月的报道", unit),
        month=unit.key,
        older_month=keys[at - 1] if at > 0 else None,
        newer_month=keys[at + 1] if at + 1 < len(keys) else None,
        **listing(site, site.month_reports[unit.key], unit, lambda n: urls.month(unit.key, n)),
    )


def render_places(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    roots = [p for p in site.config.places.values() if p.parent is None]
    return html_page(
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
    return html_page(
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
    return html_page(
        env,
        "people.html",
        site,
        unit,
        title="记者与摄影",
        people=people,
        description="本站报道的记者和摄影",
    )


def render_mine(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    """我的社区: every community under its subdistrict, to choose one's own from."""
    places = site.config.places
    groups = [
        (place, [places[c] for c in place.children if not places[c].children])
        for place in places.values()
        if place.children and not any(places[c].children for c in place.children)
    ]
    return html_page(
        env,
        "mine.html",
        site,
        unit,
        title="我的社区",
        description="选定您所在的社区，首页会先显示那里的活动和报道",
        groups=groups,
    )


def render_staff(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    """For office staff: where to print each place's notice-board sheets, and the feeds."""
    return html_page(
        env,
        "staff.html",
        site,
        unit,
        title="工作人员",
        description="打印公告栏、订阅报道",
        places=list(site.config.places.values()),
    )


def render_search(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    """The search page: the form, with the places (in tree order), tags and years that have
    reports, to narrow the results to."""
    places = site.config.places

    def tree(ids: Iterable[str]) -> Iterator[Place]:
        for place_id in ids:
            yield places[place_id]
            yield from tree(places[place_id].children)

    roots = [p.id for p in places.values() if p.parent is None]
    return html_page(
        env,
        "search.html",
        site,
        unit,
        title="搜索",
        description="搜索本站的报道、地区和页面",
        places=[p for p in tree(roots) if site.place_reports.get(p.id)],
        tags=[t for t in site.config.tags.values() if site.tag_reports.get(t.slug)],
        years=sorted({key[:4] for key in site.month_reports}, reverse=True),
    )


def render_archive(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    years: dict[str, list[str]] = {}
    for key in reversed(site.month_reports):
        years.setdefault(key[:4], []).append(key)
    return html_page(
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
    return html_page(
        env, "page.html", site, unit, title=page.title, description=page.description, content=page
    )


def render_alias(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    report = site.by_slug[unit.key]
    return html_page(
        env,
        "redirect.html",
        site,
        unit,
        title=report.title,
        report=report,
        target=urls.report(report.slug),
    )


def render_not_found(site: Site, env: jinja2.Environment, unit: Unit) -> bytes:
    return html_page(env, "404.html", site, unit, title="页面没有找到")


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
