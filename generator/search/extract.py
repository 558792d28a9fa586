"""What Pagefind reads of a page, as text: two versions of a page with the same extract give
the same entry in the search index, so an incremental build whose indexed pages changed only
elsewhere (a report's body below its summary, its related reports, a list beside it) need not
run Pagefind again.

The extract errs on the safe side: it holds more than Pagefind uses, never less. That is the
page's language, the attributes of every element marked for Pagefind (`data-pagefind-*`) and
all that the indexed ones contain (`data-pagefind-body`, or a filter or metadata that takes
the element's text), every picture (Pagefind takes the first as the result's image) and every
`<h1>` and `<title>` (the result's title). A page with nothing marked `data-pagefind-body`,
whose whole text Pagefind would index, is its own extract.
"""

from __future__ import annotations

from html.parser import HTMLParser

# Elements that have no end tag, so that no subtree is left open after them.
VOID = frozenset(
    {
        *("area", "base", "br", "col", "embed", "hr", "img"),
        *("input", "link", "meta", "source", "track", "wbr"),
    }
)
WHOLE = frozenset({"h1", "title"})  # always taken with all they contain
TAGS_ALONE = frozenset({"html", "img"})  # always taken, their attributes only
MARK = "data-pagefind-"
VALUED = frozenset({MARK + "filter", MARK + "meta", MARK + "sort"})


def indexed_extract(html: str) -> str:
    """What Pagefind reads of the page `html` (see the module's docstring)."""
    parser = _Extractor()
    parser.feed(html)
    parser.close()
    return "\0".join(parser.parts) if parser.marked else html


def _reads_the_text(name: str, value: str | None) -> bool:
    """Whether Pagefind reads the text of an element with this attribute: the text indexed
    (data-pagefind-body), or a filter, metadata or sort key given without a value of its own
    ("author", where "author:Li" and "author[data-name]" name theirs)."""
    if name == MARK + "body":
        return True
    if name not in VALUED:
        return False
    return any(":" not in item and "[" not in item for item in (value or "").split(","))


class _Extractor(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.open: list[tuple[str, bool]] = []  # each open element: its tag, whether taken whole
        self.depth = 0  # how many open elements are taken whole
        self.marked = False  # whether an element is marked data-pagefind-body

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        marked = any(name.startswith(MARK) for name, _ in attrs)
        self.marked = self.marked or any(name == MARK + "body" for name, _ in attrs)
        whole = tag in WHOLE or any(_reads_the_text(name, value) for name, value in attrs)
        if self.depth or whole or marked or tag in TAGS_ALONE:
            self.parts.append(f"<{tag} {sorted(attrs, key=str)!r}>")
        if tag not in VOID:
            self.open.append((tag, whole))
            self.depth += whole

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.handle_starttag(tag, attrs)
        if tag not in VOID:
            self.handle_endtag(tag)

    def handle_endtag(self, tag: str) -> None:
        # HTML lets some end tags be left out (</li>, </p>): close up to the matching element.
        for position in range(len(self.open) - 1, -1, -1):
            if self.open[position][0] == tag:
                for _, whole in self.open[position:]:
                    self.depth -= whole
                del self.open[position:]
                if self.depth:
                    self.parts.append(f"</{tag}>")
                return

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.parts.append(data)
