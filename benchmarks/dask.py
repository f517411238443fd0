"""Benchmark: Dask speed-up from 1 to 2 workers, and the same bytes on every executor.

Run: ``python benchmarks/dask.py [--samples 24000] [--chunk-size 1000]``. It times
the comparison of pull-ahead and catch-up on the prior (``analysis.compare``) in this process and on local clusters of
1 and 2 worker processes (warm: each cluster runs the comparison once before it is timed;
cluster start-up is printed apart), then runs the issue's check from the command line:
``leadsim compare pull-ahead catch-up --samples 6000 --seed 3 --chunk-size 1000 --format json
--no-store`` in one process, with ``--workers 2``, and with ``--scheduler`` against a scheduler
and two workers started with the ``dask`` command line, and says whether the bytes agree.
The last line is ``speed-up: X`` (1-worker time over 2-worker time).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

# This file has the dask package's name: keep its folder off the import path, or `import dask` finds it.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != Path(__file__).resolve().parent]

from leadsim.analysis.compare import compare  # noqa: E402
from leadsim.engine.executor import Executor, open_executor  # noqa: E402
from leadsim.engine.spec import RunSpec  # noqa: E402
from leadsim.registry import load_registry  # noqa: E402

SCENARIOS = ["pull-ahead", "catch-up"]
CHECK = ["compare", *SCENARIOS, "--samples", "6000", "--seed", "3", "--chunk-size", "1000", "--format", "json"]
DASK = Path(sys.executable).with_name("dask")
REGISTRY = load_registry()
SCHEDULER_OPTIONS = ("--host", "127.0.0.1", "--port", "0", "--no-dashboard")


def timed_compare(executor: Executor, samples: int, chunk_size: int) -> float:
    start = time.perf_counter()
    spec = RunSpec(samples=samples, seed=3, chunk_size=chunk_size, prior=True)  # the prior: more samples than members
    compare(SCENARIOS, spec, registry=REGISTRY, executor=executor)
    return time.perf_counter() - start


def on_cluster(workers: int, samples: int, chunk_size: int) -> tuple[float, float]:
    """(start-up seconds, warm compare seconds) on a local cluster of ``workers`` processes."""
    start = time.perf_counter()
    with open_executor(workers=workers) as executor:
        executor.client.wait_for_workers(workers)
        startup = time.perf_counter() - start
        timed_compare(executor, 2 * chunk_size, chunk_size)  # workers import and load compiled code
        return startup, timed_compare(executor, samples, chunk_size)


def cli(*args: str) -> bytes:
    return subprocess.run(
        [sys.executable, "-m", "leadsim", *args, "--no-store"], capture_output=True, check=True
    ).stdout


def with_dask_command_line(folder: Path) -> bytes:
    """The check's output against ``dask scheduler`` and ``dask worker --nworkers 2``."""
    address_file = folder / "scheduler.json"
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL, "cwd": folder}
    scheduler = subprocess.Popen([DASK, "scheduler", *SCHEDULER_OPTIONS, "--scheduler-file", address_file], **quiet)
    workers = None
    try:
        while not address_file.exists() or not address_file.read_text().strip():
            time.sleep(0.1)
        address = json.loads(address_file.read_text())["address"]
        workers = subprocess.Popen(
            [DASK, "worker", address, "--nworkers", "2", "--nthreads", "1", "--no-dashboard"], **quiet
        )
        with open_executor(scheduler=address) as executor:
            executor.client.wait_for_workers(2, timeout=120)
        return cli(*CHECK, "--scheduler", address)
    finally:
        for process in (workers, scheduler):
            if process is not None:
                process.terminate()
                process.wait(timeout=60)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--samples", type=int, default=24_000)
    parser.add_argument("--chunk-size", type=int, default=1000)
    args = parser.parse_args()
    timed_compare(Executor(), 2 * args.chunk_size, args.chunk_size)  # compile or load the cache
    serial = timed_compare(Executor(), args.samples, args.chunk_size)
    start_1, one = on_cluster(1, args.samples, args.chunk_size)
    start_2, two = on_cluster(2, args.samples, args.chunk_size)
    outputs = {"one process": cli(*CHECK), "--workers 2": cli(*CHECK, "--workers", "2")}
    with tempfile.TemporaryDirectory() as folder:
        outputs["--scheduler (dask CLI)"] = with_dask_command_line(Path(folder))
    same = all(out == outputs["one process"] for out in outputs.values())
    print(f"compare {' '.join(SCENARIOS)} --prior: {args.samples} samples, chunks of {args.chunk_size}")
    print(f"this process: {serial:.2f} s")
    print(f"1 worker:     {one:.2f} s (cluster start {start_1:.1f} s)")
    print(f"2 workers:    {two:.2f} s (cluster start {start_2:.1f} s)")
    print(f"identical bytes ({', '.join(outputs)}): {'yes' if same else 'NO'}")
    print(f"speed-up: {one / two:.2f}")


if __name__ == "__main__":
    main()
