"""Monthly quantiles of every output, reduced chunk by chunk in bounded memory, for fan charts.

Exact quantiles need every value, and a large ensemble cannot keep every month of every
sample. So the monthly series are exact over a *prefix* of the ensemble: the first
``SERIES_PREFIX`` samples of the scrambled Sobol sequence. The prefix is a power of two, so it
is itself a balanced Sobol point set (space-filling, not the first rows of a random shuffle).
The same estimator holds at every month, the reported months included, so a chart has no jump
there (the summary, ``compare``'s numbers, uses all samples). The probabilities of the essay's
two worlds are exact over all samples at every month (running counts). Each row records how
many samples it was computed over (``samples_used``).

Memory: ``SERIES_PREFIX x months x width x 8`` bytes (4096 x 120 x 15 x 8 B = 59 MB at the
default horizon) plus the values at the reported months, as the summary keeps.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from types import SimpleNamespace

import numpy as np
import pandas as pd

from leadsim import dims
from leadsim.engine.ensemble import Chunk
from leadsim.engine.reducers import QUANTILES, AtDates, probability, rounded
from leadsim.model.outputs import LEAD_AT_LEAST, LEAD_AT_MOST

SERIES_PREFIX = 4096  # samples [count]: a power of two, so the prefix is a balanced Sobol set
STATS = (*QUANTILES, "mean")
WORLDS = {  # the essay's two worlds, as in the summary: name -> membership test on the lead [month]
    "p_lead_at_least_12": lambda lead: lead >= LEAD_AT_LEAST,
    "p_lead_at_most_3": lambda lead: lead <= LEAD_AT_MOST,
}
SERIES_COLUMNS = ["scenario", "variable", "coords", "time", "samples_used", *STATS]
SAMPLE_COLUMNS = ["scenario", "sample", "failed", "variable", "coords", "time", "value"]


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


@dataclass
class SeriesReducer:
    """Feed it every chunk of one scenario (``add``), then ``reduce``; memory stays bounded."""

    scenario: str
    labels: list[str]  # every simulated month, YYYY-MM
    dates: list[str]  # the reported months
    prefix: int = SERIES_PREFIX
    keep_samples: bool = False
    head: dict[str, list[np.ndarray]] = field(default_factory=dict)
    head_failed: list[np.ndarray] = field(default_factory=list)
    head_weights: list[np.ndarray] = field(default_factory=list)
    at: AtDates | None = None
    counts: dict[str, np.ndarray] = field(default_factory=dict)  # weight of samples in each world, by month
    ok_samples: int = 0
    ok_weight: float = 0.0

    def __post_init__(self) -> None:
        self.at = AtDates([self.labels.index(d) for d in self.dates])

    def add(self, chunk: Chunk, weights: np.ndarray | None = None) -> None:
        """Take one chunk; ``weights`` are its samples' calibration weights (None: the prior)."""
        arrays = series_arrays(chunk)
        take = min(self.prefix - sum(len(f) for f in self.head_failed), len(chunk.failed))
        if take > 0:
            for name, array in arrays.items():
                self.head.setdefault(name, []).append(array[:take].copy())
            self.head_failed.append(chunk.failed[:take].copy())
            if weights is not None:
                self.head_weights.append(weights[:take].copy())
        self.at.add(SimpleNamespace(outputs=arrays, failed=chunk.failed, milestones=None), weights)
        ok = ~chunk.failed
        lead = chunk.outputs["lead_months"][ok]
        w = np.ones(int(ok.sum())) if weights is None else weights[ok]
        self.ok_samples += int(ok.sum())
        self.ok_weight += float(w.sum())
        for name, member in WORLDS.items():
            self.counts[name] = self.counts.get(name, 0) + (member(lead) * w[:, None]).sum(axis=0)

    def variables(self) -> dict[str, list[tuple[str, list[str]]]]:
        """Each series variable's extra axes."""
        return {name: extra_axes(parts[0].shape[2:]) for name, parts in self.head.items()}

    def reduce(self) -> tuple[pd.DataFrame, pd.DataFrame | None]:
        """Monthly statistics (long table) and, with ``keep_samples``, per-sample values at the reported months."""
        at_values, bad = self.at.collect()
        bad_head = np.concatenate(self.head_failed)
        head_weights = np.concatenate(self.head_weights)[~bad_head] if self.head_weights else None
        at_weights = self.at.collect_weights()
        frames = [
            self._quantile_rows(name, np.concatenate(parts)[~bad_head], head_weights)
            for name, parts in self.head.items()
        ]
        frames += [self._world_rows(name, at_values["lead_months"], at_weights) for name in WORLDS]
        series = pd.concat(frames, ignore_index=True)[SERIES_COLUMNS]
        return series, (self._sample_rows() if self.keep_samples else None)

    def _quantile_rows(self, name: str, head: np.ndarray, head_weights: np.ndarray | None) -> pd.DataFrame:
        n_months = len(self.labels)
        width = int(np.prod(head.shape[2:], dtype=int))
        stats = np.full((len(STATS), n_months, width), np.nan)
        used = np.full(n_months, len(head))
        if len(head):
            flat = head.reshape(len(head), n_months * width)
            stats[:] = round_all(weighted_statistics(flat, head_weights)).reshape(len(STATS), n_months, width)
        keys = coord_keys(self.variables()[name])
        frame = {
            "coords": np.tile(keys, n_months),
            "time": np.repeat(self.labels, width),
            "samples_used": np.repeat(used, width),
        }
        frame.update({stat: stats[k].ravel() for k, stat in enumerate(STATS)})
        return pd.DataFrame({"scenario": self.scenario, "variable": name, **frame})

    def _world_rows(self, name: str, lead_at: np.ndarray, weights: np.ndarray | None) -> pd.DataFrame:
        n = self.ok_samples
        counts = self.counts.get(name, np.zeros(len(self.labels)))
        value = round_all(counts / self.ok_weight) if self.ok_weight > 0 else np.full(len(self.labels), np.nan)
        for i, month in enumerate(self.at.months):
            p = probability(WORLDS[name](lead_at[:, i]), weights)
            value[month] = np.nan if p is None else p
        frame = {"coords": "{}", "time": self.labels, "samples_used": n, "mean": value}
        frame.update(dict.fromkeys(QUANTILES, np.nan))
        return pd.DataFrame({"scenario": self.scenario, "variable": name, **frame})

    def _sample_rows(self) -> pd.DataFrame:
        failed = np.concatenate(self.at.failed)
        frames = []
        for name, parts in self.at.values.items():
            values = np.concatenate(parts)  # (sample, date, ...) in sample order
            width = int(np.prod(values.shape[2:], dtype=int))
            flat = values.reshape(len(values), len(self.dates), width)
            n = len(values)
            frames.append(
                pd.DataFrame(
                    {
                        "scenario": self.scenario,
                        "sample": np.repeat(np.arange(n), len(self.dates) * width),
                        "failed": np.repeat(failed, len(self.dates) * width),
                        "variable": name,
                        "coords": np.tile(coord_keys(self.variables()[name]), n * len(self.dates)),
                        "time": np.tile(np.repeat(self.dates, width), n),
                        "value": flat.ravel(),
                    }
                )
            )
        return pd.concat(frames, ignore_index=True)[SAMPLE_COLUMNS]
