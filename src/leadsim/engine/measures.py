"""Measures read off a whole simulated trajectory, compiled and run per sample after its time loop.

The lead in months needs the leader's whole frontier history, as does each bloc's lead over its
closest rival and the security milestones. The two compute ratios re-express the record; the
share of people using AI and the safety margin are computed where they are read (derived.py).
"""

from __future__ import annotations

import numpy as np
from numba import njit

from leadsim.dims import N_BLOCS
from leadsim.engine.derived import RECORDED
from leadsim.model.minmax import smaller
from leadsim.model.outputs import F, S
from leadsim.model.params import P
from leadsim.model.step import CON, SUP

JIT = {"cache": True, "error_model": "numpy"}


@njit(**JIT)
def position(history, value, backcast, out):
    """For each month t, the (fractional) month at which ``history`` first reached ``value[t]``.

    ``history`` is non-decreasing (a frontier) and so is ``value``, with ``value[t] <=
    history[t]``; so the last month at or below the value never moves back, and one forward
    pass finds it for every t. Linear interpolation to the next month; before the first month
    the history is extrapolated back at ``backcast`` [OOM/month].
    """
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


@njit(**JIT)
def lead_series(leader, follower, backcast, out, scratch):
    """Lead of one frontier over another each month [month]: the delay d with
    K_leader(t - d) = K_follower(t); negative, measured the other way, when the follower is ahead.
    ``scratch`` is (3, time) of working space."""
    lower, behind, overtaken = scratch[0], scratch[1], scratch[2]
    for t in range(leader.shape[0]):
        lower[t] = smaller(leader[t], follower[t])
    position(leader, lower, backcast, behind)
    position(follower, lower, backcast, overtaken)
    for t in range(leader.shape[0]):
        out[t] = t - behind[t] if follower[t] <= leader[t] else -(t - overtaken[t])


@njit(**JIT)
def leads(rec, rec_s, backcast):
    """The headline lead (supplier over controlled) and each bloc's lead over its closest rival."""
    n_months = rec.shape[0]
    pair = np.empty(n_months)
    scratch = np.empty((3, n_months))
    for b in range(N_BLOCS):
        rec[:, F.rival_lead_months, b] = np.inf
    for i in range(N_BLOCS):
        for j in range(i + 1, N_BLOCS):
            lead_series(rec[:, F.frontier, i], rec[:, F.frontier, j], backcast, pair, scratch)
            for t in range(n_months):
                rec[t, F.rival_lead_months, i] = smaller(rec[t, F.rival_lead_months, i], pair[t])
                rec[t, F.rival_lead_months, j] = smaller(rec[t, F.rival_lead_months, j], -pair[t])
            if i == min(SUP, CON) and j == max(SUP, CON):
                sign = 1.0 if i == SUP else -1.0
                for t in range(n_months):
                    rec_s[t, S.lead_months] = sign * pair[t]


@njit(**JIT)
def first_reach(frontier, level):
    """Month index at which a non-decreasing frontier first reaches ``level``; NaN if never."""
    if np.isnan(level):  # undefined milestone
        return np.nan
    for t in range(frontier.shape[0]):
        if frontier[t] >= level:
            return float(t)
    return np.nan


@njit(**JIT)
def after_loop(p, rec, rec_s, milestones, anchor, offsets):
    """Every measure of a finished trajectory; returns whether any recorded number is not finite."""
    leads(rec, rec_s, p[P.backcast_rate])
    n_months = rec.shape[0]
    for t in range(n_months):
        rec_s[t, S.compute_ratio] = rec[t, F.accessible, SUP] / rec[t, F.accessible, CON]
        rec_s[t, S.compute_ratio_owned] = rec[t, F.stock, SUP] / rec[t, F.stock, CON]
    level0 = rec[anchor, F.frontier, SUP] if anchor < n_months else np.nan
    for k in range(offsets.shape[0]):
        for b in range(N_BLOCS):
            milestones[k, b] = first_reach(rec[:, F.frontier, b], level0 + offsets[k])
    return not (recorded_finite(rec) and all_finite(rec_s))


@njit(**JIT)
def recorded_finite(rec):
    """Whether every number the kernel recorded in ``(time, F, bloc)`` is finite (derived fields are not
    filled). No early exit: a branch-free loop the compiler vectorises, several times faster here."""
    ok = True
    for t in range(rec.shape[0]):
        for f in range(len(F)):
            for b in range(N_BLOCS):
                ok &= np.isfinite(rec[t, f, b]) | (not RECORDED[f])
    return ok


@njit(**JIT)
def all_finite(array):
    """Whether every number of an array is finite (without a temporary array)."""
    for x in array.flat:  # noqa: SIM110 - numba compiles loops, not generators
        if not np.isfinite(x):
            return False
    return True
