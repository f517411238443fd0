"""Paired differences against a baseline scenario: per sample, the same member under two scenarios.

Every scenario of a run draws the same samples (the same calibrated members, or the same prior
points) in the same order, so a scenario's lead minus the baseline's lead, sample by sample, is
the effect of what differs between them with everything else held fixed; the compute ratio is
divided by the baseline's. Samples that failed in either scenario are left out of the pair.
"""

from __future__ import annotations

import numpy as np

from leadsim.analysis.summary import ScenarioSummary
from leadsim.engine.reducers import probability, quantiles


def aligned(summary: ScenarioSummary, both: np.ndarray, name: str) -> np.ndarray:
    """The summary's values of ``name`` for the samples ok in both scenarios, in sample order."""
    return summary.values[name][both[~summary.failed]]


def paired(summary: ScenarioSummary, base: ScenarioSummary) -> dict:
    """One scenario against the baseline: ``{"lead_months": {DATE: Q}, "p_positive": {DATE: p},
    "compute_ratio": {DATE: Q}, "pairs": n}``."""
    both = ~summary.failed & ~base.failed
    lead = aligned(summary, both, "lead_months") - aligned(base, both, "lead_months")
    with np.errstate(divide="ignore", invalid="ignore"):
        ratio = aligned(summary, both, "compute_ratio") / aligned(base, both, "compute_ratio")
    dates = summary.dates
    return {
        "lead_months": {d: quantiles(lead[:, i]) for i, d in enumerate(dates)},
        "p_positive": {d: probability(lead[:, i] > 0) for i, d in enumerate(dates)},
        "compute_ratio": {d: quantiles(ratio[:, i]) for i, d in enumerate(dates)},
        "pairs": int(both.sum()),
    }


def differences(summaries: list[ScenarioSummary], baseline: str) -> dict:
    """``{NAME: paired(NAME, baseline)}`` for every scenario but the baseline."""
    base = next(s for s in summaries if s.scenario.name == baseline)
    return {s.scenario.name: paired(s, base) for s in summaries if s.scenario.name != baseline}
