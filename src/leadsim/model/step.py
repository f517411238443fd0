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
``lm``/``lv`` lever steps (lever, step), ``st`` state (ST, bloc), ``hist`` lagged history (time,
HIST, bloc), ``work`` this month's intermediates (WORK, bloc), ``rec`` the record (time, F, bloc).
Rows and fields are named in params.py, state.py, outputs.py and policy.py.
"""

from __future__ import annotations

import math

from numba import njit

from leadsim.dims import BLOCS, CONTROLLED, SUPPLIER
from leadsim.model import access, algorithms, compute, distillation, investment
from leadsim.model.outputs import F
from leadsim.model.params import B, P
from leadsim.model.policy import LEVER_BLOC, L
from leadsim.model.state import HIST, ST, WORK

JIT = {"cache": True, "error_model": "numpy"}
SUP, CON = BLOCS.index(SUPPLIER), BLOCS.index(CONTROLLED)


@njit(**JIT)
def lever(lm, lv, name, t, b):
    """Strength (or regime code) of lever ``name`` at month t on bloc b; 0 on any other bloc."""
    if LEVER_BLOC[name] != b:
        return 0.0
    value = 0.0
    for k in range(lm.shape[1]):
        if lm[name, k] <= t:
            value = lv[name, k]
    return value


@njit(**JIT)
def licence_terms(regime, p):
    """The share of import demand the regime lets buyers fill legally, and the cap on licensed
    volume as a share of the supplier's output (1: no cap), by regime code (policy.REGIME_CODES)."""
    if regime == 1:
        return p[P.uptake_a800], 1.0
    if regime == 2:
        return p[P.uptake_h20], 1.0
    if regime == 3:
        return p[P.uptake_h200], p[P.cap_h200]
    if regime == 4:
        return p[P.uptake_blackwell], 1.0
    return 0.0, 0.0  # ban


@njit(**JIT)
def at_month(hist, t, field, b, x, slope):
    """A history series at fractional month ``x`` (at most t), linear between months; before the
    first month, extrapolated back at ``slope`` per month."""
    if x <= 0.0:
        return hist[0, field, b] + x * slope
    low = min(int(math.floor(x)), t)
    high = min(low + 1, t)
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
    low = min(int(math.floor(x)), t)
    high = min(low + 1, t)
    return rec[low, field, b] + (rec[high, field, b] - rec[low, field, b]) * (x - low)


@njit(**JIT)
def deliveries(t, p, pb, lm, lv, st, work, rec):
    """Capacity, power, what each bloc takes and from where; stocks updated in place."""
    months = t - p[P.anchor]
    kw = p[P.kw_anchor] * math.exp(-p[P.log_kw_decline] * months)
    for b in range(st.shape[1]):
        growth = pb[B.log_growth_history, b] if t <= p[P.anchor] else pb[B.log_growth_future, b]
        if t > 0:
            st[ST.capacity, b] = compute.next_capacity(
                st[ST.capacity, b], growth, lever(lm, lv, L.sme_servicing_ban, t, b), p[P.servicing_effect],
                p[P.servicing_decay], lever(lm, lv, L.cn_chip_subsidy, t, b), p[P.log_subsidy],
            )  # fmt: skip
        made = compute.output(
            st[ST.capacity, b], lever(lm, lv, L.hbm_controls, t, b), p[P.hbm_dependence], work[WORK.invest, b]
        )
        rec[t, F.production, b] = made
        rec[t, F.licensed, b] = 0.0
        rec[t, F.smuggled, b] = 0.0
        power = pb[B.power_anchor, b] * math.exp(pb[B.log_power_growth, b] * months)
        work[WORK.powered, b] = compute.powered(power, kw, work[WORK.invest, b])
    retire = p[P.retire_rate] if t > 0 else 0.0
    absorb_s = compute.absorbable(work[WORK.powered, SUP], st[ST.stock, SUP] * (1 - retire), p[P.idle_buffer])
    absorb_c = compute.absorbable(work[WORK.powered, CON], st[ST.stock, CON] * (1 - retire), p[P.idle_buffer])
    demand = p[P.demand_anchor] * math.exp(p[P.log_demand_growth] * months) * work[WORK.invest, CON]
    wanted = min(demand, absorb_c)
    domestic = min(rec[t, F.production, CON], wanted)
    imports = wanted - domestic
    uptake, cap = licence_terms(int(lever(lm, lv, L.chip_export_regime, t, CON)), p)
    supply = rec[t, F.production, SUP]
    licensed = access.licensed_sales(imports, uptake, cap, supply)
    enforcement = lever(lm, lv, L.smuggling_enforcement, t, CON)
    smuggled = access.smuggled(imports - licensed, p[P.smuggling_share], enforcement, supply - licensed)
    rec[t, F.licensed, CON] = licensed
    rec[t, F.smuggled, CON] = smuggled
    if t > 0:
        for b in range(st.shape[1]):
            st[ST.stock, b] *= 1.0 - retire
        st[ST.stock, SUP] += min(supply - licensed - smuggled, absorb_s)
        st[ST.stock, CON] += domestic + licensed + smuggled
        st[ST.desired, CON] = st[ST.desired, CON] * (1.0 - retire) + demand
        for b in range(st.shape[1]):
            if b != SUP and b != CON:
                st[ST.stock, b] += min(rec[t, F.production, b], compute.absorbable(
                    work[WORK.powered, b], st[ST.stock, b], p[P.idle_buffer]))  # fmt: skip


@njit(**JIT)
def measure(t, p, pb, lm, lv, st, work, rec):
    """Powered compute, compute rented abroad (moved from host to renter), accessible compute."""
    for b in range(st.shape[1]):
        rec[t, F.stock, b] = st[ST.stock, b]
        rec[t, F.usable, b] = compute.usable_compute(st[ST.stock, b], work[WORK.powered, b])
        rec[t, F.accessible, b] = rec[t, F.usable, b]
        rec[t, F.remote, b] = 0.0
    gap = st[ST.desired, CON] - st[ST.stock, CON]
    rule = lever(lm, lv, L.remote_access_rule, t, CON)
    remote = access.remote_compute(gap, p[P.remote_uptake], rule, rec[t, F.usable, SUP], p[P.remote_cap])
    rec[t, F.remote, CON] = remote
    rec[t, F.accessible, CON] += remote
    rec[t, F.accessible, SUP] -= remote


@njit(**JIT)
def training(t, p, pb, hist, rec):
    """This month's training flow and the compute of the run behind each bloc's latest release."""
    months = t - p[P.anchor]
    g_before = p[P.log_flow_growth_before]
    for b in range(hist.shape[2]):
        share = compute.frontier_share(pb[B.frontier_share, b], p[P.log_share_growth], months, p[P.share_max])
        flow = share * rec[t, F.accessible, b] * p[P.flop_per_month]
        hist[t, HIST.flow, b] = flow
        if t == 0:
            hist[t, HIST.cumulative, b] = flow / g_before
        else:
            hist[t, HIST.cumulative, b] = hist[t - 1, HIST.cumulative, b] + 0.5 * (hist[t - 1, HIST.flow, b] + flow)
        end = t - pb[B.release_lag, b]
        window = compute.run_months(p[P.run_months], p[P.log_run_growth], end - p[P.anchor], p[P.run_months_max])
        rec[t, F.training_compute, b] = cumulative_at(hist, t, b, end, g_before) - cumulative_at(
            hist, t, b, end - window, g_before
        )


@njit(**JIT)
def run_start(t, p, pb, b):
    """The month the run behind bloc b's latest release (at month t) started."""
    end = t - pb[B.release_lag, b]
    return end - compute.run_months(p[P.run_months], p[P.log_run_growth], end - p[P.anchor], p[P.run_months_max])


@njit(**JIT)
def efficiency(t, p, pb, st, hist, rec):
    """Algorithmic efficiency at month t: own research plus spill-over from released work."""
    most = 0.0
    for b in range(st.shape[1]):
        most = max(most, rec[t, F.accessible, b])
    for b in range(st.shape[1]):
        if t == 0:
            hist[0, HIST.log_efficiency, b] = st[ST.log_efficiency, b]
            continue
        published = -math.inf
        for o in range(st.shape[1]):
            if o != b:
                x = run_start(t, p, pb, o) - p[P.spill_lag]
                slope = p[P.base_rate] * pb[B.research_productivity, o]
                published = max(published, at_month(hist, t - 1, HIST.log_efficiency, o, x, slope))
        gain = rec[t - 1, F.frontier, b] - rec[0, F.frontier, SUP]
        rate = algorithms.research_rate(
            p[P.base_rate], pb[B.research_productivity, b], rec[t, F.accessible, b] / most, p[P.elasticity],
            p[P.log_uplift], gain,
        )  # fmt: skip
        st[ST.log_efficiency, b] = algorithms.next_log_efficiency(
            st[ST.log_efficiency, b], rate, p[P.spillover], published
        )
    if t > 0:
        for b in range(st.shape[1]):
            hist[t, HIST.log_efficiency, b] = st[ST.log_efficiency, b]


@njit(**JIT)
def own_capability(t, p, pb, hist, rec, b):
    """Capability of bloc b's latest released model on its own [OOM]: its run's compute at the
    efficiency of the run's start."""
    slope = p[P.base_rate] * pb[B.research_productivity, b]
    return math.log10(rec[t, F.training_compute, b]) + at_month(
        hist, t, HIST.log_efficiency, b, run_start(t, p, pb, b), slope
    )


@njit(**JIT)
def capability(t, p, pb, lm, lv, st, hist, work, rec):
    """Each bloc's released capability: own, plus what distilling another bloc's release adds."""
    for b in range(st.shape[1]):
        work[WORK.own, b] = own_capability(t, p, pb, hist, rec, b)
    if t == 0:
        for b in range(st.shape[1]):
            st[ST.distilled, b] = work[WORK.own, b]
            st[ST.frontier, b] = work[WORK.own, b]
            rec[0, F.frontier, b] = work[WORK.own, b]
        return
    harvest = min(t - p[P.harvest_lag], t - 1.0)
    for b in range(st.shape[1]):
        source, teacher = -1, -math.inf
        for o in range(st.shape[1]):
            if o != b:
                level = at_month(rec, t - 1, F.frontier, o, harvest, p[P.backcast_rate])
                if level > teacher:
                    source, teacher = o, level
        teacher_flop = recorded_at(rec, t - 1, F.training_compute, source, harvest, p[P.log_run_growth_before])
        deterrence = lever(lm, lv, L.distillation_deterrence, max(math.floor(harvest), 0.0), source)
        share = distillation.closure_share(
            p[P.closure_rate], deterrence, rec[t, F.training_compute, b], teacher_flop, p[P.student_ratio],
            harvest >= p[P.distill_onset],
        )  # fmt: skip
        own = work[WORK.own, b]
        st[ST.distilled, b] = distillation.next_distilled(st[ST.distilled, b], own, teacher, share)
        released = distillation.capability(own, st[ST.distilled, b], p[P.transfer])
        st[ST.frontier, b] = max(st[ST.frontier, b], released)
        rec[t, F.frontier, b] = st[ST.frontier, b]


@njit(**JIT)
def invest(t, p, st, work):
    """This month's investment factor of each bloc from its lagged share of world usage."""
    for b in range(st.shape[1]):
        work[WORK.invest, b] = investment.investment_factor(
            st[ST.smoothed_share, b], st[ST.anchor_share, b], p[P.investment_elasticity], t > p[P.anchor]
        )


@njit(**JIT)
def core(t, p, pb, lm, lv, st, hist, work, rec):
    """The switches and capability for month t (the dials follow in model/dials/step.py)."""
    invest(t, p, st, work)
    deliveries(t, p, pb, lm, lv, st, work, rec)
    measure(t, p, pb, lm, lv, st, work, rec)
    training(t, p, pb, hist, rec)
    efficiency(t, p, pb, st, hist, rec)
    capability(t, p, pb, lm, lv, st, hist, work, rec)
