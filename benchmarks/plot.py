"""Plot the results of benchmarks/compare.py: time and files per report against N.

    python benchmarks/plot.py benchmarks/results/*.json -o docs/performance.png

Each JSON file is one compare.py run (one corpus size N, one corpus shape). Left: the median
wall time of a clean build divided by the published reports; right: the files in the output
divided by the published reports; a solid line for the even corpus, a dashed one for the city
corpus. The vertical axes are logarithmic (the tools differ tenfold), the horizontal ones too
when the sizes span a factor of ten or more. The same files always give the same PNG (no date
or software version is written into it).
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
SHAPES = {"even": ("-", "o"), "city": ("--", "s")}


def load(paths: list[Path]) -> dict[str, dict[str, dict[int, dict]]]:
    """tool → shape → N → per-report figures; a later file replaces an earlier one."""
    found: dict[str, dict[str, dict[int, dict]]] = {}
    for path in sorted(paths):
        results = json.loads(path.read_text(encoding="utf-8"))
        published = results.get("published") or results["reports"]
        shape = results.get("shape", "even")
        for tool, figures in results["tools"].items():
            median = figures["median"]
            if median.get("clean_wall_s") is None or not median.get("files"):
                continue
            found.setdefault(tool, {}).setdefault(shape, {})[int(results["reports"])] = {
                "ms_per_report": 1000 * median["clean_wall_s"] / published,
                "files_per_report": median["files"] / published,
            }
    return found


def series(points: dict[int, dict], key: str) -> tuple[list[int], list[float]]:
    sizes = sorted(points)
    return sizes, [points[n][key] for n in sizes]


def plain(value: float, _position: object = None) -> str:
    return f"{value:,g}"


def two_and_five(value: float, _position: object = None) -> str:
    """Labels for the minor ticks of a log axis: only 2×, 5× a power of ten."""
    if value <= 0:
        return ""
    return plain(value) if round(value / 10 ** math.floor(math.log10(value))) in (2, 5) else ""


def plot(found: dict[str, dict[str, dict[int, dict]]], out: Path, title: str = "") -> None:
    plt.rcParams.update({"svg.hashsalt": "bulletin-benchmarks", "font.size": 9})
    figure, (times, files) = plt.subplots(1, 2, figsize=(10, 4.2), dpi=120,
                                          layout="constrained")
    sizes = sorted({n for shapes in found.values() for p in shapes.values() for n in p})
    logarithmic = len(sizes) > 1 and sizes[-1] / sizes[0] >= 10
    for tool in [t for t in TOOLS if t in found] + sorted(set(found) - set(TOOLS)):
        label, colour = TOOLS.get(tool, (tool, "#555555"))
        for shape, points in sorted(found[tool].items()):
            style, marker = SHAPES.get(shape, (":", "^"))
            for axes, key in ((times, "ms_per_report"), (files, "files_per_report")):
                x, y = series(points, key)
                axes.plot(x, y, style, marker=marker, color=colour, label=f"{label}, {shape}")
    times.set_title("Clean build time per report\n(median wall milliseconds)")
    times.set_ylabel("ms per report")
    files.set_title("Files written per report\n(everything in the output)")
    files.set_ylabel("files per report")
    for axes in (times, files):
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
