"""Benchmark: wall time of the issue-12 checks of the analyses, with their headline figures printed.

Run: ``python benchmarks/analyses.py``. Prints, each on its own line:

- ``delay pull-ahead --lever remote_access_rule --from 2026-11 --to 2028-11 --step 6 --at 2028-12
  --samples 2000 --seed 2``: seconds, samples simulated per second (lever off + five months), the
  median gains and the deadline;
- ``levers pull-ahead --base current-policy --at 2028-12 --samples 1000 --seed 2``: seconds,
  coalitions, samples simulated per second, total mean gain and the sum of the Shapley shares;
- ``discover catch-up --where "lead_months@2028-12<=6" --samples 4000 --seed 2``, as it is, with
  ``--vary-levers`` and with ``--prior``: seconds (simulation and PRIM), the base rate and the first
  box's limits and scores.
- ``sensitivity current-policy --output lead_months --at 2028-12 --base-samples 512 --seed 1``:
  seconds, trajectories simulated per second, factors and groups, the three largest total indices.
"""

from __future__ import annotations

import time

from leadsim.analysis.chunked import merged
from leadsim.analysis.delay import DelayQuestion, delay, enactment_months
from leadsim.analysis.discover import discover_chunk, run_discover
from leadsim.analysis.discover import prepare as prepare_discover
from leadsim.analysis.levers import prepare, run_levers
from leadsim.analysis.sensitivity import sensitivity, target
from leadsim.analysis.where import parse_where
from leadsim.calendar import Span
from leadsim.engine.spec import RunSpec
from leadsim.registry import load_registry
from leadsim.scenarios import load_scenario


def main() -> None:
    registry, span = load_registry(), Span()
    pull, current = (load_scenario(n, registry, span) for n in ("pull-ahead", "current-policy"))
    months = enactment_months(span.index("2026-11"), span.index("2028-11"), 6)
    question = DelayQuestion(pull, ("remote_access_rule",), months, span.index("2028-12"))
    delay(question, RunSpec(samples=10, seed=2, at=()), registry=registry)  # compile before timing
    start = time.perf_counter()
    doc = delay(question, RunSpec(samples=2000, seed=2, at=()), registry=registry)
    seconds = time.perf_counter() - start
    [curve] = doc["curves"]
    gains = ", ".join(f"{p['difference']['p50']:.3f}" for p in curve["points"])
    print(f"delay: {seconds:.1f} s, {2000 * 6 / seconds:.0f} samples/s; median gains {gains}; "
          f"deadline {curve['deadline']['enacted']}")  # fmt: skip
    start = time.perf_counter()
    context = prepare(pull, current, span.index("2028-12"), RunSpec(samples=1000, seed=2, at=()), registry)
    doc = run_levers(context)
    seconds = time.perf_counter() - start
    runs = len(context.coalitions)
    shares = sum(x["shapley"] for x in doc["levers"].values())
    print(f"levers: {seconds:.1f} s, {runs} coalitions, {1000 * runs / seconds:.0f} samples/s; total mean "
          f"{doc['total']['mean']:.3f}, Shapley sum {shares:.3f}")  # fmt: skip

    catch_up = load_scenario("catch-up", registry, span)
    condition = parse_where("lead_months@2028-12<=6", span)
    for label, vary, prior in (("discover", False, False), ("--vary-levers", True, False), ("--prior", False, True)):
        spec = RunSpec(samples=4000, seed=2, at=(), prior=prior)
        context = prepare_discover(catch_up, condition, spec, vary_levers=vary, registry=registry)
        start = time.perf_counter()
        merged(discover_chunk, context, context.spec, axis=0)
        simulated = time.perf_counter() - start
        doc = run_discover(context)
        seconds = time.perf_counter() - start - simulated  # simulation again, then PRIM
        boxes = doc["boxes"]
        first = {k: v for k, v in boxes[0].items() if k not in ("trajectory", "mc_error")} if boxes else None
        print(
            f"{label}: simulation {simulated:.1f} s, whole analysis {seconds:.1f} s; base rate {doc['base_rate']}, "
            f"{len(boxes)} boxes; first {first}"
        )
    start = time.perf_counter()
    judged = target("lead_months", span.index("2028-12"))
    doc = sensitivity(current, judged, RunSpec(seed=1, at=()), base_samples=512, registry=registry)
    seconds = time.perf_counter() - start
    top = sorted(doc["parameters"].items(), key=lambda kv: -(kv[1]["ST"] or 0))[:3]
    print(
        f"sensitivity: {seconds:.1f} s, {doc['samples'] / seconds:.0f} samples/s; {len(doc['parameters'])} "
        f"factors, {len(doc['groups'])} groups; largest ST " + ", ".join(f"{n} {x['ST']:.3f}" for n, x in top)
    )


if __name__ == "__main__":
    main()
