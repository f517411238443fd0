"""The ``calibrate`` document: history matching in waves, observations and parameters before and after, backtest.

The prior is wave 1's ensemble (its first ``PRIOR_PREFIX`` samples, for the quantiles); the
posterior is the accepted points of the last wave, equally weighted: the constrained ensemble
that ``--write`` ships as the calibrated members.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np

from leadsim.calendar import format_month
from leadsim.calibration.matching import Calibration, residuals, total_sd
from leadsim.calibration.members import stamp, write_members
from leadsim.calibration.observations import Observation, Observations
from leadsim.calibration.posterior import correlation_rows, parameter_rows
from leadsim.calibration.waves import Matched, Plan, history_match
from leadsim.engine.executor import Executor
from leadsim.engine.reducers import quantiles, rounded
from leadsim.errors import LeadsimError
from leadsim.registry import Registry
from leadsim.scenarios import Scenario

INTERVAL = ("p5", "p95")  # the 90% interval of a prediction


def implausibility_of(value: float | None, obs: Observation, discrepancy: dict[str, float]) -> float | None:
    """Implausibility of one model value (e.g. the posterior median) for an observation."""
    if value is None:
        return None
    r = residuals(np.array([[value]]), (obs,))[0, 0]
    return rounded(abs(r) / total_sd((obs,), discrepancy)[0])


def observation_rows(matched: Matched, observations: Observations, used: set[str]) -> list[dict]:
    rows = []
    for j, obs in enumerate(observations.active):
        prior, posterior = quantiles(matched.prior[1][:, j]), quantiles(matched.posterior[1][:, j])
        rows.append(
            {
                "name": obs.name,
                "date": obs.date,
                "measure": obs.entry.measure,
                "observed": obs.entry.value,
                "uncertainty": obs.entry.uncertainty.model_dump(exclude_none=True),
                "bound": obs.entry.bound,
                "used": obs.name in used,
                "prior": prior,
                "posterior": posterior,
                "implausibility": implausibility_of(posterior["p50"], obs, observations.discrepancy),
                "prior_implausibility": implausibility_of(prior["p50"], obs, observations.discrepancy),
            }
        )
    return rows


def covers(predicted: dict, obs: Observation) -> bool:
    """Does the 90% interval of the prediction reach the observation (its allowed side, for a bound)?"""
    low, high = (predicted[k] for k in INTERVAL)
    value = obs.entry.value
    return bool({"upper": low <= value, "lower": high >= value}.get(obs.entry.bound, low <= value <= high))


def backtest_rows(rows: list[dict], observations: Observations) -> list[dict]:
    """For each observation not used: the posterior prediction, whether it covers, and the error."""
    out = []
    for row, obs in zip(rows, observations.active, strict=True):
        if row["used"]:
            continue
        predicted = row["posterior"]
        error = predicted["p50"] - obs.entry.value
        if obs.entry.bound == "upper":
            error = max(error, 0.0)
        elif obs.entry.bound == "lower":
            error = min(error, 0.0)
        out.append(
            {
                "name": obs.name,
                "date": obs.date,
                "observed": obs.entry.value,
                "predicted": predicted,
                "covered": covers(predicted, obs),
                "error": rounded(error),
                "implausibility": row["implausibility"],
            }
        )
    return out


def match(
    registry: Registry,
    scenario: Scenario,
    observations: Observations,
    plan: Plan,
    *,
    until: int | None = None,
    advance: Callable[[int], None] | None = None,
    executor: Executor | None = None,
) -> Matched:
    """History-match ``scenario`` in waves on the observations up to ``until`` (all if None); chunks run on
    ``executor`` (default: this process)."""
    matched = history_match(registry, scenario, Calibration(observations, until), plan, advance, executor)
    if not len(matched.posterior[1]):
        raise LeadsimError(
            f"calibration: all {matched.waves[0].samples} prior samples are ruled out by {observations.path}; "
            "allowed: observations the prior can reach (check values, uncertainties and discrepancies)"
        )
    return matched


def document(
    registry: Registry, scenario: Scenario, observations: Observations, plan: Plan, matched: Matched, until: int | None
) -> dict:
    """The calibrate JSON of a history match."""
    used = {o.name for o in observations.until(until)}
    rows = observation_rows(matched, observations, used)
    backtest = backtest_rows(rows, observations)
    first = matched.waves[0]
    return {
        "scenario": scenario.name,
        "samples": plan.samples,
        "seed": plan.seed,
        "until": None if until is None else format_month(until),
        "cutoff": observations.settings.cutoff,
        "effective_sample_size": float(len(matched.posterior[1])),  # Kish: equally weighted members
        "ruled_out": first.samples - first.accepted,
        "failed_samples": first.failed,
        "waves": [w.to_json() for w in matched.waves],
        "observations": rows,
        "parameters": parameter_rows(registry, matched.prior[0], matched.posterior[0]),
        "correlations": correlation_rows(registry, matched.prior[0], matched.posterior[0]),
        "backtest": backtest,
        "backtest_coverage": rounded(np.mean([b["covered"] for b in backtest])) if backtest else None,
        "pending_observations": list(observations.pending),
        "provenance": {
            "registry": registry.digest,
            "observations": observations.digest,
            "scenario": scenario.digest,
        },
    }


def calibrate(
    registry: Registry,
    scenario: Scenario,
    observations: Observations,
    plan: Plan,
    *,
    until: int | None = None,
    advance: Callable[[int], None] | None = None,
    write: Path | None = None,
    executor: Executor | None = None,
) -> dict:
    """History-match in waves and report; with ``write``, also write the accepted points as the members file.
    Chunks run on ``executor`` (default: this process)."""
    matched = match(registry, scenario, observations, plan, until=until, advance=advance, executor=executor)
    out = document(registry, scenario, observations, plan, matched, until)
    if write is not None:
        if plan.keep is not None and len(matched.posterior[1]) < plan.keep:
            raise LeadsimError(
                f"calibration: the last of {len(matched.waves)} waves accepted {len(matched.posterior[1])} points; "
                f"allowed: at least {plan.keep} members (more --samples, or fewer --members)"
            )
        made = stamp(registry, observations, scenario, plan, matched)
        out["members"] = {"path": str(write_members(write, registry, matched, made)), "stamp": made}
    return out
