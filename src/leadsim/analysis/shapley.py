"""Exact Shapley values and pairwise Shapley interaction indices of a game over a few players.

A game is an array ``values`` of length ``2**d``: ``values[mask]`` is the worth of the coalition
whose members are the set bits of ``mask``. Exact over every coalition, so only for small ``d``
(the levers of a scenario: at most ``MAX_PLAYERS``).

References: Shapley (1953), A value for n-person games; Grabisch (1997), k-order additive
discrete fuzzy measures (the interaction index).
"""

from __future__ import annotations

from math import factorial

import numpy as np

MAX_PLAYERS = 12  # 4096 coalitions: every one is simulated


def sizes(d: int) -> np.ndarray:
    """How many players each coalition mask holds."""
    masks = np.arange(2**d)
    return np.array([bin(m).count("1") for m in masks])


def shapley(values: np.ndarray, d: int) -> np.ndarray:
    """``(d,)`` Shapley values: each player's marginal worth averaged over every order of joining."""
    size = sizes(d)
    out = np.zeros(d)
    for i in range(d):
        bit = 1 << i
        without = np.array([m for m in range(2**d) if not m & bit])
        k = size[without]
        weights = np.array([factorial(s) * factorial(d - s - 1) for s in k]) / factorial(d)
        out[i] = np.sum(weights * (values[without | bit] - values[without]))
    return out


def interaction(values: np.ndarray, d: int, i: int, j: int) -> float:
    """Shapley interaction index of players ``i`` and ``j``: their joint worth beyond each alone,
    averaged over the coalitions of the others (positive: they reinforce each other)."""
    both = (1 << i) | (1 << j)
    rest = np.array([m for m in range(2**d) if not m & both])
    k = sizes(d)[rest]
    weights = np.array([factorial(s) * factorial(d - s - 2) for s in k]) / factorial(d - 1)
    delta = values[rest | both] - values[rest | (1 << i)] - values[rest | (1 << j)] + values[rest]
    return float(np.sum(weights * delta))
