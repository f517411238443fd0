"""What each month brings regardless of the state: the levers in force and the exogenous paths.

Exogenous quantities that grow at a constant rate (chips a gigawatt can run, installed power,
China's demand, the largest run's share of compute, the length of a training run) are carried
as running products, one multiplication a month instead of an exponential; levers are steps in
time order, so a pointer per lever moves forward as the months pass. Both are per sample and
compiled with numba; ``clk`` is (CL, bloc), ``fac`` its monthly factors, ``lev`` the lever values
in force and ``pos`` each lever's current step.
"""

from __future__ import annotations

import math

from numba import njit

from leadsim.dims import N_BLOCS
from leadsim.model.params import KW_PER_GW, B, P
from leadsim.model.policy import LEVER_BLOC
from leadsim.model.state import CL

JIT = {"cache": True, "error_model": "numpy", "inline": "always"}


@njit(**JIT)
def start_clock(p, pb, clk, fac):
    """The paths' values in January 2023 (month 0) and their monthly growth factors."""
    months = -p[P.anchor]  # month 0 relative to the anchor month
    chips_per_gw = KW_PER_GW / p[P.kw_anchor] * math.exp(p[P.log_kw_decline] * months)  # [H100e/GW] as chips improve
    for b in range(N_BLOCS):
        clk[CL.power, b] = pb[B.power_anchor, b] * math.exp(pb[B.log_power_growth, b] * months) * chips_per_gw
        fac[CL.power, b] = math.exp(pb[B.log_power_growth, b] + p[P.log_kw_decline])
        clk[CL.share, b] = pb[B.frontier_share, b] * math.exp(p[P.log_share_growth] * months)
        fac[CL.share, b] = math.exp(p[P.log_share_growth])
        clk[CL.window, b] = p[P.run_months] * math.exp(p[P.log_run_growth] * (months - pb[B.release_lag, b]))
        fac[CL.window, b] = math.exp(p[P.log_run_growth])
        clk[CL.demand, b] = p[P.demand_anchor] * math.exp(p[P.log_demand_growth] * months)
        fac[CL.demand, b] = math.exp(p[P.log_demand_growth])


@njit(**JIT)
def tick(clk, fac):
    """One month on."""
    for f in range(len(CL)):
        for b in range(N_BLOCS):
            clk[f, b] *= fac[f, b]


@njit(**JIT)
def levers_at(t, lm, lv, lev, pos):
    """Move each lever's pointer to the last step dated at or before month t; ``lev`` its value.

    Returns the month of the next step of any lever (inf: none): no lever moves before it, so
    the months until then need no call.
    """
    upcoming = math.inf
    for name in range(lm.shape[0]):
        k = pos[name]
        while k + 1 < lm.shape[1] and lm[name, k + 1] <= t:
            k += 1
        pos[name] = k
        lev[name] = lv[name, k] if k >= 0 else 0.0
        if k + 1 < lm.shape[1] and lm[name, k + 1] < upcoming:
            upcoming = lm[name, k + 1]
    return upcoming


@njit(**JIT)
def on(lev, name, b):
    """Strength (or regime code) of lever ``name`` on bloc b this month; 0 on any other bloc."""
    return lev[name] if LEVER_BLOC[name] == b else 0.0
