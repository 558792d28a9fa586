"""What an incremental build has to do: which output files to render again, copy again or
delete, given the last build's state and the site as it is now."""

from __future__ import annotations

from array import array
from collections.abc import Mapping
from dataclasses import dataclass

from generator.incremental.state import BuildState
from generator.incremental.tracking import changed_keys, snapshot
from generator.model.plan import Plan, Strings
from generator.model.site import Site


@dataclass(frozen=True)
class Update:
    """The work of an incremental build."""

    plan: Plan  # the plan to record: the last one with new files added at its end
    todo: list[int]  # the numbers in `plan` of the units to render
    deleted: list[str]  # output files the site no longer has
    copied: list[str]  # static files and images that are new or changed


def update_of(
    previous: BuildState,
    site: Site,
    plan: Plan | None,
    assets: Mapping[str, str],
    damaged: tuple[set[int], set[str]] = (set(), set()),
) -> Update:
    """What to do to turn the last build's output into `site`'s: render the units that read
    something that changed, or are new or different; copy the `assets` (output path → digest
    of the source) that changed; delete what is gone; and write again the files `damaged`
    since (plan numbers, copied names: outputs.Written.damaged). `plan` None means the last
    build's plan (patch.patched_site)."""
    stale = previous.readers_of(changed_keys(snapshot(previous.site), snapshot(site)))
    stale |= damaged[0]
    deleted = []
    if plan is None:
        recorded, todo = previous.plan, sorted(stale)
    else:
        recorded, todo = _todo(plan, previous.plan, stale)
        planned = set(plan.files)
        deleted = [name for name in previous.plan.files if name not in planned]
    deleted += [name for name in previous.assets if name not in assets]
    copied = [
        name
        for name, digest in assets.items()
        if previous.assets.get(name) != digest or name in damaged[1]
    ]
    return Update(recorded, todo, deleted, copied)


def _todo(plan: Plan, previous: Plan, stale: set[int]) -> tuple[Plan, list[int]]:
    """The plan to record, and the numbers in it of the units to render: those that read
    something that changed, are new, or render differently (an alias now pointing to another
    report). Output files keep their numbers in the readers; new ones are numbered after the
    old, and files gone keep theirs until `_forget_files`."""
    number_of = {name: i for i, name in enumerate(previous.files)}
    files, packed = list(previous.files), list(previous.packed)
    todo = []
    for file, text in zip(plan.files, plan.packed, strict=True):
        number = number_of.get(file)
        if number is None:
            number = len(files)
            files.append(file)
            packed.append(text)
        elif number not in stale and packed[number] == text:
            continue
        packed[number] = text
        todo.append(number)
    return Plan(Strings(files), Strings(packed)), todo


def forget_files(state: BuildState, gone: set[str]) -> None:
    """Drop `gone` from the state's plan, renumbering the readers."""
    kept = [n for n, name in enumerate(state.plan.files) if name not in gone]
    old_to_new = {old: new for new, old in enumerate(kept)}
    plan = state.plan
    state.plan = Plan(Strings(plan.files[n] for n in kept), Strings(plan.packed[n] for n in kept))
    state.written.keep(kept, state.assets)
    readers = {}
    for key, packed in state.readers.items():
        numbers = array("I", (old_to_new[i] for i in array("I", packed) if i in old_to_new))
        if numbers:
            readers[key] = numbers.tobytes()
    state.readers = readers
