"""Global sensitivity: which uncertain parameters (and which switches and dials) drive an output at a month.

Sobol first-order and total indices come from two Saltelli designs on the prior's independent
marginals (``analysis/sensitivity_problem.py``): one with a factor per sampled parameter (the
registry's correlated sets as one factor), one with a factor per registry group. Both designs' rows
are simulated in order, in chunks, through ``engine.ensemble.simulate_draws`` by the plain
``design_chunk(context, (start, count))``, so an executor's ``map`` gives the same bytes. With
``method="delta"``, Borgonovo's moment-independent delta is added, computed on the calibrated
members as given (correlations included), one parameter per task.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version

import numpy as np

from leadsim.analysis.chunked import merged, serial_map
from leadsim.analysis.compare import calibrated
from leadsim.analysis.output_at import OutputAt, output_at
from leadsim.analysis.sensitivity_indices import (
    CONF_LEVEL,
    RESAMPLES,
    DeltaData,
    delta_one,
    saltelli_design,
    sobol_indices,
)
from leadsim.analysis.sensitivity_problem import Problem, design_draws, held, problem_of
from leadsim.calendar import format_month
from leadsim.calibration.members import provenance
from leadsim.engine.ensemble import simulate_draws
from leadsim.engine.spec import RunSpec
from leadsim.errors import LeadsimError, problem
from leadsim.registry import Registry, load_registry
from leadsim.sampling import draws, load_members
from leadsim.scenarios import Scenario

METHODS = ("sobol", "delta")
MIN_BASE = 4  # base samples: the bootstrap needs a few


def target(text: str, at: int) -> OutputAt:
    """``--output``, checked against the catalogue: one clear line listing what is allowed."""
    return output_at(text, at, "option --output")


@dataclass(frozen=True)
class SensitivityContext:
    """What every chunk needs (picklable, for an executor): the designs' unit rows, stacked in order."""

    registry: Registry
    scenario: Scenario
    problem: Problem
    target: OutputAt
    base_samples: int
    design: np.ndarray  # (row, sampled parameter): the parameter design's rows, then the group design's
    split: int  # rows of the parameter design
    spec: RunSpec  # the design rows as a run (prior points; the spec's seed seeds the design)
    members: RunSpec | None  # the delta's given data, or None for Sobol alone


def design_chunk(context: SensitivityContext, item: tuple[int, int]) -> np.ndarray:
    """The target's values at design rows ``start .. start+count`` (NaN: failed)."""
    start, count = item
    values = design_draws(context.registry, context.scenario, context.problem.names,
                          context.design[start : start + count])  # fmt: skip
    return context.target.values(simulate_draws(values, context.scenario, context.spec.span, start=start))


def members_chunk(context: SensitivityContext, item: tuple[int, int]) -> np.ndarray:
    """Samples ``start .. start+count`` as drawn (members or the correlated prior): ``(sample, parameter + 1)``,
    the sampled parameters' values then the target's value."""
    start, count = item
    spec = context.members
    values = draws(context.registry, context.scenario, seed=spec.seed, start=start, count=count, prior=spec.prior)
    y = context.target.values(simulate_draws(values, context.scenario, spec.span, start=start))
    return np.column_stack([values[n] for n in context.problem.names] + [y])


def check_sizes(base_samples: int, method: str) -> None:
    if method not in METHODS:
        raise LeadsimError(problem("option --method", "value", method, ", ".join(METHODS)))
    if base_samples < MIN_BASE or base_samples & (base_samples - 1):
        allowed = f"a power of two of at least {MIN_BASE} (e.g. 512), as Sobol sequences need"
        raise LeadsimError(problem("option --base-samples", "value", base_samples, allowed))


def prepare(
    scenario: Scenario, target: OutputAt, spec: RunSpec, *, base_samples: int, method: str = "sobol",
    registry: Registry | None = None,
) -> SensitivityContext:  # fmt: skip
    """Check the question and build both designs before anything runs; ``spec.samples`` is the delta's
    ``--samples`` (members, or the prior with ``spec.prior``)."""
    check_sizes(base_samples, method)
    registry = registry or load_registry()
    chosen = problem_of(registry, scenario)
    if not chosen.names:
        raise LeadsimError(problem("scenario", scenario.name, "no uncertain parameter", "a scenario that samples some"))
    designs = [saltelli_design(chosen.salib(by_group=g), base_samples, spec.seed) for g in (False, True)]
    rows = sum(d.shape[0] for d in designs)
    design_spec = RunSpec(rows, spec.seed, spec.span, spec.chunk_size, True, ())
    members = calibrated(spec, registry)[0] if method == "delta" else None
    return SensitivityContext(registry, scenario, chosen, target, base_samples, np.vstack(designs), designs[0].shape[0],
                              design_spec, members)  # fmt: skip


def simulated(context: SensitivityContext) -> int:
    """Trajectories the analysis simulates (the progress bar's total, less the delta's analysis)."""
    return context.spec.samples + (context.members.samples if context.members else 0)


def progress_total(context: SensitivityContext) -> int:
    """Units of the progress bar: each simulated trajectory, plus the delta's samples once more for its analysis."""
    return simulated(context) + (context.members.samples if context.members else 0)


def run_delta(context: SensitivityContext, advance: Callable[[int], None] | None, map_chunks: Callable) -> dict:
    """The delta document part: per parameter ``delta``, ``delta_conf``, ``S1``, ``S1_conf``, and the counts."""
    spec, names = context.members, context.problem.names
    data = merged(members_chunk, context, spec, axis=0, advance=advance, map_chunks=map_chunks)
    given = DeltaData(names, data[:, :-1], data[:, -1], spec.seed)
    shares = np.diff(np.linspace(0, spec.samples, len(names) + 1).round().astype(int))
    parameters = {}
    for name, share, result in zip(names, shares, map_chunks(delta_one, given, range(len(names))), strict=True):
        parameters[name] = result
        if advance is not None:
            advance(int(share))
    failed = int((~np.isfinite(given.values)).sum())
    return {"samples": spec.samples, "prior": spec.prior, "failed_trajectories": failed, "parameters": parameters}


def sobol_part(context: SensitivityContext, values: np.ndarray) -> dict:
    """Both problems' indices, what each factor and group holds, and what failed."""
    chosen, seed = context.problem, context.spec.seed
    by_factor = sobol_indices(chosen.salib(by_group=False), values[: context.split], seed=seed)
    by_group = sobol_indices(chosen.salib(by_group=True), values[context.split :], seed=seed)
    joint = {k: v for k, v in chosen.members(by_group=False).items() if len(v) > 1}
    return {"parameters": by_factor["indices"], "groups": by_group["indices"], "joint": joint,
            "group_parameters": chosen.members(by_group=True), "held": held(context.registry, context.scenario),
            "failed": {"parameters": by_factor["failed"], "groups": by_group["failed"]}}  # fmt: skip


def run_sensitivity(
    context: SensitivityContext, *, advance: Callable[[int], None] | None = None, map_chunks: Callable = serial_map
) -> dict:
    """The sensitivity document (docs/json.md); ``map_chunks`` as in ``analysis.delay``."""
    spec = context.spec
    values = merged(design_chunk, context, spec, axis=0, advance=advance, map_chunks=map_chunks)
    delta = run_delta(context, advance, map_chunks) if context.members else None
    on_members = delta is not None and not delta["prior"]
    rows = {"parameters": context.split, "groups": spec.samples - context.split}
    document = {
        "leadsim_version": version("leadsim"), "scenario": context.scenario.name, "output": context.target.label,
        "at": format_month(context.target.at), "method": "sobol+delta" if delta else "sobol",
        "base_samples": context.base_samples, "samples": simulated(context), "design_rows": rows,
        "seed": spec.seed, "prior": not on_members, "horizon": spec.span.horizon,
    }  # fmt: skip
    document |= sobol_part(context, values)
    if delta is not None:
        document["delta"] = delta
    document["mc_error"] = {"conf_level": CONF_LEVEL, "bootstrap_resamples": RESAMPLES,
                            "note": "*_conf: half-width of the bootstrap interval at conf_level"}  # fmt: skip
    document["provenance"] = {"registry": context.registry.digest, "scenario": context.scenario.digest,
                              "members": provenance(load_members()) if on_members else None}  # fmt: skip
    return document


def sensitivity(
    scenario: Scenario, target: OutputAt, spec: RunSpec, *, base_samples: int, method: str = "sobol",
    registry: Registry | None = None,
) -> dict:  # fmt: skip
    """Check, then run: the sensitivity document of ``target`` under ``scenario``."""
    return run_sensitivity(prepare(scenario, target, spec, base_samples=base_samples, method=method,
                                   registry=registry))  # fmt: skip
