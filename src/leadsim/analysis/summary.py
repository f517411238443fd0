"""Summaries of an ensemble at chosen months: quantiles, the essay's two worlds, dials, failures."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

import numpy as np

from leadsim.analysis.events import FirstChinaLead, events_json
from leadsim.analysis.mc_error import effective_samples, median_se, probability_se
from leadsim.dims import BLOCS, CONTROLLED, REGIONS, SUPPLIER, bloc_index
from leadsim.engine.ensemble import Chunk, EnsembleJob, run_ensemble
from leadsim.engine.executor import Executor
from leadsim.engine.reducers import AtDates, Kept, Select, Values, month_quantiles, probability, quantiles, rounded
from leadsim.engine.spec import RunSpec
from leadsim.model.outputs import LEAD_AT_LEAST, LEAD_AT_MOST, MILESTONES
from leadsim.registry import Registry
from leadsim.scenarios import Scenario

BY_BLOC = ("adoption", "global_share", "resilience", "safety_margin_months")  # dials reported {BLOC: {DATE: Q}}


@dataclass
class ScenarioSummary:
    """An ensemble reduced to the chosen months."""

    scenario: Scenario
    dates: list[str]
    values: dict[str, np.ndarray]  # output -> (ok sample, date, ...)
    failed_samples: int
    weights: np.ndarray | None = None  # weight of each ok sample; None: equally weighted (members or prior points)
    milestones: np.ndarray | None = None  # (ok sample, milestone, bloc) first-reach month index; NaN: never
    failed: np.ndarray | None = None  # (sample,) bool over every sample, in sample order: which failed
    calibration: dict | None = None  # how the samples were calibrated (the members' check); None: the prior
    first_china_lead: np.ndarray | None = None  # (ok sample,) first month index with lead < 0; NaN: never

    def to_json(self) -> dict:
        lead = self.values["lead_months"]
        out = {
            "lead_months": self._by_date(lead, quantiles),
            "p_lead_at_least_12": self._by_date(lead >= LEAD_AT_LEAST, probability),
            "p_lead_at_most_3": self._by_date(lead <= LEAD_AT_MOST, probability),
            "compute_ratio": self._by_date(self.values["compute_ratio"], quantiles),
            "compute_ratio_owned": self._by_date(self.values["compute_ratio_owned"], quantiles),
        }
        out |= {name: self._by_bloc(self.values[name]) for name in BY_BLOC if name in self.values}
        if "global_share_by_region" in self.values:
            share = self.values["global_share_by_region"]
            out["global_share_by_region"] = {r: self._by_bloc(share[:, :, i]) for i, r in enumerate(REGIONS)}
        if self.milestones is not None:
            out["milestones"] = self._milestones()
        if self.first_china_lead is not None:
            out |= events_json(self.first_china_lead, self.dates, self.weights)
        out |= {"failed_samples": self.failed_samples, "calibration": self.calibration_json()}
        return out | {"effective_samples": self.effective_samples, "mc_error": self.mc_error(out)}

    @property
    def effective_samples(self) -> float:
        """Kish's effective size of the samples used (see analysis/mc_error.py)."""
        used = np.ones(len(self.values["lead_months"])) if self.weights is None else self.weights
        return rounded(effective_samples(used))

    def mc_error(self, figures: dict) -> dict:
        """Standard errors of the essay's two probabilities and of the median lead, by date."""
        n = self.effective_samples
        lead = self.values["lead_months"]
        return {
            **{
                key: {date: probability_se(p, n) for date, p in figures[key].items()}
                for key in ("p_lead_at_least_12", "p_lead_at_most_3", "p_china_leads_by")
                if key in figures
            },
            "lead_months_p50": {date: median_se(lead[:, i], n) for i, date in enumerate(self.dates)},
        }

    def calibration_json(self) -> dict:
        """Whether the samples are calibrated members, their effective size, and how many the scenario's
        own history puts above the cutoff (``implausible_history``; none are left out)."""
        if self.calibration is None:
            return {"calibrated": False}
        return {"calibrated": True, "effective_sample_size": self.effective_samples, "ruled_out": 0} | self.calibration

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


REPORTED = ("lead_months", "compute_ratio", "compute_ratio_owned", *BY_BLOC, "global_share_by_region")  # kept


class Observer(Protocol):
    """Something more to reduce from every chunk of a scenario beside its summary (the run store's
    series, the check of the scenario's history).

    ``take(chunk)`` runs where the chunk was simulated (this process or a Dask worker) and must be
    small and picklable; ``merge`` gets its results in sample order; ``finish`` gets the summary's
    values at the end.
    """

    take: Callable[[Chunk], object]

    def merge(self, part: object) -> None: ...

    def finish(self, kept: Kept) -> None: ...


@dataclass(frozen=True)
class SummaryTake:
    """What one chunk sends back for a summary: its values at the reported months, and what each
    observer takes. Runs in this process or on a Dask worker."""

    select: Select
    takes: tuple[Callable[[Chunk], object], ...] = ()

    def __call__(self, chunk: Chunk) -> tuple[Values, tuple]:
        return self.select(chunk), tuple(take(chunk) for take in self.takes)


def summarize(
    registry: Registry,
    scenario: Scenario,
    spec: RunSpec,
    *,
    executor: Executor | None = None,
    advance: Callable[[int], None] | None = None,
    observers: Sequence[Observer] = (),
) -> ScenarioSummary:
    """Run the ensemble chunk by chunk and keep only what the summary reports at the reported months
    (and milestone months), in arrays allocated once for the whole ensemble.

    The samples are the calibrated members unless ``spec.prior`` (every sample equally
    weighted either way). Each observer reduces more from every chunk.
    """
    keep = AtDates(spec.samples, spec.months, REPORTED)
    events = FirstChinaLead(spec.samples)
    observers = (*observers, events)
    take = SummaryTake(keep.select, tuple(o.take for o in observers))

    def merge(part: tuple[Values, tuple]) -> None:
        keep.merge(part[0])
        for observer, extra in zip(observers, part[1], strict=True):
            observer.merge(extra)

    run_ensemble(executor or Executor(), EnsembleJob(registry, scenario, spec, take), merge, advance=advance)
    kept = keep.collect()
    for observer in observers:
        observer.finish(kept)
    failed = int(kept.failed.sum())
    return ScenarioSummary(
        scenario, list(spec.at), kept.values, failed, None, kept.milestones, kept.failed, None, events.first
    )
