"""Variance-based (Sobol) and moment-independent (delta) indices through SALib, seeded so the bytes repeat.

The Sobol design is SALib's Saltelli scheme on a scrambled Sobol sequence without second-order
terms: per base sample one block of rows ``A, AB_1 .. AB_k, B`` (``k`` factors or groups). A row
whose model value is not finite (a failed trajectory) takes its whole block out: the estimators
pair every row of a block, so the indices come from the complete blocks, and the document counts
what was dropped. Confidence intervals are SALib's bootstrap over base samples at ``CONF_LEVEL``.

SALib seeds its bootstrap only for a non-zero seed, and its delta measure through NumPy's global
generator; seeds are therefore derived (never zero) and the global state is put back afterwards.
The delta's thousands of tiny kernel-density solves run with one BLAS thread: with BLAS threads
competing on a busy two-core machine one parameter took 17.5 s instead of 1.3 s. SALib prints its
binning notes to stdout; they are swallowed so a JSON document stays the only output.

References
----------
Saltelli et al. (2010), Variance based sensitivity analysis of model output. Design and estimator
for the total sensitivity index, Comput. Phys. Commun. 181(2). Borgonovo (2007), A new
uncertainty importance measure, Reliab. Eng. Syst. Saf. 92(6). Herman and Usher (2017), SALib:
an open-source Python library for sensitivity analysis, JOSS 2(9).
"""

from __future__ import annotations

import contextlib
import io
import warnings
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from SALib.analyze import delta as salib_delta
from SALib.analyze import sobol as salib_sobol
from SALib.sample import sobol as salib_sample
from threadpoolctl import threadpool_limits

from leadsim.engine.reducers import rounded

CONF_LEVEL = 0.95  # confidence level of every interval
RESAMPLES = 100  # bootstrap resamples behind each interval


def derived_seed(*keys: int) -> int:
    """A non-zero 32-bit seed from the run's seed and a position (SALib skips seeding for 0)."""
    return int(np.random.SeedSequence(list(keys)).generate_state(1)[0]) or 1


def labels(problem: dict) -> list[str]:
    """The factor (or group) labels in SALib's order: first appearance."""
    return list(dict.fromkeys(problem.get("groups") or problem["names"]))


def saltelli_design(problem: dict, base_samples: int, seed: int) -> np.ndarray:
    """The design ``(base_samples * (factors + 2), num_vars)`` in the problem's bounds."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # SALib's notes on sequence length; checked by the caller
        return salib_sample.sample(problem, base_samples, calc_second_order=False, scramble=True, seed=seed)


def sobol_indices(problem: dict, values: np.ndarray, *, seed: int) -> dict:
    """``S1``, ``S1_conf``, ``ST``, ``ST_conf`` per label from the design's model values (NaN: failed), and
    what failed: ``{"indices": {LABEL: {...}}, "failed": {...}}``."""
    names = labels(problem)
    blocks = np.asarray(values, dtype=float).reshape(-1, len(names) + 2)
    complete = np.isfinite(blocks).all(axis=1)
    used = blocks[complete]
    failed = {"trajectories": int((~np.isfinite(blocks)).sum()), "base_samples_dropped": int((~complete).sum()),
              "base_samples_used": int(complete.sum())}  # fmt: skip
    empty = dict.fromkeys(("S1", "S1_conf", "ST", "ST_conf"))
    if used.shape[0] < 2 or np.ptp(used) == 0:  # nothing varies: no variance to share out
        return {"indices": {n: dict(empty) for n in names}, "failed": failed}
    with np.errstate(all="ignore"):
        result = salib_sobol.analyze(problem, used.ravel(), calc_second_order=False, num_resamples=RESAMPLES,
                                     conf_level=CONF_LEVEL, seed=derived_seed(seed))  # fmt: skip
    indices = {n: {k: rounded(float(result[k][i])) for k in empty} for i, n in enumerate(names)}
    return {"indices": indices, "failed": failed}


def sobol(problem: dict, model: Callable[[np.ndarray], np.ndarray], *, base_samples: int, seed: int) -> dict:
    """Sobol indices of ``model`` (design rows -> values) on its Saltelli design: what ``leadsim sensitivity``
    does with chunks of simulations in place of ``model`` (the Ishigami test runs through here)."""
    design = saltelli_design(problem, base_samples, seed)
    return sobol_indices(problem, model(design), seed=seed)


@dataclass(frozen=True)
class DeltaData:
    """Given data for the delta measure (picklable, for an executor): inputs ``(sample, factor)``, outputs."""

    names: tuple[str, ...]
    inputs: np.ndarray
    values: np.ndarray
    seed: int


def delta_one(data: DeltaData, column: int) -> dict:
    """Borgonovo's delta (SALib's bias-reduced ``raw`` bootstrap, on the data as given) and the given-data
    first-order index of one input, each with its interval half-width."""
    x, y = data.inputs[:, column], data.values
    keep = np.isfinite(y)
    empty = dict.fromkeys(("delta", "delta_conf", "S1", "S1_conf"))
    if keep.sum() < 2 or np.ptp(x[keep]) == 0 or np.ptp(y[keep]) == 0:
        return empty
    problem = {"num_vars": 1, "names": [f"x{column}"], "bounds": [[float(x[keep].min()), float(x[keep].max())]]}
    state, formatter = np.random.get_state(), warnings.formatwarning
    try:
        quiet = contextlib.redirect_stdout(io.StringIO())
        # record=True keeps SALib's notes off the screen (it turns its own "once" filter on inside)
        with warnings.catch_warnings(record=True), np.errstate(all="ignore"), threadpool_limits(1, "blas"), quiet:
            result = salib_delta.analyze(problem, x[keep, None], y[keep], num_resamples=RESAMPLES,
                                         conf_level=CONF_LEVEL, seed=derived_seed(data.seed, column))  # fmt: skip
    finally:
        np.random.set_state(state)
        warnings.formatwarning = formatter
    keys = {"delta": "delta_raw", "delta_conf": "delta_raw_conf", "S1": "S1", "S1_conf": "S1_conf"}
    return {k: rounded(float(result[v][0])) for k, v in keys.items()}
