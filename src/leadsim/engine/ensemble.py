"""Run a scenario's ensemble in chunks, so memory stays bounded whatever the sample count."""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np

from leadsim.calendar import Span
from leadsim.engine.executor import Executor
from leadsim.engine.simulate import Record, simulate
from leadsim.engine.spec import RunSpec
from leadsim.model.inputs import Inputs, gather
from leadsim.model.outputs import OUTPUTS
from leadsim.registry import Registry
from leadsim.sampling import Draws, draws
from leadsim.scenarios import Scenario

CORE = tuple(o.name for o in OUTPUTS if o.group == "core")
REPORTED = tuple(o.name for o in OUTPUTS if o.group != "core")


@dataclass(frozen=True)
class Outputs(Mapping):
    """Outputs by catalogue name, each read from the record when asked for: an output computed from
    others (engine/derived.py) is computed only if someone reads it."""

    record: Record
    names: tuple[str, ...]

    def __getitem__(self, name: str) -> np.ndarray:
        return self.record.output(self.known(name))

    def __contains__(self, name: object) -> bool:  # by name: Mapping's own would compute the output
        return name in self.names

    def __iter__(self) -> Iterator[str]:
        return iter(self.names)

    def __len__(self) -> int:
        return len(self.names)

    def at(self, name: str, months: list[int]) -> np.ndarray:
        """One output at month indexes ``months`` (a copy), computed only there if derived."""
        return self.record.at(self.known(name), months)

    def known(self, name: str) -> str:
        if name not in self.names:
            raise KeyError(name)
        return name


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
    def trajectories(self) -> Mapping[str, np.ndarray]:
        return Outputs(self.record, CORE)

    @property
    def outputs(self) -> Mapping[str, np.ndarray]:
        return Outputs(self.record, REPORTED)

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
