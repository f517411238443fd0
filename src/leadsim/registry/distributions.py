"""The closed set of distributions a parameter may take, all with named arguments.

Each maps a uniform number in (0, 1) to a value through its quantile function, truncated
to the parameter's hard bounds, so that quasi-random points stay evenly spread. Quantile and
distribution functions are written with ``scipy.special`` (frozen ``scipy.stats`` objects cost
about a millisecond each to build, which dominated sampling).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Annotated, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator
from scipy import special


class _Dist(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)  # strict: a boolean is not a number

    def cdf(self, x: np.ndarray | float) -> np.ndarray:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def quantile(self, u: np.ndarray) -> np.ndarray:  # pragma: no cover - every subclass defines it
        raise NotImplementedError

    def support(self) -> tuple[float, float]:
        """Smallest and largest value the distribution can take (before truncation)."""
        return -np.inf, np.inf

    def sample(self, u: np.ndarray, bounds: tuple[float, float]) -> np.ndarray:
        """Values at uniform points ``u``, truncated to ``bounds`` by rescaling ``u``."""
        lo_u, hi_u = truncation(self, bounds)
        x = self.quantile(lo_u + np.asarray(u) * (hi_u - lo_u))
        return np.clip(x, bounds[0], bounds[1])


@lru_cache(maxsize=4096)
def truncation(dist: _Dist, bounds: tuple[float, float]) -> tuple[np.ndarray, np.ndarray]:
    """The distribution's probabilities at its parameter's bounds, computed once per distribution
    and bounds, not once per chunk (a run samples every parameter in every chunk)."""
    return dist.cdf(bounds[0]), dist.cdf(bounds[1])


class Fixed(_Dist):
    kind: Literal["fixed"]
    value: float

    def sample(self, u: np.ndarray, bounds: tuple[float, float]) -> np.ndarray:
        return np.full(np.shape(u), self.value, dtype=float)

    def cdf(self, x: np.ndarray | float) -> np.ndarray:
        return np.where(np.asarray(x) >= self.value, 1.0, 0.0)

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

    def cdf(self, x: np.ndarray | float) -> np.ndarray:
        return np.clip((np.asarray(x, dtype=float) - self.low) / (self.high - self.low), 0.0, 1.0)

    def quantile(self, u: np.ndarray) -> np.ndarray:
        return self.low + np.asarray(u) * (self.high - self.low)

    def support(self) -> tuple[float, float]:
        return self.low, self.high


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

    def cdf(self, x: np.ndarray | float) -> np.ndarray:
        x = np.clip(np.asarray(x, dtype=float), self.low, self.high)
        width, left, right = self.high - self.low, self.mode - self.low, self.high - self.mode
        with np.errstate(divide="ignore", invalid="ignore"):
            rising = (x - self.low) ** 2 / (width * left)
            falling = 1.0 - (self.high - x) ** 2 / (width * right)
        return np.where(x < self.mode, rising, np.where(right > 0, falling, 1.0))

    def quantile(self, u: np.ndarray) -> np.ndarray:
        u = np.asarray(u, dtype=float)
        width, left, right = self.high - self.low, self.mode - self.low, self.high - self.mode
        split = left / width
        return np.where(u < split, self.low + np.sqrt(u * width * left), self.high - np.sqrt((1.0 - u) * width * right))

    def support(self) -> tuple[float, float]:
        return self.low, self.high


class Normal(_Dist):
    kind: Literal["normal"]
    mean: float
    sd: float = Field(gt=0)

    def cdf(self, x: np.ndarray | float) -> np.ndarray:
        return special.ndtr((np.asarray(x, dtype=float) - self.mean) / self.sd)

    def quantile(self, u: np.ndarray) -> np.ndarray:
        return self.mean + self.sd * special.ndtri(u)


class Beta(_Dist):
    """Beta on [low, high] (default [0, 1]) with shape parameters ``alpha`` and ``beta``."""

    kind: Literal["beta"]
    alpha: float = Field(gt=0)
    beta: float = Field(gt=0)
    low: float = 0.0
    high: float = 1.0

    def cdf(self, x: np.ndarray | float) -> np.ndarray:
        z = np.clip((np.asarray(x, dtype=float) - self.low) / (self.high - self.low), 0.0, 1.0)
        return special.betainc(self.alpha, self.beta, z)

    def quantile(self, u: np.ndarray) -> np.ndarray:
        return self.low + (self.high - self.low) * special.betaincinv(self.alpha, self.beta, u)

    def support(self) -> tuple[float, float]:
        return self.low, self.high


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
        z95 = special.ndtri(0.95)
        return np.log(self.p50 / self.p5) / z95, np.log(self.p95 / self.p50) / z95

    def cdf(self, x: np.ndarray | float) -> np.ndarray:
        lo, hi = self._sigmas()
        logx = np.log(np.maximum(np.asarray(x, dtype=float), np.finfo(float).tiny))
        z = logx - np.log(self.p50)
        return special.ndtr(np.where(z < 0, z / lo, z / hi))

    def quantile(self, u: np.ndarray) -> np.ndarray:
        lo, hi = self._sigmas()
        z = special.ndtri(u)
        return self.p50 * np.exp(np.where(z < 0, z * lo, z * hi))

    def support(self) -> tuple[float, float]:
        return 0.0, float("inf")


Distribution = Annotated[Fixed | Uniform | Triangular | Normal | Beta | Lognormal, Field(discriminator="kind")]
KINDS = (
    "fixed(value), uniform(low, high), triangular(low, mode, high), normal(mean, sd), "
    "beta(alpha, beta[, low, high]), lognormal(p5, p50, p95)"
)
