"""Events along each sample's trajectory: when China first leads (the lead in months below zero).

Each sample keeps one number while the chunks stream, the first month its lead is negative
(NaN: never within the horizon), so the figures use the whole trajectory, not only the reported
months, at the memory cost of one float per sample.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leadsim.calendar import parse_month
from leadsim.engine.ensemble import Chunk
from leadsim.engine.reducers import Kept, month_quantiles, probability


def first_negative(lead: np.ndarray) -> np.ndarray:
    """``(sample,)`` first month index at which ``lead (sample, time)`` is below zero; NaN: never."""
    below = lead < 0
    first = np.argmax(below, axis=1).astype(float)
    first[~below.any(axis=1)] = np.nan
    return first


@dataclass(frozen=True)
class FirstNegativeLead:
    """What each chunk sends back for the events: where it starts, and each sample's first month with
    China ahead (small and picklable: it runs where the chunk was simulated, or on a Dask worker)."""

    def __call__(self, chunk: Chunk) -> tuple[int, np.ndarray]:
        return chunk.start, first_negative(chunk.outputs["lead_months"])


class FirstChinaLead:
    """An observer of a summary's run (``analysis.summary.Observer``): each sample's first month with
    China ahead, in one array for the ensemble; ``first`` holds the samples that did not fail."""

    take = FirstNegativeLead()

    def __init__(self, samples: int) -> None:
        self.all = np.full(samples, np.nan)
        self.first: np.ndarray | None = None

    def merge(self, part: tuple[int, np.ndarray]) -> None:
        start, first = part
        self.all[start : start + len(first)] = first

    def finish(self, kept: Kept) -> None:
        self.first = self.all[~kept.failed]


def events_json(first: np.ndarray, dates: list[str], weights: np.ndarray | None = None) -> dict:
    """``{"p_china_leads_by": {DATE: p}, "first_china_lead": {"p_never": p, "p50": "YYYY-MM" | None}}``.

    P(China ahead in at least one month up to DATE); the median first month is null when China
    leads in fewer than half of the samples by the horizon.
    """
    reach = np.where(np.isfinite(first), first, np.inf)
    by = {date: probability(reach <= parse_month(date), weights) for date in dates}
    months = month_quantiles(first, weights)
    never = None if months["p_reached"] is None else probability(~np.isfinite(first), weights)
    return {"p_china_leads_by": by, "first_china_lead": {"p_never": never, "p50": months["p50"]}}
