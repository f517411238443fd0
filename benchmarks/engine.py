"""Benchmark: trajectory-months per second of the engine and of the plain per-trajectory reference.

Run: ``python benchmarks/engine.py [--samples N] [--reference-samples M]``. Both do the same
work on the same samples (the reference takes the first M): sample the parameters, simulate
the three switches and capability month by month, then the lead in months and the compute
ratio. The full pipeline (with the dials, which the reference does not model) is timed too,
for information. The last line is ``ratio: X``, engine over reference.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from leadsim.calendar import Span  # noqa: E402
from leadsim.dims import CONTROLLED, SUPPLIER, bloc_index  # noqa: E402
from leadsim.engine.ensemble import chunks  # noqa: E402
from leadsim.engine.measures import lead_months  # noqa: E402
from leadsim.engine.simulate import simulate_core  # noqa: E402
from leadsim.engine.spec import RunSpec
from leadsim.model.inputs import gather  # noqa: E402
from leadsim.registry import load_registry  # noqa: E402
from leadsim.sampling import sample  # noqa: E402
from leadsim.scenarios import load_scenario  # noqa: E402
from tests.reference_model import Trajectory  # noqa: E402


def engine_core(registry, scenario, span, samples: int, chunk_size: int) -> None:
    """What the reference does, chunk by chunk: sample, simulate the core, lead and compute ratio."""
    s, c = bloc_index(SUPPLIER), bloc_index(CONTROLLED)
    for start in range(0, samples, chunk_size):
        draws = sample(registry, scenario, count=min(chunk_size, samples - start), seed=1, start=start)
        inputs = gather(draws, scenario, span.n_months)
        traj = simulate_core(inputs)
        lead_months(traj["frontier"], inputs.backcast_rate, s, c)
        traj["accessible"][:, :, s] / traj["accessible"][:, :, c]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="current-policy")
    parser.add_argument("--samples", type=int, default=20_000)
    parser.add_argument("--reference-samples", type=int, default=200)
    parser.add_argument("--chunk-size", type=int, default=2000)
    args = parser.parse_args()
    registry, span = load_registry(), Span()
    scenario = load_scenario(args.scenario, registry, span)

    engine_core(registry, scenario, span, args.chunk_size, args.chunk_size)  # compile (or load the JIT cache)
    start = time.perf_counter()
    engine_core(registry, scenario, span, args.samples, args.chunk_size)
    engine = args.samples * span.n_months / (time.perf_counter() - start)

    start = time.perf_counter()
    for _ in chunks(
        registry, scenario, RunSpec(samples=args.samples, seed=1, span=span, chunk_size=args.chunk_size, prior=True)
    ):
        pass
    pipeline = args.samples * span.n_months / (time.perf_counter() - start)

    draws = sample(registry, scenario, count=args.reference_samples, seed=1)
    start = time.perf_counter()
    for i in range(args.reference_samples):
        ref = Trajectory({k: float(v[i]) for k, v in draws.items()}, scenario, span.n_months)
        ref.lead()
        ref.compute_ratio()
    reference = args.reference_samples * span.n_months / (time.perf_counter() - start)

    print(f"scenario: {args.scenario}, months: {span.n_months}, chunk size: {args.chunk_size}")
    print(f"engine:    {engine:,.0f} trajectory-months/s ({args.samples} samples, lead and ratio included)")
    print(f"pipeline:  {pipeline:,.0f} trajectory-months/s (engine plus the dials and every output measure)")
    print(f"reference: {reference:,.0f} trajectory-months/s ({args.reference_samples} samples)")
    print(f"ratio: {engine / reference:.1f}")


if __name__ == "__main__":
    main()
