"""One month of the dials for one sample, after the core step, composed from equations.py.

Order within month t, given the core's frontier and accessible compute of month t: (1) inference
scarcity from accessible compute per unit of GDP; (2) diffusion speed from capability and
scarcity, the Bass innovation coefficient raised by the bloc's adoption push; (3) the attempted
adoption pace; (4) resilience from that pace against absorption (raised by transition support);
(5) adoption advances, slowed by low resilience; (6) each region's logit choice of stack on
capability, price (list price and scarcity), trust and export promotion, for the usage not
captive in a closed market; (7) usage moves toward that target at the switching rate; (8) the
world share, and the lagged share that next month's investment sees (model/investment.py).

Arguments as in model/step.py, plus ``pr`` (R, region) and ``prb`` (RB, region, bloc) region
parameters, ``share`` the usage shares (region, bloc) carried from month to month and ``rec_rb``
their record (time, region, bloc).
"""

from __future__ import annotations

import math

from numba import njit

from leadsim.dims import N_BLOCS, N_REGIONS
from leadsim.model.clock import on
from leadsim.model.dials import equations as eq
from leadsim.model.investment import next_smoothed_share
from leadsim.model.minmax import larger
from leadsim.model.outputs import F
from leadsim.model.params import RB, B, P, R
from leadsim.model.policy import L
from leadsim.model.state import ST, WORK
from leadsim.model.step import SUP

JIT = {"cache": True, "error_model": "numpy", "inline": "always"}


@njit(**JIT)
def adoption(t, p, pb, lev, st, work, rec):
    """Adoption and resilience of each bloc at month t (adoption starts at its measured 2023 level)."""
    reference = rec[0, F.frontier, SUP]
    for b in range(N_BLOCS):
        scarce = eq.scarcity(rec[t, F.accessible, b], pb[B.gdp, b], p[P.half_intensity])
        work[WORK.scarce, b] = scarce
        speed = eq.diffusion_speed(rec[t, F.frontier, b] - reference, scarce, p[P.capability_speedup],
                                   p[P.scarcity_effect])  # fmt: skip
        push = on(lev, L.us_adoption_push, b) + on(lev, L.cn_ai_plus_push, b)
        innovation = p[P.innovation] * (1.0 + p[P.push_effect] * push)
        pace = eq.attempted_pace(st[ST.adoption, b], speed, innovation, p[P.imitation])
        absorption = p[P.absorption] * (1.0 + p[P.support_effect] * on(lev, L.transition_support, b))
        resilient = eq.resilience(pace, p[P.automatable], absorption)
        if t > 0:
            st[ST.adoption, b] = eq.next_adoption(st[ST.adoption, b], pace, resilient, p[P.backlash])
        rec[t, F.adoption, b] = st[ST.adoption, b]
        rec[t, F.resilience, b] = resilient


@njit(**JIT)
def markets(t, p, pb, pr, prb, lev, share, work, rec, rec_rb):
    """Each region's usage shares at month t, and each bloc's world share.

    A region's utility of a stack is the stack's own part (capability, price, promotion) plus the
    region's trust in it, so the logit weights factor into exp(own - best own) times exp(trust),
    the latter computed once per sample.
    """
    best = -math.inf
    for b in range(N_BLOCS):
        listed = work[WORK.log_list_price, b] if t >= p[P.open_onset] else 0.0
        price = eq.log_price(work[WORK.scarce, b], listed, p[P.markup])
        work[WORK.utility, b] = eq.stack_utility(
            rec[t, F.frontier, b], price, 0.0, on(lev, L.us_stack_export_promotion, b),
            p[P.capability_weight], p[P.price_weight], p[P.promotion_weight],
        )  # fmt: skip
        best = larger(best, work[WORK.utility, b])
    for b in range(N_BLOCS):  # the best stack's weight is exactly 1: no exponential for it
        gap = work[WORK.utility, b] - best
        work[WORK.utility, b] = 1.0 if gap == 0.0 else math.exp(gap)
    for r in range(N_REGIONS):
        total, captive = 0.0, 0.0
        for b in range(N_BLOCS):
            total += work[WORK.utility, b] * prb[RB.trust_factor, r, b]
            captive += prb[RB.captive, r, b]
        for b in range(N_BLOCS):
            target = (
                prb[RB.captive, r, b] + (1.0 - captive) * work[WORK.utility, b] * prb[RB.trust_factor, r, b] / total
            )
            share[r, b] = target if t == 0 else eq.next_share(share[r, b], target, p[P.switching])
            rec_rb[t, r, b] = share[r, b]
    for b in range(N_BLOCS):  # summed in a register, in region order
        world = 0.0
        for r in range(N_REGIONS):
            world += pr[R.weight, r] * share[r, b]
        rec[t, F.global_share, b] = world


@njit(**JIT)
def dials(t, p, pb, pr, prb, lev, st, share, work, rec, rec_rb):
    """The dials of month t, then the lagged world share investment reads next month."""
    adoption(t, p, pb, lev, st, work, rec)
    markets(t, p, pb, pr, prb, lev, share, work, rec, rec_rb)
    for b in range(N_BLOCS):
        world = rec[t, F.global_share, b]
        if t == 0:
            st[ST.smoothed_share, b] = world
        else:
            st[ST.smoothed_share, b] = next_smoothed_share(st[ST.smoothed_share, b], world, p[P.investment_smoothing])
        if t <= p[P.anchor]:
            st[ST.anchor_share, b] = st[ST.smoothed_share, b]
