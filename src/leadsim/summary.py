"""Summaries of an ensemble at chosen months: quantiles, the essay's two worlds, dials, failures."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from leadsim.calendar import Span, format_month
from leadsim.calibration import Calibration, effective_sample_size
from leadsim.dims import BLOCS, CONTROLLED, REGIONS, SUPPLIER, bloc_index
from leadsim.engine.ensemble import DEFAULT_CHUNK, Chunk, chunks
from leadsim.errors import LeadsimError
from leadsim.model.outputs import MILESTONES
from leadsim.registry import Registry
from leadsim.scenarios import Scenario

QUANTILES = {"p5": 5, "p25": 25, "p50": 50, "p75": 75, "p95": 95}
SIGNIFICANT = 6  # digits kept in summaries, so JSON is short and stable
LEAD_AT_LEAST = 12.0  # months: the essay's first world (a lead of 12-24 months)
LEAD_AT_MOST = 3.0  # months: the essay's second world (China within a few months)
BY_BLOC = ("adoption", "global_share", "resilience", "safety_margin_months")  # dials reported {BLOC: {DATE: Q}}


def rounded(x: float) -> float | None:
    """A float to SIGNIFICANT digits; None for a non-finite number (JSON has no NaN)."""
    return float(f"{x:.{SIGNIFICANT}g}") if np.isfinite(x) else None


def weighted_points(values: np.ndarray, weights: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Sorted values and the cumulative probability at the centre of each one's weight."""
    order = np.argsort(values, kind="stable")
    cum = np.cumsum(weights[order])
    return values[order], (cum - 0.5 * weights[order]) / cum[-1]


def quantiles(values: np.ndarray, weights: np.ndarray | None = None) -> dict[str, float | None]:
    """``{"p5","p25","p50","p75","p95","mean"}`` of ``values`` (optionally importance-weighted)."""
    if values.size == 0:
        return {**dict.fromkeys(QUANTILES), "mean": None}
    if weights is None:
        qs = np.percentile(values, list(QUANTILES.values()))
        mean = values.mean()
    else:
        ordered, centres = weighted_points(values, weights)
        qs = np.interp(np.array(list(QUANTILES.values())) / 100, centres, ordered)
        mean = np.average(values, weights=weights)
    return {**{k: rounded(q) for k, q in zip(QUANTILES, qs, strict=True)}, "mean": rounded(mean)}


def month_quantiles(months: np.ndarray, weights: np.ndarray | None = None) -> dict[str, str | float | None]:
    """``{"p5","p50","p95"}`` of first-reach month indices (NaN: not reached) as ``YYYY-MM``, or
    None where that quantile is not reached by the horizon; ``p_reached``: share reached."""
    if months.size == 0:
        return {"p5": None, "p50": None, "p95": None, "p_reached": None}
    reached = np.isfinite(months)
    reach = np.where(reached, months, np.inf)
    w = np.ones(months.size) if weights is None else weights
    order = np.argsort(reach, kind="stable")
    cum = np.cumsum(w[order]) / w.sum()
    picks = [reach[order][min(np.searchsorted(cum, q / 100), months.size - 1)] for q in (5, 50, 95)]
    out = {
        k: format_month(int(q)) if np.isfinite(q) else None for k, q in zip(("p5", "p50", "p95"), picks, strict=True)
    }
    return {**out, "p_reached": probability(reached, weights)}


def probability(mask: np.ndarray, weights: np.ndarray | None = None) -> float | None:
    if mask.size == 0:
        return None
    return rounded(float(np.average(mask, weights=weights)))


@dataclass
class AtDates:
    """Per-sample values of every output at the chosen months, kept across chunks."""

    months: list[int]
    values: dict[str, list[np.ndarray]] = field(default_factory=dict)
    failed: list[np.ndarray] = field(default_factory=list)
    weights: list[np.ndarray] = field(default_factory=list)
    milestones: list[np.ndarray] = field(default_factory=list)  # over the full horizon, not only `months`

    def add(self, chunk: Chunk, weights: np.ndarray | None = None) -> None:
        for name, array in chunk.outputs.items():
            self.values.setdefault(name, []).append(array[:, self.months])
        self.failed.append(chunk.failed)
        if weights is not None:
            self.weights.append(weights)
        if chunk.milestones is not None:
            self.milestones.append(chunk.milestones)

    def _ok(self, parts: list[np.ndarray]) -> np.ndarray | None:
        return np.concatenate(parts)[~np.concatenate(self.failed)] if parts else None

    def collect(self) -> tuple[dict[str, np.ndarray], np.ndarray]:
        bad = np.concatenate(self.failed)
        return {k: np.concatenate(v)[~bad] for k, v in self.values.items()}, bad

    def collect_weights(self) -> np.ndarray | None:
        """Weights of the samples that did not fail; None for the uncalibrated prior."""
        return self._ok(self.weights)

    def collect_milestones(self) -> np.ndarray | None:
        """First-reach months ``(ok sample, milestone, bloc)`` of the samples that did not fail."""
        return self._ok(self.milestones)


@dataclass
class ScenarioSummary:
    """An ensemble reduced to the chosen months."""

    scenario: Scenario
    dates: list[str]
    values: dict[str, np.ndarray]  # output -> (ok sample, date, ...)
    failed_samples: int
    weights: np.ndarray | None = None  # calibration weight of each ok sample; None: the prior
    milestones: np.ndarray | None = None  # (ok sample, milestone, bloc) first-reach month index; NaN: never

    def to_json(self) -> dict:
        lead = self.values["lead_months"]
        out = {
            "lead_months": self._by_date(lead, quantiles),
            "p_lead_at_least_12": self._by_date(lead >= LEAD_AT_LEAST, probability),
            "p_lead_at_most_3": self._by_date(lead <= LEAD_AT_MOST, probability),
            "compute_ratio": self._by_date(self.values["compute_ratio"], quantiles),
        }
        out |= {name: self._by_bloc(self.values[name]) for name in BY_BLOC if name in self.values}
        if "global_share_by_region" in self.values:
            share = self.values["global_share_by_region"]
            out["global_share_by_region"] = {r: self._by_bloc(share[:, :, i]) for i, r in enumerate(REGIONS)}
        if self.milestones is not None:
            out["milestones"] = self._milestones()
        return out | {"failed_samples": self.failed_samples, "calibration": self.calibration_json()}

    def calibration_json(self) -> dict:
        """Whether the ensemble is weighted, its effective sample size and how many samples were ruled out."""
        if self.weights is None:
            return {"calibrated": False}
        return {
            "calibrated": True,
            "effective_sample_size": rounded(effective_sample_size(self.weights)),
            "ruled_out": int((self.weights == 0).sum()),
        }

    def _by_date(self, array: np.ndarray, reduce: Callable) -> dict:
        return {date: reduce(array[:, i], self.weights) for i, date in enumerate(self.dates)}

    def _by_bloc(self, array: np.ndarray) -> dict:
        """``{BLOC: {DATE: Q}}`` of an array ``(sample, date, bloc)``."""
        return {b: self._by_date(array[:, :, i], quantiles) for i, b in enumerate(BLOCS)}

    def _milestones(self) -> dict:
        """``{NAME: {BLOC: {p5, p50, p95, p_reached}, "window_months": Q}}``; the window is the
        controlled bloc's first month less the supplier bloc's (+inf if only the supplier reached it)."""
        s, c = bloc_index(SUPPLIER), bloc_index(CONTROLLED)
        out = {}
        for i, name in enumerate(MILESTONES):
            months = self.milestones[:, i]
            reach = np.where(np.isfinite(months), months, np.inf)
            entry: dict = {b: month_quantiles(months[:, j], self.weights) for j, b in enumerate(BLOCS)}
            with np.errstate(invalid="ignore"):  # neither reached: no window; quantiles between infinities: null
                window = reach[:, c] - reach[:, s]
                keep = ~np.isnan(window)
                entry["window_months"] = quantiles(window[keep], None if self.weights is None else self.weights[keep])
            out[name] = entry
        return out


def summarize(
    registry: Registry,
    scenario: Scenario,
    *,
    samples: int,
    seed: int,
    dates: Iterable[str],
    span: Span,
    chunk_size: int = DEFAULT_CHUNK,
    advance: Callable[[int], None] | None = None,
    calibration: Calibration | None = None,
    observe: Callable[[Chunk, np.ndarray | None], None] | None = None,
) -> ScenarioSummary:
    """Run the ensemble chunk by chunk and keep only the values at ``dates`` (and milestone months).

    With a ``calibration``, each sample is weighted by how well its own simulated history
    matches the observations, in the same pass. ``observe(chunk, weights)`` sees every chunk.
    """
    dates = list(dates)
    keep = AtDates([span.index(d) for d in dates])
    for chunk in chunks(
        registry, scenario, samples=samples, seed=seed, span=span, chunk_size=chunk_size, advance=advance
    ):
        weights = calibration.weigh(chunk) if calibration else None
        keep.add(chunk, weights)
        if observe is not None:
            observe(chunk, weights)
    values, bad = keep.collect()
    weights = keep.collect_weights()
    if weights is not None and not weights.sum() > 0:
        raise LeadsimError(
            f"scenario {scenario.name}: calibration rules out all {len(weights)} samples; "
            "allowed: more samples, or --prior for the uncalibrated ensemble"
        )
    return ScenarioSummary(scenario, dates, values, int(bad.sum()), weights, keep.collect_milestones())
