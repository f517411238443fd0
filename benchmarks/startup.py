"""Benchmark: how long ``leadsim --help`` takes to start, against ``python -c "import numpy"``.

Run: ``python benchmarks/startup.py [--runs 9]``. Both commands run in fresh processes from the
same Python, interleaved (so machine noise hits both alike); the figures are medians. The issue's
bound: ``help`` within 3x ``numpy``. Prints ``help: X s, numpy: Y s, ratio: Z``.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path


def seconds(command: list[str]) -> float:
    """Wall time of one run of ``command`` [s]."""
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args()
    script = Path(sys.executable).with_name("leadsim")
    help_command = [str(script), "--help"] if script.exists() else [sys.executable, "-m", "leadsim", "--help"]
    numpy_command = [sys.executable, "-c", "import numpy"]
    seconds(help_command), seconds(numpy_command)  # warm the file cache and the registry cache
    helps, numpys = [], []
    for _ in range(args.runs):
        helps.append(seconds(help_command))
        numpys.append(seconds(numpy_command))
    help_s, numpy_s = statistics.median(helps), statistics.median(numpys)
    print(f"runs: {args.runs} each, interleaved; medians (min help {min(helps):.3f} s, min numpy {min(numpys):.3f} s)")
    print(f"help: {help_s:.3f} s, numpy: {numpy_s:.3f} s, ratio: {help_s / numpy_s:.2f}")


if __name__ == "__main__":
    main()
