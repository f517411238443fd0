"""Draw parameter samples: scrambled Sobol points mapped through each parameter's distribution.

Every registry parameter owns one Sobol dimension (in sorted name order), whether or not it
is uncertain, so overriding one parameter never reshuffles the others, and every scenario
sees the same points (common random numbers make scenario differences sharp). Points are
taken by position, so any chunking of a run gives the same numbers.
"""

from __future__ import annotations

import warnings

import numpy as np
from scipy.stats import qmc

from leadsim.registry import Registry
from leadsim.scenarios import Scenario

Draws = dict[str, np.ndarray]


def uniform_points(n_dims: int, start: int, count: int, seed: int) -> np.ndarray:
    """Rows ``start .. start+count`` of one scrambled Sobol sequence, strictly inside (0, 1)."""
    engine = qmc.Sobol(d=n_dims, scramble=True, rng=np.random.default_rng(seed))
    if start:
        engine.fast_forward(start)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # balance warnings for non-powers of two
        points = engine.random(count)
    edge = np.finfo(float).eps
    return np.clip(points, edge, 1.0 - edge)


def sample(registry: Registry, scenario: Scenario, *, count: int, seed: int, start: int = 0) -> Draws:
    """Parameter values for samples ``start .. start+count``, each an array of shape ``(count,)``."""
    points = uniform_points(len(registry.names), start, count, seed)
    draws: Draws = {}
    for column, name in enumerate(registry.names):
        param = registry[name]
        dist = scenario.overrides.get(name, param.distribution)
        draws[name] = dist.sample(points[:, column], param.bounds)
    return draws
