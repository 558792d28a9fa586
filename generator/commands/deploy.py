"""The `bulletin deploy` command: upload the built website to S3-compatible object storage
(Aliyun OSS, Tencent COS, Huawei OBS, MinIO, Amazon S3), only the files that changed.

In order: read the settings (options, environment, site.yaml's `deploy:`), check the output
folder, hash its files, read the last deploy's manifest from the bucket and compare; refuse a
mass delete; write a manifest naming the new files, upload (pictures and styles before the
pages that use them), delete what the site dropped, and write the new manifest last. A
deploy interrupted anywhere is finished by the next one.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import re
import sys
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from generator.commands.progress import Progress, progress_bar
from generator.deploy import DeployError
from generator.deploy.headers import is_page
from generator.deploy.manifest import (
    MANIFEST,
    Changes,
    Entry,
    Files,
    built_site,
    compare,
    default_delete_limit,
    manifest_bytes,
    pending_manifest,
    read_manifest,
    site_files,
)
from generator.errors import ConfigError, Problem, did_you_mean
from generator.i18n import _
from generator.load.yamlfile import LineDict, YamlSyntaxError, load_yaml

if TYPE_CHECKING:  # boto3 takes a while to import: only when a deploy starts
    from generator.deploy.s3 import Bucket, Target


SETTINGS = ("bucket", "prefix", "endpoint_url", "region", "path_style", "max_delete")
# Keys under `deploy:` that look like an access key or its secret: refused, never read.
CREDENTIAL = re.compile(r"secret|passw|token|credential|access.?key|key.?id|^(ak|sk)$", re.I)


def add_parser(commands: argparse._SubParsersAction, common_options: Callable) -> None:
    d = commands.add_parser(
        "deploy",
        help=_("upload the built website to object storage (OSS, COS, OBS, MinIO, S3)"),
        description=_(
            "Upload the website that `bulletin build` wrote to an S3-compatible bucket: "
            "only new and changed files, deleting those the site no longer has. Credentials "
            "come from the environment (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY)."
        ),
    )
    common_options(d)
    d.add_argument(
        "--output",
        type=Path,
        default=None,
        metavar="DIR",
        help=_("the website to upload (default: output/ in the site folder)"),
    )
    d.add_argument("--bucket", metavar="NAME", help=_("the bucket (default: site.yaml's)"))
    d.add_argument(
        "--prefix",
        metavar="FOLDER",
        help=_("the folder in the bucket to put the website in (default: the bucket's root)"),
    )
    d.add_argument(
        "--endpoint-url",
        metavar="URL",
        help=_(
            "the storage's address, e.g. https://s3.oss-cn-hangzhou.aliyuncs.com "
            "(default: AWS_ENDPOINT_URL, site.yaml's, or Amazon S3)"
        ),
    )
    d.add_argument("--region", help=_("the bucket's region, e.g. cn-hangzhou or ap-guangzhou"))
    d.add_argument(
        "--path-style",
        action="store_true",
        help=_("put the bucket in the path rather than in the host name (MinIO)"),
    )
    d.add_argument(
        "--dry-run",
        action="store_true",
        help=_("list what would be uploaded and deleted, and change nothing"),
    )
    d.add_argument(
        "--max-delete",
        type=_count,
        default=None,
        metavar="N",
        help=_(
            "refuse to delete more than N files (default: a fifth of the files the last "
            "deploy uploaded, at least 20)"
        ),
    )
    d.add_argument("--quiet", action="store_true", help=_("print only problems"))


def run(args: argparse.Namespace) -> int:
    settings = read_settings(args.site)
    target = choose_target(args, settings, os.environ)
    output = args.output if args.output is not None else args.site / "output"
    max_delete = args.max_delete if args.max_delete is not None else settings.max_delete
    say: Callable[[str], None] = (lambda text: None) if args.quiet else print
    showing = not args.quiet and not args.dry_run and sys.stderr.isatty()
    with progress_bar(showing, _("uploading")) as progress:
        changes = deploy(output, target, args.dry_run, max_delete, say=say, progress=progress)
    say(summary(changes, str(target), args.dry_run))
    return 0


@dataclass(frozen=True)
class Settings:
    """site.yaml's `deploy:` section; options and the environment come before it."""

    bucket: str | None = None
    prefix: str | None = None
    endpoint_url: str | None = None
    region: str | None = None
    path_style: bool = False
    max_delete: int | None = None


def read_settings(site_dir: Path) -> Settings:
    """The `deploy:` section of site.yaml, checked; refused when it holds credentials."""
    path = site_dir / "site.yaml"
    try:
        data = load_yaml(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return Settings()
    except YamlSyntaxError as err:
        raise ConfigError([err.problem(path)]) from None
    except UnicodeDecodeError as err:
        raise ConfigError([Problem(path, None, str(err))]) from None
    section = data.get("deploy") if isinstance(data, LineDict) else None
    if section is None:
        return Settings()
    if not isinstance(section, LineDict):
        problem = _("`deploy` must be a mapping of settings, such as `bucket: NAME`")
        raise ConfigError([Problem(path, data.line_of("deploy"), problem)])
    problems = _setting_problems(section, path)
    if problems:
        raise ConfigError(problems)
    return Settings(**{key: section[key] for key in SETTINGS if key in section})


def _setting_problems(section: LineDict, path: Path) -> list[Problem]:
    problems = []
    for key, value in section.items():
        line = section.line_of(key)
        if CREDENTIAL.search(key):
            message = _(
                "`deploy: {key}` looks like a credential; site.yaml is published with the "
                "site and must not hold one"
            ).format(key=key)
            hint = _(
                "delete that line and set the environment variables AWS_ACCESS_KEY_ID and "
                "AWS_SECRET_ACCESS_KEY instead (in CI: from secrets); if site.yaml was "
                "committed, replace the key in the storage's console"
            )
            problems.append(Problem(path, line, message, hint))
        elif key not in SETTINGS:
            message = _("unknown setting `{key}` in deploy").format(key=key)
            problems.append(Problem(path, line, message, did_you_mean(key, list(SETTINGS))))
        elif not _fits(key, value):
            message = _("`deploy: {key}` must be {kind}").format(key=key, kind=_kind(key))
            problems.append(Problem(path, line, message))
    return problems


def _fits(key: str, value: Any) -> bool:
    if key == "path_style":
        return isinstance(value, bool)
    if key == "max_delete":
        return isinstance(value, int) and not isinstance(value, bool) and value >= 0
    return isinstance(value, str) and (key == "prefix" or value.strip() != "")


def _kind(key: str) -> str:
    if key == "path_style":
        return _("true or false")
    if key == "max_delete":
        return _("a whole number, 0 or more")
    return _("a text")


def choose_target(args: argparse.Namespace, settings: Settings, env: Mapping[str, str]) -> Target:
    """Where to deploy: each setting from its option, else the environment, else site.yaml."""
    from generator.deploy.s3 import Target, needs_path_style

    bucket = args.bucket or settings.bucket
    if not bucket:
        raise DeployError(
            _("no bucket to deploy to was given; nothing was deployed"),
            _("give one with --bucket NAME, or as `bucket: NAME` under `deploy:` in site.yaml"),
        )
    endpoint = (
        args.endpoint_url
        or env.get("AWS_ENDPOINT_URL_S3")
        or env.get("AWS_ENDPOINT_URL")
        or settings.endpoint_url
    )
    if endpoint and not _web_address(endpoint):
        raise DeployError(
            _("the storage address {endpoint} is not a web address").format(endpoint=endpoint),
            _("write it as https://host, e.g. https://s3.oss-cn-hangzhou.aliyuncs.com"),
        )
    region = args.region or env.get("AWS_REGION") or env.get("AWS_DEFAULT_REGION")
    prefix = args.prefix if args.prefix is not None else settings.prefix
    return Target(
        bucket=bucket,
        prefix=_folder(prefix or ""),
        endpoint_url=endpoint or None,
        region=region or settings.region,
        path_style=args.path_style or settings.path_style or needs_path_style(endpoint),
    )


def _web_address(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("http", "https") and bool(parts.hostname)


def _folder(prefix: str) -> str:
    """The prefix without slashes at either end, refusing `..` and empty parts."""
    folder = prefix.strip("/")
    if folder and any(part in ("", ".", "..") for part in folder.split("/")):
        raise DeployError(
            _("the prefix {prefix} is not a folder name").format(prefix=prefix),
            _("give a folder such as bulletin or sites/bulletin"),
        )
    return folder


def deploy(
    output: Path,
    target: Target,
    dry_run: bool = False,
    max_delete: int | None = None,
    bucket: Bucket | None = None,
    say: Callable[[str], None] = print,
    progress: Progress | None = None,
) -> Changes:
    """Make the bucket of `target` hold the website in `output` (a `Bucket` may be given);
    with `dry_run`, `say` what would change and change nothing."""
    from generator.deploy.s3 import Bucket

    folder = built_site(output)
    site = site_files(folder)
    bucket = bucket or Bucket.connect(target)
    deployed = read_manifest(bucket.read(MANIFEST), f"{target}{MANIFEST}")
    changes = compare(site, deployed, bucket.names())
    if dry_run:
        for name in changes.upload:
            say(_("would upload {name}").format(name=name))
        for name in changes.delete:
            say(_("would delete {name}").format(name=name))
    limit = default_delete_limit(len(deployed or {})) if max_delete is None else max_delete
    if len(changes.delete) > limit:
        raise _too_many_deletions(len(changes.delete), limit, str(target), dry_run)
    if not dry_run:
        _apply(bucket, folder, site, deployed, changes, progress)
    return changes


def _too_many_deletions(count: int, limit: int, target: str, dry_run: bool) -> DeployError:
    if dry_run:
        message = _(
            "a deploy would delete {count} files from {target}, more than the limit of "
            "{limit}, and would be refused"
        )
    else:
        message = _(
            "{count} files would be deleted from {target}, more than the limit of {limit}; "
            "nothing was changed"
        )
    return DeployError(
        message.format(count=count, target=target, limit=limit),
        _(
            "check --output, --bucket and --prefix (--dry-run lists the files); if they are "
            "right, run again with --max-delete {count}"
        ).format(count=count),
    )


def _apply(
    bucket: Bucket,
    folder: Path,
    site: Files,
    deployed: Files | None,
    changes: Changes,
    progress: Progress | None,
) -> None:
    """Upload, delete and record, in an order that an interruption cannot spoil."""
    done, total = 0, len(changes.upload) + len(changes.delete)

    def advance() -> None:
        nonlocal done
        done += 1
        if progress:
            progress(done, total)

    if any(name not in (deployed or {}) for name in changes.upload):
        _put_manifest(bucket, pending_manifest(deployed, changes, site))
    assets = [name for name in changes.upload if not is_page(name)]
    pages = [name for name in changes.upload if is_page(name)]
    for batch in (assets, pages):
        _each(lambda name: _upload(bucket, folder, name, site[name]), batch, advance)
    _each(bucket.delete, changes.delete, advance)
    if deployed != site:
        _put_manifest(bucket, site)


def _upload(bucket: Bucket, folder: Path, name: str, entry: Entry) -> None:
    data = (folder / name).read_bytes()
    if hashlib.sha256(data).hexdigest() != entry.sha256:
        raise DeployError(
            _("{name} changed while it was being deployed").format(name=name),
            _("wait until `bulletin build` has finished, then deploy again"),
        )
    bucket.put(name, data, entry.content_type, entry.cache_control)


def _put_manifest(bucket: Bucket, files: Files) -> None:
    bucket.put(MANIFEST, manifest_bytes(files), "application/json; charset=utf-8", "no-cache")


def _each(work: Callable[[str], None], names: list[str], advance: Callable[[], None]) -> None:
    """`work(name)` for every name, several at once; the first failure stops the rest."""
    from generator.deploy.s3 import THREADS

    if not names:
        return
    with ThreadPoolExecutor(max_workers=THREADS) as pool:
        futures = [pool.submit(work, name) for name in names]
        try:
            for future in as_completed(futures):
                future.result()
                advance()
        except BaseException:
            for future in futures:
                future.cancel()
            raise


def summary(changes: Changes, target: str, dry_run: bool) -> str:
    counts = {
        "uploaded": len(changes.upload),
        "deleted": len(changes.delete),
        "unchanged": len(changes.unchanged),
        "target": target,
    }
    if dry_run:
        text = _(
            "Dry run: would upload {uploaded} files, delete {deleted} and leave {unchanged} "
            "unchanged in {target}; nothing was changed."
        )
    else:
        text = _(
            "Uploaded {uploaded} files, deleted {deleted} and left {unchanged} unchanged "
            "in {target}."
        )
    return text.format(**counts)


def _count(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(
            _("must be a whole number, 0 or more, not {text!r}").format(text=text)
        )
    return int(text)
