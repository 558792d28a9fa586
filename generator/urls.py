"""The permanent URL of every page kind, as a path below the site root (no leading slash).

Changing any function here breaks printed QR codes: URLs come from ids and slugs only.
"""

from __future__ import annotations


def report(slug: str) -> str:
    return f"reports/{slug}/"


def place(place_id: str, page: int = 1) -> str:
    return paged(f"places/{place_id}/", page)


def place_feed(place_id: str) -> str:
    return f"places/{place_id}/feed.xml"


def tag(slug: str, page: int = 1) -> str:
    return paged(f"tags/{slug}/", page)


def tag_feed(slug: str) -> str:
    return f"tags/{slug}/feed.xml"


def person(slug: str, page: int = 1) -> str:
    return paged(f"reporters/{slug}/", page)


def month(key: str, page: int = 1) -> str:
    """`key` is "YYYY-MM"."""
    year, number = key.split("-")
    return paged(f"archive/{year}/{number}/", page)


def page(name: str) -> str:
    return f"pages/{name}/"


def paged(first: str, number: int) -> str:
    return first if number <= 1 else f"{first}page/{number}/"


HOME = ""
PLACES = "places/"
TAGS = "tags/"
PEOPLE = "reporters/"
ARCHIVE = "archive/"
FEED = "feed.xml"
SITEMAP = "sitemap.xml"
ROBOTS = "robots.txt"
NOT_FOUND = "404.html"
MINE = "mine/"  # 我的社区: choosing one's community
STAFF = "staff/"  # for office staff: print sheets and feeds of every place
SEARCH = "search/"  # searching the reports, places and pages (Pagefind)
ADMIN = "admin/"  # the web editor (Decap CMS), for office staff; not for search engines
ADMIN_CONFIG = "admin/config.yml"  # its configuration, made from site.yaml (render/admin.py)


def share_card(place_id: str = "") -> str:
    """The picture a shared link shows when its page has no photo (render/cards.py)."""
    return f"places/{place_id}/share.jpg" if place_id else "share.jpg"


def file_for(url: str) -> str:
    """The output file that serves `url`: a folder URL is served by its index.html."""
    return url + "index.html" if url == "" or url.endswith("/") else url


def calendar(place_id: str = "") -> str:
    """The calendar's entry page: the site's, or a place's when `place_id` is given."""
    return f"places/{place_id}/calendar/" if place_id else "calendar/"


def calendar_month(key: str, place_id: str = "") -> str:
    """`key` is "YYYY-MM"."""
    return f"{calendar(place_id)}{key}/"


def calendar_ics(place_id: str = "") -> str:
    return f"places/{place_id}/calendar.ics" if place_id else "calendar.ics"


def event_ics(slug: str) -> str:
    return f"reports/{slug}/event.ics"


def poster(slug: str) -> str:
    """A report's notice-board poster (one page for every paper size)."""
    return f"print/reports/{slug}/"


def place_sheets(place_id: str) -> str:
    """The list of a place's printable sheets."""
    return f"print/places/{place_id}/"


def week_sheet(place_id: str, week: str) -> str:
    """`week` is an ISO week, "YYYY-Www"."""
    return f"print/places/{place_id}/{week}/"


def month_sheet(place_id: str, month: str) -> str:
    """`month` is "YYYY-MM"."""
    return f"print/places/{place_id}/{month}/"
