"""`bulletin deploy` copies a built website to S3-compatible object storage (Aliyun OSS,
Tencent COS, Huawei OBS, MinIO), here moto's S3 server, started once for this file.

It uploads only what changed since the last deploy, going by a manifest of hashes it keeps in
the bucket; deletes what the site no longer has, but never a key it did not upload; serves
every file with its Content-Type and Cache-Control; refuses a mass delete, a folder that is
not a built website, and credentials in site.yaml; and reports every failure of the storage
as one message with a hint.
"""

from __future__ import annotations

import io
import re
import socket
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import boto3
import pytest
from botocore.exceptions import ClientError
from PIL import Image
from runner import run_bulletin
from sitemaker import SITE_YAML, build, make_site, report_text, snapshot

from generator.deploy import DeployError
from generator.deploy.headers import cache_control, content_type
from generator.deploy.manifest import MANIFEST, PENDING, default_delete_limit, read_manifest
from generator.deploy.s3 import Bucket, Target, storage_problem
from generator.write.output import MARKER


def picture(kind: str, colour: str) -> bytes:
    data = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(data, kind)
    return data.getvalue()


PICTURES = "[{src: images/photo.jpg, alt: 老人们在包饺子}, {src: images/map.png, alt: 活动地点}]"
REPORTS = {
    "2025/swap-shop.md": report_text(tags="[volunteering]"),
    "2025/winter-care.md": report_text(title="冬日送温暖", date="2025-01-10", images=PICTURES),
}
IMAGES = {"photo.jpg": picture("JPEG", "red"), "map.png": picture("PNG", "blue")}
SUMMARY = re.compile(r"^Uploaded (\d+) files, deleted (\d+) and left (\d+) unchanged in s3://")
YEAR = "max-age=31536000, immutable"


# --- the storage, the environment and a built website -------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(scope="module")
def endpoint() -> Iterator[str]:
    """moto's S3 server on a free port, for this file's tests."""
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "moto.server", "-H", "127.0.0.1", "-p", str(port)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("moto's S3 server did not start") from None
                time.sleep(0.05)
        yield f"http://127.0.0.1:{port}"
    finally:
        server.kill()
        server.wait()


@pytest.fixture(scope="module", autouse=True)
def credentials(endpoint: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Test credentials and moto's address in the environment, as CI would set them; no
    configuration files or profiles of the machine running the tests."""
    nowhere = tmp_path_factory.mktemp("no-aws-files")
    with pytest.MonkeyPatch.context() as env:
        for name in ("AWS_PROFILE", "AWS_SESSION_TOKEN", "AWS_REGION", "AWS_ENDPOINT_URL_S3"):
            env.delenv(name, raising=False)
        env.setenv("AWS_ACCESS_KEY_ID", "testing")
        env.setenv("AWS_SECRET_ACCESS_KEY", "testing")
        env.setenv("AWS_DEFAULT_REGION", "us-east-1")
        env.setenv("AWS_ENDPOINT_URL", endpoint)
        env.setenv("AWS_SHARED_CREDENTIALS_FILE", str(nowhere / "credentials"))
        env.setenv("AWS_CONFIG_FILE", str(nowhere / "config"))
        env.setenv("AWS_EC2_METADATA_DISABLED", "true")  # don't ask a cloud for keys
        env.setenv("AWS_MAX_ATTEMPTS", "1")  # an unreachable address fails at once
        yield


@pytest.fixture(scope="module")
def website(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A small site built once; tests deploy its output folder (returned) to buckets of
    their own and never change it."""
    site = make_site(tmp_path_factory.mktemp("deploy"), reports=REPORTS, images=IMAGES)
    assert build(site).returncode == 0
    return site.parent / "output"


def storage() -> Any:
    return boto3.client("s3")


def new_bucket(name: str, versioned: bool = False) -> str:
    storage().create_bucket(Bucket=name)
    if versioned:  # each upload of a key then leaves a version: they can be counted
        storage().put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    return name


def keys(bucket: str) -> set[str]:
    pages = storage().get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return {item["Key"] for page in pages for item in page.get("Contents", [])}


def etags(bucket: str) -> dict[str, str]:
    pages = storage().get_paginator("list_objects_v2").paginate(Bucket=bucket)
    return {item["Key"]: item["ETag"] for page in pages for item in page.get("Contents", [])}


def website_files(output: Path) -> set[str]:
    """The files a deploy must upload: every file of the output folder but hidden ones."""
    return {
        name
        for name in snapshot(output)
        if not any(part.startswith(".") for part in name.split("/"))
    }


def deploy(output: Path, bucket: str, *options: str, site: Path | None = None, **env: str):
    """`bulletin deploy --output OUTPUT --bucket BUCKET OPTIONS` run from OUTPUT's parent."""
    site = site or output.parent / "no-site"
    args = ["deploy", "--site", str(site), "--output", str(output), "--bucket", bucket, *options]
    return run_bulletin(*args, cwd=output.parent, env=env)


def counts(done: subprocess.CompletedProcess[str]) -> tuple[int, int, int]:
    """(uploaded, deleted, unchanged) from the summary of a deploy that succeeded."""
    assert done.returncode == 0 and done.stderr == "", (done.returncode, done.stderr)
    found = SUMMARY.match(done.stdout.splitlines()[-1])
    assert found, done.stdout
    uploaded, deleted, unchanged = (int(n) for n in found.groups())
    return uploaded, deleted, unchanged


def assert_refused(done: subprocess.CompletedProcess[str], *words: str) -> None:
    """The deploy failed with one clear message and a hint, and no traceback."""
    assert done.returncode == 1, (done.stdout, done.stderr)
    assert "Traceback" not in done.stderr, done.stderr
    assert done.stderr.startswith("error: ") and done.stderr.count("error: ") == 1, done.stderr
    assert "\n    hint: " in done.stderr, done.stderr
    for word in words:
        assert word in done.stderr, (word, done.stderr)


# --- what is uploaded ----------------------------------------------------------------------


def test_the_first_deploy_uploads_every_file_of_the_website(website: Path) -> None:
    bucket = new_bucket("first")
    (website / ".editor-notes").write_text("hidden files are never uploaded")
    try:
        done = deploy(website, bucket)
    finally:
        (website / ".editor-notes").unlink()
    files = website_files(website)
    assert len(files) > 50 and {"index.html", "static/style.css", "images/photo.jpg"} <= files
    assert counts(done) == (len(files), 0, 0)
    assert keys(bucket) == files | {MANIFEST}  # neither the marker nor any hidden file


def test_a_second_deploy_uploads_only_the_files_whose_bytes_changed(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports=REPORTS, images=IMAGES)
    output = tmp_path / "output"
    assert build(site).returncode == 0
    bucket = new_bucket("second", versioned=True)
    assert counts(deploy(output, bucket))[0] == len(website_files(output))
    before = snapshot(output)
    edited = report_text(tags="[volunteering]", body="居民们带来了旧书和玩具。")
    (site / "content/reports/2025/swap-shop.md").write_text(edited, encoding="utf-8")
    assert build(site).returncode == 0
    after = snapshot(output)
    changed = {name for name in website_files(output) if before.get(name) != after[name]}
    assert "reports/swap-shop/index.html" in changed and len(changed) < len(after) / 2
    # Only the search index's files, which Pagefind names by their content, go away.
    gone = set(before) - set(after)
    assert all(name.startswith("pagefind/") for name in gone)

    done = deploy(output, bucket)

    assert counts(done) == (len(changed), len(gone), len(website_files(output)) - len(changed))
    versions = storage().list_object_versions(Bucket=bucket)
    uploads = Counter(v["Key"] for v in versions["Versions"])
    updated = {key for key, n in uploads.items() if n > 1} - {MANIFEST}
    assert updated == {name for name in changed if name in before}
    deleted = {marker["Key"] for marker in versions.get("DeleteMarkers", [])}
    assert deleted == gone

    # Nothing changed since: nothing is uploaded, and the manifest is left as it was.
    manifests = uploads[MANIFEST]
    assert counts(deploy(output, bucket)) == (0, 0, len(website_files(output)))
    versions = storage().list_object_versions(Bucket=bucket)
    assert Counter(v["Key"] for v in versions["Versions"])[MANIFEST] == manifests


def test_a_file_deleted_from_the_bucket_by_hand_is_uploaded_again(website: Path) -> None:
    bucket = new_bucket("by-hand")
    deploy(website, bucket)
    storage().delete_object(Bucket=bucket, Key="index.html")
    assert counts(deploy(website, bucket)) == (1, 0, len(website_files(website)) - 1)
    assert "index.html" in keys(bucket)


def test_an_interrupted_deploy_is_finished_by_the_next_one(website: Path) -> None:
    from generator.commands.deploy import deploy as deploy_function

    class Unplugged(Bucket):
        """The network goes away after five uploads."""

        uploads = 0

        def put(self, name: str, data: bytes, content_type: str, cache_control: str) -> None:
            if name != MANIFEST:
                Unplugged.uploads += 1
                if Unplugged.uploads > 5:
                    raise DeployError("the network went away")
            super().put(name, data, content_type, cache_control)

    bucket = new_bucket("interrupted")
    target = Target(bucket, endpoint_url=storage().meta.endpoint_url, path_style=True)
    with pytest.raises(DeployError):
        deploy_function(website, target, bucket=Unplugged.connect(target), say=lambda text: None)
    # The manifest written before the uploads names every file the deploy may have written …
    pending = read_manifest(storage().get_object(Bucket=bucket, Key=MANIFEST)["Body"].read(), "")
    assert pending is not None and set(pending) == website_files(website)
    assert {entry.sha256 for entry in pending.values()} == {PENDING}
    # … so the next deploy uploads them all again, and then records their hashes.
    files = website_files(website)
    assert counts(deploy(website, bucket)) == (len(files), 0, 0)
    assert counts(deploy(website, bucket)) == (0, 0, len(files))


# --- what is deleted -----------------------------------------------------------------------


def test_a_removed_report_is_deleted_from_the_bucket_and_nothing_else(tmp_path: Path) -> None:
    site = make_site(tmp_path, reports=REPORTS, images=IMAGES)
    output = tmp_path / "output"
    assert build(site).returncode == 0
    bucket = new_bucket("removed")
    deploy(output, bucket)
    # Files someone else put in the bucket, one of them in the removed report's folder.
    foreign = {"notes/readme.txt", "reports/winter-care/scan.pdf"}
    for key in foreign:
        storage().put_object(Bucket=bucket, Key=key, Body=b"not the website's")
    before = snapshot(output)
    (site / "content/reports/2025/winter-care.md").unlink()
    assert build(site).returncode == 0
    after, files = snapshot(output), website_files(output)
    gone = set(before) - set(after)
    changed = {name for name in files if before.get(name) != after[name]}
    assert "reports/winter-care/index.html" in gone

    # A dry run lists what would go, and changes nothing.
    tags = etags(bucket)
    # The search index's files are replaced too: more deletes than a small site's limit.
    dry = deploy(output, bucket, "--dry-run", "--max-delete", "100")
    assert dry.returncode == 0, dry.stderr
    assert "would delete reports/winter-care/index.html" in dry.stdout.splitlines()
    assert dry.stdout.splitlines()[-1].startswith("Dry run: would upload ")
    assert f"delete {len(gone)} and leave" in dry.stdout
    assert etags(bucket) == tags

    done = deploy(output, bucket, "--max-delete", "100")

    assert counts(done) == (len(changed), len(gone), len(files) - len(changed))
    assert keys(bucket) == website_files(output) | foreign | {MANIFEST}


def test_a_dry_run_of_a_first_deploy_uploads_nothing(website: Path) -> None:
    bucket = new_bucket("dry")
    done = deploy(website, bucket, "--dry-run")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "would upload index.html" in lines and "would upload images/photo.jpg" in lines
    files = len(website_files(website))
    assert lines[-1] == (
        f"Dry run: would upload {files} files, delete 0 and leave 0 unchanged in "
        f"s3://{bucket}/; nothing was changed."
    )
    assert keys(bucket) == set()


def test_the_safety_limit_refuses_to_delete_most_of_the_website(
    website: Path, tmp_path: Path
) -> None:
    bucket = new_bucket("limit")
    deploy(website, bucket)
    # The wrong folder: a website of one page (an almost empty build, another site …).
    wrong = tmp_path / "wrong"
    wrong.mkdir()
    (wrong / MARKER).write_text("built by Bulletin")
    (wrong / "index.html").write_text("<!doctype html><title>另一个网站</title>")
    tags = etags(bucket)
    files = len(website_files(website))
    limit = default_delete_limit(files)
    assert limit == max(20, files // 5)  # at least 20 may always go

    done = deploy(wrong, bucket)

    assert_refused(done, f"{files - 1} files would be deleted", f"limit of {limit}")
    assert f"--max-delete {files - 1}" in done.stderr and "nothing was changed" in done.stderr
    assert etags(bucket) == tags
    # Below the limit it is refused too; raised high enough, the delete goes ahead.
    assert_refused(deploy(wrong, bucket, "--max-delete", str(files - 2)), "limit of")
    assert counts(deploy(wrong, bucket, "--max-delete", str(files - 1))) == (1, files - 1, 0)
    assert keys(bucket) == {"index.html", MANIFEST}


def test_the_default_limit_is_a_fifth_of_the_website_but_at_least_20() -> None:
    assert [default_delete_limit(n) for n in (0, 50, 100, 101, 1000, 50_000)] == [
        20,
        20,
        20,
        20,
        200,
        10_000,
    ]


# --- how files are served ------------------------------------------------------------------


@pytest.fixture(scope="module")
def served(website: Path, credentials: None) -> str:
    """The website deployed once, to the bucket returned, for the tests that only look."""
    assert counts(deploy(website, new_bucket("served")))[0] > 0
    return "served"


@pytest.mark.parametrize(
    ("name", "kind", "cache"),
    [
        ("index.html", "text/html; charset=utf-8", "max-age=300"),
        ("reports/swap-shop/index.html", "text/html; charset=utf-8", "max-age=300"),
        ("404.html", "text/html; charset=utf-8", "max-age=300"),
        ("feed.xml", "application/xml; charset=utf-8", "max-age=300"),
        ("sitemap.xml", "application/xml; charset=utf-8", "max-age=300"),
        ("calendar.ics", "text/calendar; charset=utf-8", "max-age=300"),
        ("robots.txt", "text/plain; charset=utf-8", "max-age=300"),
        ("static/style.css", "text/css; charset=utf-8", "max-age=86400"),
        ("static/calendar.js", "text/javascript; charset=utf-8", "max-age=86400"),
        ("images/photo.jpg", "image/jpeg", "max-age=86400"),
        ("images/map.png", "image/png", "max-age=86400"),
    ],
)
def test_every_file_is_served_with_its_type_and_cache_time(
    served: str, name: str, kind: str, cache: str
) -> None:
    head = storage().head_object(Bucket=served, Key=name)
    assert (head["ContentType"], head["CacheControl"]) == (kind, cache)


def test_a_page_fetched_over_http_is_utf8_html(served: str, website: Path) -> None:
    url = storage().generate_presigned_url(
        "get_object", Params={"Bucket": served, "Key": "index.html"}
    )
    with urllib.request.urlopen(url, timeout=10) as answer:
        assert answer.headers["Content-Type"] == "text/html; charset=utf-8"
        assert answer.headers["Cache-Control"] == "max-age=300"
        assert answer.read() == (website / "index.html").read_bytes()


@pytest.mark.parametrize(
    ("name", "kind", "cache"),
    [
        ("images/2025/photo-720w.avif", "image/avif", "max-age=86400"),
        ("images/2025/photo.webp", "image/webp", "max-age=86400"),
        ("images/logo.SVG", "image/svg+xml", "max-age=86400"),
        ("static/fonts/noto.woff2", "font/woff2", "max-age=86400"),
        ("print/poster.pdf", "application/pdf", "max-age=300"),
        ("data/places.json", "application/json; charset=utf-8", "max-age=300"),
        ("downloads/archive.7z", "application/octet-stream", "max-age=300"),
        # Pagefind's files carry a hash in their names, but for its entry files.
        ("pagefind/index/zh_3f2a1b.pf_index", "application/octet-stream", YEAR),
        ("pagefind/fragment/zh_9c8d7e.pf_fragment", "application/octet-stream", YEAR),
        ("pagefind/pagefind.zh_61ab5e.pf_meta", "application/octet-stream", YEAR),
        ("pagefind/pagefind-entry.json", "application/json; charset=utf-8", "max-age=300"),
        ("pagefind/pagefind.js", "text/javascript; charset=utf-8", "max-age=300"),
        ("pagefind/pagefind-ui.css", "text/css; charset=utf-8", "max-age=300"),
    ],
)
def test_headers_of_files_a_site_may_have(name: str, kind: str, cache: str) -> None:
    assert (content_type(name), cache_control(name)) == (kind, cache)


# --- what is refused -----------------------------------------------------------------------


def test_only_a_website_bulletin_built_is_deployed(tmp_path: Path) -> None:
    bucket = new_bucket("not-built")
    assert_refused(deploy(tmp_path / "output", bucket), "does not exist", "bulletin build")
    stray = tmp_path / "stray"
    stray.mkdir()
    (stray / "index.html").write_text("<title>手写的网页</title>")
    assert_refused(deploy(stray, bucket), "not a website built by Bulletin", "bulletin build")
    assert keys(bucket) == set()


def test_credentials_in_site_yaml_are_refused(website: Path, tmp_path: Path) -> None:
    bucket = new_bucket("leaky")
    deploy_section = (
        f"deploy:\n  bucket: {bucket}\n  access_key_id: LTAI5tExample\n"
        "  secret_access_key: s3cr3t-do-not-print\n"
    )
    site = make_site(tmp_path, site_yaml=SITE_YAML + deploy_section)
    line = len(SITE_YAML.splitlines()) + 3
    done = run_bulletin("deploy", "--site", str(site), "--output", str(website), cwd=tmp_path)
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    assert f"site/site.yaml:{line}: `deploy: access_key_id` looks like a credential" in (
        done.stderr
    )
    assert "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY" in done.stderr
    assert "s3cr3t-do-not-print" not in done.stdout + done.stderr
    assert keys(bucket) == set()


def test_site_yaml_names_the_bucket_and_the_folder_in_it(website: Path, tmp_path: Path) -> None:
    bucket = new_bucket("from-site-yaml")
    section = f"deploy:\n  bucket: {bucket}\n  prefix: /sites/bulletin/\n"
    site = make_site(tmp_path, site_yaml=SITE_YAML + section)
    done = run_bulletin("deploy", "--site", str(site), "--output", str(website), cwd=tmp_path)
    assert counts(done)[0] == len(website_files(website))
    assert f"in s3://{bucket}/sites/bulletin/." in done.stdout
    expected = {f"sites/bulletin/{name}" for name in website_files(website) | {MANIFEST}}
    assert keys(bucket) == expected


@pytest.mark.parametrize(
    ("problem", "options", "env", "words"),
    [
        (
            "no credentials",
            [],
            {"AWS_ACCESS_KEY_ID": "", "AWS_SECRET_ACCESS_KEY": ""},
            ["no credentials", "AWS_ACCESS_KEY_ID"],
        ),
        ("no such bucket", ["--bucket", "no-such-bucket"], {}, ["does not exist"]),
        ("nobody listens", ["--endpoint-url", "http://127.0.0.1:{closed}"], {}, ["connect"]),
        ("not an address", ["--endpoint-url", "oss-cn-hangzhou.aliyuncs.com"], {}, ["web addr"]),
    ],
)
def test_a_failure_of_the_storage_is_one_message_with_a_hint(
    website: Path, problem: str, options: list[str], env: dict[str, str], words: list[str]
) -> None:
    bucket = new_bucket(f"failing-{problem.replace(' ', '-')}")
    options = [option.format(closed=free_port()) for option in options]
    done = deploy(website, bucket, *options, **env)
    assert_refused(done, *words)
    assert done.stdout == ""
    assert keys(bucket) == set()


def test_access_denied_names_the_bucket_and_the_permissions_needed() -> None:
    refusal = ClientError(
        {"Error": {"Code": "AccessDenied"}, "ResponseMetadata": {"HTTPStatusCode": 403}},
        "PutObject",
    )
    text = storage_problem(refusal, Target("bulletin-1250000000")).format()
    assert text.startswith("error: the object storage refused access to the bucket ")
    assert "bulletin-1250000000 (AccessDenied)" in text
    assert "hint: check the access key and its secret" in text
