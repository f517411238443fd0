"""Every parameter and lever moves the 2028-12 lead the way it declares (``effect``: +, - or either).

Each declared parameter goes from its prior 5th to its 95th percentile with everything else held
at the same prior samples; each lever from off to its strongest setting from 2027-01 (the export
regime from ``blackwell`` to ``ban``). The median of the paired differences must not have the
wrong sign by more than 0.05 months, in each shipped scenario. docs/model.md gives the reason for
every ``either``.
"""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from leadsim.calendar import Span
from leadsim.engine.ensemble import simulate_draws
from leadsim.sampling import sample
from leadsim.scenarios import LEVERS, list_scenarios, load_scenario
from leadsim.scenarios.load import Lever

SAMPLES = 500
SPAN = Span("2028-12")
TOLERANCE = 0.05  # months
ENACTED = SPAN.index("2027-01")


def wrong_sign(effect: str, difference: float) -> bool:
    return (effect == "+" and difference < -TOLERANCE) or (effect == "-" and difference > TOLERANCE)


def lead_2028(draws, scenario) -> np.ndarray:
    return simulate_draws(draws, scenario, SPAN).outputs["lead_months"][:, -1]


@pytest.fixture(scope="module", params=list_scenarios())
def prior(request, registry):
    scenario = load_scenario(request.param, registry, SPAN)
    return scenario, sample(registry, scenario, count=SAMPLES, seed=11)


def test_every_parameter_moves_the_lead_as_declared(registry, prior):
    scenario, draws = prior
    offenders = []
    for name in registry.names:
        param = registry[name]
        if param.distribution.kind == "fixed" or param.effect == "either":
            continue
        low, high = (float(param.distribution.sample(np.array([u]), param.bounds)[0]) for u in (0.05, 0.95))
        diff = np.median(
            lead_2028(draws | {name: np.full(SAMPLES, high)}, scenario)
            - lead_2028(draws | {name: np.full(SAMPLES, low)}, scenario)
        )
        if wrong_sign(param.effect, diff):
            offenders.append(f"{name}: declared {param.effect}, median paired difference {diff:+.3f} months")
    assert not offenders, f"{scenario.name}:\n" + "\n".join(offenders)


def strongest(lever: str) -> Lever:
    if LEVERS[lever].kind == "regime":
        return Lever(ENACTED, regime="ban")
    return Lever(ENACTED, strength=1.0)


def weakest(lever: str) -> Lever:
    return Lever(ENACTED, regime="blackwell") if LEVERS[lever].kind == "regime" else Lever()


def test_every_lever_moves_the_lead_as_declared(prior):
    scenario, draws = prior
    offenders = []
    for name, spec in LEVERS.items():
        if spec.effect == "either":
            continue
        off, on = (
            dataclasses.replace(scenario, levers=dict(scenario.levers) | {name: s(name)}) for s in (weakest, strongest)
        )
        diff = np.median(lead_2028(draws, on) - lead_2028(draws, off))
        if wrong_sign(spec.effect, diff):
            offenders.append(f"{name}: declared {spec.effect}, median paired difference {diff:+.3f} months")
    assert not offenders, f"{scenario.name}:\n" + "\n".join(offenders)
