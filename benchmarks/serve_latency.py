"""How long after a save `bulletin serve` serves the edited page: the editor's wait.

    python benchmarks/corpus.py --reports 10000 /tmp/c10k     # a corpus, once
    python benchmarks/serve_latency.py /tmp/c10k --json benchmarks/results/serve-10000.json

Starts `python -m generator serve` on the site (this checkout first on PYTHONPATH), waits for
its first build, then --edits times appends a different sentence to the middle report, and
polls the report's page on the preview server every --poll-ms until the sentence is there. The
time from the write to that answer is the latency; the server's own "rebuilt in" line is kept
too. The report is restored and the server stopped with Ctrl-C (SIGINT) at the end. All
traffic goes to 127.0.0.1; every wait is bounded. Nothing here asserts a timing.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
EPOCH = "1795579200"  # the same "today" as compare.py
FIRST_BUILD_TIMEOUT = 1800.0
EDIT_TIMEOUT = 30.0


def middle_report(site: Path) -> Path:
    reports = sorted((site / "content" / "reports").rglob("*.md"))
    published = [p for p in reports if "\ndraft: true" not in p.read_text(encoding="utf-8")]
    return published[len(published) // 2]


def slug_of(report: Path) -> str:
    found = re.search(r"^slug: *(\S+)", report.read_text(encoding="utf-8"), re.MULTILINE)
    return found.group(1) if found else report.stem


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as answer:
        return answer.read().decode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path)
    parser.add_argument("--edits", type=int, default=5)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--poll-ms", type=float, default=5)
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()

    site = args.site.resolve()
    report = middle_report(site)
    original = report.read_bytes()
    page = f"http://127.0.0.1:{args.port}/reports/{slug_of(report)}/"
    env = {**os.environ, "PYTHONPATH": str(REPO), "SOURCE_DATE_EPOCH": EPOCH}
    # English messages: the lines below are matched by their English wording.
    command = [sys.executable, "-m", "generator", "--lang", "en", "serve", "--port", str(args.port)]
    server = subprocess.Popen(
        command, cwd=site, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    lines: list[str] = []
    ready = threading.Event()

    def read_output() -> None:
        assert server.stdout is not None
        for line in server.stdout:
            lines.append(line.rstrip())
            if line.startswith("Serving"):
                ready.set()

    threading.Thread(target=read_output, daemon=True).start()
    started = time.perf_counter()
    results = []
    try:
        if not ready.wait(FIRST_BUILD_TIMEOUT):
            raise SystemExit("the preview server did not start:\n" + "\n".join(lines[-20:]))
        first_build = time.perf_counter() - started
        print(f"first build (drafts included): {first_build:.1f} s", flush=True)
        for run in range(1, args.edits + 1):
            marker = f"延迟测量第{run}次补记{time.time_ns()}"
            time.sleep(1.0)  # let the previous rebuild settle
            before = len(lines)
            report.write_bytes(original + f"\n\n{marker}。\n".encode())
            written = time.perf_counter()
            while marker not in fetch(page):
                if time.perf_counter() - written > EDIT_TIMEOUT:
                    raise SystemExit(f"edit {run} not served within {EDIT_TIMEOUT} s")
                time.sleep(args.poll_ms / 1000)
            latency = time.perf_counter() - written
            time.sleep(0.2)
            rebuilt = [line for line in lines[before:] if line.startswith("rebuilt in")]
            results.append({"run": run, "latency_ms": round(latency * 1000, 1), "server": rebuilt})
            print(f"edit {run}: served after {latency * 1000:.0f} ms  {rebuilt}", flush=True)
    finally:
        report.write_bytes(original)
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=60)
        except subprocess.TimeoutExpired:
            server.kill()
    latencies = [r["latency_ms"] for r in results]
    summary = {
        "site": str(site),
        "reports": len(list((site / "content" / "reports").rglob("*.md"))),
        "first_build_s": round(first_build, 1),
        "median_ms": statistics.median(latencies),
        "max_ms": max(latencies),
        "edits": results,
    }
    print(f"median {summary['median_ms']} ms, max {summary['max_ms']} ms over {len(results)} edits")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main()
