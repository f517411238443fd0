"""The time loops: the core compiled and parallel over samples, then the dials, which read it.

The dials never feed back into the core, so they run after it, month by month, vectorised
over samples with NumPy.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from leadsim.model.dials.step import DialInputs, advance_dials, initial_dials
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


def simulate_dials(dl: DialInputs, frontier: np.ndarray, usable: np.ndarray, supplier: int) -> Trajectories:
    """Adoption and resilience ``(sample, time, bloc)`` and usage shares ``(sample, time, region, bloc)``."""
    reference = frontier[:, 0, supplier]
    adoption, resilience, share = initial_dials(dl, frontier[:, 0], usable[:, 0], reference)
    out = {
        "adoption": np.empty(frontier.shape),
        "resilience": np.empty(frontier.shape),
        "global_share_by_region": np.empty((frontier.shape[0], frontier.shape[1], *share.shape[1:])),
    }
    for t in range(frontier.shape[1]):
        if t:
            adoption, resilience, share = advance_dials(adoption, share, t, dl, frontier[:, t], usable[:, t], reference)
        out["adoption"][:, t], out["resilience"][:, t], out["global_share_by_region"][:, t] = (
            adoption,
            resilience,
            share,
        )
    return out


def simulate_core(inp: Inputs) -> Trajectories:
    """The three switches and capability: each recorded quantity an array ``(sample, time, bloc)``."""
    k = inp.kernel
    n_samples, _, n_blocs = k.per_bloc.shape
    record = np.empty((n_samples, inp.n_months, len(RECORD), n_blocs))
    licensed = np.ascontiguousarray(k.licensed.T).T  # (time, sample) view with samples contiguous per month
    run_kernel(k.scalars, k.per_bloc, k.levers, licensed, k.supplier, k.controlled, record)
    return {name: record[:, :, field] for field, name in enumerate(RECORD)}


def simulate(inp: Inputs) -> Trajectories:
    """The core, then the dials: arrays ``(sample, time, bloc)`` (usage shares ``(..., region, bloc)``)."""
    core = simulate_core(inp)
    return core | simulate_dials(inp.dials, core["frontier"], core["usable"], inp.kernel.supplier)
