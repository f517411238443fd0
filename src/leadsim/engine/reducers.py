"""Reducers: an ensemble's values to quantiles, probabilities and first-reach months, chunk by chunk.

Weighted quantiles interpolate between the centres of each sample's weight; numbers are kept to
``SIGNIFICANT`` digits so that JSON is short and stable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from leadsim.calendar import format_month
from leadsim.engine.ensemble import Chunk

QUANTILES = {"p5": 5, "p25": 25, "p50": 50, "p75": 75, "p95": 95}
SIGNIFICANT = 6  # digits kept in summaries, so JSON is short and stable


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
