"""Shapley values and interactions: known answers by hand, and efficiency as an invariant."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from leadsim.analysis.shapley import interaction, shapley


def game(worth) -> np.ndarray:
    """Values of every coalition mask of three players a, b, c (bits 0, 1, 2)."""
    return np.array([worth(bool(m & 1), bool(m & 2), bool(m & 4)) for m in range(8)], dtype=float)


def test_three_levers_with_an_interaction_by_hand():
    """v = 2a + 3b + c + 4ab: a and b split their joint 4, so a = 2 + 2, b = 3 + 2, c = 1."""
    values = game(lambda a, b, c: 2 * a + 3 * b + c + 4 * (a and b))
    np.testing.assert_allclose(shapley(values, 3), [4.0, 5.0, 1.0])
    assert interaction(values, 3, 0, 1) == pytest.approx(4.0)
    assert interaction(values, 3, 0, 2) == pytest.approx(0.0)
    assert interaction(values, 3, 1, 2) == pytest.approx(0.0)


def test_a_lever_that_only_works_with_another():
    """v = 6 when a and c are both in, else 0 (b does nothing): a and c get 3 each, b none."""
    values = game(lambda a, b, c: 6.0 * (a and c))
    np.testing.assert_allclose(shapley(values, 3), [3.0, 0.0, 3.0])
    assert interaction(values, 3, 0, 2) == pytest.approx(6.0)


@given(st.integers(1, 6), st.data())
def test_shares_sum_to_the_grand_coalition(d, data):
    values = np.array(data.draw(st.lists(st.floats(-100, 100), min_size=2**d, max_size=2**d)))
    assert shapley(values, d).sum() == pytest.approx(values[-1] - values[0], abs=1e-6)
