"""Post-run measures: the lead in months, the compute ratio, failed samples, and the dials' measures.

Adoption, resilience and the shares by region come from the monthly step; the dials' measures
here need a whole trajectory (the lead, first-reach months) or are a pure re-expression: world
share, people using AI, safety margin, security milestones.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from leadsim.calendar import parse_month
from leadsim.dims import CONTROLLED, SUPPLIER, bloc_index
from leadsim.engine.simulate import Trajectories
from leadsim.model.dials import equations as dials
from leadsim.model.inputs import Inputs, by_bloc
from leadsim.model.outputs import MILESTONE_ANCHOR, MILESTONES


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
        bad |= ~np.isfinite(a).all(axis=tuple(range(1, a.ndim)))
    return bad


def dial_measures(traj: Trajectories, inp: Inputs, rival_lead: np.ndarray) -> dict[str, np.ndarray]:
    """The dials over time, each ``(sample, time, bloc)`` or ``(sample, time, region, bloc)``.

    ``rival_lead`` [month] ``(sample, time, bloc)`` is each bloc's lead over its closest rival.
    """
    d = inp.draws
    safety = dials.safety_margin(
        rival_lead,
        by_bloc(d, "dials.safety_floor")[:, None, :],
        d["dials.safety_cap"][:, None, None],
        d["dials.safety_share_of_lead"][:, None, None],
    )
    return {
        "adoption": traj["adoption"],
        "adoption_users": dials.users_share(traj["adoption"], d["dials.users_exponent"][:, None, None]),
        "resilience": traj["resilience"],
        "global_share_by_region": traj["global_share_by_region"],
        "global_share": dials.world_share(traj["global_share_by_region"], inp.dials.weights),
        "safety_margin_months": safety,
    }


def milestone_levels(frontier: np.ndarray) -> np.ndarray:
    """Each milestone's capability level per sample [OOM] ``(sample, milestone)``; NaN if the
    anchor month lies beyond the simulated horizon."""
    anchor = parse_month(MILESTONE_ANCHOR)
    offsets = np.array(list(MILESTONES.values()))
    if anchor >= frontier.shape[1]:
        return np.full((frontier.shape[0], offsets.size), np.nan)
    return frontier[:, anchor, bloc_index(SUPPLIER)][:, None] + offsets[None, :]


def milestone_months(frontier: np.ndarray) -> np.ndarray:
    """Month index each bloc first reaches each milestone ``(sample, milestone, bloc)``; NaN: not by the horizon."""
    return dials.first_reach(frontier, milestone_levels(frontier))
