"""The HTTP headers a deployed file is served with: its Content-Type (with the charset of text,
so that Chinese never shows as mojibake) and how long browsers and CDNs may cache it."""

from __future__ import annotations

from pathlib import PurePosixPath

UTF8 = "; charset=utf-8"
TYPES = {
    ".html": "text/html" + UTF8,
    ".htm": "text/html" + UTF8,
    ".css": "text/css" + UTF8,
    ".js": "text/javascript" + UTF8,
    ".mjs": "text/javascript" + UTF8,
    ".json": "application/json" + UTF8,
    ".map": "application/json" + UTF8,
    ".webmanifest": "application/manifest+json" + UTF8,
    ".xml": "application/xml" + UTF8,  # feeds and the sitemap
    ".xsl": "application/xslt+xml" + UTF8,
    ".ics": "text/calendar" + UTF8,
    ".txt": "text/plain" + UTF8,
    ".yml": "text/yaml" + UTF8,  # the web editor's admin/config.yml
    ".svg": "image/svg+xml",
    ".webp": "image/webp",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".gif": "image/gif",
    ".avif": "image/avif",
    ".ico": "image/x-icon",
    ".pdf": "application/pdf",
    ".woff2": "font/woff2",
    ".woff": "font/woff",
    ".wasm": "application/wasm",
}
UNKNOWN = "application/octet-stream"  # never guessed as text, so a browser never runs it

# Pages, feeds and calendars change with every new report: five minutes, so that news shows
# soon, while a CDN still takes the load when a crowd scans a notice board's QR code.
SHORT = "max-age=300"
# The theme's files and the pictures keep their names when they change: a day, not forever.
DAY = "max-age=86400"
# Pagefind's index files carry a hash of their content in their names.
FOREVER = "max-age=31536000, immutable"

ASSET_FOLDERS = ("static/", "images/")


def content_type(name: str) -> str:
    """The Content-Type of the file at `name` (a path below the output folder)."""
    return TYPES.get(PurePosixPath(name).suffix.lower(), UNKNOWN)


def cache_control(name: str) -> str:
    """The Cache-Control of the file at `name` (a path below the output folder)."""
    if name.startswith("pagefind/"):
        return FOREVER if _hashed_pagefind_file(name) else SHORT
    if name.startswith(ASSET_FOLDERS) and not is_page(name):
        return DAY
    return SHORT


def is_page(name: str) -> bool:
    """Whether `name` is something readers open (a page, feed, calendar or sitemap) rather than
    a file pages link to; pages are uploaded last, so that none links to a missing file."""
    return PurePosixPath(name).suffix.lower() in (".html", ".htm", ".xml", ".ics", ".txt")


def _hashed_pagefind_file(name: str) -> bool:
    """Pagefind's fragments, indexes, filters and metadata (`pagefind/index/en_1a2b….pf_index`,
    `pagefind/pagefind.en_1a2b….pf_meta`) carry hashes; its entry files (`pagefind.js`,
    `pagefind-entry.json`, `pagefind-worker.js`, the wasm) keep their names and change."""
    parts = PurePosixPath(name).parts
    return len(parts) > 2 or parts[-1].endswith(".pf_meta")
