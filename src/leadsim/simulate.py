"""The only time loop: every sample stepped month by month, compiled and parallel over samples."""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from leadsim.model.inputs import Inputs
from leadsim.model.state import RECORD, STATE
from leadsim.model.step import initial, step

Trajectories = dict[str, np.ndarray]


@njit(parallel=True, cache=True, error_model="numpy")
def run_kernel(scalars, per_bloc, levers, licensed, supplier, controlled, record):
    """Fill ``record`` (sample, time, field, bloc); samples are independent, so any thread count
    and any chunking give the same numbers."""
    n_samples, n_months, _, n_blocs = record.shape
    for i in prange(n_samples):
        st = np.empty((len(STATE), n_blocs))
        inflow = np.empty(n_blocs)
        teacher = np.empty(n_blocs)
        p, pb, lic, r = scalars[i], per_bloc[i], licensed[:, i], record[i]
        initial(p, pb, levers, lic, st, r, inflow, supplier, controlled)
        for t in range(1, n_months):
            step(t, p, pb, levers, lic, st, r, inflow, teacher, supplier, controlled)


def simulate(inp: Inputs) -> Trajectories:
    """Every recorded quantity over time, each an array ``(sample, time, bloc)``."""
    k = inp.kernel
    n_samples, _, n_blocs = k.per_bloc.shape
    record = np.empty((n_samples, inp.n_months, len(RECORD), n_blocs))
    licensed = np.ascontiguousarray(k.licensed.T).T  # (time, sample) view with samples contiguous per month
    run_kernel(k.scalars, k.per_bloc, k.levers, licensed, k.supplier, k.controlled, record)
    return {name: record[:, :, field] for field, name in enumerate(RECORD)}
