"""Shared helpers for the dial tests: parameter values inside the registry's bounds, lever settings, runs."""

from __future__ import annotations

import dataclasses

import numpy as np
from hypothesis import strategies as st

from leadsim.calendar import Span
from leadsim.engine.ensemble import Chunk, simulate_draws
from leadsim.registry import load_registry
from leadsim.sampling import sample
from leadsim.scenarios import Scenario
from leadsim.scenarios.load import Lever

REGISTRY = load_registry()
DIAL_BOUNDS = {name: p.bounds for name, p in REGISTRY.parameters.items() if name.startswith("dials.")}


def dial_values() -> st.SearchStrategy[dict[str, float]]:
    """Any value of every dial parameter inside its hard bounds."""
    return st.fixed_dictionaries(
        {name: st.floats(lo, hi, allow_nan=False, allow_infinity=False) for name, (lo, hi) in DIAL_BOUNDS.items()}
    )


def with_levers(scenario: Scenario, **settings: tuple[int | None, float]) -> Scenario:
    """The scenario with some strength levers set to ``(enacted month index, strength)``."""
    levers = dict(scenario.levers) | {name: Lever(enacted, strength) for name, (enacted, strength) in settings.items()}
    return dataclasses.replace(scenario, levers=levers)


def run_engine(scenario: Scenario, values: dict[str, float], *, count: int, seed: int, span: Span) -> Chunk:
    """The whole engine on ``count`` sampled worlds, some parameters set to ``values``."""
    draws = sample(REGISTRY, scenario, count=count, seed=seed)
    draws |= {name: np.full(count, value) for name, value in values.items()}
    return simulate_draws(draws, scenario, span)
