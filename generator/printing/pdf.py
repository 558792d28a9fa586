"""Print a sheet to PDF with WeasyPrint, and check that it is one page showing all it claims.

WeasyPrint is imported only here, so that building the website does not need it.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlsplit

from generator.errors import BulletinError
from generator.printing.papers import PAPERS


@dataclass(frozen=True)
class PrintedSheet:
    pdf: bytes
    pages: int


def weasyprint_module():
    try:
        import weasyprint
    except ImportError:
        raise BulletinError(
            "printing needs WeasyPrint: install it with  pip install 'bulletin[print]'"
        ) from None
    return weasyprint


def print_pdf(html: str, files: dict[str, Path], base_url: str, paper: str) -> PrintedSheet:
    """Lay out the sheet page `html` on `paper` (a slug of PAPERS: only that variant of the
    sheet is shown) and write the PDF. Site URLs resolve to `files` (URL path below the site
    root → file), and nothing is fetched from anywhere else."""
    document = laid_out(html, files, base_url, paper)
    return PrintedSheet(pdf=document.write_pdf(), pages=len(document.pages))


def laid_out(html: str, files: dict[str, Path], base_url: str, paper: str):
    """The sheet page `html` laid out on `paper`: a WeasyPrint document."""
    weasyprint = weasyprint_module()
    from weasyprint.urls import URLFetcher, URLFetcherResponse

    base_path = urlsplit(base_url).path

    class SiteFiles(URLFetcher):
        def fetch(self, url: str, headers: dict | None = None) -> URLFetcherResponse:
            path = unquote(urlsplit(url).path)
            relative = path[len(base_path) :] if path.startswith(base_path) else None
            if relative is None or relative not in files:
                raise ValueError(f"not part of the site: {url}")
            mime, _ = mimetypes.guess_type(relative)
            return URLFetcherResponse(
                url,
                files[relative].read_bytes(),
                {"Content-Type": mime or "application/octet-stream"},
            )

    # What the page's paper control does in a browser (with :has() and print.js).
    size = PAPERS[paper]
    chosen = weasyprint.CSS(
        string=f"@page {{ size: {size.css_size} !important; "
        f"margin: {size.margin_mm}mm !important; }}\n"
        f".sheet:not(.sheet--{paper}) {{ display: none !important; }}\n"
        f".sheet.sheet--{paper} {{ display: block !important; }}"
    )
    page = weasyprint.HTML(string=html, base_url=base_url, url_fetcher=SiteFiles())
    return page.render(stylesheets=[chosen])
