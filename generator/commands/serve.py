"""The `bulletin serve` command: preview the site while editing, rebuilding on every save.

The site (drafts included) is built into a hidden folder and served on localhost. watchdog
reports saves in site.yaml, content/, data/ and the themes; each rebuild reuses unchanged
pages. Open pages reload themselves through a small script the server adds to every HTML
page; when a build fails they show its error over the last good page until the next good save.

Only this computer's browser may read the drafts: requests must name a loopback host (or the
--host given), so that a web page can't reach the preview by DNS rebinding; at most
MAX_CONNECTIONS are served at once; and the browser never sees a traceback or an absolute path.
"""

from __future__ import annotations

import argparse
import contextlib
import ipaddress
import json
import os
import queue
import re
import signal
import socket
import sys
import threading
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from socketserver import BaseRequestHandler

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.commands.build import build
from generator.errors import BulletinError
from generator.i18n import N_, _
from generator.incremental.state import CACHE_FOLDER, MemoryStore
from generator.render.theme import default_theme_dir

LIVE_SCRIPT = Path(__file__).parent / "live" / "live.js"
SCRIPT_TAG = b'<script src="/__bulletin/live.js"></script>'
WATCHED = ("site.yaml", "content", "data", "themes")
DEBOUNCE = 0.025  # seconds of quiet after a save before rebuilding (editors write in bursts)
MAX_CONNECTIONS = 64  # served at once, live-reload streams included; one thread each
SLOT_WAIT = 1.0  # seconds a connection beyond those waits for a free one before a 503
REQUEST_TIMEOUT = 2.0  # seconds a connection may stay silent (browsers send at once)
ANY_HOST = ("0.0.0.0", "::", "")  # --host values that expose the preview on purpose
FORBIDDEN = (
    "拒绝访问：主机名不是本机。Forbidden: this preview only answers requests for localhost.\n"
)
BUSY = "预览服务器正忙，请稍后刷新。The preview is busy; reload in a moment.\n".encode()
# Over the last good page while the build is broken.
OVERLAY_HEADING = N_("The build failed: fix the file and save it, and this page reloads itself.")
UNEXPECTED = (
    "预览构建时出了意外错误（程序缺陷），详情见终端。\n"
    "An unexpected error stopped the preview build; see the terminal for details."
)


@dataclass
class Preview:
    """The state shared by the watcher, the builder and the web server."""

    site: Path
    output: Path
    base_url: str
    store: MemoryStore
    error: str = ""
    listeners: list[queue.Queue] = field(default_factory=list)
    dirty: threading.Event = field(default_factory=threading.Event)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def rebuild(self) -> None:
        started = time.perf_counter()
        try:
            result = build(
                self.site,
                self.output,
                include_drafts=True,
                base_url=self.base_url,
                keep_going=False,
                store=self.store,
                search=False,  # a save is on the page in a moment; the search index can wait
            )
        except BulletinError as err:
            shown = err.format(self.site)
            print(shown, file=sys.stderr)
            self.fail(without_paths(shown, self.site))
            return
        except Exception:  # a bug must not end the preview: report it and keep watching
            traceback.print_exc()  # the details for the terminal only: they name files
            self.fail(UNEXPECTED)
            return
        self.error = ""
        rebuilt = _("rebuilt in {seconds} s ({written} files written, {reused} unchanged)")
        seconds = f"{time.perf_counter() - started:.2f}"
        written = sum(result.counts.values())
        print(rebuilt.format(seconds=seconds, written=written, reused=result.reused), flush=True)
        self.announce("reload", {})

    def fail(self, error: str) -> None:
        """Show `error` (safe for the browser) on every open page until a build succeeds."""
        self.error = error
        self.announce("error-report", self.status())

    def status(self) -> dict[str, str]:
        """What the open pages show: the build's error ("" when it succeeded), under a
        heading in the editor's language."""
        return {"error": self.error, "heading": _(OVERLAY_HEADING)}

    def announce(self, event: str, data: dict) -> None:
        with self.lock:
            for listener in self.listeners:
                listener.put((event, data))

    def listen(self) -> queue.Queue:
        listener: queue.Queue = queue.Queue()
        with self.lock:
            self.listeners.append(listener)
        return listener

    def forget(self, listener: queue.Queue) -> None:
        with self.lock:
            self.listeners.remove(listener)


def without_paths(text: str, site: Path) -> str:
    """`text` with the site's and the built-in theme's absolute paths made relative: a page
    must not learn where the site is kept (folder names tell the user's name)."""
    for folder, name in ((site, "."), (default_theme_dir(), "(built-in theme)")):
        absolute = str(folder.resolve())
        text = text.replace(absolute + os.sep, "" if name == "." else name + os.sep)
        text = re.sub(re.escape(absolute) + r"(?![\w.-])", name, text)
    return text


def host_allowed(header: str, listen: str) -> bool:
    """Whether a request's Host header names this preview: loopback, or the --host given.

    A DNS-rebinding page reaches 127.0.0.1 under its own host name, which this refuses.
    """
    if listen.strip("[]") in ANY_HOST:
        return True
    host = header.strip().lower()
    if host.startswith("["):  # [::1]:8000
        host, _bracket, port = host[1:].partition("]")
        port = port.removeprefix(":")
    else:
        host, _colon, port = host.partition(":")
    if port and not port.isdigit():
        return False
    host = host.removesuffix(".")
    if host in ("localhost", listen.strip("[]").lower()):
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


class _Server(ThreadingHTTPServer):
    """Serves at most MAX_CONNECTIONS connections at once: a thread for every connection
    without a cap lets any program on this computer make the preview exhaust its memory."""

    daemon_threads = True
    request_queue_size = 128  # connections beyond the cap wait in the kernel, without threads

    def __init__(
        self, address: tuple[str, int], handler: Callable[..., BaseRequestHandler]
    ) -> None:
        super().__init__(address, handler)
        self.slots = threading.BoundedSemaphore(MAX_CONNECTIONS)
        self.holding: set[int] = set()  # the connections that hold a slot

    def process_request(self, request: socket.socket, client_address: object) -> None:
        if not self.slots.acquire(timeout=SLOT_WAIT):
            head = (
                "HTTP/1.0 503 Service Unavailable\r\nContent-Type: text/plain; charset=utf-8\r\n"
                f"Retry-After: 1\r\nContent-Length: {len(BUSY)}\r\nConnection: close\r\n\r\n"
            )
            with contextlib.suppress(OSError):
                request.sendall(head.encode() + BUSY)
            self.shutdown_request(request)
            return
        self.holding.add(id(request))
        try:
            super().process_request(request, client_address)  # starts the connection's thread
        except BaseException:
            self._free(request)
            raise

    def process_request_thread(self, request: socket.socket, client_address: object) -> None:
        try:
            super().process_request_thread(request, client_address)
        finally:
            self._free(request)

    def _free(self, request: socket.socket) -> None:
        """Give the connection's slot back, once: the thread may have finished (and freed
        it) by the time starting it reports an error."""
        try:
            self.holding.remove(id(request))
        except KeyError:
            return
        self.slots.release()

    def handle_error(self, request: object, client_address: object) -> None:
        if not isinstance(sys.exc_info()[1], OSError):  # a browser that went away is no bug
            super().handle_error(request, client_address)


class _Changes(FileSystemEventHandler):
    def __init__(self, preview: Preview):
        self.preview = preview

    def on_any_event(self, event: FileSystemEvent) -> None:
        if event.event_type in ("opened", "closed_no_write"):
            return
        path = Path(str(event.src_path))
        if path.name.startswith((".", "#")) or path.name.endswith("~"):
            return  # editors' swap and backup files
        if path.parent == self.preview.site.resolve() and path.name != "site.yaml":
            return
        self.preview.dirty.set()


def _build_on_change(preview: Preview, stop: threading.Event) -> None:
    while not stop.is_set():
        if preview.dirty.wait(timeout=0.2):
            time.sleep(DEBOUNCE)
            preview.dirty.clear()
            preview.rebuild()


class _Handler(SimpleHTTPRequestHandler):
    preview: Preview
    listen: str  # the --host address
    timeout = REQUEST_TIMEOUT

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal shows builds, not every request

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        if not host_allowed(self.headers.get("Host", ""), self.listen):
            self._send(FORBIDDEN.encode(), "text/plain; charset=utf-8", 403)
            return False
        return True

    def do_GET(self) -> None:
        route = self.path.split("?")[0]
        if route == "/__bulletin/live.js":
            return self._send(LIVE_SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        if route == "/__bulletin/status":
            body = json.dumps(self.preview.status(), ensure_ascii=False).encode("utf-8")
            return self._send(body, "application/json; charset=utf-8")
        if route == "/__bulletin/events":
            return self._stream_events()
        if self.preview.error and not self.preview.output.is_dir():
            return self._send(self.preview.error.encode("utf-8"), "text/plain; charset=utf-8")
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if path.suffix == ".html" and path.is_file():
            html = path.read_bytes()
            if b"</body>" in html:
                html = html.replace(b"</body>", SCRIPT_TAG + b"</body>", 1)
            else:
                html += SCRIPT_TAG
            return self._send(html, "text/html; charset=utf-8")
        return super().do_GET()

    def _send(self, body: bytes, kind: str, status: int = 200) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _stream_events(self) -> None:
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        listener = self.preview.listen()
        try:
            self.wfile.write(b": connected\n\n")
            self.wfile.flush()
            while True:
                try:
                    event, data = listener.get(timeout=15)
                    message = f"event: {event}\ndata: {json.dumps(data, ensure_ascii=False)}\n\n"
                except queue.Empty:
                    message = ": keep-alive\n\n"
                self.wfile.write(message.encode("utf-8"))
                self.wfile.flush()
        except OSError:  # the page went away, or stopped reading for REQUEST_TIMEOUT
            pass
        finally:
            self.preview.forget(listener)


def _stop_on_term(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # `kill` stops the preview as cleanly as Ctrl-C does


def run(args: argparse.Namespace) -> int:
    site = args.site.resolve()
    if not (site / "site.yaml").is_file():
        raise BulletinError(
            _("{file} not found: run bulletin serve in the site folder, or pass --site DIR").format(
                file=site / "site.yaml"
            )
        )
    output = site / CACHE_FOLDER / "serve"
    preview = Preview(
        site=site,
        output=output,
        base_url=f"http://{args.host}:{args.port}/",
        store=MemoryStore(site, output),
    )
    handler = type("Handler", (_Handler,), {"preview": preview, "listen": args.host})
    try:
        server = _Server((args.host, args.port), partial(handler, directory=str(preview.output)))
    except OSError as err:
        raise BulletinError(
            _("can't listen on {host}:{port} ({reason}); try another --port").format(
                host=args.host, port=args.port, reason=err.strerror
            )
        ) from None
    preview.rebuild()
    stop = threading.Event()
    observer = Observer()
    for name in WATCHED:
        target = site / name
        if target.exists():
            observer.schedule(
                _Changes(preview),
                str(target if target.is_dir() else site),
                recursive=target.is_dir(),
            )
    observer.start()
    builder = threading.Thread(target=_build_on_change, args=(preview, stop), daemon=True)
    builder.start()
    serving = _("Serving {site} with drafts at {address} — Ctrl-C to stop")
    print(serving.format(site=site.name, address=preview.base_url), flush=True)
    signal.signal(signal.SIGTERM, _stop_on_term)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print("\n" + _("stopped."))
    finally:
        stop.set()
        observer.stop()
        observer.join(timeout=2)
        server.server_close()
        builder.join(timeout=60)
        if not builder.is_alive():  # never write the state while a rebuild changes it
            preview.store.close()
    return 0
