"""Sampling: the copula's correlations, the members' seeded order, overrides on members, pairing, chunking."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import kstest, spearmanr

from leadsim.calendar import Span
from leadsim.registry.distributions import Fixed, Triangular
from leadsim.sampling import draws, load_members, sample, uniform_points
from leadsim.sampling.copula import correlate
from leadsim.sampling.members import member_draws, prior_quantile
from leadsim.scenarios import load_scenario

N = 4096


@pytest.fixture(scope="module")
def current(registry):
    return load_scenario("current-policy", registry, Span())


@pytest.fixture(scope="module")
def prior(registry, current):
    return sample(registry, current, count=N, seed=0)


def test_declared_rank_correlations_hold(registry, prior):
    for pair in registry.correlations:
        rho = spearmanr(*(prior[n] for n in pair.parameters)).statistic
        assert rho == pytest.approx(pair.spearman, abs=0.03), pair.parameters


def test_the_copula_keeps_every_marginal(registry, prior):
    """Each correlated parameter still follows its registry distribution (its prior quantiles are uniform)."""
    for pair in registry.correlations:
        for name in pair.parameters:
            assert kstest(prior_quantile(registry, name, prior[name]), "uniform").pvalue > 0.01, name


def test_parameters_outside_every_pair_are_untouched(registry):
    points = uniform_points(len(registry.names), 0, 64, 3)
    tied = correlate(points, registry)
    involved = {n for pair in registry.correlations for n in pair.parameters}
    free = [i for i, n in enumerate(registry.names) if n not in involved]
    np.testing.assert_array_equal(tied[:, free], points[:, free])
    assert not np.array_equal(tied, points)


def test_prior_points_same_bytes_for_any_chunking(registry, current):
    whole = sample(registry, current, count=300, seed=4)
    parts = [sample(registry, current, count=n, seed=4, start=s) for s, n in ((0, 37), (37, 200), (237, 63))]
    for name in registry.names:
        np.testing.assert_array_equal(np.concatenate([p[name] for p in parts]), whole[name])


def test_members_are_taken_in_a_seeded_order(registry, current):
    members = load_members()
    got = draws(registry, current, seed=7, start=0, count=50, prior=False)
    rows = np.random.default_rng(7).permutation(members.count)[:50]
    for i, name in enumerate(registry.names):
        np.testing.assert_array_equal(got[name], members.values[rows, i])
    parts = [draws(registry, current, seed=7, start=s, count=n, prior=False) for s, n in ((0, 13), (13, 37))]
    for name in registry.names:
        np.testing.assert_array_equal(np.concatenate([p[name] for p in parts]), got[name])


def test_every_scenario_gets_the_same_members(registry):
    """Levers differ, draws do not: scenarios are paired sample by sample."""
    a, b = (load_scenario(s, registry, Span()) for s in ("pull-ahead", "catch-up"))
    da, db = (draws(registry, s, seed=1, start=0, count=30, prior=False) for s in (a, b))
    assert all(np.array_equal(da[n], db[n]) for n in registry.names)


def with_overrides(scenario, overrides):
    from dataclasses import replace

    return replace(scenario, overrides=overrides)


def test_a_fixed_override_replaces_the_column_and_nothing_else(registry, current):
    name = "distillation.closure_rate"
    base = draws(registry, current, seed=2, start=0, count=40, prior=False)
    fixed = draws(registry, with_overrides(current, {name: Fixed(kind="fixed", value=0.3)}), seed=2, start=0,
                  count=40, prior=False)  # fmt: skip
    assert np.all(fixed[name] == 0.3)
    assert all(np.array_equal(base[n], fixed[n]) for n in registry.names if n != name)


def test_a_distribution_override_maps_each_member_by_its_prior_quantile(registry, current):
    """Ranks are kept (so pairing and the members' correlations survive) and the marginal becomes the override's."""
    name, members = "distillation.transfer_fraction", load_members()
    override = Triangular(kind="triangular", low=0.6, mode=0.7, high=0.8)
    scenario = with_overrides(current, {name: override})
    count = members.count
    base = member_draws(members, registry, current, seed=0, start=0, count=count)
    moved = member_draws(members, registry, scenario, seed=0, start=0, count=count)
    assert spearmanr(base[name], moved[name]).statistic == pytest.approx(1.0)
    expected = override.sample(prior_quantile(registry, name, base[name]), registry[name].bounds)
    np.testing.assert_allclose(moved[name], expected)
    assert np.all((moved[name] >= 0.6) & (moved[name] <= 0.8))


def test_an_override_of_a_fixed_registry_parameter_uses_the_runs_sobol_points(registry, current):
    name = "compute.anchor_month"
    assert registry[name].distribution.kind == "fixed"
    scenario = with_overrides(current, {name: Triangular(kind="triangular", low=30, mode=35, high=40)})
    a = draws(registry, scenario, seed=3, start=0, count=20, prior=False)
    b = draws(registry, scenario, seed=3, start=5, count=10, prior=False)
    assert a[name].std() > 0
    np.testing.assert_array_equal(a[name][5:15], b[name])


def test_more_samples_than_members_is_an_error_here(registry, current):
    count = load_members().count
    from leadsim.errors import LeadsimError

    with pytest.raises(LeadsimError, match="members"):
        draws(registry, current, seed=0, start=count - 1, count=2, prior=False)
