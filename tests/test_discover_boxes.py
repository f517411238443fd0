"""PRIM boxes (analysis/boxes.py) on synthetic data whose true boxes are known: found on one half, they hold
on the other, and the inputs that do not matter are left unrestricted."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from leadsim.analysis.boxes import find_boxes, inside

N = 4000
NOISE = 0.03  # share of outcomes flipped at random


@pytest.fixture(scope="module")
def synthetic():
    """Ten uniform inputs and a whole-month one; the condition holds in two boxes (a few outcomes flipped):
    ``a > 0.6 and b < 0.3`` (12% of the space) and ``month <= 44 and c > 0.5`` (about 10%)."""
    rng = np.random.default_rng(7)
    x = pd.DataFrame(rng.random((N, 10)), columns=["a", "b", "c", *(f"noise{i}" for i in range(7))])
    x["month"] = rng.integers(36, 84, N).astype(float)
    true = ((x.a > 0.6) & (x.b < 0.3)) | ((x.month <= 44) & (x.c > 0.5))
    interest = true.to_numpy() ^ (rng.random(N) < NOISE)
    finding = np.arange(N) % 2 == 0
    return x, interest, finding, find_boxes(x, interest, finding)


def test_the_first_box_is_the_larger_true_box(synthetic):
    _, _, _, boxes = synthetic
    first = boxes[0]
    assert set(first.limits) == {"a", "b"}
    assert first.limits["a"][0] == pytest.approx(0.6, abs=0.03) and first.limits["a"][1] is None
    assert first.limits["b"][0] is None and first.limits["b"][1] == pytest.approx(0.3, abs=0.03)


def test_the_second_box_is_the_other_true_box(synthetic):
    _, _, _, boxes = synthetic
    second = boxes[1]
    assert set(second.limits) == {"month", "c"}
    assert 44 <= second.limits["month"][1] < 45 and second.limits["month"][0] is None
    assert second.limits["c"][0] == pytest.approx(0.5, abs=0.03)


def test_boxes_hold_on_the_held_out_half(synthetic):
    x, interest, finding, boxes = synthetic
    base_rate = interest[~finding].mean()
    for box in boxes[:2]:
        assert box.test_density > 0.9 > 3 * base_rate
        assert box.test_coverage == pytest.approx(box.coverage, abs=0.08)
        assert box.mass >= 0.05
    test = x[~finding].reset_index(drop=True)
    first = inside(test, boxes[0].limits)
    assert int(first.sum()) == boxes[0].test_count
    assert interest[~finding][first].mean() == pytest.approx(boxes[0].test_density)


def test_the_trajectory_ends_at_or_after_the_chosen_step(synthetic):
    _, _, _, boxes = synthetic
    for box in boxes:
        assert 0 <= box.chosen < len(box.trajectory)
        assert box.trajectory["res_dim"].iloc[box.chosen] == len(box.limits)
        assert box.trajectory["density"].iloc[box.chosen] == pytest.approx(box.density)


def test_pure_noise_gives_no_box_that_holds():
    rng = np.random.default_rng(3)
    x = pd.DataFrame(rng.random((2000, 5)), columns=list("abcde"))
    interest = rng.random(2000) < 0.2
    finding = np.arange(2000) % 2 == 0
    for box in find_boxes(x, interest, finding):
        assert box.test_density < 0.2 + 3 * np.sqrt(0.2 * 0.8 / max(box.test_count, 1))


@pytest.mark.parametrize("share", [0.0, 1.0])
def test_a_condition_that_never_or_always_holds_has_no_box(share):
    x = pd.DataFrame(np.random.default_rng(1).random((100, 3)), columns=list("abc"))
    assert find_boxes(x, np.full(100, share == 1.0), np.arange(100) % 2 == 0) == []
