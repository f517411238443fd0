"""Cost of delay: what enacting a lever later costs in lead, on the same samples (paired).

For each lever and enactment month, every sample runs with that lever enacted in that month
(per-sample lever columns, ``model/policy.py``) and once with the lever off; the lead at
``at`` under each, and its paired difference from the lever-off run, are reduced to
quantiles. The per-chunk work is a plain function ``delay_chunk(context, (start, count))``
merged in sample order (analysis/chunked.py), so an executor's ``map`` can replace ``serial_map``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version

import numpy as np

from leadsim.analysis.chunked import merged, serial_map
from leadsim.analysis.compare import calibrated
from leadsim.analysis.mc_error import effective_samples, median_se, probability_se
from leadsim.calendar import format_month
from leadsim.calibration.members import provenance
from leadsim.engine.ensemble import simulate_draws
from leadsim.engine.reducers import probability, quantiles
from leadsim.engine.spec import RunSpec
from leadsim.errors import LeadsimError, problem
from leadsim.model.outputs import LEAD_AT_LEAST
from leadsim.model.policy import REGIME_CODES, code
from leadsim.registry import Registry, load_registry
from leadsim.sampling import draws, load_members
from leadsim.scenarios import LEVERS, Scenario


@dataclass(frozen=True)
class DelayQuestion:
    """Which levers, enacted in which months (indexes), judged at which month, against which target."""

    scenario: Scenario
    levers: tuple[str, ...]
    enacted: tuple[int, ...]
    at: int
    target_p: float = 0.9
    strength: float | None = None
    regime: str | None = None


@dataclass(frozen=True)
class DelayContext:
    """What every chunk needs (picklable, for an executor)."""

    registry: Registry
    question: DelayQuestion
    spec: RunSpec
    settings: tuple[float, ...]  # each lever's strength, or its regime's code


def lever_setting(scenario: Scenario, name: str, strength: float | None, regime: str | None) -> float:
    """The lever's value when enacted: ``--strength``/``--regime`` if given, else the scenario's own."""
    if name not in LEVERS:
        raise LeadsimError(problem("option --lever", "value", name, ", ".join(LEVERS)))
    kind = LEVERS[name].kind
    given = regime if kind == "regime" else strength
    other = strength if kind == "regime" else regime
    if other is not None:
        wrong = "--strength" if kind == "regime" else "--regime"
        raise LeadsimError(problem(f"option {wrong}", "lever", name, f"--{kind} for a {kind} lever"))
    own = scenario.levers[name]
    if given is None and own.enacted is None:
        raise LeadsimError(problem("option --lever", name, "off in " + scenario.name, f"give --{kind}"))
    if kind == "regime":
        value = given or own.regime
        if value not in REGIME_CODES:
            raise LeadsimError(problem("option --regime", "value", value, ", ".join(REGIME_CODES)))
        return code(value)
    value = own.strength if given is None else given
    if not 0.0 <= value <= 1.0:
        raise LeadsimError(problem("option --strength", "value", value, "a number from 0 to 1"))
    return float(value)


def variant(name: str, enacted: float, value: float, count: int) -> dict[str, np.ndarray]:
    """Per-sample lever columns: ``name`` enacted at a month index (NaN: off) with ``value``."""
    kind = LEVERS[name].kind
    return {f"lever.{name}.enacted": np.full(count, enacted), f"lever.{name}.{kind}": np.full(count, value)}


def delay_chunk(context: DelayContext, item: tuple[int, int]) -> np.ndarray:
    """Lead at ``at`` of samples ``start .. start+count``: ``(lever, off + each month, sample)``, NaN if failed."""
    start, count = item
    q, spec = context.question, context.spec
    base = draws(context.registry, q.scenario, seed=spec.seed, start=start, count=count, prior=spec.prior)
    out = np.empty((len(q.levers), 1 + len(q.enacted), count))
    for i, (name, value) in enumerate(zip(q.levers, context.settings, strict=True)):
        for j, month in enumerate((np.nan, *q.enacted)):
            chunk = simulate_draws(base | variant(name, month, value, count), q.scenario, spec.span, start=start)
            out[i, j] = np.where(chunk.failed, np.nan, chunk.outputs["lead_months"][:, q.at])
    return out


def point(enacted: int, lead: np.ndarray, off: np.ndarray) -> dict:
    """One enactment month: the lead (Q), P(lead >= 12), the paired gain over the lever off (Q), MC errors."""
    ok, pair = ~np.isnan(lead), ~np.isnan(lead) & ~np.isnan(off)
    gain = lead[pair] - off[pair]
    p = probability(lead[ok] >= LEAD_AT_LEAST)
    n, n_pair = effective_samples(np.ones(ok.sum())), effective_samples(np.ones(pair.sum()))
    return {
        "enacted": format_month(enacted),
        "lead_months": quantiles(lead[ok]),
        "p_lead_at_least_12": p,
        "difference": quantiles(gain),
        "mc_error": {
            "lead_months_p50": median_se(lead[ok], n),
            "p_lead_at_least_12": probability_se(p, n),
            "difference_p50": median_se(gain, n_pair),
        },
    }


def curve(name: str, leads: np.ndarray, question: DelayQuestion) -> dict:
    """One lever's points and its deadline: the latest month whose P(lead >= 12) meets the target."""
    points = [point(m, leads[1 + j], leads[0]) for j, m in enumerate(question.enacted)]
    meets = [p["enacted"] for p in points if p["p_lead_at_least_12"] is not None and
             p["p_lead_at_least_12"] >= question.target_p]  # fmt: skip
    return {"lever": name, "points": points,
            "deadline": {"p_target": question.target_p, "enacted": meets[-1] if meets else None}}  # fmt: skip


def prepare(question: DelayQuestion, spec: RunSpec, registry: Registry | None = None) -> DelayContext:
    """Check the levers and settings (and the members) before anything runs; the context every chunk reads."""
    registry = registry or load_registry()
    spec, _, _ = calibrated(spec, registry)
    settings = tuple(lever_setting(question.scenario, n, question.strength, question.regime) for n in question.levers)
    return DelayContext(registry, question, spec, settings)


def run_delay(
    context: DelayContext, *, advance: Callable[[int], None] | None = None, map_chunks: Callable = serial_map
) -> dict:
    """The cost-of-delay document (see docs/analyses.md); same inputs, same bytes, any chunk size.

    ``map_chunks(fn, context, items)`` runs the chunks (an executor's ``map`` fits here) and
    yields their results in item order; ``advance(count)`` follows the merge.
    """
    question, spec = context.question, context.spec
    leads = merged(delay_chunk, context, spec, axis=2, advance=advance, map_chunks=map_chunks)
    return {
        "leadsim_version": version("leadsim"),
        "scenario": question.scenario.name,
        "at": format_month(question.at),
        "samples": spec.samples,
        "seed": spec.seed,
        "prior": spec.prior,
        "horizon": spec.span.horizon,
        "curves": [curve(name, leads[i], question) for i, name in enumerate(question.levers)],
        "provenance": {
            "registry": context.registry.digest,
            "scenario": question.scenario.digest,
            "members": None if spec.prior else provenance(load_members()),
        },
    }


def delay(question: DelayQuestion, spec: RunSpec, *, registry: Registry | None = None) -> dict:
    """Check, then run: the cost-of-delay document of ``question`` on the samples of ``spec``."""
    return run_delay(prepare(question, spec, registry))


def enactment_months(first: int, last: int, step: int) -> tuple[int, ...]:
    """Month indexes from ``first`` to ``last`` inclusive every ``step`` months (``--from``/``--to``/``--step``)."""
    if step < 1 or last < first:
        raise LeadsimError(problem("option --from/--to/--step", "value", (format_month(first), format_month(last),
                                   step), "--from no later than --to and --step >= 1"))  # fmt: skip
    return tuple(range(first, last + 1, step))
