"""What pictures cost a build: how many phone photos a clean build processes per second, and
how long a rebuild takes on a site with many pictures (nothing changed, one report edited,
one picture replaced).

    python benchmarks/photos.py --pictures 500 --large 24 --work /dev/shm/bulletin-photos \
        --json benchmarks/results/photos-500.json

`--large` of the pictures are 12-megapixel phone photos (4000×3000, about 3.7 MB, as in
tests/photos.py); the others are 1600×1200, which is all a rebuild's timing depends on
(a rebuild reads no picture that did not change).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent / "tests"))

from photos import phone_photo  # noqa: E402
from sitemaker import SITE_YAML, report_text  # noqa: E402


def make_site(root: Path, pictures: int, large: int) -> Path:
    site = root / "site"
    shutil.rmtree(root, ignore_errors=True)
    (site / "content" / "reports").mkdir(parents=True)
    (site / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    for n in range(pictures):
        size = (4000, 3000) if n < large else (1600, 1200)
        phone_photo(
            site / "content" / "images" / f"p{n:04d}.jpg", size=size, marker=(n % 256, 0, 0)
        )
        images = f"\n  - src: images/p{n:04d}.jpg\n    alt: 活动现场第{n}张"
        date = f"2025-{1 + n % 12:02d}-{1 + n % 28:02d}"
        (site / "content" / "reports" / f"r{n:04d}.md").write_text(
            report_text(title=f"报道{n}", date=date, images=images), encoding="utf-8"
        )
    return site


def timed_build(site: Path, *extra: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        ["bulletin", "build", "--site", str(site), "--quiet", *extra],
        check=True,
        env={**os.environ, "SOURCE_DATE_EPOCH": "1767225600"},
    )
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pictures", type=int, default=500)
    parser.add_argument("--large", type=int, default=24)
    parser.add_argument("--work", type=Path, default=Path("/dev/shm/bulletin-photos"))
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    site = make_site(args.work, args.pictures, args.large)

    # Pictures per second: the large photos alone, in a site of their own, clean cache.
    only_large = make_site(args.work.with_name(args.work.name + "-large"), args.large, args.large)
    with_pictures = timed_build(only_large)
    shutil.rmtree(only_large / ".bulletin-cache" / "photos")
    for photo in (only_large / "content" / "images").iterdir():
        photo.rename(photo.with_suffix(".tmp"))  # the same site without its pictures
    for report in (only_large / "content" / "reports").iterdir():
        text = report.read_text(encoding="utf-8")
        report.write_text(
            text.split("images:")[0] + "---\n\n社区开展了置换活动，居民踊跃参加。\n",
            encoding="utf-8",
        )
    without = timed_build(only_large, "--clean")
    result = {
        "large_pictures": args.large,
        "clean_with_pictures_s": round(with_pictures, 2),
        "clean_without_pictures_s": round(without, 2),
        "pictures_per_second": round(args.large / (with_pictures - without), 2),
        "pictures": args.pictures,
        "clean_s": round(timed_build(site), 2),
        "noop_s": round(min(timed_build(site) for _ in range(3)), 3),
    }
    report = site / "content" / "reports" / "r0007.md"
    report.write_text(report.read_text(encoding="utf-8") + "\n又补充了一句。\n", encoding="utf-8")
    result["one_edit_s"] = round(timed_build(site), 3)
    phone_photo(site / "content" / "images" / "p0001.jpg", size=(1600, 1200), marker=(0, 255, 0))
    result["one_picture_replaced_s"] = round(timed_build(site), 3)
    output = site / "output"
    files = [p for p in (output / "images").rglob("*") if p.is_file()]
    result["picture_files"] = len(files)
    result["picture_megabytes"] = round(sum(p.stat().st_size for p in files) / 1e6, 1)
    print(json.dumps(result, indent=2))
    if args.json:
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
