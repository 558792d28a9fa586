"""The reports and pages of content/ as `bulletin check` reads them: front matter, body and
where the body starts in the file, so that problems in the text get a line and column."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from generator.load.config import ID_PATTERN
from generator.load.content import content_sources
from generator.load.frontmatter import Source, read_source, split_front_matter


@dataclass(frozen=True)
class Document:
    """A report or page whose front matter could be read, and where its body starts."""

    source: Source
    url: str  # below the site root, e.g. "reports/xingfuli-swap-shop/"
    first_line: int  # the line of the file where the body begins
    text: str  # the whole file

    @property
    def is_report(self) -> bool:
        return self.url.startswith("reports/")


def read_documents(site_dir: Path) -> list[Document]:
    """Every report and page whose front matter can be read (the others are already errors)."""
    documents = []
    for path in content_sources(site_dir).files:
        text = read_source(path)
        source = split_front_matter(path, text)
        if isinstance(text, str) and isinstance(source, Source):
            url = _url(source, site_dir / "content" / "pages")
            text = text.removeprefix("\ufeff")
            documents.append(Document(source, url, source.body_line, text))
    return documents


def _url(source: Source, pages: Path) -> str:
    if source.path.is_relative_to(pages):
        return f"pages/{source.path.stem}/"
    slug = source.meta.get("slug")
    good = isinstance(slug, str) and ID_PATTERN.match(slug)
    return f"reports/{slug if good else source.path.stem}/"
