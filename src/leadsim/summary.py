"""Summaries of an ensemble at chosen months: quantiles, the essay's two worlds, failures."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import numpy as np

from leadsim.calendar import Span
from leadsim.ensemble import DEFAULT_CHUNK, Chunk, chunks
from leadsim.registry import Registry
from leadsim.scenarios import Scenario

QUANTILES = {"p5": 5, "p25": 25, "p50": 50, "p75": 75, "p95": 95}
SIGNIFICANT = 6  # digits kept in summaries, so JSON is short and stable
LEAD_AT_LEAST = 12.0  # months: the essay's first world (a lead of 12-24 months)
LEAD_AT_MOST = 3.0  # months: the essay's second world (China within a few months)


def rounded(x: float) -> float | None:
    """A float to SIGNIFICANT digits; None for a non-finite number (JSON has no NaN)."""
    return float(f"{x:.{SIGNIFICANT}g}") if np.isfinite(x) else None


def quantiles(values: np.ndarray, weights: np.ndarray | None = None) -> dict[str, float | None]:
    """``{"p5","p25","p50","p75","p95","mean"}`` of ``values`` (optionally importance-weighted)."""
    if values.size == 0:
        return {**dict.fromkeys(QUANTILES), "mean": None}
    if weights is None:
        qs = np.percentile(values, list(QUANTILES.values()))
        mean = values.mean()
    else:
        order = np.argsort(values, kind="stable")
        cum = np.cumsum(weights[order])
        centres = (cum - 0.5 * weights[order]) / cum[-1]
        qs = np.interp(np.array(list(QUANTILES.values())) / 100, centres, values[order])
        mean = np.average(values, weights=weights)
    return {**{k: rounded(q) for k, q in zip(QUANTILES, qs, strict=True)}, "mean": rounded(mean)}


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

    def add(self, chunk: Chunk) -> None:
        for name, array in chunk.outputs.items():
            self.values.setdefault(name, []).append(array[:, self.months])
        self.failed.append(chunk.failed)

    def collect(self) -> tuple[dict[str, np.ndarray], np.ndarray]:
        bad = np.concatenate(self.failed)
        return {k: np.concatenate(v)[~bad] for k, v in self.values.items()}, bad


@dataclass
class ScenarioSummary:
    """An ensemble reduced to the chosen months."""

    scenario: Scenario
    dates: list[str]
    values: dict[str, np.ndarray]  # output -> (ok sample, date, ...)
    failed_samples: int

    def to_json(self) -> dict:
        lead = self.values["lead_months"]
        out = {
            "lead_months": self._by_date(lead, quantiles),
            "p_lead_at_least_12": self._by_date(lead >= LEAD_AT_LEAST, probability),
            "p_lead_at_most_3": self._by_date(lead <= LEAD_AT_MOST, probability),
            "compute_ratio": self._by_date(self.values["compute_ratio"], quantiles),
            "failed_samples": self.failed_samples,
        }
        return out

    def _by_date(self, array: np.ndarray, reduce: Callable) -> dict:
        return {date: reduce(array[:, i]) for i, date in enumerate(self.dates)}


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
    observe: Callable[[Chunk], None] | None = None,
) -> ScenarioSummary:
    """Run the ensemble chunk by chunk and keep only the values at ``dates``; ``observe`` sees every chunk."""
    dates = list(dates)
    keep = AtDates([span.index(d) for d in dates])
    for chunk in chunks(
        registry, scenario, samples=samples, seed=seed, span=span, chunk_size=chunk_size, advance=advance
    ):
        keep.add(chunk)
        if observe is not None:
            observe(chunk)
    values, bad = keep.collect()
    return ScenarioSummary(scenario, dates, values, int(bad.sum()))
