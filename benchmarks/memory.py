"""Benchmark: a 1,000,000-sample ``compare`` at the default chunk size; prints wall time and peak memory.

Run: ``python benchmarks/memory.py [--samples 1000000] [--chunk-size N] [--no-store] [--calibrated]
[--output FILE]``.
It runs the command line as a user would (``leadsim compare current-policy --samples 1000000
--prior``, saving the run in a temporary store unless ``--no-store``) in a child process and
reads the child's peak resident memory from the operating system. The issue's ceiling is
1 GiB; the last line is ``peak memory: X GiB``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from leadsim.engine.spec import DEFAULT_CHUNK

GIB = 2**30


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--scenario", default="current-policy")
    parser.add_argument("--samples", type=int, default=1_000_000)
    parser.add_argument("--chunk-size", type=int, default=DEFAULT_CHUNK)
    parser.add_argument("--no-store", action="store_true", help="do not save the run (default: a temporary store)")
    parser.add_argument("--calibrated", action="store_true", help="the calibrated ensemble instead of --prior")
    parser.add_argument("--output", type=Path, help="write the compare JSON here (to compare bytes across versions)")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        command = [
            *(sys.executable, "-m", "leadsim", "compare", args.scenario, "--format", "json"),
            *("--samples", str(args.samples), "--chunk-size", str(args.chunk_size)),
            *(() if args.calibrated else ("--prior",)),
            *(("--no-store",) if args.no_store else ("--store", str(Path(folder) / "runs.duckdb"))),
        ]
        env = {**os.environ, "XDG_DATA_HOME": folder}
        start = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, env=env, check=True)
        seconds = time.perf_counter() - start
    if args.output:
        args.output.write_text(done.stdout)
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss * 1024  # kB on Linux
    lead = json.loads(done.stdout)["scenarios"][args.scenario]["lead_months"]
    month = max(lead)
    print(f"command: leadsim {' '.join(command[3:])}")
    print(f"samples: {args.samples}, chunk size: {args.chunk_size}, store: {'no' if args.no_store else 'yes'}")
    print(f"wall time: {seconds:.0f} s ({args.samples / seconds:,.0f} samples/s)")
    print(f"lead at {month}: p5 {lead[month]['p5']}, p50 {lead[month]['p50']}, p95 {lead[month]['p95']}")
    print(f"peak memory: {peak / GIB:.2f} GiB")


if __name__ == "__main__":
    main()
