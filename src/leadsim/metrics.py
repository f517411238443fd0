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


def pairwise_leads(frontier: np.ndarray, backcast: np.ndarray) -> np.ndarray:
    """Lead of each bloc over each other [month], ``(sample, time, bloc, bloc)``: ``[..., i, j]`` is
    i's lead over j, computed once per pair (j's lead over i is its negative); zero on the diagonal."""
    n = frontier.shape[2]
    out = np.zeros((*frontier.shape[:2], n, n))
    for i in range(n):
        for j in range(i + 1, n):
            out[:, :, i, j] = lead_months(frontier, backcast, i, j)
            out[:, :, j, i] = -out[:, :, i, j]
    return out


def rival_lead(pairwise: np.ndarray) -> np.ndarray:
    """Each bloc's lead over its closest rival [month], ``(sample, time, bloc)``; negative when behind."""
    n = pairwise.shape[-1]
    return np.where(np.eye(n, dtype=bool), np.inf, pairwise).min(axis=-1)


def derived(traj: Trajectories, backcast: np.ndarray) -> dict[str, np.ndarray]:
    """The headline measures over time: lead [month] and compute ratio (supplier over controlled),
    and each bloc's lead over its closest rival [month] (which sets its safety margin)."""
    s, c = bloc_index(SUPPLIER), bloc_index(CONTROLLED)
    accessible = traj["accessible"]
    pair = pairwise_leads(traj["frontier"], backcast)
    return {
        "lead_months": pair[:, :, s, c],
        "compute_ratio": accessible[:, :, s] / accessible[:, :, c],
        "rival_lead_months": rival_lead(pair),
    }


def failed(*arrays: np.ndarray) -> np.ndarray:
    """Samples with any non-finite number in any of the arrays ``(sample, ...)``."""
    bad = np.zeros(arrays[0].shape[0], dtype=bool)
    for a in arrays:
        bad |= ~np.isfinite(a.reshape(a.shape[0], -1)).all(axis=1)
    return bad
