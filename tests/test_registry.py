"""Registry health over every shipped parameter, and one broken fixture per loader error."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from leadsim.errors import InputError
from leadsim.registry import load_registry
from leadsim.registry.schema import UNITS

BROKEN = Path(__file__).parent / "fixtures" / "registry" / "broken"


def test_every_parameter_is_complete(registry):
    """Lists every offender at once: unit, bounds, default within bounds, a source with a URL."""
    offenders = []
    for p in registry.parameters.values():
        if p.unit not in UNITS:
            offenders.append(f"{p.name}: unit {p.unit!r}")
        if not p.bounds[0] <= p.default <= p.bounds[1]:
            offenders.append(f"{p.name}: default {p.default} outside {p.bounds}")
        if not p.sources:
            offenders.append(f"{p.name}: no source")
        for sid in p.sources:
            source = registry.sources.get(sid)
            if source is None or not source.url.strip():
                offenders.append(f"{p.name}: source {sid!r} missing or without URL/citation")
    assert not offenders, "\n".join(offenders)


def test_every_source_is_cited_and_complete(registry):
    cited = {sid for p in registry.parameters.values() for sid in p.sources}
    incomplete = [sid for sid, s in registry.sources.items() if not (s.title and s.organisation and s.url)]
    assert not incomplete
    assert cited <= set(registry.sources)


def test_sampled_values_stay_within_bounds(registry):
    rng = np.random.default_rng(0)
    for p in registry.parameters.values():
        values = p.distribution.sample(rng.uniform(1e-12, 1 - 1e-12, 2000), p.bounds)
        assert np.all((values >= p.bounds[0]) & (values <= p.bounds[1])), p.name
        assert np.all(np.isfinite(values)), p.name


def test_broken_registry_reports_every_problem_at_once():
    with pytest.raises(InputError) as info:
        load_registry(BROKEN)
    text = str(info.value)
    expected = [
        "sources.yaml: no-url: url: missing",
        "topic.no_unit: unit: missing",
        "topic.default_outside: default: got 1.5",
        "topic.unknown_source: sources: got 'nowhere'",
        "topic.bad_unit: unit: got 'furlongs'",
        "topic.bad_distribution: distribution",
        "topic.no_sources: sources",
        "topic.extra_key: colour",
        "topic.no_effect: effect: missing",
    ]
    for fragment in expected:
        assert fragment in text, f"{fragment!r} not in:\n{text}"
    assert all("topic.yaml" in line or "sources.yaml" in line for line in info.value.problems)


def test_yaml_that_does_not_parse_names_file_and_line(tmp_path):
    (tmp_path / "parameters").mkdir()
    (tmp_path / "sources.yaml").write_text("a: {b: 1\n")
    with pytest.raises(InputError, match=r"sources.yaml:\d+: YAML does not parse"):
        load_registry(tmp_path)


def test_every_lever_declares_its_effect_and_sources(registry):
    from leadsim.scenarios.levers import EFFECTS, LEVERS

    bad = [
        f"{name}: effect {spec.effect!r}, sources {[s for s in spec.sources if s not in registry.sources]}"
        for name, spec in LEVERS.items()
        if spec.effect not in EFFECTS or not spec.sources or any(s not in registry.sources for s in spec.sources)
    ]
    assert not bad, "\n".join(bad)


def test_docs_give_a_reason_for_every_undeclared_sign(registry):
    """docs/model.md lists every parameter and lever whose effect is ``either`` (dial parameters as a group)."""
    from pathlib import Path

    from leadsim.scenarios.levers import LEVERS

    text = (Path(__file__).resolve().parents[1] / "docs" / "model.md").read_text()
    either = [n for n, p in registry.parameters.items() if p.effect == "either" and not n.startswith("dials.")]
    either += [name for name, spec in LEVERS.items() if spec.effect == "either"]
    missing = [name for name in either if f"`{name}`" not in text and f"`{name.split('.', 1)[-1]}`" not in text]
    assert not missing, f"docs/model.md gives no reason for: {missing}"
    assert "every other `dials.*` parameter" in text
