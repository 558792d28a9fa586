"""Deploying: copy a built website to S3-compatible object storage, uploading only what changed.

`manifest.py` hashes the output folder and compares it with the last deploy's manifest,
`headers.py` chooses each file's Content-Type and Cache-Control, and `s3.py` talks to the
bucket. The `bulletin deploy` command (commands/deploy.py) runs them in order.
"""

from __future__ import annotations

from generator.errors import BulletinError, with_hint


class DeployError(BulletinError):
    """A deploy that was refused or failed, with a hint what to do; the command line prints it
    without a traceback."""

    def __init__(self, message: str, hint: str = ""):
        super().__init__(with_hint(message, hint))
