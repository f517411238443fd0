"""One month of one sample, composed from the pure process functions in a fixed order.

Order within month t (t >= 1): (1) investment scales each bloc's output, power and demand by its
lagged share of world usage; (2) chip-making capacity grows, less what a servicing ban removes;
(3) chips are delivered: each bloc's buyers take what their power can run plus a buffer; the
controlled bloc's demand is met by its own output first, then by licensed sales and smuggling;
(4) stocks retire and take deliveries; power limits what runs; the controlled bloc rents
compute abroad against the stock its demand did not get, and rented compute moves from the host
to the renter; (5) the largest run's compute this month, and the run behind each bloc's latest
released model: trained over a window of months, released after a lag; (6) algorithmic
efficiency: own research, sped up by the bloc's own released capability, plus spill-over from
what another bloc has released and published; (7) each bloc's released capability: its own run
at the efficiency of the run's start, plus what distillation of another bloc's released model
adds; the frontier is the best so far; (8) the dials (model/dials/step.py), whose world shares
feed next month's investment.

Arguments, all one sample's: ``p`` scalar parameters (P), ``pb`` per-bloc parameters (B, bloc),
``lev`` the levers in force this month (lever), ``st`` state (ST, bloc), ``clk`` the exogenous
paths of this month (CL, bloc; model/clock.py), ``hist`` lagged history (time, HIST, bloc),
``work`` this month's intermediates (WORK, bloc), ``rec`` the record (time, F, bloc). Rows and
fields are named in params.py, state.py, outputs.py and policy.py.
"""

from __future__ import annotations

import math

from numba import njit

from leadsim.dims import BLOCS, CONTROLLED, N_BLOCS, SUPPLIER
from leadsim.model import access, algorithms, compute, distillation, investment
from leadsim.model.clock import on
from leadsim.model.minmax import larger, smaller
from leadsim.model.outputs import F
from leadsim.model.params import B, P
from leadsim.model.policy import L
from leadsim.model.state import CL, HIST, ST, WORK

JIT = {"cache": True, "error_model": "numpy", "inline": "always"}
SUP, CON = BLOCS.index(SUPPLIER), BLOCS.index(CONTROLLED)


@njit(**JIT)
def licence_terms(regime, p):
    """The share of import demand the regime lets buyers fill legally, and the cap on licensed
    volume as a share of the supplier's output, by regime code (policy.REGIME_CODES): the licence's
    own cap where it has one, never more than the share of output that can reach China at all."""
    if regime == 1:
        return p[P.uptake_a800], p[P.leakage_cap]
    if regime == 2:
        return p[P.uptake_h20], p[P.leakage_cap]
    if regime == 3:
        return p[P.uptake_h200], smaller(p[P.cap_h200], p[P.leakage_cap])
    if regime == 4:
        return p[P.uptake_blackwell], p[P.leakage_cap]
    return 0.0, 0.0  # ban


@njit(**JIT)
def at_month(hist, t, field, b, x, slope):
    """A history series at fractional month ``x`` (at most t), linear between months; before the
    first month, extrapolated back at ``slope`` per month."""
    if x <= 0.0:
        return hist[0, field, b] + x * slope
    low = smaller(math.floor(x), t)
    high = smaller(low + 1, t)
    return hist[low, field, b] + (hist[high, field, b] - hist[low, field, b]) * (x - low)


@njit(**JIT)
def cumulative_at(hist, t, b, x, log_growth_before):
    """Training compute used by the bloc's largest runs up to month ``x`` [FLOP]; before the first
    month the flow is extrapolated back at ``log_growth_before`` [1/month]."""
    if x <= 0.0:
        return hist[0, HIST.flow, b] / log_growth_before * math.exp(log_growth_before * x)
    return at_month(hist, t, HIST.cumulative, b, x, 0.0)


@njit(**JIT)
def recorded_at(rec, t, field, b, x, log_growth_before):
    """A recorded positive quantity at fractional month ``x`` <= t; before 2023 extrapolated back."""
    if x <= 0.0:
        return rec[0, field, b] * math.exp(log_growth_before * x)
    low = smaller(math.floor(x), t)
    high = smaller(low + 1, t)
    return rec[low, field, b] + (rec[high, field, b] - rec[low, field, b]) * (x - low)


@njit(**JIT)
def deliveries(t, p, pb, lev, st, clk, work, rec):
    """Capacity, power, what each bloc takes and from where; stocks updated in place."""
    for b in range(N_BLOCS):
        history = t <= p[P.anchor]
        if t > 0:
            st[ST.capacity, b] = compute.next_capacity(
                st[ST.capacity, b], pb[B.growth_history, b] if history else pb[B.growth_future, b],
                pb[B.log_growth_history, b] if history else pb[B.log_growth_future, b],
                on(lev, L.sme_servicing_ban, b), p[P.servicing_effect], p[P.servicing_decay],
                on(lev, L.cn_chip_subsidy, b), p[P.log_subsidy],
            )  # fmt: skip
        made = compute.output(st[ST.capacity, b], on(lev, L.hbm_controls, b), p[P.hbm_dependence], work[WORK.invest, b])
        rec[t, F.production, b] = made
        rec[t, F.licensed, b] = 0.0
        rec[t, F.smuggled, b] = 0.0
        work[WORK.powered, b] = clk[CL.power, b] * work[WORK.invest, b]
    retire = p[P.retire_rate] if t > 0 else 0.0
    absorb_s = compute.absorbable(work[WORK.powered, SUP], st[ST.stock, SUP] * (1 - retire), p[P.idle_buffer])
    absorb_c = compute.absorbable(work[WORK.powered, CON], st[ST.stock, CON] * (1 - retire), p[P.idle_buffer])
    demand = clk[CL.demand, CON] * work[WORK.invest, CON]
    wanted = smaller(demand, absorb_c)
    domestic = smaller(rec[t, F.production, CON], wanted)
    imports = wanted - domestic
    uptake, cap = licence_terms(int(on(lev, L.chip_export_regime, CON)), p)
    supply = rec[t, F.production, SUP]
    licensed = access.licensed_sales(imports, uptake, cap, supply)
    left = p[P.leakage_cap] * supply - licensed  # what can still reach China
    smuggled = access.smuggled(imports - licensed, p[P.smuggling_share], on(lev, L.smuggling_enforcement, CON), left)
    rec[t, F.licensed, CON] = licensed
    rec[t, F.smuggled, CON] = smuggled
    if t > 0:
        for b in range(N_BLOCS):
            st[ST.stock, b] *= 1.0 - retire
        st[ST.stock, SUP] += smaller(supply - licensed - smuggled, absorb_s)
        st[ST.stock, CON] += domestic + licensed + smuggled
        st[ST.desired, CON] = st[ST.desired, CON] * (1.0 - retire) + demand
        for b in range(N_BLOCS):
            if b != SUP and b != CON:
                st[ST.stock, b] += smaller(rec[t, F.production, b], compute.absorbable(
                    work[WORK.powered, b], st[ST.stock, b], p[P.idle_buffer]))  # fmt: skip


@njit(**JIT)
def measure(t, p, lev, st, work, rec):
    """Powered compute, compute rented abroad (moved from host to renter), accessible compute."""
    for b in range(N_BLOCS):
        rec[t, F.stock, b] = st[ST.stock, b]
        rec[t, F.usable, b] = compute.usable_compute(st[ST.stock, b], work[WORK.powered, b])
        rec[t, F.accessible, b] = rec[t, F.usable, b]
        rec[t, F.remote, b] = 0.0
    gap = st[ST.desired, CON] - st[ST.stock, CON]
    rule = on(lev, L.remote_access_rule, CON)
    remote = access.remote_compute(gap, p[P.remote_uptake], rule, rec[t, F.usable, SUP], p[P.remote_cap])
    rec[t, F.remote, CON] = remote
    rec[t, F.accessible, CON] += remote
    rec[t, F.accessible, SUP] -= remote


@njit(**JIT)
def training(t, p, pb, clk, hist, work, rec):
    """This month's training flow, and the compute of the run behind each bloc's latest release:
    trained over a window of months ending ``release_lag`` months ago."""
    g_before = p[P.log_flow_growth_before]
    for b in range(N_BLOCS):
        flow = smaller(clk[CL.share, b], p[P.share_max]) * rec[t, F.accessible, b] * p[P.flop_per_month]
        hist[t, HIST.flow, b] = flow
        if t == 0:
            hist[t, HIST.cumulative, b] = flow / g_before
        else:
            hist[t, HIST.cumulative, b] = hist[t - 1, HIST.cumulative, b] + 0.5 * (hist[t - 1, HIST.flow, b] + flow)
        end = t - pb[B.release_lag, b]
        work[WORK.start, b] = end - smaller(clk[CL.window, b], p[P.run_months_max])
        rec[t, F.training_compute, b] = cumulative_at(hist, t, b, end, g_before) - cumulative_at(
            hist, t, b, work[WORK.start, b], g_before
        )


@njit(**JIT)
def efficiency(t, p, pb, st, hist, work, rec):
    """Algorithmic efficiency at month t: own research plus spill-over from released work."""
    most = 0.0
    for b in range(N_BLOCS):
        most = larger(most, rec[t, F.accessible, b])
    for b in range(N_BLOCS):
        if t == 0:
            hist[0, HIST.log_efficiency, b] = st[ST.log_efficiency, b]
            continue
        published = -math.inf
        for o in range(N_BLOCS):
            if o != b:
                x = work[WORK.start, o] - p[P.spill_lag]
                slope = p[P.base_rate] * pb[B.research_productivity, o]
                published = larger(published, at_month(hist, t - 1, HIST.log_efficiency, o, x, slope))
        gain = rec[t - 1, F.frontier, b] - rec[0, F.frontier, SUP]
        rate = algorithms.research_rate(
            p[P.base_rate], pb[B.research_productivity, b], rec[t, F.accessible, b] / most, p[P.elasticity],
            p[P.log_uplift], gain,
        )  # fmt: skip
        st[ST.log_efficiency, b] = algorithms.next_log_efficiency(
            st[ST.log_efficiency, b], rate, p[P.spillover], published
        )
    if t > 0:
        for b in range(N_BLOCS):
            hist[t, HIST.log_efficiency, b] = st[ST.log_efficiency, b]


@njit(**JIT)
def own_capability(t, p, pb, hist, work, rec, b):
    """Capability of bloc b's latest released model on its own [OOM]: its run's compute at the
    efficiency of the run's start."""
    slope = p[P.base_rate] * pb[B.research_productivity, b]
    return math.log10(rec[t, F.training_compute, b]) + at_month(
        hist, t, HIST.log_efficiency, b, work[WORK.start, b], slope
    )


@njit(**JIT)
def capability(t, p, pb, lev, st, hist, work, rec):
    """Each bloc's released capability: own, plus what distilling another bloc's release adds."""
    for b in range(N_BLOCS):
        work[WORK.own, b] = own_capability(t, p, pb, hist, work, rec, b)
        hist[t, HIST.deterrence, b] = on(lev, L.distillation_deterrence, b)
    if t == 0:
        for b in range(N_BLOCS):
            st[ST.distilled, b] = work[WORK.own, b]
            st[ST.frontier, b] = work[WORK.own, b]
            rec[0, F.frontier, b] = work[WORK.own, b]
        return
    harvest = smaller(t - p[P.harvest_lag], t - 1.0)
    for b in range(N_BLOCS):
        source, teacher = -1, -math.inf
        for o in range(N_BLOCS):
            if o != b:
                level = at_month(rec, t - 1, F.frontier, o, harvest, p[P.backcast_rate])
                if level > teacher:
                    source, teacher = o, level
        teacher_flop = recorded_at(rec, t - 1, F.training_compute, source, harvest, p[P.log_run_growth_before])
        deterrence = hist[larger(math.floor(harvest), 0), HIST.deterrence, source]
        share = distillation.closure_share(
            p[P.closure_rate], deterrence, rec[t, F.training_compute, b], teacher_flop, p[P.student_ratio],
            harvest >= p[P.distill_onset],
        )  # fmt: skip
        own = work[WORK.own, b]
        st[ST.distilled, b] = distillation.next_distilled(st[ST.distilled, b], own, teacher, share)
        released = distillation.capability(own, st[ST.distilled, b], p[P.transfer])
        st[ST.frontier, b] = larger(st[ST.frontier, b], released)
        rec[t, F.frontier, b] = st[ST.frontier, b]


@njit(**JIT)
def invest(t, p, st, work):
    """This month's investment factor of each bloc from its lagged share of world usage."""
    for b in range(N_BLOCS):
        work[WORK.invest, b] = investment.investment_factor(
            st[ST.smoothed_share, b], st[ST.anchor_share, b], p[P.investment_elasticity], t > p[P.anchor]
        )


@njit(**JIT)
def core(t, p, pb, lev, st, clk, hist, work, rec):
    """The switches and capability for month t (the dials follow in model/dials/step.py)."""
    invest(t, p, st, work)
    deliveries(t, p, pb, lev, st, clk, work, rec)
    measure(t, p, lev, st, work, rec)
    training(t, p, pb, clk, hist, work, rec)
    efficiency(t, p, pb, st, hist, work, rec)
    capability(t, p, pb, lev, st, hist, work, rec)
