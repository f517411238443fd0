"""Reducers: an ensemble's values to quantiles, probabilities and first-reach months, chunk by chunk.

Each chunk is reduced where it was simulated to a compact partial result (``Select`` ->
``Values``: its samples' values at the reported months); the main process merges the parts
into arrays allocated once for the whole ensemble (``AtDates``), each part into its own rows,
so the result is the same for any chunking, worker count or arrival order. Weighted quantiles
interpolate between the centres of each sample's weight; numbers are kept to ``SIGNIFICANT``
digits so that JSON is short and stable.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from leadsim.calendar import format_month
from leadsim.engine.ensemble import Chunk, Outputs

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


def write_rows(into: dict[str, np.ndarray], total: int, rows: slice, arrays: dict[str, np.ndarray]) -> None:
    """Write each array into ``rows`` of its ensemble-wide array in ``into``, allocated (``total`` rows) on
    first sight. Pages of an allocated array take memory only once written."""
    for name, array in arrays.items():
        if name not in into:
            into[name] = np.empty((total, *array.shape[1:]), dtype=array.dtype)
        into[name][rows] = array


class Values(NamedTuple):
    """One chunk's per-sample values at the reported months: a compact, mergeable partial result."""

    start: int  # position of the chunk's first sample in the ensemble
    values: dict[str, np.ndarray]  # output -> (count, date, ...)
    failed: np.ndarray  # (count,) bool
    milestones: np.ndarray | None  # (count, milestone, bloc) first-reach month index


@dataclass(frozen=True)
class Select:
    """Which values a chunk sends back: the arrays ``names`` (all when None) at month indexes ``months``.

    Small and picklable: it runs where the chunk was simulated (this process or a Dask worker).
    """

    months: tuple[int, ...]
    names: tuple[str, ...] | None = None

    def __call__(self, chunk: Chunk, arrays: dict[str, np.ndarray] | None = None) -> Values:
        """The chunk's reported outputs (or the given ``arrays``, each (sample, time, ...)) at the months."""
        source = chunk.outputs if arrays is None else arrays
        months = list(self.months)
        values = {
            n: source.at(n, months) if isinstance(source, Outputs) else source[n][:, months]
            for n in source
            if self.names is None or n in self.names
        }
        # copies: the chunk's record is filled again for a later chunk once nothing holds it (engine/spare.py)
        milestones = None if chunk.milestones is None else chunk.milestones.copy()
        return Values(chunk.start, values, chunk.failed.copy(), milestones)


class Kept(NamedTuple):
    """An ensemble's values at the reported months, failed samples dropped."""

    values: dict[str, np.ndarray]  # output -> (ok sample, date, ...)
    failed: np.ndarray  # (sample,) bool, every sample
    milestones: np.ndarray | None  # (ok sample, milestone, bloc) over the full horizon


class AtDates:
    """Per-sample values at the reported months of a whole ensemble, in arrays allocated once and
    filled chunk by chunk (``merge``), in any order: each chunk writes its own rows."""

    def __init__(self, samples: int, months: list[int] | tuple[int, ...], names: tuple[str, ...] | None = None):
        self.samples = samples
        self.select = Select(tuple(months), names)
        self.values: dict[str, np.ndarray] = {}  # output -> (sample, date, ...)
        self.other: dict[str, np.ndarray] = {}  # "failed", "milestones" -> (sample, ...)

    @property
    def months(self) -> list[int]:
        return list(self.select.months)

    def merge(self, part: Values) -> None:
        """Write one chunk's values into their rows."""
        rows = slice(part.start, part.start + len(part.failed))
        write_rows(self.values, self.samples, rows, part.values)
        other = {"failed": part.failed, "milestones": part.milestones}
        write_rows(self.other, self.samples, rows, {k: v for k, v in other.items() if v is not None})

    def add(self, chunk: Chunk) -> None:
        """Select and merge a chunk simulated in this process."""
        self.merge(self.select(chunk))

    @property
    def failed(self) -> np.ndarray:
        return self.other.get("failed", np.zeros(0, dtype=bool))

    def collect(self) -> Kept:
        """The values of the samples that did not fail; the arrays are handed over (no copy when none failed)."""
        ok = ~self.failed
        everyone = bool(ok.all())

        def keep(array: np.ndarray | None) -> np.ndarray | None:
            return array if array is None or everyone else array[ok]

        values = {}
        for name in list(self.values):
            values[name] = keep(self.values.pop(name))  # one output's copy at a time
        return Kept(values, self.failed, keep(self.other.get("milestones")))
