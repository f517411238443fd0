"""History matching in waves: refocus quasi-random sampling on the region not yet ruled out.

Wave 1 streams the prior ensemble (scrambled Sobol points through the copula, as every prior
run draws them) over the observed period only and rules out every sample whose history is
implausible (calibration/matching.py). Each later wave samples uniformly inside the bounding
box, in the unit cube of independent Sobol coordinates, of every point not ruled out so far,
widened by a margin: since the prior is uniform in those coordinates, points in the box are
draws of the prior restricted to it, and the accepted ones are draws of the prior restricted
to the not-ruled-out-yet (NROY) space, provided the box holds all of it (hence the margin).
Waves stop when a wave no longer shrinks the box much; the accepted points of the last wave,
equally weighted, are the constrained ensemble (FaIR ships such members as its calibrated
parameter set). Everything is streamed in chunks, in this process or on Dask workers (each chunk
sends back only its counts and accepted points): memory holds the box, counts, a prefix of the
prior for reporting, and the accepted points of the wave in progress (at most ``keep``).

References
----------
Vernon, Goldstein and Bower (2010), Galaxy formation: a Bayesian uncertainty analysis,
Bayesian Analysis 5(4). Williamson, Goldstein, Allison, Blaker, Challenor, Jackson and
Yamazaki (2013), History matching for exploring and reducing climate model parameter space
using observations and a large perturbed physics ensemble, Climate Dynamics 41. Smith et al.
(2024), fair-calibrate v1.4.1: calibration, constraining and validation of the FaIR simple
climate model, Geosci. Model Dev. 17.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

import numpy as np

from leadsim.calendar import Span
from leadsim.calibration.matching import Calibration, model_values
from leadsim.calibration.observations import LAST_OBSERVED
from leadsim.engine.ensemble import simulate_draws
from leadsim.engine.executor import Executor
from leadsim.engine.spec import DEFAULT_CHUNK
from leadsim.registry import Registry
from leadsim.sampling import Box, Draws, to_draws, uniform_points
from leadsim.scenarios import Scenario

PRIOR_PREFIX = 2**15  # prior samples kept for the prior's quantiles in reports (a balanced Sobol set)


@dataclass(frozen=True)
class Plan:
    """How the waves sample: wave 1's size, later waves' sizes, when the box has settled."""

    samples: int  # wave 1: the prior ensemble
    seed: int = 0
    keep: int | None = None  # accepted points to keep from the last wave (None: all); also the target
    later: int | None = None  # samples of each later wave (None: sized to reach ``keep``, or as wave 1)
    max_waves: int = 5
    margin: float = 0.1  # the box of NROY points is widened by this share of its width on each side
    settled: float = 0.9  # the box has settled when a wave keeps more than this share of its volume
    chunk_size: int = DEFAULT_CHUNK

    def wave_seed(self, number: int) -> int:
        """Wave 1 uses the run's seed (its points are the ``--prior`` ensemble); later waves their own."""
        return self.seed if number == 1 else int(np.random.SeedSequence([self.seed, number]).generate_state(1)[0])


@dataclass
class Accepted:
    """What one wave keeps: the NROY box so far, counts, the first accepted points, a prior prefix."""

    dims: int
    keep: int | None
    low: np.ndarray = field(init=False)
    high: np.ndarray = field(init=False)
    samples: int = 0
    failed: int = 0
    accepted: int = 0
    draws: list[Draws] = field(default_factory=list)
    values: list[np.ndarray] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.low, self.high = np.ones(self.dims), np.zeros(self.dims)

    def add(self, points: np.ndarray, draws: Draws, values: np.ndarray, ok: np.ndarray, failed: np.ndarray) -> None:
        rows = np.flatnonzero(ok)
        self.merge(WavePart(len(ok), int(failed.sum()), points[rows], {k: v[rows] for k, v in draws.items()},
                            values[rows]))  # fmt: skip

    def merge(self, part: WavePart) -> None:
        """Count a chunk's samples and keep its accepted points (while there is room), in sample order."""
        self.samples += part.samples
        self.failed += part.failed
        self.accepted += len(part.values)
        if len(part.values):
            self.low = np.minimum(self.low, part.points.min(axis=0))
            self.high = np.maximum(self.high, part.points.max(axis=0))
        room = len(part.values) if self.keep is None else max(self.keep - sum(len(v) for v in self.values), 0)
        if room:
            self.draws.append({k: v[:room] for k, v in part.draws.items()})
            self.values.append(part.values[:room])

    def kept(self) -> tuple[Draws, np.ndarray]:
        """The accepted points kept, in sample order: parameter values and observation values."""
        if not self.values:
            return {}, np.empty((0, 0))
        return {k: np.concatenate([d[k] for d in self.draws]) for k in self.draws[0]}, np.concatenate(self.values)


@dataclass(frozen=True)
class Wave:
    """One wave's box and counts, as reported."""

    number: int
    box: Box
    samples: int
    failed: int
    accepted: int

    @property
    def volume(self) -> float:
        return float(np.prod(self.box[1] - self.box[0]))

    def to_json(self) -> dict:
        return {
            "wave": self.number,
            "samples": self.samples,
            "accepted": self.accepted,
            "failed": self.failed,
            "box_volume": float(f"{self.volume:.6g}"),
        }


@dataclass
class Matched:
    """The prior's prefix (wave 1) and the accepted points of the last wave."""

    waves: list[Wave]
    prior: tuple[Draws, np.ndarray]  # parameter values and observation values of prior samples that did not fail
    posterior: tuple[Draws, np.ndarray]  # the same for the accepted points of the last wave (the members)


def refocus(box: Box, seen: Box, margin: float) -> Box:
    """The bounding box ``seen`` of the NROY points found, widened by ``margin`` of its width, inside ``box``."""
    width = np.maximum(seen[1] - seen[0], 0.0)
    return np.maximum(seen[0] - margin * width, box[0]), np.minimum(seen[1] + margin * width, box[1])


class WavePart(NamedTuple):
    """One chunk of a wave, reduced where it was simulated: counts and the accepted points only."""

    samples: int
    failed: int
    points: np.ndarray  # accepted points (accepted sample, parameter) in the unit cube
    draws: Draws  # their parameter values
    values: np.ndarray  # their model values of every active observation
    head: tuple | None = None  # (points, draws, values, failed) of the chunk's samples in the prior prefix


@dataclass(frozen=True)
class WaveJob:
    """What a worker needs to run any chunk of one wave (picklable: it runs on Dask workers too)."""

    registry: Registry
    scenario: Scenario
    calibration: Calibration
    seed: int
    box: Box
    prefix: int = 0  # samples whose points, draws and values are sent back for the prior's quantiles


def wave_chunk(job: WaveJob, bounds: tuple[int, int]) -> WavePart:
    """Simulate samples ``start .. start+count`` of a wave over the observed period; keep what is not ruled out."""
    start, count = bounds
    names = {o.name for o in job.calibration.used}
    used = [j for j, o in enumerate(job.calibration.observations.active) if o.name in names]
    points = uniform_points(len(job.registry.names), start, count, job.seed, job.box)
    draws = to_draws(job.registry, points, job.scenario.overrides)
    chunk = simulate_draws(draws, job.scenario, Span(LAST_OBSERVED), start=start)
    with np.errstate(all="ignore"):
        values = model_values(chunk, job.calibration.observations.active)
    rows = np.flatnonzero(job.calibration.accepted(values[:, used]) & ~chunk.failed)
    n = max(0, min(count, job.prefix - start))
    head = (points[:n], {k: v[:n] for k, v in draws.items()}, values[:n], chunk.failed[:n]) if n else None
    accepted = {k: v[rows] for k, v in draws.items()}
    return WavePart(count, int(chunk.failed.sum()), points[rows], accepted, values[rows], head)


def run_wave(
    registry: Registry,
    scenario: Scenario,
    calibration: Calibration,
    plan: Plan,
    wave: tuple[int, Box, int],
    *,
    prior: Accepted | None = None,
    advance: Callable[[int], None] | None = None,
    executor: Executor | None = None,
) -> Accepted:
    """Stream one wave's points through the observed period and keep what is not ruled out; the chunks
    run on ``executor`` (default: this process) and are merged in sample order."""
    number, box, samples = wave
    job = WaveJob(registry, scenario, calibration, plan.wave_seed(number), box, 0 if prior is None else PRIOR_PREFIX)
    bounds = [(start, min(plan.chunk_size, samples - start)) for start in range(0, samples, plan.chunk_size)]
    found = Accepted(len(registry.names), plan.keep)
    for (_, count), part in zip(bounds, (executor or Executor()).map(wave_chunk, job, bounds), strict=True):
        found.merge(part)
        if part.head is not None and prior is not None:
            points, draws, values, failed = part.head
            prior.add(points, draws, values, ~failed, failed)
        if advance is not None:
            advance(count)
    return found


def next_size(plan: Plan, last: Wave, box: Box) -> int:
    """Samples of the next wave: enough to accept ``keep`` points at the expected rate, or as wave 1."""
    if plan.later is not None:
        return plan.later
    if plan.keep is None:
        return plan.samples
    volume = float(np.prod(box[1] - box[0]))
    rate = max(last.accepted, 1) / last.samples * last.volume / max(volume, 1e-300)
    return int(min(max(np.ceil(1.25 * plan.keep / min(rate, 1.0)), plan.chunk_size), 4 * plan.samples))


def history_match(
    registry: Registry,
    scenario: Scenario,
    calibration: Calibration,
    plan: Plan,
    advance: Callable[[int], None] | None = None,
    executor: Executor | None = None,
) -> Matched:
    """Run the waves; return the prior prefix and the last wave's accepted points (see the module docstring).
    Chunks run on ``executor`` (default: this process); the result is the same on any."""
    dims = len(registry.names)
    box: Box = (np.zeros(dims), np.ones(dims))
    seen: Box = (np.ones(dims), np.zeros(dims))  # the bounding box of every NROY point, over all waves
    prior = Accepted(dims, keep=None)
    waves: list[Wave] = []
    size = plan.samples
    while True:
        number = len(waves) + 1
        head = prior if number == 1 else None
        found = run_wave(
            registry, scenario, calibration, plan, (number, box, size), prior=head, advance=advance, executor=executor
        )
        waves.append(Wave(number, box, found.samples, found.failed, found.accepted))
        seen = np.minimum(seen[0], found.low), np.maximum(seen[1], found.high)
        if found.accepted == 0:
            break
        narrower = refocus(box, seen, plan.margin)
        settled = np.prod(narrower[1] - narrower[0]) >= plan.settled * waves[-1].volume
        enough = plan.keep is None or found.accepted >= plan.keep
        if (settled and enough) or number >= plan.max_waves:
            break
        box, size = narrower, next_size(plan, waves[-1], narrower)
    return Matched(waves, prior.kept(), found.kept())
