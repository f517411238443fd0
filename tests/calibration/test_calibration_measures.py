"""The dials' calibration measures read the quantity the survey counted: firms, people, or usage outside China."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadsim.calendar import Span, parse_month
from leadsim.calibration.matching import model_values
from leadsim.calibration.measures import MEASURES
from leadsim.calibration.observations import LAST_OBSERVED
from leadsim.dims import BLOCS, REGIONS, bloc_index
from leadsim.engine.ensemble import chunks
from leadsim.engine.spec import RunSpec

US, CN = bloc_index("us"), bloc_index("cn")
CHINA = REGIONS.index("china")
N, T = 3, 6
HISTORY = Span(LAST_OBSERVED)


def synthetic_chunk(weights: np.ndarray | None = None, by_region: np.ndarray | None = None) -> SimpleNamespace:
    """A chunk whose dial outputs are distinct known numbers, so a measure reading the wrong one shows."""
    t = np.arange(T)[None, :, None]
    sample = np.arange(N)[:, None, None]
    bloc = np.arange(len(BLOCS))[None, None, :]
    outputs = {
        "adoption": 0.01 * (1 + t) + 0.1 * bloc + 0.001 * sample,
        "adoption_users": 0.3 + 0.02 * t + 0.2 * bloc + 0.001 * sample,
        "global_share": np.full((N, T, len(BLOCS)), 0.5),
    }
    if by_region is None:
        cn = np.array([0.05, 0.9, 0.3, 0.2])[None, None, :] + 0.01 * t
        by_region = np.stack([1.0 - cn, cn], axis=-1) * np.ones((N, 1, 1, 1))
    outputs["global_share_by_region"] = by_region
    if weights is None:
        weights = np.tile([0.5, 0.2, 0.1, 0.2], (N, 1))
    inputs = SimpleNamespace(region_weights=weights)
    return SimpleNamespace(start=0, draws={}, inputs=inputs, trajectories={}, outputs=outputs, failed=np.zeros(N, bool))


def read(measure: str, chunk: SimpleNamespace, first: int, last: int) -> np.ndarray:
    return MEASURES[measure].function(chunk, first, last)


def test_firm_adoption_reads_the_firm_share_of_its_bloc():
    chunk = synthetic_chunk()
    expected = chunk.outputs["adoption"][:, 2:5, US].mean(axis=1)
    np.testing.assert_allclose(read("adoption_us", chunk, 2, 4), expected)
    np.testing.assert_allclose(read("adoption_cn", chunk, 3, 3), chunk.outputs["adoption"][:, 3, CN])
    assert MEASURES["adoption_us"].scale == "log"


def test_people_measure_reads_the_users_mapping_not_firms():
    chunk = synthetic_chunk()
    got = read("adoption_users_cn", chunk, 5, 5)
    np.testing.assert_allclose(got, chunk.outputs["adoption_users"][:, 5, CN])
    assert not np.allclose(got, chunk.outputs["adoption"][:, 5, CN])
    assert MEASURES["adoption_users_cn"].scale == "linear"


def test_usage_outside_china_weights_the_other_regions():
    chunk = synthetic_chunk()
    cn = chunk.outputs["global_share_by_region"][0, :, :, CN]  # (time, region)
    w = np.array([0.5, 0.0, 0.1, 0.2]) / 0.8
    expected = (cn[1:4] * w).sum(axis=1).mean()
    np.testing.assert_allclose(read("usage_share_outside_china_cn", chunk, 1, 3), expected)
    world = (cn[1:4] * np.array([0.5, 0.2, 0.1, 0.2])).sum(axis=1).mean()
    assert expected < world  # China's own market is what makes the world share larger


@given(
    st.lists(st.floats(0.01, 1.0), min_size=len(REGIONS), max_size=len(REGIONS)),
    st.lists(st.floats(0.0, 1.0), min_size=len(REGIONS), max_size=len(REGIONS)),
    st.floats(0.0, 1.0),
    st.floats(0.01, 1.0),
)
def test_usage_outside_china_ignores_china(weights, shares, china_share, china_weight):
    """China's own share and weight never move the measure; it stays a share in [0, 1]."""
    w = np.array(weights) / sum(weights)
    cn = np.broadcast_to(np.array(shares), (N, T, len(REGIONS))).copy()
    base = read("usage_share_outside_china_cn", synthetic_chunk(np.tile(w, (N, 1)), as_blocs(cn)), 0, T - 1)
    cn[:, :, CHINA] = china_share
    w[CHINA] = china_weight
    other = read("usage_share_outside_china_cn", synthetic_chunk(np.tile(w / w.sum(), (N, 1)), as_blocs(cn)), 0, T - 1)
    np.testing.assert_allclose(other, base, rtol=1e-9, atol=1e-12)
    assert np.all((base >= 0.0) & (base <= 1.0 + 1e-12))


def as_blocs(cn: np.ndarray) -> np.ndarray:
    return np.stack([1.0 - cn, cn], axis=-1)


@pytest.mark.parametrize(
    ("name", "measure"),
    [
        ("adoption-us-2024-02", "adoption_us"),
        ("adoption-us-2025-q4", "adoption_us"),
        ("adoption-cn-2025-06", "adoption_users_cn"),
        ("adoption-cn-2025-12", "adoption_users_cn"),
        ("usage-share-cn-2025", "usage_share_outside_china_cn"),
    ],
)
def test_shipped_dial_observations_map_to_what_was_counted(observations, name, measure):
    """BTOS counts firms, CNNIC people, OpenRouter usage that hardly includes China's own market."""
    active = {o.name: o for o in observations.active}
    assert active[name].entry.measure == measure
    assert measure in observations.discrepancy


def test_dial_observations_read_a_simulated_chunk(registry, scenario, observations):
    chunk = next(chunks(registry, scenario, RunSpec(samples=6, seed=2, span=HISTORY, at=(), prior=True)))
    values = model_values(chunk, observations.active)
    column = {o.name: j for j, o in enumerate(observations.active)}
    month = parse_month("2024-02")
    np.testing.assert_array_equal(values[:, column["adoption-us-2024-02"]], chunk.outputs["adoption"][:, month, US])
    month = parse_month("2025-12")
    users = chunk.outputs["adoption_users"][:, month, CN]
    np.testing.assert_array_equal(values[:, column["adoption-cn-2025-12"]], users)
    w = chunk.inputs.region_weights.copy()
    w[:, CHINA] = 0.0
    by_region = chunk.outputs["global_share_by_region"][:, parse_month("2025-01") : month + 1, :, CN]
    abroad = (by_region * (w / w.sum(axis=1, keepdims=True))[:, None, :]).sum(axis=2).mean(axis=1)
    np.testing.assert_allclose(values[:, column["usage-share-cn-2025"]], abroad, rtol=1e-12)
