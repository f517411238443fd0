"""Benchmark: a large ``compare`` of one scenario, in chunks; prints wall time and peak memory.

Run: ``python benchmarks/memory.py [--samples 1000000] [--chunk-size 20000]``. Only the reported
months are kept across chunks, so peak memory grows with the sample count by a few hundred
bytes a sample, not by the full trajectories (about 40 kB a sample at the default horizon).
"""

from __future__ import annotations

import argparse
import resource
import time

from leadsim.analysis.compare import compare
from leadsim.engine.spec import RunSpec


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="current-policy")
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--chunk-size", type=int, default=20_000)
    args = parser.parse_args()
    start = time.perf_counter()
    spec = RunSpec(samples=args.samples, seed=1, chunk_size=args.chunk_size, prior=True)  # more than the members
    document, summaries = compare([args.scenario], spec)
    seconds = time.perf_counter() - start
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    full_gb = sum(v.nbytes for v in summaries[0].values.values()) / 1e9
    lead = document["scenarios"][args.scenario]["lead_months"]["2028-12"]
    print(f"samples: {args.samples}, chunk size: {args.chunk_size}")
    print(f"wall time: {seconds:.0f} s ({args.samples / seconds:,.0f} samples/s)")
    print(f"peak memory: {peak_gb:.2f} GB (values kept at the reported months: {full_gb:.2f} GB)")
    print(f"lead at 2028-12: p5 {lead['p5']}, p50 {lead['p50']}, p95 {lead['p95']}")


if __name__ == "__main__":
    main()
