"""Pictures inside a body: each `<img>` of a site picture becomes the theme's responsive
`<picture>` (a figure with its title as caption when it stands alone in a paragraph), and a
link to a picture points at its published file.

Bodies are sanitized HTML (load/markup.py), so their tags have one regular shape.
"""

from __future__ import annotations

import html
import re
from urllib.parse import unquote

import jinja2
from markupsafe import Markup

from generator.model.photos import Photo

# A picture alone in its paragraph, or one within text; and a link (one pass each, so that
# what was put in is not looked at again).
_IMG = re.compile(r"<p>\s*(?P<alone><img\b[^>]*>)\s*</p>|(?P<inline><img\b[^>]*>)")
_ATTRIBUTE = re.compile(r'\b([a-z-]+)="([^"]*)"')
_HREF = re.compile(r'\bhref="([^"]*)"')


@jinja2.pass_context
def with_pictures(context: jinja2.runtime.Context, body: str) -> Markup:
    """`body` (safe HTML) with its site pictures made responsive; see the module's doc."""
    if "images/" not in body:
        return Markup(body)
    base = context.environment.globals["url"]("")
    photos = context["site"].photos
    theme = context.environment.get_template("_picture.html").module

    def photo_of(src: str) -> Photo | None:
        src = html.unescape(src)
        if not src.startswith(base + "images/"):
            return None
        return photos.get(unquote(src.removeprefix(base)))

    def picture(match: re.Match[str]) -> str:
        attributes = dict(_ATTRIBUTE.findall(match["alone"] or match["inline"]))
        photo = photo_of(attributes.get("src", ""))
        if photo is None:
            return match[0]
        alt, title = (html.unescape(attributes.get(k, "")) for k in ("alt", "title"))
        if match["alone"]:
            return str(theme.figure(photo, alt, caption=title))
        return str(theme.picture(photo, alt)).strip()

    def link(match: re.Match[str]) -> str:
        photo = photo_of(match[1])
        if photo is None:
            return match[0]
        return f'href="{html.escape(context.environment.globals["url"](photo.fallback.path))}"'

    return Markup(_IMG.sub(picture, _HREF.sub(link, body)))
