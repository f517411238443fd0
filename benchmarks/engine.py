"""Benchmark: trajectory-months per second of the engine and of the plain per-trajectory reference.

Run: ``python benchmarks/engine.py [--samples N] [--reference-samples M]``. Both do the same
work on the same samples (the reference takes the first M): simulate the switches, capability
and the dials month by month, then every whole-trajectory measure (leads, ratios, safety margin,
milestones). Sampling is timed separately. The last line is ``ratio: X``, engine over reference.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from leadsim.calendar import Span, parse_month  # noqa: E402
from leadsim.engine.ensemble import simulate_draws  # noqa: E402
from leadsim.model.outputs import MILESTONE_ANCHOR, MILESTONES  # noqa: E402
from leadsim.registry import load_registry  # noqa: E402
from leadsim.sampling import sample  # noqa: E402
from leadsim.scenarios import load_scenario  # noqa: E402
from tests.reference_model import Trajectory  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="current-policy")
    parser.add_argument("--samples", type=int, default=20_000)
    parser.add_argument("--reference-samples", type=int, default=200)
    parser.add_argument("--chunk-size", type=int, default=2000)
    args = parser.parse_args()
    registry, span = load_registry(), Span()
    scenario = load_scenario(args.scenario, registry, span)

    start = time.perf_counter()
    parts = [
        sample(registry, scenario, count=min(args.chunk_size, args.samples - first), seed=1, start=first)
        for first in range(0, args.samples, args.chunk_size)
    ]
    sampling = args.samples / (time.perf_counter() - start)
    simulate_draws(parts[0], scenario, span)  # compile (or load the JIT cache)
    start = time.perf_counter()
    for draws in parts:
        simulate_draws(draws, scenario, span)
    engine = args.samples * span.n_months / (time.perf_counter() - start)

    draws = parts[0]
    anchor, offsets = parse_month(MILESTONE_ANCHOR), list(MILESTONES.values())
    start = time.perf_counter()
    for i in range(args.reference_samples):
        Trajectory({k: float(v[i]) for k, v in draws.items()}, scenario, span.n_months, anchor, offsets)
    reference = args.reference_samples * span.n_months / (time.perf_counter() - start)

    print(f"scenario: {args.scenario}, months: {span.n_months}, chunk size: {args.chunk_size}")
    print(f"sampling:  {sampling:,.0f} samples/s")
    print(f"engine:    {engine:,.0f} trajectory-months/s ({args.samples} samples, every output and measure)")
    print(f"reference: {reference:,.0f} trajectory-months/s ({args.reference_samples} samples)")
    print(f"ratio: {engine / reference:.1f}")


if __name__ == "__main__":
    main()
