"""The bucket a website is deployed to, over the S3 protocol that Aliyun OSS, Tencent COS,
Huawei OBS, MinIO and Amazon S3 all speak: list, read, write and delete its objects, and turn
every failure of the storage into one message with a hint.

Credentials come from boto3's usual chain (AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY,
AWS_PROFILE, ~/.aws/), never from site.yaml.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

import boto3
from botocore.config import Config
from botocore.exceptions import (
    BotoCoreError,
    ClientError,
    ConnectionError,
    NoCredentialsError,
    PartialCredentialsError,
    ProfileNotFound,
)

from generator.deploy import DeployError
from generator.i18n import _

THREADS = 8  # uploads at once

# Checksums only where the protocol requires them: since boto3 1.36 they are sent with every
# upload by default, and OSS, COS, OBS and older MinIO refuse those uploads.
CLIENT_CONFIG = {
    "request_checksum_calculation": "when_required",
    "response_checksum_validation": "when_required",
    "connect_timeout": 10,
    "read_timeout": 60,
    "max_pool_connections": THREADS * 2,
    "retries": {"mode": "standard"},  # attempts: AWS_MAX_ATTEMPTS, or 3
}


@dataclass(frozen=True)
class Target:
    """Where a website goes: a bucket, a folder in it (`prefix`, no slashes at either end)
    and the storage's address."""

    bucket: str
    prefix: str = ""
    endpoint_url: str | None = None  # None: Amazon S3
    region: str | None = None
    path_style: bool = False  # bucket in the path (MinIO), not in the host name (OSS, COS)

    def key(self, name: str) -> str:
        """The key of the file at `name` (a path below the output folder)."""
        return f"{self.prefix}/{name}" if self.prefix else name

    def __str__(self) -> str:
        return f"s3://{self.bucket}/{self.prefix}/" if self.prefix else f"s3://{self.bucket}/"


def needs_path_style(endpoint_url: str | None) -> bool:
    """Whether the bucket must go in the path: an endpoint given as an IP address or as
    localhost has no sub-domains to put it in."""
    host = urlsplit(endpoint_url or "").hostname or ""
    if host == "localhost":
        return True
    try:
        ipaddress.ip_address(host)
    except ValueError:
        return False
    return True


class Bucket:
    """The objects of a `Target`'s bucket below its prefix."""

    def __init__(self, target: Target, client: Any):
        self.target = target
        self.client = client

    @classmethod
    def connect(cls, target: Target) -> Bucket:
        """A client for `target`, refusing at once when no credentials are to be found."""
        with storage_errors(target):
            session = boto3.session.Session()
            if session.get_credentials() is None:
                raise NoCredentialsError()
            style = "path" if target.path_style else "virtual"
            try:
                client = session.client(
                    "s3",
                    endpoint_url=target.endpoint_url,
                    region_name=target.region,
                    config=Config(**CLIENT_CONFIG, s3={"addressing_style": style}),
                )
            except ValueError as err:  # "Invalid endpoint: …"
                raise DeployError(
                    _("cannot use the storage address {endpoint}: {reason}").format(
                        endpoint=target.endpoint_url, reason=err
                    ),
                    _("write it as https://host, e.g. https://s3.oss-cn-hangzhou.aliyuncs.com"),
                ) from None
        return cls(target, client)

    def names(self) -> set[str]:
        """The paths (below the prefix) of every object below the prefix."""
        start = self.target.key("")
        found = set()
        with storage_errors(self.target):
            pages = self.client.get_paginator("list_objects_v2")
            for page in pages.paginate(Bucket=self.target.bucket, Prefix=start):
                found |= {item["Key"][len(start) :] for item in page.get("Contents", [])}
        return found

    def read(self, name: str) -> bytes | None:
        """The bytes of the object at `name`, None if there is none."""
        with storage_errors(self.target):
            try:
                answer = self.client.get_object(
                    Bucket=self.target.bucket, Key=self.target.key(name)
                )
            except ClientError as err:
                if _code(err) in ("NoSuchKey", "404", "NotFound"):
                    return None
                raise
            return answer["Body"].read()

    def put(self, name: str, data: bytes, content_type: str, cache_control: str) -> None:
        with storage_errors(self.target):
            self.client.put_object(
                Bucket=self.target.bucket,
                Key=self.target.key(name),
                Body=data,
                ContentType=content_type,
                CacheControl=cache_control,
            )

    def delete(self, name: str) -> None:
        # One at a time, not DeleteObjects: that needs a Content-MD5 header that boto3 no
        # longer sends and several S3-compatible services insist on.
        with storage_errors(self.target):
            self.client.delete_object(Bucket=self.target.bucket, Key=self.target.key(name))


@contextmanager
def storage_errors(target: Target) -> Iterator[None]:
    """Turn whatever the storage or the network refused into one DeployError."""
    try:
        yield
    except (BotoCoreError, ClientError) as err:
        raise storage_problem(err, target) from None


def credentials_hint() -> str:
    return _(
        "set the environment variables AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
        "(in CI: from the repository's secrets), or AWS_PROFILE"
    )


def storage_problem(err: BotoCoreError | ClientError, target: Target) -> DeployError:
    """One message, with a hint, for a failure of the storage or of the network."""
    where = target.endpoint_url or "Amazon S3"
    if isinstance(err, NoCredentialsError | PartialCredentialsError):
        return DeployError(
            _("no credentials for the object storage were found; nothing was changed"),
            credentials_hint(),
        )
    if isinstance(err, ProfileNotFound):
        return DeployError(
            _("the credentials profile {profile} does not exist; nothing was changed").format(
                profile=err.kwargs.get("profile", "")
            ),
            _(
                "check AWS_PROFILE, or unset it and set the environment variables "
                "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY instead"
            ),
        )
    if isinstance(err, ConnectionError):
        return DeployError(
            _("could not connect to the object storage at {endpoint}: {reason}").format(
                endpoint=where, reason=err
            ),
            _(
                "check the address (--endpoint-url or AWS_ENDPOINT_URL) and the network; "
                "a deploy that stopped half-way is finished by the next one"
            ),
        )
    if isinstance(err, ClientError):
        return _refused(err, target, where)
    return DeployError(
        _("the object storage client failed: {reason}").format(reason=err),
        _("check the settings of `bulletin deploy` (--bucket, --endpoint-url, --region)"),
    )


def _refused(err: ClientError, target: Target, where: str) -> DeployError:
    code, status = _code(err), err.response.get("ResponseMetadata", {}).get("HTTPStatusCode")
    if code == "NoSuchBucket":
        return DeployError(
            _("the bucket {bucket} does not exist at {endpoint}").format(
                bucket=target.bucket, endpoint=where
            ),
            _("create it in the storage's console first, or check --bucket and --endpoint-url"),
        )
    denied = ("AccessDenied", "InvalidAccessKeyId", "SignatureDoesNotMatch", "AllAccessDisabled")
    if code in denied or status == 403:
        return DeployError(
            _("the object storage refused access to the bucket {bucket} ({code})").format(
                bucket=target.bucket, code=code
            ),
            _(
                "check the access key and its secret, and that the key may list, read, "
                "write and delete objects in this bucket"
            ),
        )
    if code in ("PermanentRedirect", "AuthorizationHeaderMalformed", "IllegalLocationConstraint"):
        return DeployError(
            _("the bucket {bucket} is in another region than {endpoint} ({code})").format(
                bucket=target.bucket, endpoint=where, code=code
            ),
            _("give the bucket's region with --region and its address with --endpoint-url"),
        )
    message = err.response.get("Error", {}).get("Message", "")
    return DeployError(
        _("the object storage refused the deploy: {code}: {message}").format(
            code=code, message=message
        ),
        _("check --bucket, --endpoint-url and --region"),
    )


def _code(err: ClientError) -> str:
    return str(err.response.get("Error", {}).get("Code", ""))
