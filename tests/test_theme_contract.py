"""The template contract: each template receives exactly the names docs/themes.md lists for it,
so a site can override templates without reading Python."""

from __future__ import annotations

import re

import jinja2
import pytest
from builtsite import SAMPLE_EPOCH
from webcheck import REPO_ROOT

from generator.load.config import load_config
from generator.load.site import load_site
from generator.model.plan import Unit, plan
from generator.render.renderers import render
from generator.render.theme import make_environment

DOC = REPO_ROOT / "docs" / "themes.md"
SECTION = re.compile(r"^### `([^`]+)`$")
NAMES = re.compile(r"^- ((?:`[^`]+`(?: \([^)]*\))?(?:, )?)+)")


def documented() -> dict[str, set[str]]:
    """Template → the names docs/themes.md says it receives."""
    found: dict[str, set[str]] = {}
    current = None
    for line in DOC.read_text(encoding="utf-8").splitlines():
        heading = SECTION.match(line)
        if heading:
            current = heading.group(1)
            found[current] = {"site", "page"} if current.endswith(".html") else set()
            continue
        names = NAMES.match(line)
        if current and names:
            listed = re.sub(r" \([^)]*\)", "", names.group(1))  # "(as on `calendar.html`)"
            found[current] |= {
                re.match(r"\w+", n).group() for n in re.findall(r"`([^`]+)`", listed)
            }
    return found


@pytest.fixture(scope="module")
def received(monkeypatch_module) -> dict[str, set[str]]:
    """Template → the names the renderers passed it, one unit of each kind of the sample site."""
    got: dict[str, set[str]] = {}
    original = jinja2.Template.render

    def recording(self: jinja2.Template, *args, **kwargs) -> str:
        got.setdefault(self.name, set()).update(kwargs)
        return original(self, *args, **kwargs)

    monkeypatch_module.setattr(jinja2.Template, "render", recording)
    monkeypatch_module.setenv("SOURCE_DATE_EPOCH", SAMPLE_EPOCH)
    site = load_site(load_config(REPO_ROOT)).site
    env = make_environment(site.config)
    one_of_each = {unit.kind: unit for unit in plan(site)}
    # The sample site has no renamed report: an old address for one.
    one_of_each.setdefault("alias", Unit("reports/old-address/", "alias", site.report_slugs[0]))
    for unit in one_of_each.values():
        render(site, env, unit)
    return got


@pytest.fixture(scope="module")
def monkeypatch_module():
    with pytest.MonkeyPatch.context() as patch:
        yield patch


def test_the_contract_lists_every_template_the_renderers_use(received) -> None:
    assert sorted(received) == sorted(documented())


@pytest.mark.parametrize("template", sorted(documented()))
def test_each_template_gets_exactly_what_the_contract_lists(received, template: str) -> None:
    assert received[template] == documented()[template]
