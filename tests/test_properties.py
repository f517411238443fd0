"""Invariants of the core model (hypothesis): pure functions, then the whole engine at small size."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from leadsim.calendar import Span
from leadsim.dims import BLOCS
from leadsim.engine.ensemble import simulate_chunk
from leadsim.model import access, compute, distillation
from leadsim.scenarios import load_scenario
from leadsim.scenarios.load import Lever, policy_record_until

SPAN = Span()
CN = BLOCS.index("cn")
unit = st.floats(0.0, 1.0)
oom = st.floats(20.0, 32.0)


@given(oom, oom, oom, unit)
def test_distilled_model_never_passes_its_teacher(distilled, own, teacher, share):
    new = distillation.next_distilled(distilled, own, teacher, share)
    start = max(distilled, own)
    assert new >= start - 1e-12
    assert new <= max(start, teacher) + 1e-12


@given(oom, oom, unit)
def test_capability_lies_between_own_and_distilled(own, distilled, transfer):
    k = distillation.capability(own, distilled, transfer)
    assert own - 1e-12 <= k <= max(own, distilled) + 1e-12


@given(st.floats(0, 1e8), st.floats(0, 0.2), unit, unit, unit, st.floats(0.01, 0.4), unit)
def test_smuggling_falls_with_enforcement(output, share, enforcement, substitution, licensed, open_share, more):
    low = access.smuggled(output, share, enforcement, substitution, licensed, open_share)
    high = access.smuggled(output, share, max(enforcement, more), substitution, licensed, open_share)
    assert 0.0 <= high <= low + 1e-9


@given(st.floats(0, 1e9), st.floats(0.01, 1e3), st.floats(0.05, 2.0))
def test_usable_compute_never_exceeds_the_stock(stock, power, kw):
    assert compute.usable_compute(stock, power, kw) <= stock


def with_lever(scenario, name: str, enacted: str, strength: float):
    levers = dict(scenario.levers)
    levers[name] = levers[name].then(SPAN.index(enacted), strength, None, policy_record_until())
    return dataclasses.replace(scenario, levers=levers)


def run(registry, scenario, seed: int, count: int = 24):
    return simulate_chunk(registry, scenario, start=0, count=count, seed=seed, span=SPAN)


@settings(max_examples=8, deadline=None)
@given(st.integers(0, 2**31 - 1))
def test_engine_is_finite_and_frontiers_never_fall(registry, seed):
    chunk = run(registry, load_scenario("current-policy", registry, SPAN), seed)
    assert not chunk.failed.any()
    for name, array in {**chunk.trajectories, **chunk.outputs}.items():
        assert np.isfinite(array).all(), name
    assert (np.diff(chunk.trajectories["frontier"], axis=1) >= 0).all()
    assert (chunk.outputs["compute_ratio"] > 0).all()


@settings(max_examples=6, deadline=None)
@given(st.integers(0, 2**31 - 1), st.floats(0.0, 0.5), st.floats(0.0, 0.5))
def test_stronger_levers_never_help_the_controlled_bloc(registry, seed, weak, extra):
    """More deterrence never shortens the lead; more enforcement or a stricter remote rule never
    adds to the controlled bloc's compute."""
    base = load_scenario("current-policy", registry, SPAN)

    def lead(chunk):
        return chunk.outputs["lead_months"]

    def minus(name):
        return lambda chunk: -chunk.trajectories[name][..., CN]

    for lever, measure in (
        ("distillation_deterrence", lead),
        ("smuggling_enforcement", minus("usable")),
        ("remote_access_rule", minus("accessible")),
    ):
        low = measure(run(registry, with_lever(base, lever, "2027-01", weak), seed))
        high = measure(run(registry, with_lever(base, lever, "2027-01", weak + extra), seed))
        assert (high >= low - 1e-9 * np.abs(low)).all(), lever


def test_lever_acts_only_from_its_enactment_date(registry):
    base = load_scenario("current-policy", registry, SPAN)
    late = with_lever(base, "remote_access_rule", "2029-01", 1.0)
    a, b = run(registry, base, 1), run(registry, late, 1)
    before = SPAN.index("2029-01")
    np.testing.assert_array_equal(a.outputs["lead_months"][:, :before], b.outputs["lead_months"][:, :before])
    assert (b.trajectories["remote"][:, before:, CN] == 0).all()


def test_child_scenario_keeps_inherited_settings_before_its_date(registry):
    pull = load_scenario("pull-ahead", registry, SPAN)
    regime = pull.levers["chip_export_regime"]
    assert regime.in_force(SPAN.index("2026-06")).regime == "h200"
    assert regime.in_force(SPAN.index("2027-06")).regime == "ban"
    assert regime.in_force(SPAN.index("2025-06")) is None  # the history before any lever
    assert Lever().then(None, 0.5, None, policy_record_until()).in_force(100) is None
