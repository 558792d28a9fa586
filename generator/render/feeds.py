"""Atom feeds with full content, written with feedgen (it gets the XML details right)."""

from __future__ import annotations

from datetime import datetime, time

from feedgen.feed import FeedGenerator

from generator import urls
from generator.model.items import Report
from generator.model.site import Site

FEED_LENGTH = 30


def atom_feed(
    site: Site, feed_path: str, page_path: str, title: str, reports: list[Report]
) -> bytes:
    """The newest FEED_LENGTH of `reports` as an Atom document."""
    config = site.config
    shown = reports[:FEED_LENGTH]
    feed = FeedGenerator()
    feed.id(config.base_url + feed_path)
    feed.title(title)
    feed.subtitle(config.description or title)
    feed.link(href=config.base_url + page_path, rel="alternate", type="text/html")
    feed.link(href=config.base_url + feed_path, rel="self", type="application/atom+xml")
    feed.language(config.language)
    feed.generator("Bulletin")
    feed.author(name=config.title)
    # The newest report sets "updated", never the clock, so rebuilding changes nothing.
    latest = [_changed(site, r) for r in shown] or [_changed(site, r) for r in site.reports[:1]]
    feed.updated(max(latest, default=datetime(2000, 1, 1, tzinfo=config.zone)))
    for report in reversed(shown):  # feedgen prepends: add oldest first to list newest first
        entry = feed.add_entry()
        link = config.base_url + urls.report(report.slug)
        entry.id(link)
        entry.title(report.title)
        entry.link(href=link, rel="alternate", type="text/html")
        entry.published(_moment(site, report.date))
        entry.updated(_changed(site, report))
        entry.summary(report.summary)
        entry.content(report.body_html, type="html")
        for slug in report.reporters:
            entry.author(name=config.people[slug].name)
        for slug in report.tags:
            entry.category(term=slug, label=config.tags[slug].name)
    return feed.atom_str(pretty=True)


def _changed(site: Site, report: Report) -> datetime:
    """When the report last changed: its last commit if later than publication."""
    return report.updated if report.updated and report.revised else _moment(site, report.date)


def _moment(site: Site, day) -> datetime:
    return datetime.combine(day, time(0, 0), tzinfo=site.config.zone)
