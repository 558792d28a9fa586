"""Shared test helpers for built sites: HTML validation, link targets, a static server, Chromium."""

from __future__ import annotations

import contextlib
import fnmatch
import functools
import os
import posixpath
import re
import shutil
import subprocess
import threading
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import quote, unquote, urljoin, urlsplit
from urllib.request import url2pathname

import lxml.html

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Playwright

REPO_ROOT = Path(__file__).resolve().parent.parent
VNU_JAR = REPO_ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

# "file:/x/a.html":3.7-3.23: error: message   (the location part is optional)
_GNU_LINE = re.compile(r'^"(?P<url>[^"]+)":(?:(?P<line>\d+)\.(?P<col>\d+)\S*:)? (?P<rest>.*)$')


def vnu_errors(
    paths: Iterable[Path],
    exclude: Iterable[str] = (),
    ignore: Iterable[str] = (),
    batch: int = 500,
) -> list[str]:
    """Validate HTML files with the Nu Html Checker; return "file:line.col: error: message" lines.

    exclude: fnmatch patterns on the file path (as posix) to leave out;
    ignore: regexes; messages matching any of them are dropped.
    Files are checked in one JVM per core at most, each with at least `batch` files (a JVM
    takes a second to start).
    """
    java = shutil.which("java")
    if java is None or not VNU_JAR.is_file():
        raise RuntimeError(f"java or {VNU_JAR} missing: run `bash .ci/install`")
    excl = list(exclude)
    files = [p for p in paths if not any(fnmatch.fnmatch(p.as_posix(), pat) for pat in excl)]
    if missing := [str(p) for p in files if not p.is_file()]:
        raise FileNotFoundError(f"vnu_errors: no such file(s): {missing}")  # vnu skips silently
    names = {p.resolve(): str(p) for p in files}
    drop = [re.compile(r) for r in ignore]
    runs = max(1, min(os.cpu_count() or 1, -(-len(files) // batch)))  # JVMs side by side
    share = -(-len(files) // runs) if files else 0
    with ThreadPoolExecutor(runs) as pool:
        outputs = pool.map(_vnu_run, [files[i : i + share] for i in range(0, len(files), share)])
    out: list[str] = []
    for output in outputs:
        for raw in output.splitlines():
            if not raw.strip():
                continue
            if m := _GNU_LINE.match(raw):
                path = Path(url2pathname(urlsplit(m["url"]).path)).resolve()
                loc = f"{m['line']}.{m['col']}:" if m["line"] else ""
                raw = f"{names.get(path, str(path))}:{loc} {m['rest']}"
            if not any(r.search(raw) for r in drop):
                out.append(raw)
    return out


def _vnu_run(files: list[Path]) -> str:
    """One JVM of the Nu Html Checker over `files`: what it printed."""
    cmd = [
        shutil.which("java") or "java",
        "-jar",
        str(VNU_JAR),
        "--errors-only",
        "--format",
        "gnu",
        "--exit-zero-always",
        *(str(p) for p in files),
    ]
    proc = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", check=False)
    if proc.returncode != 0:
        raise RuntimeError(f"vnu.jar failed ({proc.returncode}): {proc.stderr[-2000:]}")
    return proc.stdout + proc.stderr


_REF_ATTRS: dict[str, tuple[str, ...]] = {
    "a": ("href",),
    "link": ("href",),
    "img": ("src", "srcset"),
    "script": ("src",),
    "source": ("src", "srcset"),
    "form": ("action",),
}
_REFRESH_URL = re.compile(r"url\s*=\s*['\"]?([^'\"]+)", re.I)


def _refs(page: lxml.html.HtmlElement) -> list[str]:
    """href/src/srcset of a, link, img, script, source, and meta refresh URLs."""
    refs: list[str] = []
    for element in page.iter(*_REF_ATTRS, "meta"):
        if element.tag == "meta":
            refresh = (element.get("http-equiv") or "").lower() == "refresh"
            if refresh and (m := _REFRESH_URL.search(element.get("content", ""))):
                refs.append(m[1].strip())
            continue
        for name in _REF_ATTRS[element.tag]:
            value = (element.get(name) or "").strip()
            if value and name == "srcset":
                refs += [c.split()[0] for c in value.split(",") if c.strip()]
            elif value:
                refs.append(value)
    return refs


def internal_targets(html_path: Path, output_root: Path, base_url: str) -> list[tuple[str, Path]]:
    """Map each site-internal URL in a built page to the file it should resolve to.

    base_url is the site's public URL for output_root (e.g. "https://example.org/bulletin/").
    Internal = relative, root-relative, or absolute on base_url's host. Query and fragment
    are stripped, the path percent-decoded, a trailing "/" maps to index.html. A URL on the
    host but outside base_url's path maps to a path outside output_root (check with
    `target.is_relative_to(output_root)` or just `target.is_file()`).
    """
    base = base_url if base_url.endswith("/") else base_url + "/"
    site = urlsplit(base)
    page_url = urljoin(base, quote(html_path.relative_to(output_root).as_posix()))
    page = lxml.html.fromstring(html_path.read_bytes())
    declared = next((b.strip() for b in page.xpath("//base/@href")), "")
    doc_base = urljoin(page_url, declared) if declared else page_url
    result: list[tuple[str, Path]] = []
    for ref in _refs(page):
        url = urlsplit(urljoin(doc_base, ref))
        if url.scheme not in ("http", "https") or url.netloc != site.netloc:
            continue
        rel = posixpath.relpath(unquote(url.path or "/"), site.path)
        if url.path.endswith("/") or not url.path:
            rel = posixpath.join(rel, "index.html")
        result.append((ref, Path(os.path.normpath(output_root / rel))))
    return result


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@contextlib.contextmanager
def serve_directory(root: Path) -> Iterator[str]:
    """Serve `root` over HTTP on a free loopback port; yields "http://127.0.0.1:PORT/"."""
    handler = functools.partial(_QuietHandler, directory=str(root))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def launch_chromium(playwright: Playwright) -> Browser:
    """Launch Debian's headless Chromium (Playwright's own browser downloads are unavailable)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
