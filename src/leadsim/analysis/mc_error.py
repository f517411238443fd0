"""Monte Carlo error of an ensemble's figures: how much they would move with another draw of the same size.

Every figure is computed from a finite ensemble; its standard error says how far it may sit
from the figure an endless ensemble of the same model would give.

- **Effective samples** (Kish): ``(sum w)^2 / sum w^2`` over the weights of the samples used.
  A run's samples are distinct calibrated members (or prior points), each used once, so this
  is the number of samples that did not fail.
- **A probability** p from n effective samples: the half-width at one standard deviation of
  the Wilson score interval, ``sqrt(p (1 - p) / n + 1 / (4 n^2)) / (1 + 1 / n)``. It equals
  the binomial ``sqrt(p (1 - p) / n)`` for large n, and stays above zero when p is 0 or 1
  (where the binomial formula would claim certainty from a finite ensemble).
- **The median**, by Woodruff's method: the empirical distribution function at the median has
  a standard error ``d = 0.5 / sqrt(n)``, so the median's standard error is half the distance
  between the quantiles at ``0.5 - d`` and ``0.5 + d``. It uses the sorted values only, so it
  is the same bytes for any chunk size.

Quasi-random (Sobol) prior points converge faster than independent draws, so these errors are
conservative for ``--prior`` runs; the calibrated members are a random sample of the
constrained ensemble, for which they are the usual errors.

References
----------
Kish (1965), Survey Sampling, Wiley. Wilson (1927), Probable inference, the law of succession,
and statistical inference, JASA 22(158). Woodruff (1952), Confidence intervals for medians and
other position measures, JASA 47(260).
"""

from __future__ import annotations

import numpy as np

from leadsim.engine.reducers import rounded

LOW_EFFECTIVE = 500  # below this many effective samples, a run warns that its figures are rough


def effective_samples(multiplicity: np.ndarray) -> float:
    """Kish's effective sample size over how many times each sample's member (or prior point) is used.

    A run draws distinct members (or distinct Sobol points), each once, so this is the number of
    samples used; it would fall if a member were repeated.
    """
    return float(multiplicity.sum() ** 2 / np.square(multiplicity).sum()) if multiplicity.size else 0.0


def probability_se(p: float | None, n: float) -> float | None:
    """Standard error of a probability ``p`` estimated from ``n`` effective samples (Wilson, one sd)."""
    if p is None or not n > 0:
        return None
    return rounded(np.sqrt(p * (1.0 - p) / n + 1.0 / (4.0 * n * n)) / (1.0 + 1.0 / n))


def median_se(values: np.ndarray, n: float) -> float | None:
    """Standard error of the median of ``values`` from ``n`` effective samples (Woodruff)."""
    if values.size == 0 or not n > 0:
        return None
    d = min(0.5 / np.sqrt(n), 0.5)
    low, high = np.percentile(values, [100 * (0.5 - d), 100 * (0.5 + d)])
    return rounded((high - low) / 2.0)


def low_effective_message(name: str, n: float) -> str | None:
    """The warning for a scenario whose effective sample size is below ``LOW_EFFECTIVE``."""
    if n >= LOW_EFFECTIVE:
        return None
    return (
        f"scenario {name}: effective sample size {n:.0f} is below {LOW_EFFECTIVE}; its probabilities and "
        "quantiles are rough (see mc_error in the JSON); use more --samples"
    )
