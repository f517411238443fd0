"""Lever attribution: how much of a scenario's gain over a base each differing lever accounts for.

Every coalition of the levers that differ (the base with those levers set as the scenario sets
them) runs on the same samples (the base's draws), so each comparison is paired. A lever's gain
alone is base + that lever against the base; its loss when left out is all the levers against
all but that one; its Shapley value is its marginal mean gain averaged over every order of
enactment (exact over every coalition), and the values sum to the total mean gain. The per-chunk
work is a plain ``levers_chunk(context, (start, count))`` merged in sample order.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from importlib.metadata import version
from itertools import combinations

import numpy as np

from leadsim.analysis.chunked import merged, serial_map
from leadsim.analysis.compare import calibrated
from leadsim.analysis.mc_error import median_se
from leadsim.analysis.shapley import MAX_PLAYERS, interaction, shapley
from leadsim.calendar import format_month
from leadsim.calibration.members import provenance
from leadsim.engine.ensemble import simulate_draws
from leadsim.engine.reducers import quantiles, rounded
from leadsim.engine.spec import RunSpec
from leadsim.errors import LeadsimError, LeadsimWarning, problem
from leadsim.model.policy import LEVER_NAMES, scenario_steps
from leadsim.registry import Registry, load_registry
from leadsim.sampling import draws, load_members
from leadsim.scenarios import Scenario

INTERACTIONS = 5  # the largest pairwise interactions reported


@dataclass(frozen=True)
class LeversContext:
    """What every chunk needs (picklable, for an executor): one scenario per coalition mask."""

    registry: Registry
    scenario: Scenario
    base: Scenario
    levers: tuple[str, ...]  # the levers that differ, bit i of a mask is levers[i]
    coalitions: tuple[Scenario, ...]
    at: int
    spec: RunSpec


def differing(scenario: Scenario, base: Scenario) -> tuple[str, ...]:
    """The levers whose steps (month, setting) differ between the two scenarios."""
    return tuple(n for n in LEVER_NAMES if scenario_steps(scenario, n) != scenario_steps(base, n))


def coalitions(scenario: Scenario, base: Scenario, levers: tuple[str, ...]) -> tuple[Scenario, ...]:
    """The base with the levers of each mask's set bits as the scenario sets them, by mask."""
    return tuple(
        replace(base, name=f"{base.name}+{mask}", levers=dict(base.levers)
                | {n: scenario.levers[n] for i, n in enumerate(levers) if mask >> i & 1})
        for mask in range(2 ** len(levers))
    )  # fmt: skip


def levers_chunk(context: LeversContext, item: tuple[int, int]) -> np.ndarray:
    """Lead at ``at`` of samples ``start .. start+count`` under every coalition: ``(mask, sample)``, NaN if failed."""
    start, count = item
    spec = context.spec
    values = draws(context.registry, context.base, seed=spec.seed, start=start, count=count, prior=spec.prior)
    out = np.empty((len(context.coalitions), count))
    for mask, scenario in enumerate(context.coalitions):
        chunk = simulate_draws(values, scenario, spec.span, start=start)
        out[mask] = np.where(chunk.failed, np.nan, chunk.outputs["lead_months"][:, context.at])
    return out


def prepare(
    scenario: Scenario, base: Scenario, at: int, spec: RunSpec, registry: Registry | None = None
) -> LeversContext:
    """Check the question (some levers differ, at most ``MAX_PLAYERS``) before anything runs."""
    registry = registry or load_registry()
    levers = differing(scenario, base)
    if not 1 <= len(levers) <= MAX_PLAYERS:
        raise LeadsimError(problem("option --base", base.name, f"{len(levers)} levers differ from {scenario.name}",
                                   f"a base from which 1 to {MAX_PLAYERS} levers differ"))  # fmt: skip
    if scenario.overrides != base.overrides:
        warnings.warn(f"{scenario.name} and {base.name} differ in parameters too; only the levers are attributed "
                      f"(every coalition uses {base.name}'s parameters)", LeadsimWarning, stacklevel=2)  # fmt: skip
    spec, _, _ = calibrated(spec, registry)
    return LeversContext(registry, scenario, base, levers, coalitions(scenario, base, levers), at, spec)


def attribution(leads: np.ndarray, levers: tuple[str, ...]) -> dict:
    """The figures from every coalition's leads ``(mask, sample)`` (samples ok in every coalition)."""
    leads = leads[:, ~np.isnan(leads).any(axis=0)]
    d, full = len(levers), leads.shape[0] - 1
    means = leads.mean(axis=1)
    values = shapley(means, d)
    gain = leads[full] - leads[0]
    pairs = [(a, b, interaction(means, d, a, b)) for a, b in combinations(range(d), 2)]
    pairs.sort(key=lambda p: -abs(p[2]))
    return {
        "total": quantiles(gain),
        "levers": {
            n: {"alone": quantiles(leads[1 << i] - leads[0]), "without": quantiles(leads[full] - leads[full ^ 1 << i]),
                "shapley": rounded(values[i])}
            for i, n in enumerate(levers)
        },
        "interactions": [{"levers": [levers[a], levers[b]], "value": rounded(v)} for a, b, v in pairs[:INTERACTIONS]],
        "pairs": int(leads.shape[1]),
        "mc_error": {"total_mean": rounded(gain.std(ddof=1) / np.sqrt(gain.size)) if gain.size > 1 else None,
                     "total_p50": median_se(gain, gain.size)},
    }  # fmt: skip


def run_levers(
    context: LeversContext, *, advance: Callable[[int], None] | None = None, map_chunks: Callable = serial_map
) -> dict:
    """The lever-attribution document (docs/analyses.md); ``map_chunks`` as in ``analysis.delay``."""
    spec, scenario = context.spec, context.scenario
    leads = merged(levers_chunk, context, spec, axis=1, advance=advance, map_chunks=map_chunks)
    head = {"leadsim_version": version("leadsim"), "scenario": scenario.name, "base": context.base.name,
            "at": format_month(context.at), "samples": spec.samples, "seed": spec.seed, "prior": spec.prior,
            "horizon": spec.span.horizon}  # fmt: skip
    members = None if spec.prior else provenance(load_members())
    return head | attribution(leads, context.levers) | {
        "provenance": {"registry": context.registry.digest, "scenario": scenario.digest, "base": context.base.digest,
                       "members": members}}  # fmt: skip
