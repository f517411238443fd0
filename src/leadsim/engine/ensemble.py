"""Run a scenario's ensemble in chunks, so memory stays bounded whatever the sample count."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from leadsim.calendar import Span
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


def chunks(
    registry: Registry, scenario: Scenario, spec: RunSpec, *, advance: Callable[[int], None] | None = None
) -> Iterator[Chunk]:
    """Yield the ensemble chunk by chunk; ``advance(count)`` is called after each (progress bars)."""
    for start, count in spec.chunk_bounds():
        yield simulate_chunk(
            registry, scenario, start=start, count=count, seed=spec.seed, span=spec.span, prior=spec.prior
        )
        if advance is not None:
            advance(count)
