"""One month of the model, composed from the pure functions in a fixed order.

Order within month t: (1) chip-making capacity grows, less what a servicing ban removes;
(2) chips are delivered: the supplier's output less licensed sales and smuggling, the
controlled bloc's own output plus both; (3) stocks retire and take deliveries; (4) power
limits what runs, and the controlled bloc rents compute abroad; (5) the largest training
run; (6) algorithmic efficiency advances; (7) the distilled model moves toward the best
other bloc's released model; (8) capability, and the frontier (best so far); (9) the
dials (dial_step.py), which read the core and never feed back into it.
"""

from __future__ import annotations

import numpy as np

from leadsim.model import access, algorithms, compute, distillation
from leadsim.model.dial_step import advance_dials, initial_dials
from leadsim.model.inputs import Inputs, by_bloc
from leadsim.model.state import Record, State


def deliveries(capacity: np.ndarray, t: int, inp: Inputs):
    """Chips made and where they go this month: production, licensed, smuggled, inflow by bloc."""
    d, s, c = inp.draws, inp.supplier, inp.controlled
    made = compute.output(capacity, inp.levers["hbm_controls"][t], d["access.hbm_dependence"][:, None])
    licensed = access.licensed_sales(made[:, s], inp.licensed[t])
    smuggled = access.smuggled(
        made[:, s],
        d["access.smuggling_share"],
        inp.levers["smuggling_enforcement"][t, c],
        d["access.smuggling_substitution"],
        inp.licensed[t],
        d["access.licensed_share_blackwell"],
    )
    inflow = made.copy()
    inflow[:, s] -= licensed + smuggled
    inflow[:, c] += licensed + smuggled
    return made, licensed, smuggled, inflow


def usable_and_training(stock: np.ndarray, t: int, inp: Inputs):
    """Powered compute, rented compute, accessible compute and the largest run's FLOP."""
    d, s, c = inp.draws, inp.supplier, inp.controlled
    power = inp.power0 * np.exp(inp.log_power_growth * t)
    kw = inp.kw0 * np.exp(-inp.log_efficiency_gain * t)
    usable = compute.usable_compute(stock, power, kw[:, None])
    remote = access.remote_compute(usable[:, s], d["access.remote_share"], inp.levers["remote_access_rule"][t, c])
    accessible = usable.copy()
    accessible[:, c] += remote
    share = compute.frontier_share(
        inp.frontier_share,
        inp.log_share_growth[:, None],
        t - d["compute.anchor_month"][:, None],
        d["compute.frontier_share_max"][:, None],
    )
    flop = compute.training_compute(accessible, share, inp.flop_per_h100e_run[:, None])
    return usable, remote, accessible, flop


def released(history: np.ndarray, t: int, lag: np.ndarray, backcast: np.ndarray) -> np.ndarray:
    """Frontier capability released ``lag`` months before month t [OOM], from months before t.

    Linear interpolation on the history; before 2023-01 the history is extrapolated back at
    ``backcast`` [OOM/month].
    """
    x = np.minimum(t - lag, t - 1.0)
    i = np.clip(np.floor(x), 0, t - 1).astype(np.intp)
    j = np.minimum(i + 1, t - 1)
    frac = np.clip(x - i, 0.0, 1.0)[:, None]
    at_i = np.take_along_axis(history, i[:, None, None], axis=1)[:, 0]
    at_j = np.take_along_axis(history, j[:, None, None], axis=1)[:, 0]
    inside = at_i + (at_j - at_i) * frac
    before = history[:, 0] + (x[:, None] * backcast[:, None])
    return np.where((x < 0)[:, None], before, inside)


def initial(inp: Inputs) -> tuple[State, Record]:
    """The state in January 2023: measured stocks, back-cast capacity, no distilled edge yet."""
    d = inp.draws
    capacity = inp.capacity0
    stock = by_bloc(d, "compute.stock_2023_01")
    made, licensed, smuggled, _ = deliveries(capacity, 0, inp)
    usable, remote, accessible, flop = usable_and_training(stock, 0, inp)
    own = np.log10(flop) + inp.log_efficiency0
    adoption, resilience, share = initial_dials(inp.dials, own, usable, own[:, inp.supplier])
    state = State(capacity, stock, inp.log_efficiency0, own, own, adoption, share)
    dialled = (adoption, resilience, share)
    return state, Record(own, usable, accessible, flop, made, licensed, smuggled, remote, *dialled)


def step(state: State, t: int, inp: Inputs, history: np.ndarray) -> tuple[State, Record]:
    """Advance from month t-1 to month t; ``history`` holds the frontier of months before t."""
    d = inp.draws
    growth = np.where(t <= d["compute.anchor_month"][:, None], inp.log_growth_history, inp.log_growth_future)
    capacity = compute.next_capacity(
        state.capacity,
        growth,
        inp.levers["sme_servicing_ban"][t],
        d["access.servicing_growth_effect"][:, None],
        d["access.servicing_decay"][:, None],
        inp.levers["cn_chip_subsidy"][t],
        np.log(d["access.subsidy_growth_boost"])[:, None] / 12,
    )
    made, licensed, smuggled, inflow = deliveries(capacity, t, inp)
    stock = compute.next_stock(state.stock, 1.0 / d["compute.chip_lifetime"][:, None], inflow)
    usable, remote, accessible, flop = usable_and_training(stock, t, inp)
    gain = state.frontier - history[:, 0, inp.supplier][:, None]
    log_eff = algorithms.next_log_efficiency(
        state.log_efficiency,
        accessible,
        gain,
        inp.base_rate,
        d["algorithms.research_compute_elasticity"],
        d["algorithms.ai_rnd_speedup"],
        d["algorithms.spillover_rate"],
    )
    own = np.log10(flop) + log_eff
    best_other, source = distillation.teacher(released(history, t, d["distillation.release_lag"], inp.backcast_rate))
    deterrence = inp.levers["distillation_deterrence"][t][source]
    share = distillation.closure_share(
        d["distillation.closure_rate"],
        deterrence,
        flop,
        d["distillation.min_student_compute"],
        t >= d["distillation.onset_month"],
    )
    distilled = distillation.next_distilled(np.maximum(state.distilled, own), best_other, share)
    capability = distillation.capability(own, distilled, d["distillation.transfer_fraction"])
    frontier = np.maximum(state.frontier, capability)
    adoption, resilience, share = advance_dials(
        state.adoption, state.global_share_by_region, t, inp.dials, frontier, usable, history[:, 0, inp.supplier]
    )
    new = State(capacity, stock, log_eff, distilled, frontier, adoption, share)
    dialled = (adoption, resilience, share)
    return new, Record(frontier, usable, accessible, flop, made, licensed, smuggled, remote, *dialled)
