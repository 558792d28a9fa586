"""What a deploy has to change: the files of a built website with their SHA-256 hashes and
headers, compared with the manifest the last deploy left in the bucket.

Plain data and pure functions, no network. The manifest (MANIFEST, beside the site's files)
lists every file the site has uploaded, one a line, with its hash and headers:

    {"format": 1, "files": {
    "index.html": ["<sha256 in hex>", "text/html; charset=utf-8", "max-age=300"],
    …}}

A file is uploaded when it is new, or its bytes or headers differ from the manifest's; a
file the manifest lists and the site no longer has is deleted. Keys the manifest does not
list were never uploaded by Bulletin and are never touched.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import astuple, dataclass
from pathlib import Path

from generator.deploy import DeployError
from generator.deploy.headers import cache_control, content_type
from generator.i18n import _
from generator.write.output import MARKER

MANIFEST = ".bulletin-deploy.json"
FORMAT = 1
PENDING = ""  # the hash of a file being uploaded: whatever is in the bucket, upload it again


@dataclass(frozen=True)
class Entry:
    """One file as it is (or is to be) in the bucket."""

    sha256: str
    content_type: str
    cache_control: str


Files = dict[str, Entry]  # path below the output folder (POSIX, as the key's tail) → entry


@dataclass(frozen=True)
class Changes:
    """What a deploy does: each list holds paths below the output folder, sorted."""

    upload: list[str]  # new, changed, or missing from the bucket
    delete: list[str]  # uploaded by an earlier deploy, no longer in the site
    unchanged: list[str]


def built_site(output: Path) -> Path:
    """The output folder, refusing one that is missing or that Bulletin did not build."""
    hint = _("run `bulletin build` first, or give the folder it wrote with --output")
    if not output.is_dir():
        raise DeployError(
            _("the output folder {folder} does not exist; nothing was deployed").format(
                folder=output
            ),
            hint,
        )
    if not (output / MARKER).is_file():
        raise DeployError(
            _(
                "{folder} is not a website built by Bulletin (it has no {marker} file); "
                "nothing was deployed"
            ).format(folder=output, marker=MARKER),
            hint,
        )
    return output.resolve()


def site_files(output: Path) -> Files:
    """Every file of the website below `output`, with its hash and headers: regular files
    only, never through a link, and never a hidden one (a name starting with `.`, such as
    the marker, or a folder of an interrupted build)."""
    found: Files = {}
    for folder, subfolders, names in os.walk(output):  # links to folders are not followed
        subfolders[:] = sorted(d for d in subfolders if not d.startswith("."))
        for name in sorted(names):
            path = Path(folder, name)
            if name.startswith(".") or path.is_symlink() or not path.is_file():
                continue
            relative = path.relative_to(output).as_posix()
            found[relative] = Entry(
                file_hash(path), content_type(relative), cache_control(relative)
            )
    return found


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        for block in iter(lambda: file.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def compare(site: Files, deployed: Files | None, present: set[str] | None = None) -> Changes:
    """What to change in the bucket so that it holds `site`, when the last deploy's manifest
    says it holds `deployed` (None: no manifest, upload everything) and its keys below the
    prefix are `present` (None: not looked at). A file the manifest lists but the bucket
    lacks (deleted by hand) is uploaded again."""
    deployed = deployed or {}
    upload, unchanged = [], []
    for name, entry in sorted(site.items()):
        same = deployed.get(name) == entry and (present is None or name in present)
        (unchanged if same else upload).append(name)
    delete = sorted(name for name in deployed if name not in site)
    return Changes(upload=upload, delete=delete, unchanged=unchanged)


def default_delete_limit(deployed: int) -> int:
    """How many files a deploy may delete without --max-delete: a fifth of the `deployed`
    files, but at least 20. Deploying the wrong folder or site deletes most of the files;
    an ordinary change (a report or a tag removed, another `per_page`) deletes far fewer."""
    return max(20, deployed // 5)


def pending_manifest(deployed: Files | None, changes: Changes, site: Files) -> Files:
    """The manifest to write before uploading: the last one, plus every new file with the
    PENDING hash. Were the deploy interrupted, the next one would know of every key this one
    may have written, upload the pending files again, and delete those the site has dropped."""
    pending = dict(deployed or {})
    for name in changes.upload:
        if name not in pending:
            pending[name] = Entry(PENDING, site[name].content_type, site[name].cache_control)
    return pending


def manifest_bytes(files: Files) -> bytes:
    lines = [
        f"{json.dumps(name, ensure_ascii=False)}: {json.dumps(astuple(entry))}"
        for name, entry in sorted(files.items())
    ]
    text = f'{{"format": {FORMAT}, "files": {{\n' + ",\n".join(lines) + "\n}}\n"
    return text.encode("utf-8")


def read_manifest(data: bytes | None, where: str) -> Files | None:
    """The files listed in a manifest's bytes, None when there is none (`data` None); a
    damaged manifest, or one of a newer Bulletin, is refused rather than guessed at."""
    if data is None:
        return None
    try:
        parsed = json.loads(data.decode("utf-8"))
        if parsed.get("format") != FORMAT:
            raise ValueError("unknown format")
        return {name: _entry(name, fields) for name, fields in parsed["files"].items()}
    except (ValueError, TypeError, KeyError, AttributeError):
        raise DeployError(
            _(
                "the deploy manifest {where} is damaged or was written by a newer Bulletin; "
                "nothing was changed"
            ).format(where=where),
            _(
                "update Bulletin; or delete that file to upload the whole site again "
                "(files the site no longer has are then left in the bucket)"
            ),
        ) from None


def _entry(name: object, fields: object) -> Entry:
    if isinstance(name, str) and isinstance(fields, list) and len(fields) == 3:
        sha256, kind, cache = fields
        if isinstance(sha256, str) and isinstance(kind, str) and isinstance(cache, str):
            return Entry(sha256, kind, cache)
    raise ValueError(f"not a file of the manifest: {name!r}")
