"""Put a built site in place: a full build is made in a staging folder swapped in only when it
succeeded; an incremental one in a pending folder whose files then replace the changed ones."""

from __future__ import annotations

import ctypes
import os
import shutil
import signal
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import TracebackType

try:
    import fcntl
except ImportError:  # Windows: builds are not locked there
    fcntl = None  # type: ignore[assignment]

from generator.errors import BulletinError
from generator.i18n import _
from generator.write.files import FolderWriter, safe_join

MARKER = ".bulletin-output"  # in every website Bulletin builds: the folder may be replaced
MOVES = ".bulletin-moves"  # in a pending folder, once its files are ready to be moved in
WORK = ("building", "pending", "old")  # the kinds of work folder a build makes


def output_folder(output: Path, site_root: Path, built_here: bool) -> Path:
    """The folder the website really goes to, refusing one whose replacement would destroy
    the site or anything else: only an empty folder, or one Bulletin built (it holds MARKER,
    or it is an earlier build recorded in the site's cache: `built_here`), is replaced.

    A symbolic link (a web server's root linked to the output, say) is followed, so that
    its target is updated rather than the link replaced by a folder.
    """
    out, site = output.resolve(), site_root.resolve()
    if out.exists() and not out.is_dir():
        raise BulletinError(
            _("the output folder {output} is a file; choose a folder, e.g. output/").format(
                output=output
            )
        )
    if out == site or out in site.parents:
        raise BulletinError(
            _(
                "the output folder {output} contains the site itself; "
                "choose another --output, e.g. output/"
            ).format(output=output)
        )
    if site in out.parents and out.relative_to(site).parts[0] in ("content", "themes", "data"):
        raise BulletinError(
            _(
                "the output folder {output} is inside content/, data/ or themes/; "
                "choose another --output, e.g. output/"
            ).format(output=output)
        )
    ours = (out / MARKER).is_file() or (built_here and (out / "sitemap.xml").is_file())
    if out.is_dir() and not ours and any(_entries(out)):
        raise BulletinError(
            _(
                "{output} is not empty and was not built by Bulletin: it is never replaced; "
                "empty it or choose another --output"
            ).format(output=output)
        )
    return out


def _entries(folder: Path) -> list[Path]:
    """What a folder holds, but for the work folders of an interrupted build."""
    return [p for p in folder.iterdir() if not p.name.startswith(".bulletin-")]


@contextmanager
def build_lock(path: Path) -> Iterator[None]:
    """Hold the lock of one output folder (`path`, a file), refusing to wait: two builds
    writing one folder at once would spoil each other's work."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with open(path, "a+b") as lock:
        if fcntl is not None:
            try:
                fcntl.flock(lock.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise BulletinError(
                    _(
                        "another `bulletin build` is writing this website; "
                        "wait until it has finished, then build again"
                    )
                ) from None
        yield


def work_folder(output: Path, kind: str) -> Path:
    """A new folder for a build's work, on the output's disk so that its files can be renamed
    into place: beside the output, or inside it when the output is a mount point (a Docker
    volume, say), which nothing can be renamed over."""
    if os.path.ismount(output):
        return Path(tempfile.mkdtemp(prefix=f".bulletin-{kind}-", dir=output))
    output.parent.mkdir(parents=True, exist_ok=True)
    return Path(tempfile.mkdtemp(prefix=f".{output.name}.{kind}-", dir=output.parent))


def _work_folders(output: Path) -> list[Path]:
    beside = [output.parent.glob(f".{glob_escape(output.name)}.{kind}-*") for kind in WORK]
    inside = [output.glob(f".bulletin-{kind}-*") for kind in WORK] if output.is_dir() else []
    return sorted(p for found in (*beside, *inside) for p in found if p.is_dir())


def glob_escape(name: str) -> str:
    return "".join(f"[{c}]" if c in "*?[" else c for c in name)


def recover(output: Path) -> bool:
    """Clear what an interrupted build left behind (run it holding the build lock).

    A pending folder whose files had begun to move in (it holds MOVES) is moved in the rest
    of the way, so that the website is wholly the new one; every other work folder is
    deleted. True when a website was finished this way: the build state then describes the
    site before it, and the next build must render everything again.
    """
    finished = False
    for folder in _work_folders(output):
        moves = folder / MOVES
        if moves.is_file():
            files, deleted = _read_moves(moves)
            apply_in_place(output, folder, [f for f in files if (folder / f).exists()], deleted)
            finished = True
        shutil.rmtree(folder, ignore_errors=True)
    return finished


def _read_moves(moves: Path) -> tuple[list[str], list[str]]:
    files, deleted = [], []
    for line in moves.read_text(encoding="utf-8").splitlines():
        kind, _, name = line.partition(" ")
        (files if kind == "move" else deleted).append(name)
    return files, deleted


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


def move_in(output: Path, pending: Path, files: list[str], deleted: list[str]) -> None:
    """Move the finished `files` from `pending` over their old versions in `output`, and
    delete `deleted`, first writing down what is to be done (MOVES): if the build is killed
    on the way, the next one finishes the moves before anything else (`recover`)."""
    lines = [f"move {name}" for name in files] + [f"delete {name}" for name in deleted]
    with open(pending / MOVES, "w", encoding="utf-8") as record:
        record.write("\n".join(lines) + "\n")
        record.flush()
        os.fsync(record.fileno())
    apply_in_place(output, pending, files, deleted)


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
    """A work folder the whole website is built in; `commit` puts it in place of the target,
    leaving the old site as it was until then."""

    def __init__(self, target: Path):
        self.target = target
        self.folder = work_folder(target, "building")
        # Files whose bytes did not change keep the old ones' modification times.
        self.previous = target if (target / MARKER).is_file() else None
        self.writer = FolderWriter(self.folder, self.previous)

    def write(self, relative: str, data: bytes) -> None:
        self.writer.write(relative, data)

    def copy(self, relative: str, source: Path) -> None:
        self.writer.copy(relative, source)

    def commit(self) -> None:
        (self.folder / MARKER).write_text(
            "A website built by Bulletin: `bulletin build` replaces this folder whole.\n",
            encoding="utf-8",
        )
        self.folder.chmod(0o755)  # mkdtemp makes it private; a web server must read it
        if self.folder.parent == self.target:
            self._commit_into_mount_point()
        elif self.target.is_dir() and _exchange(self.folder, self.target):
            shutil.rmtree(self.folder, ignore_errors=True)  # now holds the previous site
        else:
            old = None
            if self.target.exists():
                old = work_folder(self.target, "old")
                os.replace(self.target, old / "site")
            os.replace(self.folder, self.target)
            if old is not None:
                shutil.rmtree(old, ignore_errors=True)

    def _commit_into_mount_point(self) -> None:
        """Move the old site's entries aside and the new one's in, one top-level entry at a
        time: a mount point itself can't be swapped."""
        old = work_folder(self.target, "old")
        for entry in _entries(self.target):
            os.replace(entry, old / entry.name)
        for entry in self.folder.iterdir():
            os.replace(entry, self.target / entry.name)
        shutil.rmtree(old, ignore_errors=True)
        shutil.rmtree(self.folder, ignore_errors=True)

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
