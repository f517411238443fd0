"""Monthly quantiles of every output, reduced chunk by chunk in bounded memory, for fan charts.

Exact quantiles need every value, and a large ensemble cannot keep every month of every
sample. So the monthly series are exact over a *prefix* of the ensemble: the first
``SERIES_PREFIX`` samples (the first members in the seed's random order; with ``--prior`` the
first Sobol points, a power of two, so a balanced, space-filling point set). The same estimator
holds at every month, the reported months included, so a chart has no jump there (the summary,
``compare``'s numbers, uses all samples). The probabilities of the essay's two worlds are exact
over all samples at every month (counts of samples, summed as integers). Each row records how
many samples it was computed over (``samples_used``).

Each chunk sends back a compact part (``SeriesTake``, run where the chunk was simulated): its
samples inside the prefix, its counts of samples in each world by month and, with
``keep_samples``, every series array at the reported months and its parameter values.
``SeriesReducer`` merges the parts in sample order.

Memory: ``SERIES_PREFIX x months x cells x 8`` bytes while the prefix fills (about 150 MB at
the default horizon; reduced and released as soon as it is complete).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import pandas as pd

from leadsim import dims
from leadsim.engine.ensemble import Chunk
from leadsim.engine.reducers import QUANTILES, AtDates, Kept, Select, Values, rounded, write_rows
from leadsim.model.outputs import LEAD_AT_LEAST, LEAD_AT_MOST

SERIES_PREFIX = 4096  # samples [count]: a power of two, so the prefix is a balanced Sobol set
STATS = (*QUANTILES, "mean")
WORLDS = {  # the essay's two worlds, as in the summary: name -> membership test on the lead [month]
    "p_lead_at_least_12": lambda lead: lead >= LEAD_AT_LEAST,
    "p_lead_at_most_3": lambda lead: lead <= LEAD_AT_MOST,
}
SERIES_COLUMNS = ["scenario", "variable", "coords", "time", "samples_used", *STATS]
SAMPLE_COLUMNS = ["scenario", "sample", "failed", "variable", "coords", "time", "value"]
WEIGHT_COLUMNS = ["scenario", "sample", "weight"]
PARAMETER_COLUMNS = ["scenario", "sample", "parameter", "value"]


def method(prefix: int = SERIES_PREFIX) -> dict:
    """What a run records about how its monthly series were reduced."""
    return {
        "series": "exact-quantiles-over-sobol-prefix",
        "prefix_samples": prefix,
        "reported_months": "the same estimator as every other month (the summary holds all-sample quantiles)",
        "probabilities": "exact over all non-failed samples at every month",
        "statistics": list(STATS),
        "weights": "none: every sample equally weighted (the calibrated members, or prior points with --prior)",
    }


def series_arrays(chunk: Chunk) -> dict[str, np.ndarray]:
    """Every reported output, then every recorded trajectory, each ``(sample, time, ...)``."""
    extra = {k: v for k, v in chunk.trajectories.items() if k not in chunk.outputs}
    return {**chunk.outputs, **extra}


def extra_axes(shape: tuple[int, ...]) -> list[tuple[str, list[str]]]:
    """Names and labels of the dims after ``(sample, time)``: bloc last, then region, else ``axisN`` (N: array axis)."""
    known = [(dims.BLOC, list(dims.BLOCS))]
    regions = getattr(dims, "REGIONS", None)
    if regions:
        known.append((getattr(dims, "REGION", "region"), list(regions)))
    axes = []
    for k, size in enumerate(reversed(shape)):
        if k < len(known) and len(known[k][1]) == size:
            axes.insert(0, known[k])
        else:
            axes.insert(0, (f"axis{len(shape) - k + 1}", [str(i) for i in range(size)]))  # position in the array
    return axes


def coord_keys(axes: list[tuple[str, list[str]]]) -> list[str]:
    """One JSON key per cell of the extra dims, in C order: ``{"bloc": "us"}``; ``{}`` without extra dims."""
    if not axes:
        return ["{}"]
    names = [name for name, _ in axes]
    grids = np.meshgrid(*[labels for _, labels in axes], indexing="ij")
    return [json.dumps(dict(zip(names, cell, strict=True))) for cell in zip(*(g.ravel() for g in grids), strict=True)]


def weighted_statistics(values: np.ndarray, weights: np.ndarray | None) -> np.ndarray:
    """QUANTILES then the mean of ``values`` ``(sample, column)`` per column, importance-weighted
    as the summary weighs them (linear interpolation between the centres of each sample's weight)."""
    if weights is None:
        return np.vstack([np.percentile(values, list(QUANTILES.values()), axis=0), values.mean(axis=0)])
    order = np.argsort(values, axis=0, kind="stable")
    ordered = np.take_along_axis(values, order, axis=0)
    w = weights[order]
    cum = np.cumsum(w, axis=0)
    centres = (cum - 0.5 * w) / cum[-1]
    out = np.empty((len(STATS), values.shape[1]))
    for k, q in enumerate(np.array(list(QUANTILES.values())) / 100):
        above = np.clip((centres < q).sum(axis=0), 1, len(values) - 1)  # first centre at or above q
        lo, hi = above - 1, above
        c_lo, c_hi = np.take_along_axis(centres, lo[None], 0)[0], np.take_along_axis(centres, hi[None], 0)[0]
        v_lo, v_hi = np.take_along_axis(ordered, lo[None], 0)[0], np.take_along_axis(ordered, hi[None], 0)[0]
        frac = np.clip((q - c_lo) / np.where(c_hi > c_lo, c_hi - c_lo, 1.0), 0.0, 1.0)
        out[k] = v_lo + frac * (v_hi - v_lo)
    out[-1] = np.average(values, axis=0, weights=weights) if weights.sum() > 0 else np.nan
    return out


def round_all(array: np.ndarray) -> np.ndarray:
    """Round like the summary does (non-finite becomes NaN)."""
    flat = [rounded(x) for x in array.ravel()]
    return np.array([np.nan if x is None else x for x in flat], dtype=float).reshape(array.shape)


class SeriesPart(NamedTuple):
    """What one chunk sends back for the monthly series."""

    start: int
    count: int
    head: dict[str, np.ndarray]  # series array -> (sample inside the prefix, time, ...)
    head_failed: np.ndarray  # (sample inside the prefix,)
    worlds: dict[str, np.ndarray]  # world -> (month,) samples that did not fail and are in it [count]
    kept: Values | None  # with keep_samples: every series array at the reported months
    draws: dict[str, np.ndarray] | None  # with keep_samples: parameter values, registry id -> (sample,)


def one_block(rows: int, like: dict[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Arrays of ``rows`` rows, each shaped like its namesake in ``like`` beyond the first axis, carved
    from one allocation: large enough to be mapped from the operating system, so that its memory
    goes back at once when the last array is released (many small ones would stay in the heap)."""
    sizes = {name: int(np.prod(array.shape[1:], dtype=int)) for name, array in like.items()}
    block = np.empty(rows * sum(sizes.values()))
    out, at = {}, 0
    for name, array in like.items():
        out[name] = block[at : at + rows * sizes[name]].reshape(rows, *array.shape[1:])
        at += rows * sizes[name]
    return out


@dataclass(frozen=True)
class SeriesTake:
    """Reduces one chunk to its ``SeriesPart``; small and picklable (runs on a Dask worker too)."""

    prefix: int
    select: Select  # the reported months, every series array
    keep_samples: bool

    def __call__(self, chunk: Chunk) -> SeriesPart:
        arrays = series_arrays(chunk)
        count = len(chunk.failed)
        take = max(0, min(self.prefix - chunk.start, count))
        lead = chunk.outputs["lead_months"][~chunk.failed]
        worlds = {name: member(lead).sum(axis=0, dtype=np.int64) for name, member in WORLDS.items()}
        kept = self.select(chunk, arrays) if self.keep_samples else None
        draws = {k: v for k, v in chunk.draws.items() if np.shape(v) == (count,)} if self.keep_samples else None
        return SeriesPart(
            chunk.start,
            count,
            {name: array[:take].copy() for name, array in arrays.items()},
            chunk.failed[:take].copy(),
            worlds,
            kept,
            draws,
        )


class SeriesReducer:
    """Merge every chunk's part of one scenario (``merge``), then ``finish`` with the summary's values.

    The prefix is reduced to statistics as soon as it is complete and then released; ``finish``
    leaves only the tables (``series`` and, with ``keep_samples``, the per-sample tables).
    """

    def __init__(
        self,
        scenario: str,
        labels: list[str],
        dates: list[str],
        samples: int,
        prefix: int = SERIES_PREFIX,
        keep_samples: bool = False,
    ) -> None:
        self.scenario, self.labels, self.dates, self.samples = scenario, labels, dates, samples
        months = tuple(labels.index(d) for d in dates)
        self.take = SeriesTake(prefix, Select(months), keep_samples)
        self.head_size = min(prefix, samples)
        self.head: dict[str, np.ndarray] = {}
        self.head_failed = np.zeros(self.head_size, dtype=bool)
        self.head_filled = 0
        self.prefix_stats: dict[str, np.ndarray] = {}  # series array -> (statistic, month, cell)
        self.prefix_used = 0
        self.axes: dict[str, list[tuple[str, list[str]]]] = {}
        self.worlds = {name: np.zeros(len(labels), dtype=np.int64) for name in WORLDS}  # [count] by month
        self.kept = AtDates(samples, months) if keep_samples else None
        self.draws: dict[str, np.ndarray] = {}
        self.series: pd.DataFrame | None = None
        self.samples_table: pd.DataFrame | None = None
        self.weights_table: pd.DataFrame | None = None
        self.parameters_table: pd.DataFrame | None = None

    def merge(self, part: SeriesPart) -> None:
        """Write one chunk's part into its rows."""
        if len(part.head_failed):
            self.axes = self.axes or {name: extra_axes(a.shape[2:]) for name, a in part.head.items()}
            rows = slice(part.start, part.start + len(part.head_failed))
            self.head = self.head or one_block(self.head_size, part.head)
            write_rows(self.head, self.head_size, rows, part.head)
            self.head_failed[rows] = part.head_failed
            self.head_filled += len(part.head_failed)
            if self.head_filled == self.head_size:
                self._reduce_prefix()
        for name, counts in part.worlds.items():
            self.worlds[name] += counts  # integers: the same sums in any order
        rows = slice(part.start, part.start + part.count)
        if self.kept is not None:
            self.kept.merge(part.kept)
            write_rows(self.draws, self.samples, rows, part.draws)

    def variables(self) -> dict[str, list[tuple[str, list[str]]]]:
        """Each series variable's extra axes."""
        return self.axes

    def _reduce_prefix(self) -> None:
        """Statistics of every series array over the prefix's non-failed samples; the prefix is released."""
        ok = ~self.head_failed
        self.prefix_used = int(ok.sum())
        n_months = len(self.labels)
        for name in list(self.head):
            head = self.head.pop(name)
            head = head if ok.all() else head[ok]
            width = int(np.prod(head.shape[2:], dtype=int))
            stats = np.full((len(STATS), n_months, width), np.nan)
            if len(head):
                flat = head.reshape(len(head), n_months * width)
                stats[:] = round_all(weighted_statistics(flat, None)).reshape(len(STATS), n_months, width)
            self.prefix_stats[name] = stats

    def finish(self, kept: Kept) -> None:
        """Reduce the scenario to its tables; ``kept.failed`` says which samples failed."""
        weights = (~kept.failed).astype(float)  # every sample that did not fail counts once
        frames = [self._quantile_rows(name) for name in list(self.prefix_stats)]
        frames += [self._world_rows(name, int(weights.sum())) for name in WORLDS]
        self.series = pd.concat(frames, ignore_index=True)[SERIES_COLUMNS]
        if self.kept is not None:
            self.samples_table = self._sample_rows(kept.failed)
            self.weights_table = pd.DataFrame(
                {"scenario": self.scenario, "sample": np.arange(self.samples), "weight": weights}
            )
            self.parameters_table = self._parameter_rows()
        self.kept, self.draws = None, {}

    def _quantile_rows(self, name: str) -> pd.DataFrame:
        """The prefix's statistics of one series array, one row per cell and month."""
        stats = self.prefix_stats.pop(name)
        n_months, width = stats.shape[1:]
        frame = {
            "coords": np.tile(coord_keys(self.axes[name]), n_months),
            "time": np.repeat(self.labels, width),
            "samples_used": self.prefix_used,
        }
        frame.update({stat: stats[k].ravel() for k, stat in enumerate(STATS)})
        return pd.DataFrame({"scenario": self.scenario, "variable": name, **frame})

    def _world_rows(self, name: str, ok: int) -> pd.DataFrame:
        """A world's probability each month over the ``ok`` samples that did not fail."""
        value = round_all(self.worlds[name] / ok) if ok else np.full(len(self.labels), np.nan)
        frame = {"coords": "{}", "time": self.labels, "samples_used": ok, "mean": value}
        frame.update(dict.fromkeys(QUANTILES, np.nan))
        return pd.DataFrame({"scenario": self.scenario, "variable": name, **frame})

    def _sample_rows(self, failed: np.ndarray) -> pd.DataFrame:
        """Every sample's value of every series array at the reported months, long."""
        frames = []
        n, n_dates = self.samples, len(self.dates)
        for name, values in self.kept.values.items():  # (sample, date, ...) in sample order
            width = int(np.prod(values.shape[2:], dtype=int))
            frames.append(
                pd.DataFrame(
                    {
                        "scenario": self.scenario,
                        "sample": np.repeat(np.arange(n), n_dates * width),
                        "failed": np.repeat(failed, n_dates * width),
                        "variable": name,
                        "coords": np.tile(coord_keys(self.axes[name]), n * n_dates),
                        "time": np.tile(np.repeat(self.dates, width), n),
                        "value": values.reshape(n, n_dates * width).ravel(),
                    }
                )
            )
        return pd.concat(frames, ignore_index=True)[SAMPLE_COLUMNS]

    def _parameter_rows(self) -> pd.DataFrame:
        """Every sample's parameter values, long: one row per sample and registry id."""
        names = list(self.draws)
        values = np.stack([self.draws[k] for k in names], axis=1) if names else np.empty((self.samples, 0))
        return pd.DataFrame(
            {
                "scenario": self.scenario,
                "sample": np.repeat(np.arange(self.samples), len(names)),
                "parameter": np.tile(names, self.samples),
                "value": values.ravel(),
            }
        )[PARAMETER_COLUMNS]
