"""A Gaussian copula: independent uniform points -> points whose normal scores carry the registry's correlations.

Each sample (row) is transformed on its own with elementwise operations, never a matrix
product over the sample axis, so the bytes of a sample do not depend on how many samples are
transformed at once (any chunking gives the same numbers). Columns of parameters that no
declared pair involves pass through untouched; each marginal stays uniform, so every parameter
keeps exactly its registry distribution.

References
----------
Iman and Conover (1982), A distribution-free approach to inducing rank correlation among input
variables, Commun. Stat. Simul. Comput. 11(3).
"""

from __future__ import annotations

import numpy as np
from scipy import special

from leadsim.registry import Registry
from leadsim.registry.correlations import matrix


def factor(registry: Registry) -> tuple[tuple[int, ...], np.ndarray]:
    """Columns involved in a declared pair, and the Cholesky factor of their normal-score correlations."""
    names = registry.names
    involved = tuple(sorted({names.index(n) for pair in registry.correlations for n in pair.parameters}))
    return involved, np.linalg.cholesky(matrix(registry.correlations, [names[i] for i in involved]))


def correlate(points: np.ndarray, registry: Registry) -> np.ndarray:
    """Uniform points ``(sample, parameter)`` in registry order, with the declared rank correlations."""
    if not registry.correlations:
        return points
    involved, lower = factor(registry)
    scores = special.ndtri(points[:, involved])
    out = points.copy()
    for row, column in enumerate(involved):
        if not np.any(lower[row, :row]):
            continue  # tied to nothing before it: its own score, unchanged
        mixed = lower[row, row] * scores[:, row]
        for k in range(row):
            mixed = mixed + lower[row, k] * scores[:, k]
        out[:, column] = special.ndtr(mixed)
    edge = np.finfo(float).eps
    return np.clip(out, edge, 1.0 - edge)
