"""Post-run measures: the lead in months, the compute ratio, failed samples."""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from leadsim.dims import CONTROLLED, SUPPLIER, bloc_index
from leadsim.simulate import Trajectories


@njit(cache=True, error_model="numpy")
def position(history, value, backcast):
    """For each month t, the (fractional) month at which ``history`` first reached ``value[t]``.

    ``history`` is non-decreasing (a frontier) and so is ``value``, with ``value[t] <=
    history[t]``; so the last month at or below the value never moves back, and one forward
    pass finds it for every t. Linear interpolation to the next month; before the first month
    the history is extrapolated back at ``backcast`` [OOM/month].
    """
    out = np.empty(history.shape[0])
    last = -1
    for t in range(history.shape[0]):
        while last < t and history[last + 1] <= value[t]:
            last += 1
        if last < 0:
            out[t] = (value[t] - history[0]) / backcast
        elif last == t:
            out[t] = t
        else:
            out[t] = last + (value[t] - history[last]) / (history[last + 1] - history[last])
    return out


@njit(parallel=True, cache=True)
def lead_months(frontier, backcast, leader, follower):
    """Lead of ``leader`` over ``follower`` each month [month], ``(sample, time)``: the delay d with
    K_leader(t - d) = K_follower(t); negative, measured the other way, when the follower is ahead.
    """
    n_samples, n_months = frontier.shape[0], frontier.shape[1]
    out = np.empty((n_samples, n_months))
    for i in prange(n_samples):
        lead_k, follow_k = frontier[i, :, leader], frontier[i, :, follower]
        lower = np.minimum(lead_k, follow_k)
        behind = position(lead_k, lower, backcast[i])
        overtaken = position(follow_k, lower, backcast[i])
        for t in range(n_months):
            out[i, t] = t - behind[t] if follow_k[t] <= lead_k[t] else -(t - overtaken[t])
    return out


def derived(traj: Trajectories, backcast: np.ndarray) -> dict[str, np.ndarray]:
    """The headline measures over time: lead [month] and compute ratio (supplier over controlled)."""
    s, c = bloc_index(SUPPLIER), bloc_index(CONTROLLED)
    accessible = traj["accessible"]
    return {
        "lead_months": lead_months(traj["frontier"], backcast, s, c),
        "compute_ratio": accessible[:, :, s] / accessible[:, :, c],
    }


def failed(*arrays: np.ndarray) -> np.ndarray:
    """Samples with any non-finite number in any of the arrays ``(sample, ...)``."""
    bad = np.zeros(arrays[0].shape[0], dtype=bool)
    for a in arrays:
        bad |= ~np.isfinite(a).all(axis=tuple(range(1, a.ndim)))
    return bad
