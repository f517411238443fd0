"""Check a scenario against history: is the members' own simulated 2023-2025 still plausible under it?

The members were accepted on the history of the scenario they were matched with. A scenario
that overrides parameters, or sets levers before 2026, simulates another history for the same
members; when more than half of them then sit above the implausibility cutoff, the scenario
contradicts what was observed, and the run says so with the figures of the observation most
often missed (the members' median against the observed value).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from leadsim.calibration.matching import Calibration
from leadsim.calibration.measures import MEASURES
from leadsim.engine.ensemble import Chunk

IMPLAUSIBLE_SHARE = 0.5  # warn when more than this share of the members have an implausible history


@dataclass(frozen=True)
class HistoryValues:
    """A chunk's model values of the used observations, ``(sample, observation)``: what each chunk sends
    back for the check (small and picklable: it runs where the chunk was simulated, or on a Dask worker)."""

    calibration: Calibration

    def __call__(self, chunk: Chunk) -> np.ndarray:
        return self.calibration.values(chunk)


@dataclass
class HistoryCheck:
    """An observer of one scenario's run (``analysis.summary.Observer``): ``take`` reduces each chunk,
    ``merge`` gets the parts in sample order; then read ``result`` and ``message``."""

    calibration: Calibration
    values: list[np.ndarray] = field(default_factory=list)

    @property
    def take(self) -> HistoryValues:
        return HistoryValues(self.calibration)

    def merge(self, part: np.ndarray) -> None:
        self.values.append(part)

    def finish(self, kept: object) -> None:
        """Nothing more to do at the end of the run (the values are all merged)."""

    def result(self) -> dict:
        """Share of the members whose history is implausible, and the observation most often missed."""
        values = np.concatenate(self.values) if self.values else np.empty((0, len(self.calibration.used)))
        scores = self.calibration.scores(values)
        with np.errstate(invalid="ignore"):
            above = ~(scores <= self.calibration.cutoff)  # NaN (a failed history) counts as implausible
        if not len(values):
            return {"implausible_history": 0.0}
        worst = int(np.argmax(above.mean(axis=0))) if above.size else None
        out = {"implausible_history": float(f"{above.any(axis=1).mean():.6g}")}
        if worst is not None:
            obs = self.calibration.used[worst]
            median = float(np.nanmedian(values[:, worst])) if np.isfinite(values[:, worst]).any() else None
            out["most_missed"] = {"name": obs.name, "median": median, "observed": obs.entry.value}
        return out

    def message(self, scenario: str) -> str | None:
        """The warning when more than half of the members' histories are implausible, else None."""
        found = self.result()
        if found["implausible_history"] <= IMPLAUSIBLE_SHARE:
            return None
        missed = found["most_missed"]
        obs = next(o for o in self.calibration.used if o.name == missed["name"])
        unit = MEASURES[obs.entry.measure].unit
        median = "not finite" if missed["median"] is None else f"{missed['median']:.3g} {unit}"
        return (
            f"scenario {scenario}: its simulated 2023-2025 history is implausible for "
            f"{100 * found['implausible_history']:.0f}% of the calibrated members (implausibility above "
            f"{self.calibration.cutoff:g}): its {obs.name} ({obs.entry.description.rstrip('.')}) is "
            f"{median} at the members' median; observed {obs.entry.value:g} {unit}"
        )
