"""The search index: Pagefind's extended build (it segments Chinese into words) run over the
pages residents read, its bundle written to pagefind/ of the website.

Only report pages, the first page of each place and ordinary pages are given to Pagefind, and
in them the theme marks what is indexed (`data-pagefind-body`); print sheets, feeds, calendars
and lists never are. Pagefind reads a folder of links to those pages, so a full build and an
incremental one index the very same files and make the same bundle. The bundle is made in a
work folder and goes into the website with the pages it describes: into the staging folder of
a full build, or among the files an incremental build moves in, `pagefind-entry.json` (which
the browser reads first) last. A failed or interrupted run leaves the previous index.
"""

from __future__ import annotations

import filecmp
import os
import shutil
import subprocess
from collections.abc import Iterable
from pathlib import Path

from generator import urls
from generator.errors import BulletinError
from generator.i18n import _
from generator.search.extract import indexed_extract
from generator.write.output import StagedOutput, work_folder

FOLDER = "pagefind"  # the bundle's folder in the website: search.js loads it from there
ENTRY = "pagefind-entry.json"  # what the browser reads first; it names the index files
INSTALL = "python -m pip install 'pagefind[extended]>=1.3'"
INDEXED = (urls.report, urls.place, urls.page)  # the kinds of page the index holds
# Pagefind's own search interfaces and highlighter (420 KB in 7 files): search.js uses its
# JavaScript API alone, so they are not published.
UNUSED = ("pagefind-*ui.*", "pagefind-highlight.js")
# Telling whether Pagefind would read a changed page as before takes about 2 ms a page; past
# this many changed pages (a renamed tag rewrites thousands), running Pagefind is as quick.
COMPARED_AT_MOST = 200


def index_staged(staged: StagedOutput) -> None:
    """Index the website being built whole in `staged`, and put the bundle into it (a file
    unchanged since the last build is linked to the old one and keeps its time)."""
    work = work_folder(staged.target, "building")
    try:
        bundle = make_bundle(indexed_pages(staged.folder), work)
        for name in files_below(bundle):
            staged.copy(f"{FOLDER}/{name}", bundle / name)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def update_index(
    output: Path, pending: Path, changed: list[str], deleted: list[str]
) -> tuple[list[str], list[str]]:
    """Bring the index up to date with an incremental build that is about to move `changed`
    (rendered into `pending`) into `output` and delete `deleted` there.

    Returns the index files to move in (put into `pending`, `pagefind-entry.json` last) and
    those to delete; nothing when the index is there and Pagefind would read every changed
    page as before (an edit below a report's summary, a new list beside it).
    """
    pages_changed = [name for name in changed if is_indexed(name)]
    unchanged = (
        (output / FOLDER / ENTRY).is_file()
        and not any(map(is_indexed, deleted))
        and len(pages_changed) <= COMPARED_AT_MOST
        and all(_reads_the_same(name, output, pending) for name in pages_changed)
    )
    if unchanged:
        return [], []
    pages = indexed_pages(output)
    pages.update({name: pending / name for name in changed if is_indexed(name)})
    for name in deleted:
        pages.pop(name, None)
    old, work = output / FOLDER, work_folder(output, "building")
    try:
        bundle = make_bundle(pages, work)
        new = files_below(bundle)
        moved = [name for name in new if not _same(bundle / name, old / name)]
        for name in moved:
            target = pending / FOLDER / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(bundle / name, target)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    stale = sorted(set(files_below(old)) - set(new))
    moved.sort(key=lambda name: name == ENTRY)  # stable: the entry goes last
    return [f"{FOLDER}/{n}" for n in moved], [f"{FOLDER}/{n}" for n in stale]


def is_indexed(name: str) -> bool:
    """Whether the output file `name` is a page the index holds."""
    parts = name.split("/")
    return len(parts) == 3 and any(urls.file_for(kind(parts[1])) == name for kind in INDEXED)


def _reads_the_same(name: str, output: Path, pending: Path) -> bool:
    """Whether Pagefind reads the page `name` as rendered into `pending` as it read the one
    in `output`."""
    try:
        before = (output / name).read_text(encoding="utf-8")
    except OSError:  # a page that is new
        return False
    after = (pending / name).read_text(encoding="utf-8")
    return indexed_extract(before) == indexed_extract(after)


def indexed_pages(folder: Path) -> dict[str, Path]:
    """The pages of the website in `folder` that the index holds: output file → path."""
    patterns = [urls.file_for(kind("*")) for kind in INDEXED]
    found = (path for pattern in patterns for path in folder.glob(pattern))
    return {path.relative_to(folder).as_posix(): path for path in found if path.is_file()}


def make_bundle(pages: dict[str, Path], work: Path) -> Path:
    """Run Pagefind over `pages` (output file → its path); the bundle's folder, in `work`.

    With no page to index there is no bundle (Pagefind refuses an empty site): an empty
    folder."""
    bundle = work / "bundle"
    if not pages:
        bundle.mkdir()
        return bundle
    mirror = work / "site"
    for name, source in sorted(pages.items()):
        _link(source, mirror / name)
    _run([pagefind_binary(), "--site", str(mirror), "--output-path", str(bundle)], work, pages)
    if not (bundle / ENTRY).is_file():
        raise BulletinError(_search_failed(_("it wrote no {entry}").format(entry=ENTRY)))
    for pattern in UNUSED:
        for unused in bundle.glob(pattern):
            unused.unlink()
    return bundle


def pagefind_binary() -> str:
    """The extended Pagefind program (installed by `pagefind[extended]` from PyPI)."""
    try:
        from pagefind_bin_extended import get_executable

        return str(get_executable())
    except (ImportError, FileNotFoundError):
        pass
    found = shutil.which("pagefind_extended")
    if found:
        return found
    raise BulletinError(
        _(
            "the search index can't be made: Pagefind's extended build (which splits Chinese "
            "into words) is not installed; install it with `{install}` and build again. "
            "Nothing was published."
        ).format(install=INSTALL)
    )


def _run(command: list[str], work: Path, pages: dict[str, Path]) -> None:
    # Pagefind reads pagefind.yml and PAGEFIND_* settings: none of a user's may change the index.
    env = {k: v for k, v in os.environ.items() if not k.startswith("PAGEFIND_")}
    try:
        done = subprocess.run(
            [*command, "--quiet"],
            cwd=work,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            errors="replace",
        )
    except OSError as error:
        raise BulletinError(_search_failed(str(error))) from None
    if done.returncode != 0:
        said = "\n".join(done.stdout.strip().splitlines()[-5:])
        reason = _("it stopped with status {status} indexing {count} pages: {said}").format(
            status=done.returncode, count=len(pages), said=said
        )
        raise BulletinError(_search_failed(reason))


def _search_failed(reason: str) -> str:
    return _(
        "Pagefind could not make the search index ({reason}). Nothing was published; if "
        "reinstalling it (`{install} --force-reinstall`) does not help, report this."
    ).format(reason=reason, install=INSTALL)


def _link(source: Path, target: Path) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(source, target)
    except OSError:  # a disk without links
        shutil.copyfile(source, target)


def _same(first: Path, second: Path) -> bool:
    try:
        return filecmp.cmp(first, second, shallow=False)
    except OSError:
        return False


def files_below(folder: Path) -> list[str]:
    """Every file below `folder` (none if it is missing), as sorted relative names."""
    found: Iterable[Path] = folder.rglob("*") if folder.is_dir() else ()
    return sorted(path.relative_to(folder).as_posix() for path in found if path.is_file())
