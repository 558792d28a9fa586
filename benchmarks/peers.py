"""Write a Bulletin site's reports as a Pelican project and a Hugo project, for comparison.

    python benchmarks/peers.py SITE_DIR --pelican OUT/pelican --hugo OUT/hugo

SITE_DIR is a Bulletin site (normally one written by benchmarks/corpus.py): its site.yaml and
content/reports/, content/pages/ and content/images/ are read, nothing of Bulletin is imported.
Each peer gets the same reports with the same URLs (/reports/SLUG/), titles, dates, body text,
pictures and summaries, and lists of ten per page with feeds of the newest thirty:

- category = the report's first place (by id: place names repeat, e.g. 第1社区);
- tags and authors = the Chinese names of the report's tags and reporters;
- front-matter `images:` become pictures with a caption line at the top of the body, and an
  event becomes a line of text (Bulletin also makes calendars and .ics files; the peers don't);
- drafts, and reports dated after the build day (Bulletin publishes neither), become drafts,
  which neither peer writes. The build day is SOURCE_DATE_EPOCH's date in the site's zone, so
  the peers publish the same reports as `SOURCE_DATE_EPOCH=… bulletin build`, whatever the clock.

Pelican gets a pelicanconf.py (default theme, feeds for all, category, tag and author, content
cache on); Hugo gets a hugo.toml (taxonomies tag, category and author, RSS for the home page and
every term) and the minimal layouts in benchmarks/peers/hugo-layouts/. The same site always
gives the same files.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

HERE = Path(__file__).resolve().parent
HUGO_LAYOUTS = HERE / "peers" / "hugo-layouts"
PELICAN_CONF = HERE / "peers" / "pelicanconf.py.in"
HUGO_CONF = HERE / "peers" / "hugo.toml.in"
DEFAULT_EPOCH = 1795579200  # the one compare.py builds with: 2026-11-25 12:00 in Shanghai
PER_PAGE = 10
FEED_LENGTH = 30
SUMMARY_LENGTH = 100  # characters, cut after a sentence end, as Bulletin does
SENTENCE_ENDS = "。！？；"
CLOSERS = "”’」』）》"


# ---------------------------------------------------------------- reading the Bulletin site


def read_front_matter(path: Path) -> tuple[dict, str]:
    text = path.read_text(encoding="utf-8").removeprefix("\ufeff")
    _, front, body = re.split(r"^---[ \t]*$\n?", text, maxsplit=2, flags=re.M)
    return yaml.safe_load(front) or {}, body.strip("\n")


def walk_places(places: list[dict], into: dict[str, str] | None = None) -> dict[str, str]:
    """Every place id in the tree → its name."""
    into = {} if into is None else into
    for place in places or []:
        into[str(place["id"])] = str(place.get("name", place["id"]))
        walk_places(place.get("children", []), into)
    return into


def names(entries: list[dict] | dict | None) -> dict[str, str]:
    """site.yaml's tags or people (a list of {slug, name}, or a mapping) → slug → name."""
    if isinstance(entries, dict):
        return {str(k): str(v.get("name", k) if isinstance(v, dict) else v) for k, v in
                entries.items()}
    return {str(e["slug"]): str(e.get("name", e["slug"])) for e in entries or []}


def build_day(zone: ZoneInfo, epoch: int) -> date:
    return datetime.fromtimestamp(epoch, zone).date()


def plain(markdown_text: str) -> str:
    """Roughly the text a reader sees: no pictures, link targets, list or quote markers."""
    text = re.sub(r"!\[[^\]]*\]\([^)]*\)", "", markdown_text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)
    text = re.sub(r"^\s*(?:[-*+]|\d+\.|>)\s*", "", text, flags=re.M)
    return " ".join(text.split())


def summarize(text: str, limit: int = SUMMARY_LENGTH) -> str:
    """Bulletin's rule: at most `limit` characters, cut after the last sentence end in reach."""
    if len(text) <= limit:
        return text
    window = text[:limit]
    cut = max((i for i, c in enumerate(window) if c in SENTENCE_ENDS), default=-1)
    if cut >= limit // 4:
        while cut + 1 < len(window) and window[cut + 1] in CLOSERS:
            cut += 1
        return window[: cut + 1]
    return text[: limit - 1].rstrip() + "…"


def site_links(body: str) -> str:
    """Bulletin resolves `images/x.png` against the site root; the peers need `/images/…`."""
    return re.sub(r"(\]\()images/", r"\1/images/", body)


def read_site(site: Path, epoch: int = DEFAULT_EPOCH) -> dict:
    """The parts of a Bulletin site the peers need, in a neutral form."""
    config = yaml.safe_load((site / "site.yaml").read_text(encoding="utf-8"))
    zone = ZoneInfo(config.get("timezone", "UTC"))
    today = build_day(zone, epoch)
    tags, people = names(config.get("tags")), names(config.get("people"))
    places = walk_places(config.get("places", []))
    reports = []
    for path in sorted((site / "content" / "reports").rglob("*.md")):
        meta, body = read_front_matter(path)
        day = meta["date"]
        day = day.date() if isinstance(day, datetime) else day
        if not isinstance(day, date):
            day = date.fromisoformat(str(day)[:10])
        top = []
        for image in meta.get("images") or []:
            image = {"src": image} if isinstance(image, str) else image
            top.append(f"![{image.get('alt', '')}](/{image['src']})")
            if image.get("caption"):
                top.append(f"*{image['caption']}*")
        event = meta.get("event")
        if event:
            when = str(event["start"])
            if event.get("end") and str(event["end"]) != when:
                when += f" 至 {event['end']}"
            where = f"，地点：{event['location']}" if event.get("location") else ""
            top.append(f"**活动信息**：时间 {when}{where}")
        body = site_links(body)
        reports.append({
            "slug": str(meta.get("slug") or path.stem),
            "title": str(meta["title"]),
            "date": day,
            "place": str((meta.get("places") or ["unplaced"])[0]),
            "tags": [tags.get(str(t), str(t)) for t in meta.get("tags") or []],
            "authors": [people.get(str(p), str(p))
                        for p in (meta.get("reporters") or []) + (meta.get("photographers") or [])],
            "summary": str(meta.get("summary") or summarize(plain(body))),
            "draft": bool(meta.get("draft")) or day > today,
            "body": "\n\n".join([*top, body]) + "\n",
        })
    pages = []
    for path in sorted((site / "content" / "pages").glob("*.md")):
        meta, body = read_front_matter(path)
        pages.append({"slug": path.stem, "title": str(meta.get("title", path.stem)),
                      "body": site_links(body) + "\n"})
    return {
        "title": str(config.get("title", "Bulletin")),
        "description": str(config.get("description", "")),
        "base_url": str(config.get("base_url", "https://example.org/")),
        "language": str(config.get("language", "zh-CN")),
        "timezone": str(zone.key),
        "per_page": int(config.get("per_page", PER_PAGE)),
        "places": places,
        "reports": reports,
        "pages": pages,
        "images": site / "content" / "images",
    }


# ---------------------------------------------------------------- writing the peers


def fresh(folder: Path) -> None:
    """Empty `folder` of everything but the build outputs and caches (kept for no-op runs)."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in ("content", "layouts", "static", "pelicanconf.py", "hugo.toml"):
        target = folder / name
        if target.is_dir():
            shutil.rmtree(target)
        elif target.exists():
            target.unlink()


def copy_images(source: Path, target: Path) -> None:
    if source.is_dir():
        shutil.copytree(source, target, dirs_exist_ok=True)


def fill(template: Path, values: dict[str, str]) -> str:
    text = template.read_text(encoding="utf-8")
    for key, value in values.items():
        text = text.replace("@" + key + "@", value)
    return text


def one_line(text: str) -> str:
    return " ".join(text.split())


def write_pelican(data: dict, out: Path) -> int:
    """A Pelican project in `out`: pelicanconf.py and content/; returns the articles written."""
    fresh(out)
    (out / "pelicanconf.py").write_text(fill(PELICAN_CONF, {
        "SITENAME": repr(data["title"]),
        "SITEURL": repr(data["base_url"].rstrip("/")),
        "TIMEZONE": repr(data["timezone"]),
        "LANG": repr(data["language"].split("-")[0]),
        "PER_PAGE": str(data["per_page"]),
        "FEED_LENGTH": str(FEED_LENGTH),
    }), encoding="utf-8")
    folder = out / "content" / "reports"
    folder.mkdir(parents=True)
    for r in data["reports"]:
        lines = [
            f"Title: {one_line(r['title'])}",
            f"Date: {r['date'].isoformat()}",
            f"Category: {r['place']}",
            f"Tags: {', '.join(r['tags'])}",
            f"Authors: {', '.join(r['authors'])}",
            f"Slug: {r['slug']}",
            f"Summary: {one_line(r['summary'])}",
        ]
        if r["draft"]:
            lines.append("Status: draft")
        (folder / f"{r['slug']}.md").write_text("\n".join(lines) + "\n\n" + r["body"],
                                                encoding="utf-8")
    if data["pages"]:
        (out / "content" / "pages").mkdir()
        for p in data["pages"]:
            (out / "content" / "pages" / f"{p['slug']}.md").write_text(
                f"Title: {one_line(p['title'])}\nSlug: {p['slug']}\n\n{p['body']}",
                encoding="utf-8")
    copy_images(data["images"], out / "content" / "images")
    return len(data["reports"])


def write_hugo(data: dict, out: Path) -> int:
    """A Hugo project in `out`: hugo.toml, layouts/, content/ and static/."""
    fresh(out)
    (out / "hugo.toml").write_text(fill(HUGO_CONF, {
        "BASE_URL": data["base_url"],
        "TITLE": data["title"].replace('"', '\\"'),
        "LANGUAGE": data["language"],
        "TIMEZONE": data["timezone"],
        "PER_PAGE": str(data["per_page"]),
        "FEED_LENGTH": str(FEED_LENGTH),
    }), encoding="utf-8")
    shutil.copytree(HUGO_LAYOUTS, out / "layouts")
    folder = out / "content" / "reports"
    folder.mkdir(parents=True)
    (folder / "_index.md").write_text("---\ntitle: 全部报道\n---\n", encoding="utf-8")
    for r in data["reports"]:
        meta = {
            "title": r["title"],
            "date": r["date"],
            "slug": r["slug"],
            "categories": [r["place"]],
            "tags": r["tags"],
            "authors": r["authors"],
            "summary": r["summary"],
        }
        if r["draft"]:
            meta["draft"] = True
        front = yaml.safe_dump(meta, allow_unicode=True, sort_keys=False)
        (folder / f"{r['slug']}.md").write_text(f"---\n{front}---\n\n{r['body']}",
                                                encoding="utf-8")
    if data["pages"]:
        (out / "content" / "pages").mkdir()
        for p in data["pages"]:
            front = yaml.safe_dump({"title": p["title"]}, allow_unicode=True)
            (out / "content" / "pages" / f"{p['slug']}.md").write_text(
                f"---\n{front}---\n\n{p['body']}", encoding="utf-8")
    copy_images(data["images"], out / "static" / "images")
    return len(data["reports"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("site", type=Path, help="a Bulletin site, e.g. one corpus.py wrote")
    parser.add_argument("--pelican", type=Path, help="write a Pelican project here")
    parser.add_argument("--hugo", type=Path, help="write a Hugo project here")
    parser.add_argument("--epoch", type=int,
                        default=int(os.environ.get("SOURCE_DATE_EPOCH", DEFAULT_EPOCH)),
                        help="the build time Bulletin uses (reports after its day are left out)")
    args = parser.parse_args()
    data = read_site(args.site, args.epoch)
    if args.pelican:
        write_pelican(data, args.pelican)
    if args.hugo:
        write_hugo(data, args.hugo)


if __name__ == "__main__":
    main()
