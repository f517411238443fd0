"""Run a scenario's ensemble in chunks, so memory stays bounded whatever the sample count."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from leadsim.calendar import Span
from leadsim.engine.executor import Executor
from leadsim.engine.measures import derived, dial_measures, failed, milestone_months
from leadsim.engine.simulate import Trajectories, simulate
from leadsim.engine.spec import RunSpec
from leadsim.model.inputs import Inputs, gather
from leadsim.registry import Registry
from leadsim.sampling import Draws, draws
from leadsim.scenarios import Scenario


@dataclass
class Chunk:
    """One chunk of an ensemble: samples ``start .. start+count``, simulated."""

    start: int
    draws: Draws
    inputs: Inputs
    trajectories: Trajectories
    outputs: dict[str, np.ndarray]  # reported measures, each (sample, time, ...)
    failed: np.ndarray  # (sample,) bool: any non-finite number
    milestones: np.ndarray | None = None  # (sample, milestone, bloc) first month reached; NaN: never


def simulate_draws(draws: Draws, scenario: Scenario, span: Span, *, start: int = 0) -> Chunk:
    """Simulate and measure given parameter values: ``draws`` maps every registry id to an array
    ``(sample,)`` (a design, a constrained ensemble, or sampled points); ``start`` labels the first
    sample's position in the ensemble."""
    inputs = gather(draws, scenario, span.n_months)
    with np.errstate(all="ignore"):  # non-finite samples are counted, not raised
        traj = simulate(inputs)
        outputs = derived(traj, inputs.backcast_rate)
        outputs |= dial_measures(traj, inputs, outputs["rival_lead_months"])
    bad = failed(*outputs.values(), traj["frontier"])
    return Chunk(start, draws, inputs, traj, outputs, bad, milestone_months(traj["frontier"]))


def simulate_chunk(
    registry: Registry, scenario: Scenario, *, start: int, count: int, seed: int, span: Span, prior: bool = True
) -> Chunk:
    """Draw samples ``start .. start+count`` (the seed's prior points, or its order of the calibrated
    members), then simulate and measure them."""
    values = draws(registry, scenario, seed=seed, start=start, count=count, prior=prior)
    return simulate_draws(values, scenario, span, start=start)


def simulate_part(registry: Registry, scenario: Scenario, spec: RunSpec, start: int, count: int) -> Chunk:
    """Samples ``start .. start+count`` of the run ``spec`` describes, drawn as it draws them, simulated."""
    return simulate_chunk(
        registry, scenario, start=start, count=count, seed=spec.seed, span=spec.span, prior=spec.prior
    )


def chunks(
    registry: Registry, scenario: Scenario, spec: RunSpec, *, advance: Callable[[int], None] | None = None
) -> Iterator[Chunk]:
    """Yield the ensemble chunk by chunk; ``advance(count)`` is called after each (progress bars)."""
    for start, count in spec.chunk_bounds():
        yield simulate_part(registry, scenario, spec, start, count)
        if advance is not None:
            advance(count)


@dataclass(frozen=True)
class EnsembleJob:
    """What a worker needs to simulate any chunk of one scenario's ensemble and reduce it to a partial
    result: ``reduce(chunk)`` keeps only what the caller merges (picklable, like the rest)."""

    registry: Registry
    scenario: Scenario
    spec: RunSpec
    reduce: Callable[[Chunk], Any]


def run_chunk(job: EnsembleJob, bounds: tuple[int, int]) -> Any:
    """Simulate samples ``start .. start+count`` of the job's ensemble and reduce them."""
    return job.reduce(simulate_part(job.registry, job.scenario, job.spec, *bounds))


def run_ensemble(
    executor: Executor, job: EnsembleJob, merge: Callable[[Any], None], *, advance: Callable[[int], None] | None = None
) -> None:
    """Run the job over every chunk of its ensemble and ``merge`` each partial result, in sample order;
    ``advance(count)`` after each (progress bars)."""
    bounds = list(job.spec.chunk_bounds())
    for (_, count), part in zip(bounds, executor.map(run_chunk, job, bounds), strict=True):
        merge(part)
        if advance is not None:
            advance(count)
