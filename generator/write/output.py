"""Put a built site in place: a full build is made in a staging folder swapped in only when it
succeeded; an incremental one in a pending folder whose files then replace the changed ones."""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import sys
import tempfile
from pathlib import Path
from types import TracebackType

from generator.errors import BulletinError
from generator.write.files import FolderWriter, safe_join


def check_output_folder(output: Path, site_root: Path) -> None:
    """Refuse an output folder whose replacement would destroy the site or other files."""
    out, site = output.resolve(), site_root.resolve()
    if out.exists() and not out.is_dir():
        raise BulletinError(f"the output folder {output} is a file; choose a folder, e.g. output/")
    if out == site or out in site.parents:
        raise BulletinError(
            f"the output folder {output} contains the site itself; "
            "choose another --output, e.g. output/"
        )
    if site in out.parents and out.relative_to(site).parts[0] in ("content", "themes"):
        raise BulletinError(
            f"the output folder {output} is inside content/ or themes/; "
            "choose another --output, e.g. output/"
        )
    if out.is_dir() and any(out.iterdir()) and not (out / "sitemap.xml").is_file():
        raise BulletinError(
            f"{output} is not empty and is not an earlier Bulletin build; "
            "empty it or choose another --output"
        )


def _exchange(first: Path, second: Path) -> bool:
    """Swap two folders in one step (Linux renameat2 RENAME_EXCHANGE), so that no moment is
    without a site; False where the system can't, and the caller swaps in two steps."""
    if sys.platform != "linux":
        return False
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        rename = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_cwd, exchange = -100, 2
    return rename(at_cwd, os.fsencode(first), at_cwd, os.fsencode(second), exchange) == 0


def apply_in_place(output: Path, pending: Path, files: list[str], deleted: list[str]) -> None:
    """Move `files` from `pending` over their old versions in `output` and delete `deleted`.

    Each file is replaced in one rename, so a reader never sees half a page; Ctrl-C and
    SIGTERM wait until all are moved, so the site is never left half old, half new.
    """
    signals = {signal.SIGINT, signal.SIGTERM}
    blocked = hasattr(signal, "pthread_sigmask")
    if blocked:
        signal.pthread_sigmask(signal.SIG_BLOCK, signals)
    try:
        made: set[Path] = {output}
        for relative in files:
            target = safe_join(output, relative)
            if target.parent not in made:
                _make_folder(target.parent, output)
                made.add(target.parent)
            os.replace(safe_join(pending, relative), target)
        for relative in deleted:
            target = safe_join(output, relative)
            target.unlink(missing_ok=True)
            _remove_empty_folders(target.parent, output)
    finally:
        if blocked:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, signals)


def _make_folder(folder: Path, output: Path) -> None:
    # A file where a folder must go (an old page at a path that is now a folder) goes first.
    for parent in [*reversed(folder.relative_to(output).parents), folder.relative_to(output)]:
        path = output / parent
        if path.is_file() or path.is_symlink():
            path.unlink()
    folder.mkdir(parents=True, exist_ok=True)


def _remove_empty_folders(folder: Path, output: Path) -> None:
    while folder != output and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


class StagedOutput:
    """A folder beside the target; `commit` swaps it in, leaving the old site until then."""

    def __init__(self, target: Path):
        self.target = target
        target.parent.mkdir(parents=True, exist_ok=True)
        self.folder = Path(tempfile.mkdtemp(prefix=f".{target.name}.building-", dir=target.parent))
        self.writer = FolderWriter(self.folder)

    def write(self, relative: str, data: bytes) -> None:
        self.writer.write(relative, data)

    def copy(self, relative: str, source: Path) -> None:
        self.writer.copy(relative, source)

    def commit(self) -> None:
        self.folder.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        if self.target.is_dir() and _exchange(self.folder, self.target):
            shutil.rmtree(self.folder, ignore_errors=True)  # now holds the previous site
            return
        old = None
        if self.target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.target.name}.old-", dir=self.target.parent))
            os.replace(self.target, old / "site")
        os.replace(self.folder, self.target)
        if old is not None:
            shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)

    def __enter__(self) -> StagedOutput:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        trace: TracebackType | None,
    ) -> None:
        # Whatever happened, the staging folder goes: committed (moved) or discarded.
        if self.folder.exists():
            self.discard()
