"""History matching: observations, weights, effective sample size, cutoff, backtest."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

import leadsim
from leadsim.analysis.calibrate import calibrate
from leadsim.calendar import Span, parse_month
from leadsim.calibration import Calibration, effective_sample_size, load_observations
from leadsim.calibration.matching import implausibility, model_values
from leadsim.calibration.observations import LAST_OBSERVED
from leadsim.engine.ensemble import chunks
from leadsim.engine.spec import RunSpec
from leadsim.errors import LeadsimError

HISTORY = Span(LAST_OBSERVED)


def weights(registry, scenario, observations, *, samples, seed, chunk_size):
    calibration = Calibration(observations)
    parts = chunks(registry, scenario, RunSpec(samples=samples, seed=seed, span=HISTORY, chunk_size=chunk_size, at=()))
    return np.concatenate([calibration.weigh(c) for c in parts])


def test_shipped_observations(observations, registry):
    assert len(observations.active) >= 10
    assert all(o.last <= parse_month(LAST_OBSERVED) for o in observations.active)
    measures = {o.entry.measure for o in observations.active}
    assert {"lead_months", "training_compute_ratio", "controlled_output_share", "smuggled"} <= measures
    assert {"adoption_us", "adoption_users_cn", "usage_share_outside_china_cn"} <= measures
    assert not observations.pending
    assert all(s in registry.sources for o in observations.active for s in o.entry.sources)


def test_weights_deterministic_for_a_seed(registry, scenario, observations):
    first = weights(registry, scenario, observations, samples=96, seed=5, chunk_size=96)
    again = weights(registry, scenario, observations, samples=96, seed=5, chunk_size=96)
    other = weights(registry, scenario, observations, samples=96, seed=6, chunk_size=96)
    np.testing.assert_array_equal(first, again)
    assert not np.array_equal(first, other)


def test_weights_same_for_any_chunk_size(registry, scenario, observations):
    whole = weights(registry, scenario, observations, samples=100, seed=2, chunk_size=100)
    for size in (9, 37, 64):
        np.testing.assert_array_equal(
            weights(registry, scenario, observations, samples=100, seed=2, chunk_size=size), whole
        )


def test_effective_sample_size_known_values():
    assert effective_sample_size(np.ones(4)) == pytest.approx(4.0)
    assert effective_sample_size(np.array([3.0, 0.0, 0.0])) == pytest.approx(1.0)
    assert effective_sample_size(np.array([2.0, 1.0, 1.0])) == pytest.approx(16.0 / 6.0)
    assert effective_sample_size(np.zeros(3)) == 0.0


@given(st.lists(st.one_of(st.just(0.0), st.floats(1e-300, 1e6)), min_size=1, max_size=50), st.floats(1e-3, 1e3))
def test_effective_sample_size_bounds_and_scale(w, scale):
    w = np.array(w)
    ess = effective_sample_size(w)
    if w.sum() > 0:
        assert 1.0 - 1e-9 <= ess <= len(w) + 1e-9
        assert effective_sample_size(w * scale) == pytest.approx(ess, rel=1e-9)


def one_observation(observations_file, registry, **entry):
    """An observations file with a single lead observation (sd 2, discrepancy 2)."""

    def change(document):
        base = {"description": "test", "measure": "lead_months", "date": "2024-12", "value": 7.0}
        base |= {"uncertainty": {"sd": 2.0}, "sources": ["epoch-eci-us-china"]}
        document["observations"] = {"only": base | entry}

    return load_observations(registry, observations_file(change))


def test_implausibility_cutoff(observations_file, registry):
    found = one_observation(observations_file, registry)
    total = np.hypot(2.0, found.discrepancy["lead_months"])
    cutoff = found.settings.cutoff
    values = 7.0 + np.array([[0.0], [cutoff * total - 1e-6], [-(cutoff * total) - 1e-6], [np.nan]])
    scores = implausibility(values, found.active, found.discrepancy)
    assert scores[1, 0] == pytest.approx(cutoff)
    w = Calibration(found).weights_from_values(values)
    assert w[0] == pytest.approx(1.0) and w[1] > 0
    assert w[2] == 0.0 and w[3] == 0.0
    assert w[1] == pytest.approx(np.exp(-0.5 * cutoff**2), rel=1e-4)


def test_upper_bound_counts_only_beyond_it(observations_file, registry):
    found = one_observation(observations_file, registry, bound="upper")
    scores = implausibility(np.array([[1.0], [7.0], [9.0]]), found.active, found.discrepancy)
    assert scores[0, 0] == 0.0 and scores[1, 0] == 0.0 and scores[2, 0] > 0


def test_model_values_read_the_chunk(registry, scenario, observations):
    chunk = next(chunks(registry, scenario, RunSpec(samples=8, seed=1, span=HISTORY, at=())))
    values = model_values(chunk, observations.active)
    assert values.shape == (8, len(observations.active))
    gap = [j for j, o in enumerate(observations.active) if o.name == "gap-2025-01"][0]
    np.testing.assert_array_equal(values[:, gap], chunk.outputs["lead_months"][:, parse_month("2025-01")])


def test_until_ignores_later_observations(observations_file, registry, scenario, observations):
    """An observation after --until changes nothing but its own observed value in the backtest."""

    def move(document):
        document["observations"]["gap-2025-q4"]["value"] = 11.0
        document["observations"]["gap-2025-q4"]["uncertainty"] = {"sd": 1.0}

    moved = load_observations(registry, observations_file(move))
    spec, until = RunSpec(samples=128, seed=4, at=()), parse_month("2024-12")
    base = calibrate(registry, scenario, observations, spec, until=until)
    other = calibrate(registry, scenario, moved, spec, until=until)
    assert base["effective_sample_size"] == other["effective_sample_size"]
    assert base["parameters"] == other["parameters"]
    assert [r["posterior"] for r in base["observations"]] == [r["posterior"] for r in other["observations"]]
    used = {r["name"] for r in base["observations"] if r["used"]}
    assert used and all(o.last <= until for o in observations.active if o.name in used)
    assert {r["name"] for r in base["backtest"]} == {o.name for o in observations.active} - used
    # without --until the moved observation does change the weights
    assert (
        calibrate(registry, scenario, observations, spec)["effective_sample_size"]
        != calibrate(registry, scenario, moved, spec)["effective_sample_size"]
    )


def test_horizon_before_last_observation(registry, scenario, observations):
    chunk = next(chunks(registry, scenario, RunSpec(samples=4, seed=1, span=Span("2025-06"), at=())))
    with pytest.raises(LeadsimError, match="--horizon"):
        Calibration(observations).weigh(chunk)
    assert Calibration(observations, until=parse_month("2025-06")).weigh(chunk).shape == (4,)


def test_api_carries_weights(registry):
    result = leadsim.run("current-policy", samples=32, seed=1, registry=registry)
    prior = leadsim.run("current-policy", samples=32, seed=1, registry=registry, prior=True)
    assert result.dataset["weight"].shape == (32,) and "weight" not in prior.dataset
    assert result.summary()["calibration"]["calibrated"] and not prior.summary()["calibration"]["calibrated"]
