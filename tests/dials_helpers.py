"""Shared helpers for the dial tests: parameter values inside the registry's bounds, lever paths, runs."""

from __future__ import annotations

import dataclasses
from functools import cache

import numpy as np
from hypothesis import strategies as st

from leadsim.calendar import Span
from leadsim.engine.measures import derived, dial_measures, milestone_months
from leadsim.engine.simulate import simulate
from leadsim.model.inputs import gather
from leadsim.model.policy import strength_paths
from leadsim.registry import load_registry
from leadsim.sampling import sample
from leadsim.scenarios import Scenario, load_scenario
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


@cache
def base_scenario(span: Span) -> Scenario:
    return load_scenario("current-policy", REGISTRY, span)


def lever_paths(scenario: Scenario, n_months: int) -> dict[str, np.ndarray]:
    return strength_paths(scenario, n_months)


def run_engine(scenario: Scenario, values: dict[str, float], *, count: int, seed: int, span: Span) -> dict:
    """The whole engine on ``count`` sampled worlds, every dial parameter set to ``values``."""
    draws = sample(REGISTRY, scenario, count=count, seed=seed)
    draws |= {name: np.full(count, value) for name, value in values.items()}
    inputs = gather(draws, scenario, span.n_months)
    with np.errstate(all="ignore"):  # non-finite numbers are what the tests look for
        traj = simulate(inputs)
        outputs = derived(traj, inputs.backcast_rate)
        outputs |= dial_measures(traj, inputs, outputs["rival_lead_months"])
    return {"traj": traj, "outputs": outputs, "milestones": milestone_months(traj["frontier"])}
