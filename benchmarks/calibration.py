"""Benchmark: the calibration checks of issue 10 that need large runs, with their figures printed.

Run: ``python benchmarks/calibration.py [--write]``. Prints, each on its own line:

- ``compare current-policy catch-up --samples 10000 --seed 1``: effective samples per scenario
  (the issue asks for at least 2,000) and the Monte Carlo errors at 2028-12;
- ``compare pull-ahead catch-up current-policy --baseline current-policy`` (10,000 samples,
  seed 1): the paired median difference in 2028-12 (positive for pull-ahead, negative for
  catch-up);
- ``calibrate --until 2024-12`` (10,000 prior samples, seed 0): backtest coverage of the 2025
  observations (at least 80%), effective size (at least 1,000), the latest observation used;
- with ``--write``: the time to regenerate the members (``calibrate --write`` into a temporary
  file, the shipped settings) and the waves it ran.
"""

from __future__ import annotations

import argparse
import tempfile
import time
import warnings
from pathlib import Path

from leadsim.analysis.calibrate import calibrate
from leadsim.analysis.compare import compare
from leadsim.calendar import Span, parse_month
from leadsim.calibration import load_observations
from leadsim.calibration.waves import Plan
from leadsim.engine.spec import RunSpec
from leadsim.registry import load_registry
from leadsim.scenarios import load_scenario

WRITE_SAMPLES, MEMBERS = 2**18, 10_000  # as ``leadsim calibrate --write``


def timed(label: str, run):
    start = time.perf_counter()
    out = run()
    print(f"{label}: {time.perf_counter() - start:.1f} s")
    return out


def effective_samples(registry) -> None:
    spec = RunSpec(samples=10_000, seed=1, at=("2028-12",))
    doc, _ = timed(
        "compare 2 scenarios x 10000", lambda: compare(["current-policy", "catch-up"], spec, registry=registry)
    )
    for name, data in doc["scenarios"].items():
        err = data["mc_error"]
        print(f"{name}: effective_samples {data['effective_samples']:.0f}; 2028-12 P(>=12) "
              f"{data['p_lead_at_least_12']['2028-12']} ± {err['p_lead_at_least_12']['2028-12']}, "
              f"median lead {data['lead_months']['2028-12']['p50']} ± {err['lead_months_p50']['2028-12']}")  # fmt: skip


def differences(registry) -> None:
    spec = RunSpec(samples=10_000, seed=1, at=("2028-12",))
    doc, _ = compare(["pull-ahead", "catch-up", "current-policy"], spec, registry=registry, baseline="current-policy")
    for name, diff in doc["differences"].items():
        q = diff["lead_months"]["2028-12"]
        print(f"{name} - current-policy, 2028-12: paired median {q['p50']} [p5 {q['p5']}, p95 {q['p95']}], "
              f"P(>0) {diff['p_positive']['2028-12']}")  # fmt: skip


def backtest(registry, scenario, observations) -> None:
    doc = timed("calibrate --until 2024-12 (10000)", lambda: calibrate(
        registry, scenario, observations, Plan(samples=10_000, seed=0), until=parse_month("2024-12")))  # fmt: skip
    latest = max(r["date"] for r in doc["observations"])
    print(f"backtest coverage {doc['backtest_coverage']} of {len(doc['backtest'])} observations; effective size "
          f"{doc['effective_sample_size']:.0f}; waves {[w['accepted'] for w in doc['waves']]}; latest observation "
          f"{latest}")  # fmt: skip


def write(registry, scenario, observations) -> None:
    with tempfile.TemporaryDirectory() as folder:
        plan = Plan(samples=WRITE_SAMPLES, seed=0, keep=MEMBERS)
        path = Path(folder) / "members.npz"
        doc = timed("calibrate --write", lambda: calibrate(registry, scenario, observations, plan, write=path))
        print(f"members {doc['members']['stamp']['members']}, waves {doc['waves']}, file {path.stat().st_size} bytes")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--write", action="store_true", help="also time the regeneration of the members")
    args = parser.parse_args()
    warnings.simplefilter("ignore")
    registry = load_registry()
    scenario = load_scenario("current-policy", registry, Span())
    observations = load_observations(registry)
    effective_samples(registry)
    differences(registry)
    backtest(registry, scenario, observations)
    if args.write:
        write(registry, scenario, observations)


if __name__ == "__main__":
    main()
