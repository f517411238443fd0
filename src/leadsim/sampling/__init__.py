"""Draw parameter values: the Sobol prior (through the copula) or the calibrated members.

``draws`` is the one entry point the engine calls for every chunk of a run.
"""

from __future__ import annotations

from leadsim.registry import Registry
from leadsim.sampling.members import Members, load_members, member_draws
from leadsim.sampling.sobol import Box, Draws, sample, to_draws, uniform_points
from leadsim.scenarios import Scenario

__all__ = ["Box", "Draws", "Members", "draws", "load_members", "sample", "to_draws", "uniform_points"]


def draws(registry: Registry, scenario: Scenario, *, seed: int, start: int, count: int, prior: bool) -> Draws:
    """Values of samples ``start .. start+count``: the seed's Sobol prior points (``prior``), or the
    shipped calibrated members in the seed's order."""
    if prior:
        return sample(registry, scenario, count=count, seed=seed, start=start)
    return member_draws(load_members(), registry, scenario, seed=seed, start=start, count=count)
