"""Scenario discovery: which combinations of uncertain parameters (and lever settings) make a condition true.

Every sample runs the scenario once; its inputs are the values of every sampled parameter and,
with ``vary_levers``, each lever the scenario sets with its own strength ~ U[0, 1] (a regime
lever: a regime drawn uniformly among ``REGIME_CODES``, kept as its ordered code, strictest first)
and enactment month drawn uniformly among the whole months ``VARY_FROM .. VARY_TO``, through the
per-sample lever columns ``simulate_draws`` honours. Lever values come from their own scrambled
Sobol sequence, taken by sample position, so any chunking gives the same bytes. The outcome is
the ``--where`` condition (analysis/where.py); a failed sample (a non-finite number in its
trajectory) is left out of both halves and counted. PRIM (analysis/boxes.py) finds boxes on the
samples at even positions and scores them on the odd ones.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version

import numpy as np
import pandas as pd

from leadsim.analysis.boxes import MASS_MIN, QUASI_P_MAX, FoundBox, find_boxes
from leadsim.analysis.chunked import merged, serial_map
from leadsim.analysis.compare import calibrated
from leadsim.analysis.mc_error import probability_se
from leadsim.analysis.sensitivity_problem import sampled
from leadsim.analysis.where import Condition
from leadsim.calendar import format_month, parse_month
from leadsim.calibration.members import provenance
from leadsim.engine.ensemble import simulate_draws
from leadsim.engine.reducers import rounded
from leadsim.engine.spec import RunSpec
from leadsim.model.policy import REGIME_CODES
from leadsim.registry import Registry, load_registry
from leadsim.sampling import draws, load_members, uniform_points
from leadsim.scenarios import LEVERS, Scenario

VARY_FROM, VARY_TO = "2026-01", "2029-12"  # enactment months drawn for --vary-levers (whole months, inclusive)
LEVER_STREAM = 0x6C6576  # tells the levers' Sobol sequence apart from the parameters' for the same seed
RULE = f"densest step with mass >= {MASS_MIN}, then restrictions with quasi-p > {QUASI_P_MAX} dropped one by one"


@dataclass(frozen=True)
class DiscoverContext:
    """What every chunk needs (picklable, for an executor)."""

    registry: Registry
    scenario: Scenario
    condition: Condition
    parameters: tuple[str, ...]  # the sampled (uncertain) parameters, registry order
    levers: tuple[str, ...]  # the levers varied per sample (empty unless vary_levers)
    spec: RunSpec
    vary_levers: bool = False

    @property
    def inputs(self) -> tuple[str, ...]:
        """The candidate inputs of every box: the parameters, then two columns per varied lever."""
        return self.parameters + tuple(c for n in self.levers for c in lever_column_names(n))


def lever_column_names(name: str) -> tuple[str, str]:
    return f"lever.{name}.enacted", f"lever.{name}.{LEVERS[name].kind}"


def set_levers(scenario: Scenario) -> tuple[str, ...]:
    """The levers the scenario sets (its own setting, or one it inherits, is enacted)."""
    return tuple(n for n in LEVERS if scenario.levers[n].enacted is not None)


def lever_seed(seed: int) -> int:
    return int(np.random.SeedSequence([seed, LEVER_STREAM]).generate_state(1)[0])


def lever_values(levers: tuple[str, ...], *, seed: int, start: int, count: int) -> dict[str, np.ndarray]:
    """Per-sample lever columns for samples ``start .. start+count``: the enactment month (a month index) and
    the strength, or the regime's code, each lever's from two dimensions of one scrambled Sobol sequence."""
    if not levers:
        return {}
    points = uniform_points(2 * len(levers), start, count, lever_seed(seed))
    first, months = parse_month(VARY_FROM), parse_month(VARY_TO) - parse_month(VARY_FROM) + 1
    values = {}
    for i, name in enumerate(levers):
        enacted, setting = lever_column_names(name)
        values[enacted] = first + np.floor(points[:, 2 * i] * months)
        u = points[:, 2 * i + 1]
        values[setting] = np.floor(u * len(REGIME_CODES)) if LEVERS[name].kind == "regime" else u
    return values


def discover_chunk(context: DiscoverContext, item: tuple[int, int]) -> np.ndarray:
    """Samples ``start .. start+count`` as rows: every input, then the output's value (NaN if failed)."""
    start, count = item
    spec = context.spec
    values = draws(context.registry, context.scenario, seed=spec.seed, start=start, count=count, prior=spec.prior)
    values |= lever_values(context.levers, seed=spec.seed, start=start, count=count)
    chunk = simulate_draws(values, context.scenario, spec.span, start=start)
    outcome = np.where(chunk.failed, np.nan, context.condition.values(chunk.outputs))
    return np.column_stack([*(np.asarray(values[n], dtype=float) for n in context.inputs), outcome])


def prepare(
    scenario: Scenario, condition: Condition, spec: RunSpec, *, vary_levers: bool = False,
    registry: Registry | None = None,
) -> DiscoverContext:  # fmt: skip
    """Check the members (capping the samples at their count) before anything runs; the context every chunk reads."""
    registry = registry or load_registry()
    spec, _, _ = calibrated(spec, registry)
    levers = set_levers(scenario) if vary_levers else ()
    parameters = sampled(registry, scenario)
    return DiscoverContext(registry, scenario, condition, parameters, levers, spec, vary_levers)


def shown_limit(name: str, value: float | None, side: int) -> float | str | None:
    """A limit as the document shows it: months as ``YYYY-MM``, regimes by name (whole values inside the
    box: a limit between two months keeps the months inside it), other numbers rounded."""
    if value is None:
        return None
    whole = math.ceil(value) if side == 0 else math.floor(value)
    lever = name.startswith("lever.")
    if lever and name.endswith(".enacted"):
        return format_month(whole)
    if lever and name.endswith(".regime"):
        return REGIME_CODES[int(min(max(whole, 0), len(REGIME_CODES) - 1))]
    return rounded(value)


def box_document(box: FoundBox) -> dict:
    """One box: its limits, the four scores and the mass, and its peeling trajectory (for the report)."""
    limits = {n: [shown_limit(n, lo, 0), shown_limit(n, hi, 1)] for n, (lo, hi) in box.limits.items()}
    steps = [{"coverage": rounded(r.coverage), "density": rounded(r.density), "mass": rounded(r.mass),
              "restricted": int(r.res_dim)} for r in box.trajectory.itertuples()]  # fmt: skip
    density = None if box.test_density is None else rounded(box.test_density)
    return {
        "limits": limits,
        "coverage": rounded(box.coverage),
        "density": rounded(box.density),
        "mass": rounded(box.mass),
        "test_coverage": rounded(box.test_coverage),
        "test_density": density,
        "mc_error": {"test_density": probability_se(density, box.test_count)},
        "trajectory": steps,
        "densest": box.densest,
        "chosen": box.chosen,
    }


def run_discover(
    context: DiscoverContext, *, advance: Callable[[int], None] | None = None, map_chunks: Callable = serial_map
) -> dict:
    """The scenario-discovery document (docs/analyses.md); ``map_chunks`` as in ``analysis.delay``."""
    spec, condition = context.spec, context.condition
    rows = merged(discover_chunk, context, spec, axis=0, advance=advance, map_chunks=map_chunks)
    ok = ~np.isnan(rows[:, -1])
    x = pd.DataFrame(rows[ok, :-1], columns=list(context.inputs))
    interest = condition.holds(rows[ok, -1])
    finding = (np.flatnonzero(ok) % 2) == 0  # even sample positions find, odd ones score
    base_rate = rounded(float(interest.mean())) if interest.size else None
    boxes = find_boxes(x, interest, finding) if interest.any() and finding.any() and (~finding).any() else []
    head = {"leadsim_version": version("leadsim"), "scenario": context.scenario.name, "where": condition.text,
            "at": format_month(condition.month), "samples": spec.samples, "seed": spec.seed, "prior": spec.prior,
            "vary_levers": context.vary_levers, "horizon": spec.span.horizon}  # fmt: skip
    return head | {
        "base_rate": base_rate,
        "failed": int((~ok).sum()),
        "inputs": list(context.inputs),
        "rule": RULE,
        "boxes": [box_document(b) for b in boxes],
        "mc_error": {"base_rate": probability_se(base_rate, int(ok.sum()))},
        "provenance": {"registry": context.registry.digest, "scenario": context.scenario.digest,
                       "members": None if spec.prior else provenance(load_members())},
    }  # fmt: skip


def discover(
    scenario: Scenario, condition: Condition, spec: RunSpec, *, vary_levers: bool = False,
    registry: Registry | None = None,
) -> dict:  # fmt: skip
    """Check, then run: the scenario-discovery document of ``condition`` on the samples of ``spec``."""
    return run_discover(prepare(scenario, condition, spec, vary_levers=vary_levers, registry=registry))
