"""History matching: score each sample's own simulated history against the observations.

For sample i and observation j, with model value m_ij and observed value z_j (log10 of
both on log-scale measures), the implausibility is

    I_ij = |m_ij - z_j| / sqrt(sd_j^2 + d_j^2)

with sd_j the observation's standard deviation and d_j the model-discrepancy standard
deviation of its measure (one-sided observations count only the distance past their
bound). A sample whose largest implausibility exceeds the cutoff (3, the three-sigma rule)
is ruled out; the others are "not ruled out yet" and, in the constrained ensemble, equally
weighted (calibration/waves.py). A sample with a non-finite history is ruled out.

References
----------
Vernon, Goldstein and Bower (2010), Galaxy formation: a Bayesian uncertainty analysis,
Bayesian Analysis 5(4). Pukelsheim (1994), The three sigma rule, Am. Statistician 48(2).
Craig, Goldstein, Seheult and Smith (1997), Pressure matching for hydrocarbon reservoirs,
Case Studies in Bayesian Statistics III.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leadsim.calendar import format_month
from leadsim.calibration.measures import MEASURES
from leadsim.calibration.observations import Observation, Observations
from leadsim.engine.ensemble import Chunk
from leadsim.errors import LeadsimError, problem


def model_values(chunk: Chunk, observations: tuple[Observation, ...]) -> np.ndarray:
    """Each sample's value of each observation's measure over its period, ``(sample, observation)``."""
    columns = [MEASURES[o.entry.measure].function(chunk, o.first, o.last) for o in observations]
    return np.stack(columns, axis=1) if columns else np.empty((len(chunk.failed), 0))


def residuals(values: np.ndarray, observations: tuple[Observation, ...]) -> np.ndarray:
    """Model minus observed in comparison units (log10 on the log scale); a bound counts only beyond it."""
    out = np.empty_like(values)
    for j, o in enumerate(observations):
        log = o.scale == "log"
        with np.errstate(divide="ignore", invalid="ignore"):
            model = np.log10(values[:, j]) if log else values[:, j]
        diff = model - (np.log10(o.entry.value) if log else o.entry.value)
        if o.entry.bound == "upper":
            diff = np.maximum(diff, 0.0)
        elif o.entry.bound == "lower":
            diff = np.minimum(diff, 0.0)
        out[:, j] = diff
    return out


def total_sd(observations: tuple[Observation, ...], discrepancy: dict[str, float]) -> np.ndarray:
    """sqrt(observation variance + discrepancy variance) of each observation, in comparison units."""
    return np.array([np.hypot(o.sd, discrepancy[o.entry.measure]) for o in observations])


def implausibility(values: np.ndarray, observations: tuple[Observation, ...], discrepancy: dict[str, float]):
    """|model - observed| over the combined sd, ``(sample, observation)``; NaN where the model is not finite."""
    with np.errstate(invalid="ignore"):
        return np.abs(residuals(values, observations)) / total_sd(observations, discrepancy)


def effective_sample_size(weights: np.ndarray) -> float:
    """Kish's effective sample size (sum w)^2 / sum w^2; 0 when every weight is 0."""
    if not weights.sum() > 0:
        return 0.0
    w = weights / weights.max()  # scaled first, so tiny weights do not underflow when squared
    return float(w.sum() ** 2 / np.square(w).sum())


@dataclass(frozen=True)
class Calibration:
    """Observations (up to a month, or all) and the cutoff that rules samples out."""

    observations: Observations
    until: int | None = None  # month index: use only observations dated at or before it

    @property
    def used(self) -> tuple[Observation, ...]:
        return self.observations.until(self.until)

    @property
    def cutoff(self) -> float:
        return self.observations.settings.cutoff

    def scores(self, values: np.ndarray) -> np.ndarray:
        """Implausibility ``(sample, used observation)`` from model values of the used observations."""
        return implausibility(values, self.used, self.observations.discrepancy)

    def accepted(self, values: np.ndarray) -> np.ndarray:
        """Not ruled out: every used observation's implausibility at or below the cutoff (NaN: out)."""
        with np.errstate(invalid="ignore"):
            return (self.scores(values) <= self.cutoff).all(axis=1)

    def values(self, chunk: Chunk) -> np.ndarray:
        """Model values of the used observations on a chunk's own simulated history, ``(sample, observation)``."""
        simulated = chunk.trajectories["frontier"].shape[1]
        last = max((o.last for o in self.used), default=-1)
        if last >= simulated:
            horizon = format_month(simulated - 1)
            raise LeadsimError(problem("option --horizon", "value", horizon, f"{format_month(last)} or later"))
        with np.errstate(all="ignore"):
            return model_values(chunk, self.used)
