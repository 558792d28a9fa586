"""The package layout is the pipeline: load → model → render → write, with incremental builds
beside it. A stage never reaches into a later one, so that loading can be used (by `check`,
`print`, the tests) without rendering or the build cache."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from webcheck import REPO_ROOT

PACKAGE = REPO_ROOT / "generator"
BASICS = {"errors", "clock", "urls", "pool", "i18n"}  # modules every stage may use
# Folder → the parts of the package it may import, besides BASICS and itself.
ALLOWED: dict[str, set[str]] = {
    "model": {"printing.papers"},  # the plan lists a sheet for each paper size
    "load": {"model", "printing.papers"},  # site.yaml's `paper` is checked against the sizes
    "printing": {"model", "load.markup"},
    "render": {"model", "load", "printing", "write"},
    "incremental": {"model", "load"},
    "write": set(),
    "checks": {"model", "load", "printing"},
    "deploy": {"write"},  # the marker of a built website
    "search": {"write"},  # work folders beside the output, the staging folder
}


def imports_of(path: Path) -> set[str]:
    """The generator modules `path` imports, anywhere in it, without the `generator.` prefix."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            if node.module == "generator":
                found |= {alias.name for alias in node.names}
            elif node.module.startswith("generator."):
                found.add(node.module.removeprefix("generator."))
        elif isinstance(node, ast.Import):
            found |= {
                a.name.removeprefix("generator.")
                for a in node.names
                if a.name.startswith("generator.")
            }
    return found


def modules_of(folder: str) -> list[Path]:
    return sorted((PACKAGE / folder).rglob("*.py"))


def allowed(folder: str, target: str) -> bool:
    if target in BASICS or target.split(".")[0] == folder:
        return True
    return any(target == part or target.startswith(part + ".") for part in ALLOWED[folder])


@pytest.mark.parametrize("folder", sorted(ALLOWED))
def test_a_stage_imports_only_the_stages_before_it(folder: str) -> None:
    assert modules_of(folder), f"generator/{folder}/ has no modules"
    wrong = [
        f"{path.relative_to(PACKAGE)} imports generator.{target}"
        for path in modules_of(folder)
        for target in sorted(imports_of(path))
        if not allowed(folder, target)
    ]
    assert wrong == []


def test_loading_knows_nothing_of_rendering_or_the_build_cache() -> None:
    for path in modules_of("load"):
        assert not {t.split(".")[0] for t in imports_of(path)} & {"render", "incremental"}, path


def test_the_basic_modules_import_no_stage() -> None:
    for name in BASICS:
        targets = imports_of(PACKAGE / f"{name}.py")
        assert targets <= BASICS, (name, targets)


def test_every_module_says_what_it_is_for() -> None:
    for path in sorted(PACKAGE.rglob("*.py")):
        doc = ast.get_docstring(ast.parse(path.read_text(encoding="utf-8")))
        assert doc, f"{path.relative_to(PACKAGE)} has no docstring"


def test_the_import_rules_would_catch_a_loader_importing_a_renderer(tmp_path: Path) -> None:
    module = tmp_path / "bad.py"
    module.write_text("def f():\n    from generator.render.theme import theme_dirs\n")
    assert not all(allowed("load", target) for target in imports_of(module))
