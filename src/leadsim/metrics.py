"""Post-run measures: the lead in months, the compute ratio, failed samples."""

from __future__ import annotations

import numpy as np

from leadsim.dims import CONTROLLED, SUPPLIER, bloc_index
from leadsim.simulate import Trajectories


def months_behind(history: np.ndarray, value: np.ndarray, backcast: np.ndarray) -> np.ndarray:
    """How long before the last month of ``history`` [month] it first reached ``value``.

    ``history`` ``(sample, months)`` is non-decreasing (a frontier); ``value`` is at most its
    last entry. Linear interpolation between months; before the first month the history is
    extrapolated back at ``backcast`` [OOM/month].
    """
    last = history.shape[1] - 1
    j = (history <= value[:, None]).sum(axis=1) - 1  # last month at or below value
    lo = np.take_along_axis(history, np.clip(j, 0, last)[:, None], axis=1)[:, 0]
    hi = np.take_along_axis(history, np.clip(j + 1, 0, last)[:, None], axis=1)[:, 0]
    step = np.where(hi > lo, hi - lo, 1.0)
    position = np.where(j < 0, (value - history[:, 0]) / backcast, j + np.where(j >= last, 0.0, (value - lo) / step))
    return last - position


def lead_months(frontier: np.ndarray, backcast: np.ndarray, leader: int, follower: int) -> np.ndarray:
    """Lead of ``leader`` over ``follower`` each month [month]: the delay d with
    K_leader(t - d) = K_follower(t); negative, measured the other way, when the follower is ahead.
    """
    lead_hist, follow_hist = frontier[:, :, leader], frontier[:, :, follower]
    out = np.empty(lead_hist.shape)
    for t in range(lead_hist.shape[1]):
        ahead = follow_hist[:, t] <= lead_hist[:, t]
        behind = months_behind(lead_hist[:, : t + 1], np.minimum(follow_hist[:, t], lead_hist[:, t]), backcast)
        overtaken = months_behind(follow_hist[:, : t + 1], np.minimum(lead_hist[:, t], follow_hist[:, t]), backcast)
        out[:, t] = np.where(ahead, behind, -overtaken)
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
        bad |= ~np.isfinite(a.reshape(a.shape[0], -1)).all(axis=1)
    return bad
