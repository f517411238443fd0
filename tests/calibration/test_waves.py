"""History matching in waves: the box refocuses on what is not ruled out, without biasing what is accepted."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.stats import ks_2samp

from leadsim.calibration import Calibration, load_observations
from leadsim.calibration.waves import Plan, history_match

PARAMETER = "dials.adoption_2023_01_us"  # the model's US adoption in 2023-01 is this parameter


@pytest.fixture(scope="module")
def tight(registry, tmp_path_factory):
    """One observation that only a narrow band of ``PARAMETER`` passes (about a sixth of its prior)."""
    import yaml

    from leadsim.calibration.observations import default_path

    document = yaml.safe_load(default_path().read_text())
    document["discrepancy"]["adoption_us"]["sd"] = 0.004
    document["observations"] = {
        "start": {
            "description": "test: US firm adoption in January 2023",
            "measure": "adoption_us",
            "date": "2023-01",
            "value": 0.03,
            "uncertainty": {"interval": [0.0297, 0.0303]},
            "sources": ["census-btos"],
        }
    }
    path = tmp_path_factory.mktemp("tight") / "observations.yaml"
    path.write_text(yaml.safe_dump(document))
    return Calibration(load_observations(registry, path))


def column(registry, draws, name=PARAMETER):
    return draws[name]


def test_waves_refocus_on_the_region_not_ruled_out(registry, scenario, tight):
    matched = history_match(registry, scenario, tight, Plan(samples=512, seed=3, chunk_size=256))
    first, second = matched.waves[:2]
    assert len(matched.waves) >= 2 and first.volume == 1.0
    assert second.volume < 0.5  # the box narrowed on the one constrained parameter
    assert second.accepted / second.samples > 2 * first.accepted / first.samples
    draws, values = matched.posterior
    assert len(values) == matched.waves[-1].accepted > 0
    assert tight.accepted(values).all()  # every member passes the cutoff
    assert np.all(np.abs(np.log10(draws[PARAMETER] / 0.03)) <= 3 * tight.scores(values).max() + 1e-9)


def test_refocused_waves_draw_the_same_region_as_the_prior(registry, scenario, tight):
    """Points accepted in a refocused box are the prior restricted to the region not ruled out, like wave 1's."""
    one = history_match(registry, scenario, tight, Plan(samples=2048, seed=5, max_waves=1))
    many = history_match(registry, scenario, tight, Plan(samples=2048, seed=5))
    assert len(many.waves) >= 2
    a, b = one.posterior[0][PARAMETER], many.posterior[0][PARAMETER]
    assert ks_2samp(a, b).pvalue > 0.01
    assert abs(np.median(a) - np.median(b)) < 0.0003
    free = "distillation.closure_rate"  # unconstrained: stays the prior
    assert ks_2samp(one.posterior[0][free], many.posterior[0][free]).pvalue > 0.01


def test_waves_same_bytes_for_any_chunk_size(registry, scenario, tight):
    whole = history_match(registry, scenario, tight, Plan(samples=300, seed=2, chunk_size=300))
    parts = history_match(registry, scenario, tight, Plan(samples=300, seed=2, chunk_size=37))
    assert [w.to_json() for w in whole.waves] == [w.to_json() for w in parts.waves]
    for name in registry.names:
        np.testing.assert_array_equal(whole.posterior[0][name], parts.posterior[0][name])
    np.testing.assert_array_equal(whole.prior[1], parts.prior[1])


def test_keep_bounds_the_members_and_sizes_the_last_wave(registry, scenario, tight):
    matched = history_match(registry, scenario, tight, Plan(samples=256, seed=1, keep=100, chunk_size=128))
    assert len(matched.posterior[1]) == 100
    assert matched.waves[-1].accepted >= 100
    other = history_match(registry, scenario, tight, Plan(samples=256, seed=2, keep=100, chunk_size=128))
    assert not np.array_equal(matched.posterior[0][PARAMETER], other.posterior[0][PARAMETER])
