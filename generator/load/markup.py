"""Markdown to safe HTML, and the plain-text facts derived from it: summary and reading time."""

from __future__ import annotations

import html
import math
import re
from functools import lru_cache
from itertools import islice
from urllib.parse import quote, unquote

import markdown
import nh3
import regex

from generator.i18n import _
from generator.load.yamlfile import CONTROL

SUMMARY_LENGTH = 100
SENTENCE_ENDS = "。！？；"
CLOSERS = "”’」』）》"
HAN_PER_MINUTE = 300
WORDS_PER_MINUTE = 200

_ALLOWED_TAGS = {
    "a",
    "abbr",
    "b",
    "blockquote",
    "br",
    "caption",
    "code",
    "dd",
    "del",
    "div",
    "dl",
    "dt",
    "em",
    "figcaption",
    "figure",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "i",
    "img",
    "ins",
    "kbd",
    "li",
    "mark",
    "ol",
    "p",
    "pre",
    "q",
    "s",
    "small",
    "span",
    "strong",
    "sub",
    "sup",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "tr",
    "u",
    "ul",
}
_ALLOWED_ATTRIBUTES = {
    "*": {"id", "lang", "title"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "ol": {"start"},
    "div": {"class"},
    "sup": {"class"},
}
_URL_SCHEMES = {"http", "https", "mailto", "tel"}

_CLUSTER = regex.compile(r"\X")  # a grapheme cluster: what a reader sees as one character
_HAN = regex.compile(r"\p{Han}")
_WORD = regex.compile(r"[A-Za-z0-9]+(?:['’-][A-Za-z0-9]+)*")
_H1 = regex.compile(r"<(/?)h1\b")
_BRACKET = re.compile(r"[\[\]]")
_EXTERNAL_IMG = re.compile(
    r'<img\b(?=[^>]*\bsrc="(?P<src>(?:https?:)?//[^"]*)")(?:[^>]*\balt="(?P<alt>[^"]*)")?[^>]*>'
)
_SITE_IMG = re.compile(r'<img\b[^>]*?\bsrc="(?P<src>[^"]*)"')
ID_PREFIX = "c-"  # before every id in a body, and every link to one


MAX_BRACKETS = 16  # [ inside [ …: a link's text may hold a picture, not a thousand levels
MAX_INDENT = 64  # spaces before a line: sixteen levels of lists
MAX_QUOTES = 16  # > > > …


def too_deep(body: str) -> tuple[int, str] | None:
    """Where `body` nests deeper than any report needs, as (line number within the body,
    what is wrong), or None. Deep nesting makes the Markdown parser take minutes (brackets)
    or fail (lists, quotes); no real text comes near these limits."""
    depth = 0
    for number, line in enumerate(body.split("\n"), 1):
        indent = len(line) - len(line.lstrip(" \t"))
        quotes = len(re.match(r"[ >]*", line).group().replace(" ", ""))
        if indent > MAX_INDENT or quotes > MAX_QUOTES:
            message = _("the text has lists or quotes nested more than {levels} levels deep")
            return number, message.format(levels=MAX_INDENT // 4)
        if not line.strip():
            depth = 0  # links never run over a paragraph's end
        for bracket in _BRACKET.findall(line):
            depth = depth + 1 if bracket == "[" else max(depth - 1, 0)
            if depth > MAX_BRACKETS:
                return number, _(
                    "the text has more than {count} [ brackets inside each other"
                ).format(count=MAX_BRACKETS)
    return None


@lru_cache(maxsize=1)
def _markdown() -> markdown.Markdown:
    # One converter, reset between documents: setting up the extensions costs more than
    # converting a short report.
    return markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")


def markdown_to_html(text: str, base_path: str = "/") -> str:
    """Render Markdown, then sanitize: raw HTML may not bring scripts, handlers or js: URLs.

    Links and pictures written as `/reports/x/` or `images/x.jpg` are addresses within the
    site, so they get the site's base path (which matters when it is served from a sub-folder).
    """
    text = CONTROL.sub("", text)  # invisible, and invalid in the XML of feeds
    rendered = _markdown().reset().convert(text)
    return _link_external_pictures(
        nh3.clean(
            _demote_h1(rendered),
            tags=_ALLOWED_TAGS,
            attributes=_ALLOWED_ATTRIBUTES,
            url_schemes=_URL_SCHEMES,
            link_rel="noopener",
            attribute_filter=lambda tag, name, value: _site_url(name, value, base_path),
        )
    )


def _site_url(attribute: str, value: str, base_path: str) -> str:
    if attribute == "id":  # a body's ids may not clash with the page's own (id="main")
        return ID_PREFIX + value
    if attribute not in ("href", "src"):
        return value
    if value.startswith("#"):
        return "#" + ID_PREFIX + value[1:]
    if value.startswith(("images/", "/images/")):
        # A picture's address is its file name: # ? % in it are part of the name.
        return base_path + quote(value.removeprefix("/"), safe="/")
    if value.startswith("/") and not value.startswith("//"):
        return base_path + value[1:]
    return value


def site_pictures(rendered: str, base_path: str) -> list[str]:
    """The pictures of content/images/ a rendered body shows, as images/… paths."""
    prefix = base_path + "images/"
    found = []
    for match in _SITE_IMG.finditer(rendered):
        src = html.unescape(match["src"])
        if src.startswith(prefix):
            found.append(unquote(src.removeprefix(base_path)))
    return list(dict.fromkeys(found))


def _link_external_pictures(rendered: str) -> str:
    """A picture from another host becomes a link to it: shown on the page, it would tell
    that host who reads the page and when (bulletin check warns about it)."""
    return _EXTERNAL_IMG.sub(
        lambda m: f'<a href="{m["src"]}" rel="noopener">{m["alt"] or "图片"}</a>', rendered
    )


def _demote_h1(rendered: str) -> str:
    # The page's own title is the only <h1>; a `# heading` in a body becomes <h2>.
    return _H1.sub(r"<\1h2", rendered)


def plain_text(rendered_html: str) -> str:
    """The text a reader sees in `rendered_html`, whitespace collapsed."""
    text = nh3.clean(rendered_html, tags=set())
    return " ".join(html.unescape(text).split())


def summarize(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """At most `limit` characters (grapheme clusters), cut after the last sentence end in reach.

    Without a sentence end in the window the text is cut hard and "…" marks the cut; a
    character or emoji is never split.
    """
    if len(text) <= limit:
        return text
    # Only the first clusters matter: splitting a whole long text was a tenth of parsing it.
    clusters = [c.group() for c in islice(_CLUSTER.finditer(text), limit + 1)]
    if len(clusters) <= limit:
        return text
    window = clusters[:limit]
    cut = max((i for i, c in enumerate(window) if c in SENTENCE_ENDS), default=-1)
    if cut >= limit // 4:
        while cut + 1 < len(window) and window[cut + 1] in CLOSERS:
            cut += 1
        return "".join(window[: cut + 1])
    return "".join(clusters[: limit - 1]).rstrip() + "…"


def reading_minutes(text: str) -> int:
    """Minutes to read `text`: Chinese counted by characters, other languages by words."""
    han = len(_HAN.findall(text))
    words = len(_WORD.findall(text))
    return max(1, math.ceil(han / HAN_PER_MINUTE + words / WORDS_PER_MINUTE))
