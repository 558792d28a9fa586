"""Write files below one folder, never outside it: the one place output bytes go to disk."""

from __future__ import annotations

import contextlib
import filecmp
import os
import shutil
from pathlib import Path

from generator.errors import BulletinError
from generator.i18n import _


def safe_join(root: Path, relative: str) -> Path:
    """`root / relative`, refusing any path that would land outside `root`."""
    return Path(_inside(str(root), relative))


def _inside(root: str, relative: str) -> str:
    """`root/relative` as a string (made once per page written: no pathlib objects)."""
    parts = relative.split("/")
    if relative.startswith("/") or ".." in parts or not relative.strip("./"):
        raise BulletinError(
            _("refusing to write outside the output folder: {path!r}").format(path=relative)
        )
    return f"{root}/{relative}"


# Open for writing, created or emptied; binary and not inherited where the system has the flags.
_NEW_FILE = (
    os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0) | getattr(os, "O_CLOEXEC", 0)
)


def same_bytes(path: str, data: bytes) -> bool:
    """Whether the file at `path` holds exactly `data` (read only when the sizes agree)."""
    try:
        if os.stat(path).st_size != len(data):
            return False
        with open(path, "rb") as file:
            return file.read() == data
    except OSError:
        return False


class FolderWriter:
    """Writes files below one folder, making sub-folders as they are needed.

    With `previous` (the site as it is now), a file whose bytes are those of the file at
    the same place there is linked to that file rather than written: it keeps its
    modification time, so an upload (rsync, FTP) moves only what changed.

    (Most pages are the only file of their folder, so remembering which folders exist would
    save few system calls and hold a path per page: a folder is made when opening fails.)
    """

    def __init__(self, root: Path, previous: Path | None = None):
        self.root = root
        self.previous = previous

    def write(self, relative: str, data: bytes) -> None:
        # With os.open and os.write, not Path.write_bytes: a clean build writes 190,000
        # files, and a file object's set-up was a tenth of the time spent writing each.
        path = _inside(str(self.root), relative)
        if self.previous is not None:
            old = _inside(str(self.previous), relative)
            if same_bytes(old, data) and self._link(old, path):
                return
        try:
            fd = os.open(path, _NEW_FILE, 0o666)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            fd = os.open(path, _NEW_FILE, 0o666)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view) :]
        finally:
            os.close(fd)

    def copy(self, relative: str, source: Path) -> None:
        path = safe_join(self.root, relative)
        path.parent.mkdir(parents=True, exist_ok=True)
        if self.previous is not None:
            old = str(safe_join(self.previous, relative))
            with contextlib.suppress(OSError):  # no old file: copy
                if filecmp.cmp(old, source, shallow=False) and self._link(old, str(path)):
                    return
        shutil.copyfile(source, path)

    @staticmethod
    def _link(old: str, path: str) -> bool:
        """Link `path` to the unchanged `old` file; False where the disk has no links."""
        try:
            os.link(old, path)
        except FileNotFoundError:
            os.makedirs(os.path.dirname(path), exist_ok=True)
            return FolderWriter._link(old, path)
        except OSError:
            return False
        return True
