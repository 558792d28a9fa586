"""A progress bar on the terminal (rich) for the commands that write or upload many files."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

Progress = Callable[[int, int], None]  # (files done, files in all)


@contextmanager
def progress_bar(enabled: bool, label: str) -> Iterator[Progress | None]:
    """A bar named `label` while the work goes on; nothing when output is piped."""
    if not enabled:
        yield None
        return
    from rich.progress import Progress as Bar

    with Bar(transient=True) as bar:
        task = bar.add_task(label, total=None)

        def advance(done: int, total: int) -> None:
            bar.update(task, completed=done, total=total)  # rich redraws at most 10 times a second

        yield advance
