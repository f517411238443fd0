"""Run a scenario's ensemble in chunks, so memory stays bounded whatever the sample count."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from leadsim.calendar import Span
from leadsim.engine.measures import derived, dial_measures, failed, milestone_months
from leadsim.engine.simulate import Trajectories, simulate
from leadsim.model.inputs import Inputs, gather
from leadsim.registry import Registry
from leadsim.sampling import Draws, sample
from leadsim.scenarios import Scenario

DEFAULT_CHUNK = 2000


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


def simulate_chunk(registry: Registry, scenario: Scenario, *, start: int, count: int, seed: int, span: Span) -> Chunk:
    """Sample, simulate and measure one chunk."""
    draws = sample(registry, scenario, count=count, seed=seed, start=start)
    inputs = gather(draws, scenario, span.n_months)
    with np.errstate(all="ignore"):  # non-finite samples are counted, not raised
        traj = simulate(inputs)
        outputs = derived(traj, inputs.backcast_rate)
        outputs |= dial_measures(traj, inputs, outputs["rival_lead_months"])
    bad = failed(*outputs.values(), traj["frontier"])
    return Chunk(start, draws, inputs, traj, outputs, bad, milestone_months(traj["frontier"]))


def chunks(
    registry: Registry,
    scenario: Scenario,
    *,
    samples: int,
    seed: int,
    span: Span,
    chunk_size: int = DEFAULT_CHUNK,
    advance: Callable[[int], None] | None = None,
) -> Iterator[Chunk]:
    """Yield the ensemble chunk by chunk; ``advance(count)`` is called after each (progress bars)."""
    for start in range(0, samples, chunk_size):
        count = min(chunk_size, samples - start)
        yield simulate_chunk(registry, scenario, start=start, count=count, seed=seed, span=span)
        if advance is not None:
            advance(count)
