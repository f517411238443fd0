"""Run a scenario's ensemble in chunks, so memory stays bounded whatever the sample count."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import numpy as np

from leadsim.calendar import Span
from leadsim.engine.simulate import Record, simulate
from leadsim.engine.spec import RunSpec
from leadsim.model.inputs import Inputs, gather
from leadsim.model.outputs import OUTPUTS
from leadsim.registry import Registry
from leadsim.sampling import Draws, draws
from leadsim.scenarios import Scenario

CORE = tuple(o.name for o in OUTPUTS if o.group == "core")
REPORTED = tuple(o.name for o in OUTPUTS if o.group != "core")


@dataclass
class Chunk:
    """One chunk of an ensemble: samples ``start .. start+count``, simulated.

    ``trajectories`` are the core's recorded quantities and ``outputs`` the headline and dial
    measures, each ``(sample, time, ...)`` by catalogue name (model/outputs.py); ``milestones``
    ``(sample, milestone, bloc)`` the month each bloc first reaches each level (NaN: never).
    """

    start: int
    draws: Draws
    inputs: Inputs
    record: Record

    @property
    def trajectories(self) -> dict[str, np.ndarray]:
        return {name: self.record.output(name) for name in CORE}

    @property
    def outputs(self) -> dict[str, np.ndarray]:
        return {name: self.record.output(name) for name in REPORTED}

    @property
    def failed(self) -> np.ndarray:
        """``(sample,)`` bool: any non-finite number in the sample's record."""
        return self.record.failed

    @property
    def milestones(self) -> np.ndarray:
        return self.record.milestones


def simulate_draws(draws: Draws, scenario: Scenario, span: Span, *, start: int = 0) -> Chunk:
    """Simulate and measure given parameter values: ``draws`` maps every registry id to an array
    ``(sample,)`` (a design, a constrained ensemble, or sampled points); ``start`` labels the first
    sample's position in the ensemble."""
    inputs = gather(draws, scenario, span.n_months)
    return Chunk(start, draws, inputs, simulate(inputs))


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
