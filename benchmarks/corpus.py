"""Write a deterministic synthetic Bulletin site: N reports over P places and T tags.

    python benchmarks/corpus.py --reports 1000 --places 200 --tags 60 OUT_DIR

The text is cut from the sample reports in content/, so it is real Chinese with the sample's
punctuation; lists, quotes, links and events appear on a fixed share of reports; a few are
drafts. A small set of pictures (tiny PNGs written byte by byte, under content/images/bench/)
is shown on a share of reports: as `images:` in the front matter (with alt text and a caption)
and as `![alt](images/…)` in the body. The same arguments always give the same files.

benchmarks/peers.py turns the site written here into the same corpus for Pelican and Hugo.
"""

from __future__ import annotations

import argparse
import random
import re
import struct
import zlib
from datetime import date, timedelta
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
FIRST_DAY = date(2024, 1, 1)
DAYS = 3 * 365
PICTURES = 12  # files in content/images/bench/
IMAGE_SHARE = 0.25  # reports with `images:` in the front matter
INLINE_IMAGE_SHARE = 0.1  # reports with a picture in the body text
CAPTIONS = ("活动现场", "志愿者在社区服务", "居民参加活动", "工作人员讲解政策", "社区一角")


def picture(number: int, width: int = 160, height: int = 120) -> bytes:
    """A small, always identical PNG: a colour gradient that differs by `number`."""
    red, green, blue = (number * 67) % 256, (number * 131 + 80) % 256, (number * 29 + 160) % 256
    rows = b"".join(
        b"\x00" + bytes(
            channel
            for x in range(width)
            for channel in (
                (red + 96 * x // width) % 256,
                (green + 96 * y // height) % 256,
                (blue + 48 * (x + y) // (width + height)) % 256,
            )
        )
        for y in range(height)
    )

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(rows, 9)) + chunk(b"IEND", b""))


def picture_name(number: int) -> str:
    return f"images/bench/photo{number:02d}.png"


def sentences() -> list[str]:
    """Sentences of the sample reports, the raw material of the synthetic ones."""
    found: list[str] = []
    for path in sorted((REPO / "content" / "reports").rglob("*.md")):
        body = path.read_text(encoding="utf-8").split("\n---\n", 1)[1]
        found += [s for s in re.findall(r"[^。！？\n]+[。！？]", body) if len(s) > 8]
    return found


def place_tree(count: int) -> tuple[list[dict], list[str]]:
    """Cities → districts → subdistricts → communities; returns the tree and community ids."""
    cities, communities, made = [], [], 0
    city_number = 0
    while made < count:
        city = {"id": f"city{city_number}", "name": f"第{city_number + 1}市", "children": []}
        made += 1
        for d in range(4):
            district = {"id": f"c{city_number}d{d}", "name": f"第{d + 1}区", "children": []}
            city["children"].append(district)
            made += 1
            for s in range(3):
                sub = {"id": f"c{city_number}d{d}s{s}", "name": f"第{s + 1}街道",
                       "phone": "0352-5550000", "hours": "周一至周五 8:30—17:30", "children": []}
                district["children"].append(sub)
                made += 1
                for c in range(3):
                    if made >= count:
                        break
                    community = f"c{city_number}d{d}s{s}c{c}"
                    sub["children"].append({"id": community, "name": f"第{c + 1}社区"})
                    communities.append(community)
                    made += 1
        cities.append(city)
        city_number += 1
    return cities, communities


def report(rng: random.Random, number: int, text: list[str], communities: list[str],
           tags: list[str], people: list[str], pictures: random.Random | None = None,
           weights: list[float] | None = None) -> str:
    """One report file. Pictures come from their own generator, `pictures`, so that adding
    them left every other field of every report as it was."""
    day = FIRST_DAY + timedelta(days=rng.randrange(DAYS))
    meta: dict = {
        "title": rng.choice(text)[:24].rstrip("，、；："),
        "date": day,
        "places": (
            rng.sample(communities, k=1 if rng.random() < 0.9 else 3) if weights is None
            else list(dict.fromkeys(rng.choices(communities, weights, k=rng.choice([1] * 9 + [3]))))
        ),
        "tags": rng.sample(tags, k=rng.randint(1, 3)),
        "reporters": rng.sample(people, k=rng.randint(1, 2)),
        "source": "大同日报",
    }
    if rng.random() < 0.3:
        start = day - timedelta(days=rng.randint(0, 5))
        meta["event"] = {"start": start, "end": start + timedelta(days=rng.choice([0, 0, 1])),
                         "location": "社区活动室"}
    if rng.random() < 0.01:
        meta["draft"] = True
    paragraphs = ["".join(rng.choices(text, k=rng.randint(2, 6))) for _ in range(rng.randint(2, 6))]
    if rng.random() < 0.2:
        paragraphs.insert(1, "\n".join(f"- {s}" for s in rng.sample(text, 3)))
    if rng.random() < 0.2:
        paragraphs.append(f"> {rng.choice(text)}")
    if rng.random() < 0.1 and number > 0:
        paragraphs.append(f"相关：[上一篇报道](/reports/r{number - 1:06d}/)")
    if pictures is not None:
        if pictures.random() < IMAGE_SHARE:
            meta["images"] = [
                {"src": picture_name(pictures.randrange(PICTURES)), "alt": caption,
                 "caption": f"{caption}（摄影：{meta['reporters'][0]}）"}
                for caption in pictures.sample(CAPTIONS, k=pictures.choice([1, 1, 2]))
            ]
        if pictures.random() < INLINE_IMAGE_SHARE:
            alt = pictures.choice(CAPTIONS)
            spot = pictures.randint(1, len(paragraphs))
            paragraphs.insert(spot, f"![{alt}]({picture_name(pictures.randrange(PICTURES))})")
    front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
    return f"---\n{front}---\n\n" + "\n\n".join(paragraphs) + "\n"


SHAPES = ("even", "city")


def write_site(out: Path, reports: int, places: int, tags: int, seed: int = 1,
               shape: str = "even") -> None:
    """`shape` "even" spreads the reports evenly over the communities; "city" has 220 or more
    communities (330 places or more), of which a few offices write most reports and most
    write few (the share of community n is proportional to 1/n)."""
    rng = random.Random(seed)
    text = sentences()
    tree, communities = place_tree(max(places, 330) if shape == "city" else places)
    weights = [1 / n for n in range(1, len(communities) + 1)] if shape == "city" else None
    tag_list = [{"slug": f"tag{i}", "name": f"标签{i}"} for i in range(tags)]
    people = [{"slug": f"person{i}", "name": f"记者{i}号"} for i in range(40)]
    config = {"title": "基准测试快报", "description": "合成的报道", "base_url": "https://bench.example.cn/",
              "language": "zh-CN", "timezone": "Asia/Shanghai", "theme": "default", "per_page": 10,
              "paper": "A4", "places": tree, "tags": tag_list, "people": people}
    out.mkdir(parents=True, exist_ok=True)
    (out / "site.yaml").write_text(yaml.safe_dump(config, allow_unicode=True, sort_keys=False),
                                   encoding="utf-8")
    (out / "data").mkdir(exist_ok=True)
    for folder in ("holidays",):
        target = out / "data" / folder
        target.mkdir(exist_ok=True)
        for path in (REPO / "data" / folder).glob("*.yaml"):
            (target / path.name).write_text(path.read_text(encoding="utf-8"), encoding="utf-8")
    images = out / "content" / "images" / "bench"
    images.mkdir(parents=True, exist_ok=True)
    for number in range(PICTURES):
        (out / "content" / picture_name(number)).write_bytes(picture(number))
    pictures = random.Random(f"{seed}:pictures")
    folder = out / "content" / "reports"
    folder.mkdir(parents=True, exist_ok=True)
    for number in range(reports):
        text_of = report(rng, number, text, communities, [t["slug"] for t in tag_list],
                         [p["name"] for p in people], pictures, weights)
        (folder / f"r{number:06d}.md").write_text(text_of, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--reports", type=int, default=1000)
    parser.add_argument("--places", type=int, default=200)
    parser.add_argument("--tags", type=int, default=60)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--shape", choices=SHAPES, default="even")
    args = parser.parse_args()
    write_site(args.out, args.reports, args.places, args.tags, args.seed, args.shape)


if __name__ == "__main__":
    main()
