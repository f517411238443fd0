"""The prior ensemble: scrambled Sobol points mapped through the copula and each parameter's distribution.

Every registry parameter owns one Sobol dimension (in sorted name order), whether or not it
is uncertain, so overriding one parameter never reshuffles the others, and every scenario
sees the same points (common random numbers make scenario differences sharp). Points are
taken by position, so any chunking of a run gives the same numbers. A ``box`` restricts the
points to a sub-box of the unit cube (history matching's later waves): uniform points in a box
are the prior restricted to it, since the prior is uniform in these coordinates.
"""

from __future__ import annotations

import copy
import warnings
from collections.abc import Mapping
from functools import lru_cache

import numpy as np
from scipy.stats import qmc

from leadsim.registry import Registry
from leadsim.sampling.copula import correlate
from leadsim.scenarios import Scenario

Draws = dict[str, np.ndarray]
Box = tuple[np.ndarray, np.ndarray]  # lower and upper corner in the unit cube, each (parameter,)


@lru_cache(maxsize=16)
def scrambled(n_dims: int, seed: int) -> qmc.Sobol:
    """The seed's scrambled Sobol engine at its start, built once: scrambling costs more than
    drawing a chunk's points, and every chunk of a run needs the same engine. Never advanced
    itself (callers advance a copy)."""
    return qmc.Sobol(d=n_dims, scramble=True, rng=np.random.default_rng(seed))


def uniform_points(n_dims: int, start: int, count: int, seed: int, box: Box | None = None) -> np.ndarray:
    """Rows ``start .. start+count`` of one scrambled Sobol sequence (in ``box``), strictly inside (0, 1)."""
    engine = copy.deepcopy(scrambled(n_dims, int(seed)))
    if start:
        engine.fast_forward(start)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # balance warnings for non-powers of two
        points = engine.random(count)
    if box is not None:
        points = box[0] + points * (box[1] - box[0])
    edge = np.finfo(float).eps
    return np.clip(points, edge, 1.0 - edge)


def to_draws(registry: Registry, points: np.ndarray, overrides: Mapping | None = None) -> Draws:
    """Parameter values at independent uniform points ``(sample, parameter)`` (registry order): the
    copula ties the declared pairs, then each value is its distribution's (or override's) quantile."""
    tied = correlate(points, registry)
    overrides = overrides or {}
    draws: Draws = {}
    for column, name in enumerate(registry.names):
        param = registry[name]
        dist = overrides.get(name, param.distribution)
        draws[name] = dist.sample(tied[:, column], param.bounds)
    return draws


def sample(registry: Registry, scenario: Scenario, *, count: int, seed: int, start: int = 0) -> Draws:
    """Prior parameter values for samples ``start .. start+count``, each an array of shape ``(count,)``."""
    return to_draws(registry, uniform_points(len(registry.names), start, count, seed), scenario.overrides)
