"""Invariants of the core model (hypothesis): pure functions, then the whole engine at small size."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from leadsim.calendar import Span
from leadsim.dims import BLOCS
from leadsim.engine.ensemble import simulate_draws
from leadsim.model import access, compute, distillation
from leadsim.model.policy import code
from leadsim.sampling import sample
from leadsim.scenarios import load_scenario
from leadsim.scenarios.load import Lever, policy_record_until

SPAN = Span()
US, CN = BLOCS.index("us"), BLOCS.index("cn")
unit = st.floats(0.0, 1.0)
oom = st.floats(20.0, 32.0)
amount = st.floats(0.0, 1e9)


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


@given(st.floats(1e20, 1e28), st.floats(1e20, 1e28), st.floats(1e-4, 5.0), unit, unit, st.floats(1.0, 100.0))
def test_less_student_compute_never_speeds_distillation(student, teacher, ratio, rate, deterrence, cut):
    """Compute controls slow distillation: a smaller student run never closes more of the gap."""
    full = distillation.closure_share(rate, deterrence, student, teacher, ratio, True)
    assert distillation.closure_share(rate, deterrence, student / cut, teacher, ratio, True) <= full + 1e-15


@given(amount, st.floats(0, 1), unit, unit, amount)
def test_smuggling_falls_with_enforcement_and_never_exceeds_what_is_left(unmet, share, enforcement, more, left):
    low = access.smuggled(unmet, share, enforcement, left)
    high = access.smuggled(unmet, share, max(enforcement, more), left)
    assert 0.0 <= high <= low + 1e-9
    assert low <= left + 1e-9


@given(amount, unit, unit, amount)
def test_licensed_sales_respect_demand_and_the_licence_cap(demand, uptake, cap, supply):
    sold = access.licensed_sales(demand, uptake, cap, supply)
    assert 0.0 <= sold <= min(uptake * demand, cap * supply) + 1e-9


@given(amount, unit, unit, unit, amount, unit)
def test_remote_rental_falls_with_the_rule_and_respects_the_host(gap, uptake, rule, more, host, cap):
    low = access.remote_compute(gap, uptake, max(rule, more), host, cap)
    high = access.remote_compute(gap, uptake, rule, host, cap)
    assert 0.0 <= low <= high + 1e-9
    assert high <= cap * host + 1e-9


@given(amount, amount)
def test_usable_compute_never_exceeds_the_stock(stock, powered):
    assert compute.usable_compute(stock, powered) <= stock


def with_lever(scenario, name: str, enacted: str, strength: float):
    levers = dict(scenario.levers)
    levers[name] = levers[name].then(SPAN.index(enacted), strength, None, policy_record_until())
    return dataclasses.replace(scenario, levers=levers)


def run(registry, scenario, seed: int, count: int = 24, fixed: dict[str, float] | None = None):
    draws = sample(registry, scenario, count=count, seed=seed)
    return simulate_draws(draws | {k: np.full(count, v) for k, v in (fixed or {}).items()}, scenario, SPAN)


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
@given(st.integers(0, 2**31 - 1))
def test_rented_compute_moves_from_host_to_renter(registry, seed):
    """Summed over blocs, accessible compute is usable compute; China's surplus is what it rents."""
    chunk = run(registry, load_scenario("current-policy", registry, SPAN), seed)
    t = chunk.trajectories
    np.testing.assert_allclose(t["accessible"].sum(axis=2), t["usable"].sum(axis=2), rtol=1e-9, atol=0)
    np.testing.assert_allclose(t["accessible"][..., CN] - t["usable"][..., CN], t["remote"][..., CN], rtol=1e-9)
    assert (t["remote"][..., CN] > 0).any()
    assert (t["stock"] >= t["usable"] - 1e-6).all()


@settings(max_examples=6, deadline=None)
@given(st.integers(0, 2**31 - 1), st.floats(0.0, 0.5), st.floats(0.0, 0.5))
def test_stronger_levers_never_help_the_controlled_bloc(registry, seed, weak, extra):
    """More enforcement or a stricter remote rule never adds to the controlled bloc's compute, and
    more deterrence never shortens the lead by more than 0.05 months in any sample and month,
    investment held fixed. (A stronger lead also makes the leader a better teacher later, so the
    lead is not strictly monotone in deterrence; with the share-to-investment loop a lever also
    moves both blocs' investment. The sign test covers the whole system's medians.)"""
    base = load_scenario("current-policy", registry, SPAN)

    def lead(chunk):
        return chunk.outputs["lead_months"]

    def minus(name):
        return lambda chunk: -chunk.trajectories[name][..., CN]

    fixed = {"investment.share_elasticity": 0.0}
    for lever, measure, tolerance in (
        ("distillation_deterrence", lead, 0.05),
        ("smuggling_enforcement", minus("stock"), 0.0),
        ("remote_access_rule", minus("accessible"), 0.0),
    ):
        low = measure(run(registry, with_lever(base, lever, "2027-01", weak), seed, fixed=fixed))
        high = measure(run(registry, with_lever(base, lever, "2027-01", weak + extra), seed, fixed=fixed))
        assert (high >= low - tolerance - 1e-9 * np.abs(low)).all(), lever


def test_lever_acts_only_from_its_enactment_date(registry):
    base = load_scenario("current-policy", registry, SPAN)
    late = with_lever(base, "remote_access_rule", "2029-01", 1.0)
    a, b = run(registry, base, 1), run(registry, late, 1)
    before = SPAN.index("2029-01")
    np.testing.assert_array_equal(a.outputs["lead_months"][:, :before], b.outputs["lead_months"][:, :before])
    assert (b.trajectories["remote"][:, before:, CN] == 0).all()


def test_per_sample_lever_settings_match_the_scenario_they_stand_for(registry):
    """A lever given per sample (an analysis's design) runs exactly as the scenario file would."""
    base = load_scenario("pull-ahead", registry, SPAN)
    draws = sample(registry, base, count=6, seed=4)
    months = np.array([SPAN.index(m) for m in ("2026-03", "2027-01", "2028-06", "2029-01", "2030-12", "2026-11")])
    strengths = np.linspace(0.1, 0.9, 6)
    per_sample = simulate_draws(
        draws | {"lever.remote_access_rule.enacted": months, "lever.remote_access_rule.strength": strengths},
        base,
        SPAN,
    )
    regimes = {"lever.chip_export_regime.enacted": months.astype(float), "lever.chip_export_regime.regime":
               np.array([code(r) for r in ("ban", "blackwell", "h20", "ban", "h200", "blackwell")])}  # fmt: skip
    per_regime = simulate_draws(draws | regimes, base, SPAN)
    for i in range(6):
        one = {k: v[i : i + 1] for k, v in draws.items()}
        rule = dataclasses.replace(base, levers=dict(base.levers) | {"remote_access_rule": base.levers[
            "remote_access_rule"].then(int(months[i]), strengths[i], None, policy_record_until())})  # fmt: skip
        expected = simulate_draws(one, rule, SPAN).outputs["lead_months"][0]
        np.testing.assert_array_equal(per_sample.outputs["lead_months"][i], expected)
        regime = ("ban", "blackwell", "h20", "ban", "h200", "blackwell")[i]
        setting = base.levers["chip_export_regime"].then(int(months[i]), 0.0, regime, policy_record_until())
        scenario = dataclasses.replace(base, levers=dict(base.levers) | {"chip_export_regime": setting})
        np.testing.assert_array_equal(
            per_regime.outputs["lead_months"][i], simulate_draws(one, scenario, SPAN).outputs["lead_months"][0]
        )
    off = simulate_draws(draws | {"lever.remote_access_rule.enacted": np.full(6, np.nan),
                                  "lever.remote_access_rule.strength": np.ones(6)}, base, SPAN)  # fmt: skip
    later = SPAN.index("2029-01")
    on = simulate_draws(draws, base, SPAN)
    assert (off.trajectories["remote"][:, later, CN] > on.trajectories["remote"][:, later, CN]).all()


def test_child_scenario_keeps_inherited_settings_before_its_date(registry):
    pull = load_scenario("pull-ahead", registry, SPAN)
    regime = pull.levers["chip_export_regime"]
    assert regime.in_force(SPAN.index("2026-06")).regime == "h200"
    assert regime.in_force(SPAN.index("2027-06")).regime == "ban"
    assert regime.in_force(SPAN.index("2025-06")) is None  # the history before any lever
    assert Lever().then(None, 0.5, None, policy_record_until()).in_force(100) is None


def test_accounting_in_the_python_api(registry):
    """leadsim.run: summed over blocs accessible equals usable; China's surplus is the compute it rents."""
    import leadsim

    data = leadsim.run("current-policy", samples=64, seed=3, registry=registry).dataset
    accessible, usable, remote = (data[name].values for name in ("accessible", "usable", "remote"))
    assert data["accessible"].dims == ("sample", "time", "bloc")
    np.testing.assert_allclose(accessible.sum(axis=2), usable.sum(axis=2), rtol=1e-9, atol=0)
    np.testing.assert_allclose(accessible[..., CN] - usable[..., CN], remote[..., CN], rtol=1e-9, atol=1e-6)
    assert (remote[..., CN] > 0).any()
    owned = data["stock"].values
    np.testing.assert_allclose(data["compute_ratio_owned"].values, owned[..., US] / owned[..., CN], rtol=1e-12)
