"""One month of one sample, composed from the pure process functions in a fixed order.

Order within month t: (1) chip-making capacity grows, less what a servicing ban removes;
(2) chips are delivered: the supplier's output less licensed sales and smuggling, the
controlled bloc's own output plus both; (3) stocks retire and take deliveries; (4) power
limits what runs, and the controlled bloc rents compute abroad; (5) the largest training
run; (6) algorithmic efficiency advances; (7) each bloc's distilled model moves toward the
best other bloc's released model; (8) capability, and the frontier (best so far).

Arguments, all one sample's: ``p`` its scalar parameters, ``pb`` its per-bloc parameters,
``lev`` the lever strengths (lever, time, bloc), ``lic`` the licensed share by month, ``st``
its state (field, bloc), updated in place, and ``r`` its record (time, field, bloc); names of
rows and columns are in state.py. ``s`` and ``c`` index the supplier and controlled blocs.
Compiled with numba.
"""

from __future__ import annotations

import math

from numba import njit

from leadsim.model import access, algorithms, compute, distillation
from leadsim.model.state import (
    ANCHOR,
    BACKCAST_RATE,
    BASE_RATE,
    CAPACITY,
    CAPACITY0,
    CLOSURE_RATE,
    DETERRENCE,
    DISTILLED,
    ELASTICITY,
    ENFORCEMENT,
    FLOP_PER_H100E_RUN,
    FRONTIER,
    FRONTIER_SHARE0,
    HBM,
    HBM_DEPENDENCE,
    KW0,
    LOG_EFFICIENCY,
    LOG_EFFICIENCY0,
    LOG_EFFICIENCY_GAIN,
    LOG_GROWTH_FUTURE,
    LOG_GROWTH_HISTORY,
    LOG_POWER_GROWTH,
    LOG_SHARE_GROWTH,
    LOG_SUBSIDY,
    MIN_STUDENT_COMPUTE,
    ONSET,
    OPEN_SHARE,
    POWER0,
    R_ACCESSIBLE,
    R_FRONTIER,
    R_LICENSED,
    R_PRODUCTION,
    R_REMOTE,
    R_SMUGGLED,
    R_TRAINING,
    R_USABLE,
    RELEASE_LAG,
    REMOTE_RULE,
    REMOTE_SHARE,
    RETIRE_RATE,
    SERVICING,
    SERVICING_DECAY,
    SERVICING_EFFECT,
    SHARE_MAX,
    SMUGGLING_SHARE,
    SPEEDUP,
    SPILLOVER,
    STOCK,
    STOCK0,
    SUBSIDY,
    SUBSTITUTION,
    TRANSFER,
)

JIT = {"cache": True, "error_model": "numpy", "inline": "always"}


@njit(**JIT)
def deliveries(t, p, lev, lic, st, r, inflow, s, c):
    """Chips made this month and where they go; fills ``inflow`` (bloc,) [H100e/month]."""
    for b in range(inflow.shape[0]):
        made = compute.output(st[CAPACITY, b], lev[HBM, t, b], p[HBM_DEPENDENCE])
        r[t, R_PRODUCTION, b] = made
        r[t, R_LICENSED, b] = 0.0
        r[t, R_SMUGGLED, b] = 0.0
        inflow[b] = made
    licensed = access.licensed_sales(inflow[s], lic[t])
    smuggled = access.smuggled(
        inflow[s], p[SMUGGLING_SHARE], lev[ENFORCEMENT, t, c], p[SUBSTITUTION], lic[t], p[OPEN_SHARE]
    )
    inflow[s] -= licensed + smuggled
    inflow[c] += licensed + smuggled
    r[t, R_LICENSED, c] = licensed
    r[t, R_SMUGGLED, c] = smuggled


@njit(**JIT)
def measure(t, p, pb, lev, st, r, s, c):
    """Powered compute, compute rented abroad, accessible compute and the largest run's FLOP."""
    kw = p[KW0] * math.exp(-p[LOG_EFFICIENCY_GAIN] * t)
    for b in range(st.shape[1]):
        power = pb[POWER0, b] * math.exp(pb[LOG_POWER_GROWTH, b] * t)
        r[t, R_USABLE, b] = compute.usable_compute(st[STOCK, b], power, kw)
        r[t, R_ACCESSIBLE, b] = r[t, R_USABLE, b]
        r[t, R_REMOTE, b] = 0.0
    remote = access.remote_compute(r[t, R_USABLE, s], p[REMOTE_SHARE], lev[REMOTE_RULE, t, c])
    r[t, R_REMOTE, c] = remote
    r[t, R_ACCESSIBLE, c] += remote
    for b in range(st.shape[1]):
        share = compute.frontier_share(pb[FRONTIER_SHARE0, b], p[LOG_SHARE_GROWTH], t - p[ANCHOR], p[SHARE_MAX])
        r[t, R_TRAINING, b] = compute.training_compute(r[t, R_ACCESSIBLE, b], share, p[FLOP_PER_H100E_RUN])


@njit(**JIT)
def released(t, b, p, r):
    """Bloc b's frontier as released ``release_lag`` months before month t [OOM].

    Linear interpolation on the months before t; before 2023-01 the frontier is extrapolated
    back at ``backcast_rate`` [OOM/month].
    """
    x = min(t - p[RELEASE_LAG], t - 1.0)
    if x < 0:
        return r[0, R_FRONTIER, b] + x * p[BACKCAST_RATE]
    low = min(int(math.floor(x)), t - 1)
    high = min(low + 1, t - 1)
    frac = min(max(x - low, 0.0), 1.0)
    return r[low, R_FRONTIER, b] + (r[high, R_FRONTIER, b] - r[low, R_FRONTIER, b]) * frac


@njit(**JIT)
def initial(p, pb, lev, lic, st, r, inflow, s, c):
    """January 2023: measured stocks, back-cast capacity, no distilled edge yet."""
    for b in range(st.shape[1]):
        st[CAPACITY, b] = pb[CAPACITY0, b]
        st[STOCK, b] = pb[STOCK0, b]
        st[LOG_EFFICIENCY, b] = pb[LOG_EFFICIENCY0, b]
    deliveries(0, p, lev, lic, st, r, inflow, s, c)
    measure(0, p, pb, lev, st, r, s, c)
    for b in range(st.shape[1]):
        own = math.log10(r[0, R_TRAINING, b]) + st[LOG_EFFICIENCY, b]
        st[DISTILLED, b] = own
        st[FRONTIER, b] = own
        r[0, R_FRONTIER, b] = own


@njit(**JIT)
def step(t, p, pb, lev, lic, st, r, inflow, teacher, s, c):
    """Advance one sample from month t-1 to month t."""
    for b in range(st.shape[1]):
        growth = pb[LOG_GROWTH_HISTORY, b] if t <= p[ANCHOR] else pb[LOG_GROWTH_FUTURE, b]
        st[CAPACITY, b] = compute.next_capacity(
            st[CAPACITY, b], growth, lev[SERVICING, t, b], p[SERVICING_EFFECT], p[SERVICING_DECAY],
            lev[SUBSIDY, t, b], p[LOG_SUBSIDY],
        )  # fmt: skip
    deliveries(t, p, lev, lic, st, r, inflow, s, c)
    for b in range(st.shape[1]):
        st[STOCK, b] = compute.next_stock(st[STOCK, b], p[RETIRE_RATE], inflow[b])
    measure(t, p, pb, lev, st, r, s, c)
    most_compute = r[t, R_ACCESSIBLE].max()
    best_efficiency = st[LOG_EFFICIENCY].max()
    for b in range(st.shape[1]):
        st[LOG_EFFICIENCY, b] = algorithms.next_log_efficiency(
            st[LOG_EFFICIENCY, b], r[t, R_ACCESSIBLE, b] / most_compute, st[FRONTIER, b] - r[0, R_FRONTIER, s],
            best_efficiency, p[BASE_RATE], p[ELASTICITY], p[SPEEDUP], p[SPILLOVER],
        )  # fmt: skip
    for b in range(st.shape[1]):
        teacher[b] = released(t, b, p, r)
    for b in range(st.shape[1]):
        source, best = -1, -math.inf
        for other in range(st.shape[1]):
            if other != b and teacher[other] > best:
                source, best = other, teacher[other]
        flop = r[t, R_TRAINING, b]
        own = math.log10(flop) + st[LOG_EFFICIENCY, b]
        share = distillation.closure_share(
            p[CLOSURE_RATE], lev[DETERRENCE, t, source], flop, p[MIN_STUDENT_COMPUTE], t >= p[ONSET]
        )
        st[DISTILLED, b] = distillation.next_distilled(st[DISTILLED, b], own, best, share)
        capability = distillation.capability(own, st[DISTILLED, b], p[TRANSFER])
        st[FRONTIER, b] = max(st[FRONTIER, b], capability)
        r[t, R_FRONTIER, b] = st[FRONTIER, b]
