"""History matching: observations, implausibility, the cutoff, the backtest's use of --until."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadsim.analysis.calibrate import calibrate
from leadsim.calendar import Span, parse_month
from leadsim.calibration import Calibration, effective_sample_size, load_observations
from leadsim.calibration.matching import implausibility, model_values
from leadsim.calibration.observations import LAST_OBSERVED
from leadsim.calibration.waves import Plan
from leadsim.engine.ensemble import chunks
from leadsim.engine.spec import RunSpec
from leadsim.errors import LeadsimError

HISTORY = Span(LAST_OBSERVED)


def prior_chunk(registry, scenario, samples=8, seed=1, span=HISTORY):
    return next(chunks(registry, scenario, RunSpec(samples=samples, seed=seed, span=span, at=(), prior=True)))


def test_shipped_observations(observations, registry):
    assert len(observations.active) >= 10
    assert all(o.last <= parse_month(LAST_OBSERVED) for o in observations.active)
    measures = {o.entry.measure for o in observations.active}
    assert {"lead_months", "training_compute_ratio", "controlled_output_share"} <= measures
    assert {"training_compute_us", "training_compute_cn"} <= measures  # the largest runs by bloc
    assert {"adoption_us", "adoption_users_cn", "usage_share_outside_china_cn"} <= measures
    assert all(s in registry.sources for o in observations.active for s in o.entry.sources)


def test_observations_that_set_a_prior_are_not_used_again(observations):
    """Each of these figures set a registry prior (docs/calibration.md), so it is kept out of calibration."""
    assert set(observations.pending) == {
        "adoption-us-2023-09",
        "output-share-2025-q4",
        "smuggling-2024",
        "training-growth-us-2024",
        "world-compute-2025-12",
    }


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
    assert scores[0, 0] == 0.0 and scores[1, 0] == pytest.approx(cutoff)
    assert Calibration(found).accepted(values).tolist() == [True, True, False, False]


def test_upper_bound_counts_only_beyond_it(observations_file, registry):
    found = one_observation(observations_file, registry, bound="upper")
    scores = implausibility(np.array([[1.0], [7.0], [9.0]]), found.active, found.discrepancy)
    assert scores[0, 0] == 0.0 and scores[1, 0] == 0.0 and scores[2, 0] > 0


def test_model_values_read_the_chunk(registry, scenario, observations):
    chunk = prior_chunk(registry, scenario)
    values = model_values(chunk, observations.active)
    assert values.shape == (8, len(observations.active))
    gap = [j for j, o in enumerate(observations.active) if o.name == "gap-2025-01"][0]
    np.testing.assert_array_equal(values[:, gap], chunk.outputs["lead_months"][:, parse_month("2025-01")])
    run = [j for j, o in enumerate(observations.active) if o.name == "largest-run-us-2024"][0]
    largest = chunk.trajectories["training_compute"][:, parse_month("2024-01") : parse_month("2024-12") + 1, 0]
    np.testing.assert_array_equal(values[:, run], largest.max(axis=1))


def test_until_ignores_later_observations(observations_file, registry, scenario, observations):
    """An observation after --until changes nothing but its own observed value in the backtest."""

    def move(document):
        document["observations"]["gap-2025-q4"]["value"] = 11.0
        document["observations"]["gap-2025-q4"]["uncertainty"] = {"sd": 1.0}

    moved = load_observations(registry, observations_file(move))
    plan, until = Plan(samples=256, seed=4), parse_month("2024-12")
    base = calibrate(registry, scenario, observations, plan, until=until)
    other = calibrate(registry, scenario, moved, plan, until=until)
    assert base["effective_sample_size"] == other["effective_sample_size"]
    assert base["parameters"] == other["parameters"]
    assert [r["posterior"] for r in base["observations"]] == [r["posterior"] for r in other["observations"]]
    used = {r["name"] for r in base["observations"] if r["used"]}
    assert used and all(o.last <= until for o in observations.active if o.name in used)
    assert {r["name"] for r in base["backtest"]} == {o.name for o in observations.active} - used
    # without --until the moved observation does change what is accepted
    assert (
        calibrate(registry, scenario, observations, plan)["effective_sample_size"]
        != calibrate(registry, scenario, moved, plan)["effective_sample_size"]
    )


def test_horizon_before_last_observation(registry, scenario, observations):
    chunk = prior_chunk(registry, scenario, samples=4, span=Span("2025-06"))
    with pytest.raises(LeadsimError, match="--horizon"):
        Calibration(observations).values(chunk)
    assert Calibration(observations, until=parse_month("2025-06")).values(chunk).shape[0] == 4
