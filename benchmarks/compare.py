"""Build the same corpus with Bulletin, Pelican and Hugo, side by side, and print a table.

    bash benchmarks/setup.sh            # once: Hugo, Pelican (in benchmarks/.venv), psutil
    python benchmarks/compare.py --reports 1000 --runs 3 --json benchmarks/results/1000.json

The corpus is written once (benchmarks/corpus.py, then benchmarks/peers.py for the peers) into
--work. For each tool, in turn and never two at once:

- clean builds, --runs times: output and caches are moved out of the way before each, into
  WORK/trash/, which is deleted only after the last build (see `settle` for why nothing is
  deleted while builds are timed);
- no-op rebuilds, --runs times: built again with nothing changed, with each tool's cache
  (Bulletin's .bulletin-cache/, Pelican's content cache; Hugo has none and builds everything);
- one-edit rebuilds, --runs times: a sentence is appended to the body of one report (always the
  same published report; a different sentence each run), then built again; the report is
  restored afterwards.

The first build starts six minutes after this script deleted what an earlier run left in
--work: see `settle`.

Each build is measured from outside: wall seconds; CPU seconds (user + system) of the whole
process tree, from wait4 (it includes every worker process the tool waited for); peak memory as
the largest SUM of the resident set sizes of the whole process tree (a sum of RSS counts pages
that forked workers share once per process, so it overstates what a process pool really uses)
and, in the first memory column, the largest sum of the proportional set sizes (PSS: a shared
page counts once, split between its sharers), which is what the pool really takes; the largest
single process is in the JSON as max_rss_one_mb. The RSS is read every --sample-ms, the PSS
less often: each read of it, and each listing of the process tree, waits 20 times its own CPU
cost, as reading the PSS of large processes is slow and a sampler busy most of the time would
take a core from a tool that uses both cores, and none from one that uses a single core (the
JSON has the number of samples of each).
pages = the .html files in the output folder that are not redirect stubs (Hugo writes one at
…/page/1/ of every list), files = every file there. The table shows medians of the runs, and
the JSON file has every run. Nothing here asserts a timing: this is no test.

Bulletin is run as `python -m generator build --quiet` with this checkout first on PYTHONPATH
(so the working tree is measured, whatever is installed) and SOURCE_DATE_EPOCH=1795579200, in
the site folder; --bulletin-rev REV measures a commit instead (its generator/ and themes/, taken
with git archive), and --bulletin gives another command. Its code is byte-compiled first
(compileall), as an installed copy is; Pelican and Hugo are measured as installed.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import platform
import shlex
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import threading
import time
from pathlib import Path

import psutil

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402
import peers  # noqa: E402

EPOCH = 1795579200  # 2026-11-25 12:00 in Shanghai: Bulletin's "today" for every build here
TOOLS = ("bulletin", "pelican", "hugo")
REDIRECT_SIZE = 2048  # an .html file this small that says http-equiv="refresh" is a redirect


# ---------------------------------------------------------------- the three tools


class Tool:
    """How to build, clean and edit one tool's copy of the corpus."""

    def __init__(self, name: str, folder: Path, command: list[str], output: str,
                 caches: list[str], reports: str, env: dict[str, str] | None = None):
        self.name, self.folder, self.command = name, folder, command
        self.trash = folder.parent / "trash"
        self.output = folder / output
        self.caches = [folder / c for c in caches]
        self.reports = folder / reports
        self.env = {**os.environ, "SOURCE_DATE_EPOCH": str(EPOCH), **(env or {})}

    def clean(self) -> None:
        """Move the output, the caches and any staging folder a failed build left into the
        trash: a rename, so no file is deleted (see `settle`)."""
        self.trash.mkdir(exist_ok=True)
        for path in [self.output, *self.caches, *sorted(self.folder.glob(".output*"))]:
            if path.exists() or path.is_symlink():
                holder = Path(tempfile.mkdtemp(prefix=f"{self.name}-", dir=self.trash))
                path.rename(holder / path.name)
        # What the build before wrote is still going to disk: finish that here, so that it is
        # not charged to the build measured next.
        os.sync()

    def report_file(self, slug: str) -> Path:
        return self.reports / f"{slug}.md"


# Seconds for which ext4 without a journal (this machine's root file system: there is no
# /proc/fs/jbd2 entry for it) avoids reusing a freed inode, in the kernel's fs/ext4/ialloc.c:
# RECENTCY_MIN, 60 s, plus RECENTCY_DIRTY, 300 s, when the inode table block holding it is
# dirty, which it is all through a build that creates files next to it. Every inode a build
# creates makes the kernel test the free inodes it meets one by one and pass over those
# freed within that time, so a build that starts right after 190,000 files and folders were
# deleted spends its kernel time in recently_deleted(): `perf record` showed 30 % of a clean
# build's samples there, and its system time doubled.
RECENTLY_DELETED_S = 60 + 300


def settle(since: float) -> None:
    """Wait until inodes freed before `since` (time.monotonic) count as old, so that no build
    is charged for deletions made before the benchmark began (a previous run's included)."""
    os.sync()
    time.sleep(max(0.0, since + RECENTLY_DELETED_S + 1 - time.monotonic()))


def make_tools(work: Path, only: list[str], bulletin: str, source: Path, pelican: str,
               hugo: str) -> list[Tool]:
    made = {
        "bulletin": Tool(
            "bulletin", work / "bulletin", shlex.split(bulletin), "output", [".bulletin-cache"],
            "content/reports",
            env={"PYTHONPATH": os.pathsep.join(
                [str(source), *filter(None, [os.environ.get("PYTHONPATH")])])},
        ),
        "pelican": Tool(
            "pelican", work / "pelican", [pelican, "-s", "pelicanconf.py", "-q"], "output",
            ["cache", "__pycache__"], "content/reports",
        ),
        "hugo": Tool(
            "hugo", work / "hugo",
            [hugo, "--quiet", "--cacheDir", str(work / "hugo" / ".hugo-cache")], "public",
            [".hugo-cache", "resources", ".hugo_build.lock"], "content/reports",
        ),
    }
    return [made[name] for name in only]


def export_revision(revision: str, into: Path) -> str:
    """Bulletin's generator/ and themes/ as of a git revision, unpacked into `into`, so that a
    commit can be measured while the working tree is being changed; returns the commit."""
    commit = subprocess.run(["git", "rev-parse", "--short", f"{revision}^{{commit}}"], cwd=REPO,
                            capture_output=True, text=True, check=True).stdout.strip()
    archive = subprocess.run(["git", "archive", "--format=tar", commit, "generator", "themes"],
                             cwd=REPO, capture_output=True, check=True).stdout
    shutil.rmtree(into, ignore_errors=True)
    into.mkdir(parents=True)
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    return commit


def byte_compile(package: Path) -> None:
    """Write the package's .pyc files, as pip does when it installs one: without them (an
    exported revision, or PYTHONDONTWRITEBYTECODE set) every build would compile Bulletin's
    code again, a quarter of a second that no installed copy pays."""
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(package)], check=True)


def versions(tools: list[Tool], revision: str | None = None) -> dict[str, str]:
    def run(command: list[str], cwd: Path = REPO) -> str:
        try:
            done = subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=60)
        except (OSError, subprocess.SubprocessError) as err:
            return f"unavailable ({err})"
        if done.returncode != 0:
            return f"unavailable (exit {done.returncode})"
        return ((done.stdout or done.stderr).strip().splitlines() or [""])[0]

    found = {}
    for tool in tools:
        if tool.name == "bulletin" and revision:
            found["bulletin"] = f"{revision} (git archive)"
        elif tool.name == "bulletin":
            head = run(["git", "rev-parse", "--short", "HEAD"])
            dirty = run(["git", "status", "--porcelain", "--", "generator", "themes"])
            changed = bool(dirty) and not dirty.startswith("unavailable")
            found["bulletin"] = f"{head}{' + uncommitted changes' if changed else ''}"
        elif tool.name == "pelican":
            found["pelican"] = run([tool.command[0], "--version"])
        else:
            found["hugo"] = run([tool.command[0], "version"])
    return found


# ---------------------------------------------------------------- measuring one build


def measure(tool: Tool, kind: str, run: int, logs: Path, sample_s: float) -> dict:
    """Run one build of `tool`; its wall and CPU time, peak memory and what it wrote."""
    log = logs / f"{tool.name}-{kind}-{run}.log"
    peak = peak_pss = 0
    samples = {"rss": 0, "pss": 0}
    stop = threading.Event()
    with log.open("wb") as out:
        started = time.perf_counter()
        child = subprocess.Popen(tool.command, cwd=tool.folder, env=tool.env, stdout=out,
                                 stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        watched = psutil.Process(child.pid)

        def sample() -> None:
            # Reading a process's PSS walks its page tables (4 ms at 200 MB), and listing the
            # process tree reads /proc (1.4 ms). Each is done no more often than every 20
            # times its own CPU cost, so the sampler stays under a tenth of one core: a sampler
            # busy most of the time takes a core from a tool that uses both, not from a tool
            # that uses one. RSS alone is cheap, so it is read every round.
            nonlocal peak, peak_pss
            next_pss = 0.0
            while True:
                began = time.thread_time()
                try:
                    tree = [watched, *watched.children(recursive=True)]
                except psutil.Error:
                    tree = []
                total = total_pss = 0
                pss = time.perf_counter() >= next_pss
                for process in tree:
                    with contextlib.suppress(psutil.Error):
                        info = process.memory_full_info() if pss else process.memory_info()
                        total += info.rss
                        total_pss += getattr(info, "pss", info.rss)
                peak = max(peak, total)
                cost = time.thread_time() - began
                if pss:
                    peak_pss = max(peak_pss, total_pss)
                    samples["pss"] += 1
                    next_pss = time.perf_counter() + 20 * cost
                samples["rss"] += 1
                # A round that read the PSS has paid for itself through next_pss.
                if stop.wait(sample_s if pss else max(sample_s, 20 * cost)):
                    return

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _, status, usage = os.wait4(child.pid, 0)
        wall = time.perf_counter() - started
        child.returncode = os.waitstatus_to_exitcode(status)
        stop.set()
        sampler.join()
    pages, redirects, files, kinds, size = count_output(tool.output)
    result = {
        "kind": kind,
        "run": run,
        "exit": child.returncode,
        "wall_s": round(wall, 3),
        "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
        "user_s": round(usage.ru_utime, 3),
        "sys_s": round(usage.ru_stime, 3),
        "peak_rss_mb": round(peak / 2**20, 1),
        "peak_pss_mb": round(peak_pss / 2**20, 1),
        "max_rss_one_mb": round(usage.ru_maxrss / 1024, 1),
        "memory_samples": samples,
        "pages": pages,
        "redirects": redirects,
        "files": files,
        "bytes": size,
        "pages_by_kind": kinds,
    }
    if child.returncode != 0:
        result["log_tail"] = log.read_text(encoding="utf-8", errors="replace")[-2000:]
    return result


def count_output(folder: Path) -> tuple[int, int, int, dict[str, int], int]:
    """(.html pages that are not redirects, redirect stubs, all files, pages by kind, bytes of
    all files) below
    `folder`; the kind is the first folder of the path, or "calendar" or "print" wherever that
    folder appears (Bulletin's place calendars and print sheets have no peer equivalent)."""
    pages = redirects = files = size = 0
    kinds: dict[str, int] = {}
    for root, _, names in os.walk(folder):
        for name in names:
            files += 1
            path = os.path.join(root, name)
            size += os.path.getsize(path)
            if not name.endswith(".html"):
                continue
            if os.path.getsize(path) <= REDIRECT_SIZE:
                with open(path, "rb") as handle:
                    if b'http-equiv="refresh"' in handle.read().lower():
                        redirects += 1
                        continue
            pages += 1
            parts = Path(os.path.relpath(path, folder)).parts
            kind = next((p for p in ("print", "calendar") if p in parts[:-1]),
                        parts[0] if len(parts) > 1 else "(root)")
            kinds[kind] = kinds.get(kind, 0) + 1
    return pages, redirects, files, dict(sorted(kinds.items())), size


# ---------------------------------------------------------------- the whole comparison


def edited_report(data: dict) -> str:
    """The report every one-edit run changes: the middle one of the published, by slug."""
    published = sorted(r["slug"] for r in data["reports"] if not r["draft"])
    return published[len(published) // 2]


def added_sentence(run: int) -> str:
    return f"\n\n编辑部补记：本文第{run}次修改时补充了这句话，供重建测试使用。\n"


def bench_tool(tool: Tool, runs: int, slug: str, logs: Path, sample_s: float,
               say) -> dict:
    found: dict = {"clean": [], "noop": [], "edit": []}
    for run in range(1, runs + 1):
        tool.clean()
        found["clean"].append(measure(tool, "clean", run, logs, sample_s))
        say(tool.name, found["clean"][-1])
    for run in range(1, runs + 1):
        found["noop"].append(measure(tool, "noop", run, logs, sample_s))
        say(tool.name, found["noop"][-1])
    source = tool.report_file(slug)
    original = source.read_bytes()
    try:
        for run in range(1, runs + 1):
            source.write_bytes(original + added_sentence(run).encode("utf-8"))
            found["edit"].append(measure(tool, "edit", run, logs, sample_s))
            say(tool.name, found["edit"][-1])
    finally:
        source.write_bytes(original)
    if tool.name == "bulletin":
        found["next_day"] = next_day(tool, logs, sample_s)
        say(tool.name, found["next_day"])
    found["median"] = summary(found)
    return found


def next_day(tool: Tool, logs: Path, sample_s: float) -> dict:
    """Build once more, a day later, with no content changed: how many files are written
    again (by modification time), against all there are."""
    tool.env["SOURCE_DATE_EPOCH"] = str(EPOCH)
    measure(tool, "sameday", 1, logs, sample_s)  # the edit runs' last report restored
    before = {p: p.stat().st_mtime_ns for p in tool.output.rglob("*") if p.is_file()}
    tool.env["SOURCE_DATE_EPOCH"] = str(EPOCH + 86400)
    try:
        result = measure(tool, "nextday", 1, logs, sample_s)
    finally:
        tool.env["SOURCE_DATE_EPOCH"] = str(EPOCH)
    after = {p: p.stat().st_mtime_ns for p in tool.output.rglob("*") if p.is_file()}
    result["rewritten"] = sum(after[p] != before.get(p) for p in after)
    return result


def summary(found: dict) -> dict:
    def median(kind: str, key: str) -> float | None:
        values = [r[key] for r in found[kind] if r["exit"] == 0]
        return round(statistics.median(values), 3) if values else None

    clean_ok = [r for r in found["clean"] if r["exit"] == 0]
    last = clean_ok[-1] if clean_ok else {}
    result = {
        "pages": last.get("pages"),
        "redirects": last.get("redirects"),
        "files": last.get("files"),
        "bytes": last.get("bytes"),
        "pages_by_kind": last.get("pages_by_kind"),
        "clean_wall_s": median("clean", "wall_s"),
        "clean_cpu_s": median("clean", "cpu_s"),
        "clean_peak_rss_mb": median("clean", "peak_rss_mb"),
        "clean_peak_pss_mb": median("clean", "peak_pss_mb"),
        "clean_max_rss_one_mb": median("clean", "max_rss_one_mb"),
        "noop_wall_s": median("noop", "wall_s"),
        "noop_cpu_s": median("noop", "cpu_s"),
        "noop_peak_rss_mb": median("noop", "peak_rss_mb"),
        "edit_wall_s": median("edit", "wall_s"),
        "edit_cpu_s": median("edit", "cpu_s"),
        "edit_peak_rss_mb": median("edit", "peak_rss_mb"),
        "edit_peak_pss_mb": median("edit", "peak_pss_mb"),
        "failed_runs": sum(r["exit"] != 0 for k in ("clean", "noop", "edit") for r in found[k]),
    }
    if "next_day" in found:
        result["next_day_rewritten"] = found["next_day"].get("rewritten")
        result["next_day_wall_s"] = found["next_day"]["wall_s"]
    if result["pages"] and result["clean_wall_s"] is not None:
        result["ms_per_page"] = round(1000 * result["clean_wall_s"] / result["pages"], 3)
    return result


def table(results: dict) -> str:
    def cell(value, digits: int = 2) -> str:
        if value is None:
            return "failed"
        return f"{value:,}" if isinstance(value, int) else f"{value:,.{digits}f}"

    published = results["published"]
    lines = [
        f"{results['reports']:,} reports ({published:,} published), corpus shape "
        f"{results.get('shape', 'even')}, {results['places']} places, {results['tags']} tags; "
        f"median of {results['runs']} run(s); {results['machine']['cpus']} CPUs",
        "",
        "| tool | clean wall s | ms per report | files per report | KB per report |",
        "|---|--:|--:|--:|--:|",
    ]
    for name, found in results["tools"].items():
        m = found["median"]
        if m["clean_wall_s"] is None or not m["files"]:
            lines.append(f"| {name} | failed | | | |")
            continue
        lines.append(
            f"| {name} | {m['clean_wall_s']:,.2f} | {1000 * m['clean_wall_s'] / published:,.2f} | "
            f"{m['files'] / published:,.2f} | {m['bytes'] / published / 1024:,.1f} |"
        )
    lines += [
        "",
        "| tool | pages | files | clean wall s | clean CPU s | peak PSS MB | peak RSS MB"
        " (sum) | ms/page | no-op wall s | one-edit wall s |",
        "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for name, found in results["tools"].items():
        m = found["median"]
        lines.append(
            f"| {name} | {cell(m['pages'])} | {cell(m['files'])} | {cell(m['clean_wall_s'])} | "
            f"{cell(m['clean_cpu_s'])} | {cell(m.get('clean_peak_pss_mb'), 0)} | "
            f"{cell(m['clean_peak_rss_mb'], 0)} | "
            f"{cell(m.get('ms_per_page'))} | {cell(m['noop_wall_s'])} | "
            f"{cell(m['edit_wall_s'])} |"
        )
    ours = results["tools"].get("bulletin", {}).get("median", {})
    ratios = []
    for peer in ("pelican", "hugo"):
        theirs = results["tools"].get(peer, {}).get("median", {})
        if ours.get("clean_wall_s") and theirs.get("clean_wall_s"):
            ratios.append(
                f"Clean build of the same reports: Bulletin takes "
                f"{ours['clean_wall_s'] / theirs['clean_wall_s']:.2f}× {peer.capitalize()}'s time"
            )
        if ours.get("ms_per_page") and theirs.get("ms_per_page"):
            per_page = ours["ms_per_page"] / theirs["ms_per_page"]
            wall = ours["clean_wall_s"] / theirs["clean_wall_s"]
            pages = ours["pages"] / theirs["pages"]
            ratios.append(
                f"Bulletin ÷ {peer.capitalize()}: {per_page:.2f}× the ms per page; {wall:.2f}× the"
                f" clean wall time for the same reports, writing {pages:.1f}× the pages"
            )
    if ours.get("next_day_rewritten") is not None and ours.get("files"):
        share = 100 * ours["next_day_rewritten"] / ours["files"]
        ratios.append(
            f"A build on the next day, nothing changed: {ours['next_day_rewritten']:,} of "
            f"{ours['files']:,} files rewritten ({share:.2f} %), {ours['next_day_wall_s']:.2f} s"
        )
    kinds = ours.get("pages_by_kind") or {}
    if kinds:
        others = sum(n for k, n in kinds.items() if k not in ("print", "calendar"))
        sheets, calendars = kinds.get("print", 0), kinds.get("calendar", 0)
        ratios.append(
            f"Bulletin's pages: {sheets:,} print sheets, {calendars:,} calendar pages"
            f" (no peer has either), {others:,} others"
        )
    if ratios:
        lines += ["", *ratios]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reports", type=int, required=True)
    parser.add_argument("--places", type=int, default=200)
    parser.add_argument("--tags", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shape", choices=corpus.SHAPES, default="even",
                        help="even: reports spread over the communities; city: 220+ "
                        "communities, most with few reports")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, help="where the corpus and the builds go "
                        "(default: /tmp/bulletin-bench/N)")
    parser.add_argument("--only", default=",".join(TOOLS),
                        help="comma-separated: bulletin,pelican,hugo")
    parser.add_argument("--json", type=Path, help="save the results here too "
                        "(they are always saved as WORK/results.json)")
    parser.add_argument("--sample-ms", type=float, default=20,
                        help="how often, at most, the memory of the process tree is sampled")
    parser.add_argument("--bulletin", default=f"{shlex.quote(sys.executable)} -m generator "
                        "build --quiet", help="the command that builds the Bulletin site")
    parser.add_argument("--bulletin-rev", metavar="REV",
                        help="measure generator/ and themes/ as committed in this git revision "
                        "(e.g. HEAD) instead of the working tree")
    parser.add_argument("--pelican", default=str(
        Path(os.environ.get("BENCH_VENV", HERE / ".venv")) / "bin" / "pelican"))
    parser.add_argument("--hugo", default=shutil.which("hugo") or "hugo")
    args = parser.parse_args()
    only = [t.strip() for t in args.only.split(",") if t.strip()]
    unknown = sorted(set(only) - set(TOOLS))
    if unknown or args.runs < 1:
        parser.error(f"unknown tool(s) {', '.join(unknown)}" if unknown else "--runs must be ≥ 1")
    for name, program in (("pelican", args.pelican), ("hugo", args.hugo)):
        if name in only and not shutil.which(program):
            parser.error(f"{name} not found at {program}: run `bash benchmarks/setup.sh` first,"
                         f" give --{name} PATH, or leave it out with --only")
    default_work = Path("/tmp/bulletin-bench") / f"{args.reports}-{args.shape}"
    work = (args.work or default_work).resolve()
    work.mkdir(parents=True, exist_ok=True)
    # Only what this script makes is removed.
    deleted = float("-inf")  # nothing deleted: nothing to wait for
    for folder in ("bulletin", "bulletin-src", "pelican", "hugo", "logs", "trash"):
        if (work / folder).exists():
            shutil.rmtree(work / folder, ignore_errors=True)
            deleted = time.monotonic()
    os.sync()
    (work / "logs").mkdir()

    began = time.perf_counter()
    corpus.write_site(work / "bulletin", args.reports, args.places, args.tags, args.seed,
                      args.shape)
    data = peers.read_site(work / "bulletin", EPOCH)
    if "pelican" in only:
        peers.write_pelican(data, work / "pelican")
    if "hugo" in only:
        peers.write_hugo(data, work / "hugo")
    slug = edited_report(data)
    published = sum(not r["draft"] for r in data["reports"])
    del data  # the bodies of every report: no need to keep them in memory during the builds
    print(f"corpus written in {time.perf_counter() - began:.1f} s to {work} "
          f"({published} of {args.reports} reports published;"
          f" one-edit runs change {slug})", flush=True)

    source, revision = REPO, None
    if args.bulletin_rev and "bulletin" in only:
        source = work / "bulletin-src"
        revision = export_revision(args.bulletin_rev, source)
    if "bulletin" in only:
        byte_compile(source / "generator")
    tools = make_tools(work, only, args.bulletin, source, args.pelican, args.hugo)

    def say(name: str, result: dict) -> None:
        status = "" if result["exit"] == 0 else f"  FAILED (exit {result['exit']})"
        print(f"  {name:8} {result['kind']:5} #{result['run']}: {result['wall_s']:8.2f} s wall"
              f" {result['cpu_s']:8.2f} s CPU {result['peak_rss_mb']:8.0f} MB"
              f" {result['pages']:7} pages{status}", flush=True)
        if status:
            print("    " + result["log_tail"].strip().replace("\n", "\n    "), flush=True)

    results = {
        "reports": args.reports,
        "places": args.places,
        "tags": args.tags,
        "seed": args.seed,
        "shape": args.shape,
        "runs": args.runs,
        "published": published,
        "edited_report": slug,
        "source_date_epoch": EPOCH,
        "sample_ms": args.sample_ms,
        "peak_rss": "largest sum of RSS over the build's whole process tree, sampled",
        "machine": {
            "cpus": os.cpu_count(),
            "memory_gb": round(psutil.virtual_memory().total / 2**30, 1),
            "system": platform.platform(),
            "python": platform.python_version(),
        },
        "versions": versions(tools, revision),
        "tools": {},
    }
    settle(deleted)
    try:
        for tool in tools:
            results["tools"][tool.name] = bench_tool(tool, args.runs, slug, work / "logs",
                                                     args.sample_ms / 1000, say)
        text = json.dumps(results, ensure_ascii=False, indent=1) + "\n"
        (work / "results.json").write_text(text, encoding="utf-8")
        if args.json:
            args.json.parent.mkdir(parents=True, exist_ok=True)
            args.json.write_text(text, encoding="utf-8")
        print()
        print(table(results))
        print(f"\nresults: {args.json or work / 'results.json'}")
    finally:
        shutil.rmtree(work / "trash", ignore_errors=True)  # last: at 10,000 reports, a minute


if __name__ == "__main__":
    main()
