"""The `bulletin serve` command: preview the site while editing, rebuilding on every save.

The site (drafts included) is built into a hidden folder and served on localhost. watchdog
reports saves in site.yaml, content/, data/ and the themes; each rebuild reuses unchanged
pages. Open pages reload themselves through a small script the server adds to every HTML
page; when a build fails they show its error over the last good page until the next good save.
"""

from __future__ import annotations

import argparse
import json
import queue
import signal
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from watchdog.events import FileSystemEvent, FileSystemEventHandler
from watchdog.observers import Observer

from generator.commands.build import build
from generator.errors import BulletinError
from generator.incremental.state import CACHE_FOLDER, MemoryStore

LIVE_SCRIPT = Path(__file__).parent / "live" / "live.js"
SCRIPT_TAG = b'<script src="/__bulletin/live.js"></script>'
WATCHED = ("site.yaml", "content", "data", "themes")
DEBOUNCE = 0.025  # seconds of quiet after a save before rebuilding (editors write in bursts)


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
            )
        except BulletinError as err:
            self.error = err.format(self.site)
            print(self.error, file=sys.stderr)
            self.announce("error-report", {"error": self.error})
            return
        except Exception:  # a bug must not end the preview: show it and keep watching
            self.error = traceback.format_exc()
            print(self.error, file=sys.stderr)
            self.announce("error-report", {"error": self.error})
            return
        self.error = ""
        print(
            f"rebuilt in {time.perf_counter() - started:.2f} s "
            f"({sum(result.counts.values())} files written, {result.reused} unchanged)",
            flush=True,
        )
        self.announce("reload", {})

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

    def log_message(self, format: str, *args: object) -> None:
        pass  # the terminal shows builds, not every request

    def do_GET(self) -> None:
        route = self.path.split("?")[0]
        if route == "/__bulletin/live.js":
            return self._send(LIVE_SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        if route == "/__bulletin/status":
            body = json.dumps({"error": self.preview.error}).encode()
            return self._send(body, "application/json")
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

    def _send(self, body: bytes, kind: str) -> None:
        self.send_response(200)
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
        except (BrokenPipeError, ConnectionResetError):
            pass
        finally:
            self.preview.forget(listener)


def _stop_on_term(signum: int, frame: object) -> None:
    raise KeyboardInterrupt  # `kill` stops the preview as cleanly as Ctrl-C does


def run(args: argparse.Namespace) -> int:
    site = args.site.resolve()
    if not (site / "site.yaml").is_file():
        raise BulletinError(
            f"{site / 'site.yaml'} not found: run bulletin serve in the site "
            "folder, or pass --site DIR"
        )
    output = site / CACHE_FOLDER / "serve"
    preview = Preview(
        site=site,
        output=output,
        base_url=f"http://{args.host}:{args.port}/",
        store=MemoryStore(site, output),
    )
    handler = type("Handler", (_Handler,), {"preview": preview})
    try:
        server = ThreadingHTTPServer(
            (args.host, args.port), partial(handler, directory=str(preview.output))
        )
    except OSError as err:
        raise BulletinError(
            f"can't listen on {args.host}:{args.port} ({err.strerror}); try another --port"
        ) from None
    server.daemon_threads = True
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
    print(f"Serving {site.name} with drafts at {preview.base_url} — Ctrl-C to stop", flush=True)
    signal.signal(signal.SIGTERM, _stop_on_term)
    try:
        server.serve_forever(poll_interval=0.2)
    except KeyboardInterrupt:
        print("\nstopped.")
    finally:
        stop.set()
        observer.stop()
        observer.join(timeout=2)
        server.server_close()
        builder.join(timeout=60)
        if not builder.is_alive():  # never write the state while a rebuild changes it
            preview.store.close()
    return 0
