"""Sobol and delta indices through leadsim's own wrappers: the Ishigami known answer, failed rows, groups."""

from __future__ import annotations

import numpy as np
import pytest

from leadsim.analysis.sensitivity_indices import DeltaData, delta_one, sobol, sobol_indices

ISHIGAMI = {"num_vars": 3, "names": ["x1", "x2", "x3"], "bounds": [[-np.pi, np.pi]] * 3}
# Analytic indices of Ishigami with a = 7, b = 0.1 (Saltelli et al. 2008, Global Sensitivity Analysis, §4.3).
S1 = (0.3139, 0.4424, 0.0)
ST = (0.5576, 0.4424, 0.2437)


def ishigami(x: np.ndarray) -> np.ndarray:
    return np.sin(x[:, 0]) + 7.0 * np.sin(x[:, 1]) ** 2 + 0.1 * x[:, 2] ** 4 * np.sin(x[:, 0])


def test_ishigami_known_answer_within_the_intervals():
    """Each index within 1.5 of its own interval half-widths (plus a small floor) of the analytic value."""
    result = sobol(ISHIGAMI, ishigami, base_samples=1024, seed=3)
    for i, name in enumerate(ISHIGAMI["names"]):
        x = result["indices"][name]
        assert abs(x["S1"] - S1[i]) <= 1.5 * x["S1_conf"] + 0.01, (name, x)
        assert abs(x["ST"] - ST[i]) <= 1.5 * x["ST_conf"] + 0.01, (name, x)
        assert 0 < x["S1_conf"] < 0.2 and 0 < x["ST_conf"] < 0.2
    assert result["failed"] == {"trajectories": 0, "base_samples_dropped": 0, "base_samples_used": 1024}


def test_same_seed_same_numbers_and_another_seed_other_intervals():
    a = sobol(ISHIGAMI, ishigami, base_samples=64, seed=0)
    assert a == sobol(ISHIGAMI, ishigami, base_samples=64, seed=0)
    assert a != sobol(ISHIGAMI, ishigami, base_samples=64, seed=1)


def test_a_failed_row_drops_its_whole_block_and_is_counted():
    def failing(x: np.ndarray) -> np.ndarray:
        y = ishigami(x)
        y[[7, 12]] = np.nan  # rows of blocks 1 and 2 (5 rows a block: A, AB1..AB3, B)
        return y

    result = sobol(ISHIGAMI, failing, base_samples=256, seed=3)
    assert result["failed"] == {"trajectories": 2, "base_samples_dropped": 2, "base_samples_used": 254}
    assert all(x["ST"] is not None for x in result["indices"].values())


def test_groups_analyse_their_members_together():
    """x1 and x3 interact only with each other: as one group, its first-order index takes their interaction
    (S1 = ST = 1 - S1(x2)), and x2's stays its own."""
    problem = ISHIGAMI | {"groups": ["a", "b", "a"]}
    result = sobol(problem, ishigami, base_samples=1024, seed=3)
    assert list(result["indices"]) == ["a", "b"]
    a, b = result["indices"]["a"], result["indices"]["b"]
    assert a["S1"] == pytest.approx(1 - S1[1], abs=0.05) and a["ST"] == pytest.approx(1 - S1[1], abs=0.05)
    assert b["S1"] == pytest.approx(S1[1], abs=0.05) and b["ST"] == pytest.approx(ST[1], abs=0.05)


def test_a_constant_output_has_no_indices():
    result = sobol_indices(ISHIGAMI, np.ones(5 * 8), seed=0)
    assert all(set(x.values()) == {None} for x in result["indices"].values())


def test_delta_ranks_the_input_that_matters_first():
    rng = np.random.default_rng(0)
    x = rng.random((400, 2))
    data = DeltaData(("big", "none"), x, 4.0 * x[:, 0] + 0.1 * rng.random(400), seed=5)
    big, none = delta_one(data, 0), delta_one(data, 1)
    assert big["delta"] > 0.3 > none["delta"] and big["S1"] > 0.8
    assert big == delta_one(data, 0)  # seeded: the same bytes again
    assert set(big) == {"delta", "delta_conf", "S1", "S1_conf"}
