"""The ``calibrate`` document: observations against prior and posterior, narrowed parameters, backtest."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace

import numpy as np

from leadsim.calendar import Span, format_month
from leadsim.calibration.matching import Calibration, effective_sample_size, model_values, residuals, total_sd
from leadsim.calibration.observations import LAST_OBSERVED, Observation, Observations
from leadsim.engine.ensemble import Chunk, EnsembleJob, run_ensemble
from leadsim.engine.executor import Executor
from leadsim.engine.reducers import quantiles, rounded, write_rows
from leadsim.engine.spec import RunSpec
from leadsim.errors import LeadsimError
from leadsim.registry import Registry
from leadsim.scenarios import Scenario

INTERVAL = ("p5", "p95")  # the 90% interval of a prediction


@dataclass(frozen=True)
class HistoryTake:
    """What one chunk sends back for history matching: each sample's model value of every observation,
    its parameter values and whether it failed. Runs in this process or on a Dask worker."""

    observations: tuple[Observation, ...]

    def __call__(self, chunk: Chunk) -> tuple[int, dict[str, np.ndarray], dict[str, np.ndarray]]:
        with np.errstate(all="ignore"):
            values = model_values(chunk, self.observations)
        return chunk.start, {"values": values, "failed": chunk.failed}, chunk.draws


def history(
    registry: Registry,
    scenario: Scenario,
    observations: Observations,
    spec: RunSpec,
    advance: Callable[[int], None] | None = None,
    executor: Executor | None = None,
) -> tuple:
    """Simulate the observed period only; per ok sample: model values of every observation, and the draws."""
    observed = replace(spec, span=Span(LAST_OBSERVED), at=())
    found: dict[str, np.ndarray] = {}
    draws: dict[str, np.ndarray] = {}

    def merge(part: tuple) -> None:
        start, values, params = part
        rows = slice(start, start + len(values["failed"]))
        write_rows(found, spec.samples, rows, values)
        write_rows(draws, spec.samples, rows, {name: params[name] for name in registry.names})

    job = EnsembleJob(registry, scenario, observed, HistoryTake(observations.active))
    run_ensemble(executor or Executor(), job, merge, advance=advance)
    ok = ~found["failed"]
    return found["values"][ok], {name: values[ok] for name, values in draws.items()}, int((~ok).sum())


def implausibility_of(value: float | None, obs: Observation, discrepancy: dict[str, float]) -> float | None:
    """Implausibility of one model value (e.g. the posterior median) for an observation."""
    if value is None:
        return None
    r = residuals(np.array([[value]]), (obs,))[0, 0]
    return rounded(abs(r) / total_sd((obs,), discrepancy)[0])


def observation_rows(values, weights, observations: Observations, used: set[str]) -> list[dict]:
    rows = []
    for j, obs in enumerate(observations.active):
        prior, posterior = quantiles(values[:, j]), quantiles(values[:, j], weights)
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


def parameter_rows(params: dict[str, np.ndarray], weights: np.ndarray, registry: Registry) -> list[dict]:
    """Prior and posterior of each uncertain parameter, most narrowed first.

    ``width_ratio`` is the posterior 90% width over the prior's (below 1: the data narrowed
    it); ``shift`` is the move of the median in prior 90% widths.
    """
    rows = []
    for name, draws in params.items():
        prior, posterior = quantiles(draws), quantiles(draws, weights)
        width = prior["p95"] - prior["p5"]
        if not width > 0:
            continue
        rows.append(
            {
                "name": name,
                "unit": registry[name].unit,
                "prior": prior,
                "posterior": posterior,
                "width_ratio": rounded((posterior["p95"] - posterior["p5"]) / width),
                "shift": rounded((posterior["p50"] - prior["p50"]) / width),
            }
        )
    return sorted(rows, key=lambda r: (r["width_ratio"], -abs(r["shift"])))


def calibrate(
    registry: Registry,
    scenario: Scenario,
    observations: Observations,
    spec: RunSpec,
    *,
    until: int | None = None,
    advance: Callable[[int], None] | None = None,
    executor: Executor | None = None,
) -> dict:
    """History-match ``scenario``'s prior ensemble on the observations up to ``until`` (all if None);
    chunks run on ``executor`` (default: this process)."""
    calibration = Calibration(observations, until)
    values, params, failed = history(registry, scenario, observations, spec, advance, executor)
    used = {o.name for o in calibration.used}
    columns = [j for j, o in enumerate(observations.active) if o.name in used]
    weights = calibration.weights_from_values(values[:, columns])
    if not weights.sum() > 0:
        raise LeadsimError(
            f"calibration: all {len(weights)} samples are ruled out by {observations.path}; "
            "allowed: observations the prior can reach (check values, uncertainties and discrepancies)"
        )
    rows = observation_rows(values, weights, observations, used)
    backtest = backtest_rows(rows, observations)
    return {
        "scenario": scenario.name,
        "samples": spec.samples,
        "seed": spec.seed,
        "until": None if until is None else format_month(until),
        "cutoff": observations.settings.cutoff,
        "effective_sample_size": rounded(effective_sample_size(weights)),
        "ruled_out": int((weights == 0).sum()),
        "failed_samples": failed,
        "observations": rows,
        "parameters": parameter_rows(params, weights, registry),
        "backtest": backtest,
        "backtest_coverage": rounded(np.mean([b["covered"] for b in backtest])) if backtest else None,
        "pending_observations": list(observations.pending),
        "provenance": {
            "registry": registry.digest,
            "observations": observations.digest,
            "scenario": scenario.digest,
        },
    }
