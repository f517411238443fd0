"""Events along each sample's trajectory: when China first leads (the lead in months below zero).

Each sample keeps one number while the chunks stream, the first month its lead is negative
(NaN: never within the horizon), so the figures use the whole trajectory, not only the reported
months, at the memory cost of one float per sample.
"""

from __future__ import annotations

import numpy as np

from leadsim.calendar import parse_month
from leadsim.engine.reducers import month_quantiles, probability


def first_negative(lead: np.ndarray) -> np.ndarray:
    """``(sample,)`` first month index at which ``lead (sample, time)`` is below zero; NaN: never."""
    below = lead < 0
    first = np.argmax(below, axis=1).astype(float)
    first[~below.any(axis=1)] = np.nan
    return first


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
