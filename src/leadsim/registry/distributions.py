"""The closed set of distributions a parameter may take, all with named arguments.

Each maps a uniform number in (0, 1) to a value through its quantile function, truncated
to the parameter's hard bounds, so that quasi-random points stay evenly spread.
"""

from __future__ import annotations

from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator
from scipy import stats


class _Dist(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    def _frozen(self):  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def cdf(self, x: np.ndarray | float) -> np.ndarray:
        return self._frozen().cdf(x)

    def quantile(self, u: np.ndarray) -> np.ndarray:
        return self._frozen().ppf(u)

    def support(self) -> tuple[float, float]:
        """Smallest and largest value the distribution can take (before truncation)."""
        lo, hi = self._frozen().support()
        return float(lo), float(hi)

    def sample(self, u: np.ndarray, bounds: tuple[float, float]) -> np.ndarray:
        """Values at uniform points ``u``, truncated to ``bounds`` by rescaling ``u``."""
        lo_u, hi_u = self.cdf(bounds[0]), self.cdf(bounds[1])
        x = self.quantile(lo_u + np.asarray(u) * (hi_u - lo_u))
        return np.clip(x, bounds[0], bounds[1])


class Fixed(_Dist):
    kind: Literal["fixed"]
    value: float

    def sample(self, u: np.ndarray, bounds: tuple[float, float]) -> np.ndarray:
        return np.full(np.shape(u), self.value, dtype=float)

    def support(self) -> tuple[float, float]:
        return self.value, self.value


class Uniform(_Dist):
    kind: Literal["uniform"]
    low: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Uniform:
        if not self.low < self.high:
            raise ValueError(f"uniform needs low < high, got low={self.low}, high={self.high}")
        return self

    def _frozen(self):
        return stats.uniform(loc=self.low, scale=self.high - self.low)


class Triangular(_Dist):
    kind: Literal["triangular"]
    low: float
    mode: float
    high: float

    @model_validator(mode="after")
    def _ordered(self) -> Triangular:
        if not (self.low <= self.mode <= self.high and self.low < self.high):
            raise ValueError("triangular needs low <= mode <= high and low < high")
        return self

    def _frozen(self):
        width = self.high - self.low
        return stats.triang(c=(self.mode - self.low) / width, loc=self.low, scale=width)


class Normal(_Dist):
    kind: Literal["normal"]
    mean: float
    sd: float = Field(gt=0)

    def _frozen(self):
        return stats.norm(loc=self.mean, scale=self.sd)


class Beta(_Dist):
    """Beta on [low, high] (default [0, 1]) with shape parameters ``alpha`` and ``beta``."""

    kind: Literal["beta"]
    alpha: float = Field(gt=0)
    beta: float = Field(gt=0)
    low: float = 0.0
    high: float = 1.0

    def _frozen(self):
        return stats.beta(a=self.alpha, b=self.beta, loc=self.low, scale=self.high - self.low)


class Lognormal(_Dist):
    """Two-piece lognormal through three quantiles: median ``p50``, 5th ``p5``, 95th ``p95``.

    Sources usually give a central figure and an asymmetric range; a single lognormal
    can honour only two of the three, so the spread below the median comes from
    ``p50/p5`` and the spread above from ``p95/p50``.
    """

    kind: Literal["lognormal"]
    p5: float = Field(gt=0)
    p50: float = Field(gt=0)
    p95: float = Field(gt=0)

    @model_validator(mode="after")
    def _ordered(self) -> Lognormal:
        if not self.p5 < self.p50 < self.p95:
            raise ValueError(f"lognormal needs 0 < p5 < p50 < p95, got {self.p5}, {self.p50}, {self.p95}")
        return self

    def _sigmas(self) -> tuple[float, float]:
        z95 = stats.norm.ppf(0.95)
        return np.log(self.p50 / self.p5) / z95, np.log(self.p95 / self.p50) / z95

    def cdf(self, x: np.ndarray | float) -> np.ndarray:
        lo, hi = self._sigmas()
        logx = np.log(np.maximum(np.asarray(x, dtype=float), np.finfo(float).tiny))
        z = logx - np.log(self.p50)
        return stats.norm.cdf(np.where(z < 0, z / lo, z / hi))

    def quantile(self, u: np.ndarray) -> np.ndarray:
        lo, hi = self._sigmas()
        z = stats.norm.ppf(u)
        return self.p50 * np.exp(np.where(z < 0, z * lo, z * hi))

    def support(self) -> tuple[float, float]:
        return 0.0, float("inf")


Distribution = Annotated[Fixed | Uniform | Triangular | Normal | Beta | Lognormal, Field(discriminator="kind")]
KINDS = (
    "fixed(value), uniform(low, high), triangular(low, mode, high), normal(mean, sd), "
    "beta(alpha, beta[, low, high]), lognormal(p5, p50, p95)"
)
