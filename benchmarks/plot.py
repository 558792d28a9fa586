"""Plot the results of benchmarks/compare.py: build time and peak memory against N.

    python benchmarks/plot.py benchmarks/results/*.json -o docs/performance.png

Each JSON file is one compare.py run (one corpus size N). Left: the median wall time of the
clean, no-op and one-edit builds of each tool; right: the median peak memory of a clean build
(the sum of PSS over the build's process tree, as compare.py measures it). The vertical axes
are logarithmic (the tools differ a hundredfold), the horizontal ones too when the sizes span
a factor of ten or more. The same files always give the same
PNG (no date or software version is written into it).
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import matplotlib.ticker

TOOLS = {"bulletin": ("Bulletin", "#c0392b"), "pelican": ("Pelican", "#2471a3"),
         "hugo": ("Hugo", "#229954")}
KINDS = {"clean_wall_s": ("clean", "-", "o"), "noop_wall_s": ("no-op", "--", "s"),
         "edit_wall_s": ("one edit", ":", "^")}


def load(paths: list[Path]) -> dict[str, dict[int, dict]]:
    """tool → N → median figures; a later file for the same N replaces an earlier one."""
    found: dict[str, dict[int, dict]] = {}
    for path in sorted(paths):
        results = json.loads(path.read_text(encoding="utf-8"))
        for tool, figures in results["tools"].items():
            found.setdefault(tool, {})[int(results["reports"])] = figures["median"]
    return found


def series(points: dict[int, dict], key: str) -> tuple[list[int], list[float]]:
    sizes = [n for n in sorted(points) if points[n].get(key) is not None]
    return sizes, [points[n][key] for n in sizes]


def plain(value: float, _position: object = None) -> str:
    return f"{value:,g}"


def two_and_five(value: float, _position: object = None) -> str:
    """Labels for the minor ticks of a log axis: only 2×, 5× a power of ten."""
    if value <= 0:
        return ""
    return plain(value) if round(value / 10 ** math.floor(math.log10(value))) in (2, 5) else ""


def plot(found: dict[str, dict[int, dict]], out: Path, title: str = "") -> None:
    plt.rcParams.update({"svg.hashsalt": "bulletin-benchmarks", "font.size": 9})
    figure, (times, memory) = plt.subplots(1, 2, figsize=(10, 4.2), dpi=120,
                                           layout="constrained")
    sizes = sorted({n for points in found.values() for n in points})
    logarithmic = len(sizes) > 1 and sizes[-1] / sizes[0] >= 10
    for tool in [t for t in TOOLS if t in found] + sorted(set(found) - set(TOOLS)):
        label, colour = TOOLS.get(tool, (tool, "#555555"))
        for key, (kind, style, marker) in KINDS.items():
            x, y = series(found[tool], key)
            if x:
                times.plot(x, y, style, marker=marker, color=colour, label=f"{label}, {kind}")
        x, y = series(found[tool], "clean_peak_pss_mb")
        if x:
            memory.plot(x, y, "-", marker="o", color=colour, label=label)
    times.set_title("Build time\n(median wall seconds)")
    times.set_ylabel("seconds")
    memory.set_title("Peak memory of a clean build\n(sum of PSS over the process tree)")
    memory.set_ylabel("MB")
    for axes in (times, memory):
        axes.set_xlabel("reports (N)")
        axes.set_yscale("log")
        if logarithmic:
            axes.set_xscale("log")
            axes.xaxis.set_minor_locator(matplotlib.ticker.NullLocator())
        axes.set_xticks(sizes, [f"{n:,}" for n in sizes])
        axes.yaxis.set_major_formatter(matplotlib.ticker.FuncFormatter(plain))
        axes.yaxis.set_minor_formatter(matplotlib.ticker.FuncFormatter(two_and_five))
        axes.tick_params(axis="y", which="minor", labelsize=7)
        axes.grid(True, which="major", alpha=0.3)
        axes.legend(fontsize=7, ncol=3, loc="upper center",
                    bbox_to_anchor=(0.5, -0.14))
    if title:
        figure.suptitle(title)
    out.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(out, format="png", metadata={"Software": None})
    plt.close(figure)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("results", type=Path, nargs="+", help="JSON files from compare.py")
    parser.add_argument("-o", "--output", type=Path, default=Path("docs/performance.png"))
    parser.add_argument("--title", default="")
    args = parser.parse_args()
    plot(load(args.results), args.output, args.title)
    print(args.output)


if __name__ == "__main__":
    main()
