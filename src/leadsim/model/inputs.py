"""Everything the monthly step needs, gathered once per chunk from the draws and the scenario."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leadsim.dims import BLOCS, CONTROLLED, SUPPLIER
from leadsim.model.compute import SECONDS_PER_MONTH
from leadsim.model.dial_step import DialInputs, gather_dials
from leadsim.model.policy import licensed_share_path, regime_path, strength_paths
from leadsim.scenarios import Scenario


def by_bloc(draws: dict[str, np.ndarray], name: str) -> np.ndarray:
    """Stack the per-bloc parameters ``name_<bloc>`` into an array ``(sample, bloc)``."""
    return np.stack([draws[f"{name}_{b}"] for b in BLOCS], axis=1)


@dataclass(frozen=True)
class Inputs:
    """Parameters as arrays ``(sample,)`` or ``(sample, bloc)``, and lever paths over time."""

    draws: dict[str, np.ndarray]
    n_months: int
    supplier: int
    controlled: int
    capacity0: np.ndarray  # [H100e/month] at 2023-01
    log_growth_history: np.ndarray  # [1/month], natural log
    log_growth_future: np.ndarray  # [1/month], natural log
    power0: np.ndarray  # [GW] at 2023-01
    log_power_growth: np.ndarray  # [1/month], natural log
    kw0: np.ndarray  # [kW/H100e] at 2023-01
    log_efficiency_gain: np.ndarray  # [1/month], natural log
    frontier_share: np.ndarray  # at the anchor month
    log_share_growth: np.ndarray  # [1/month], natural log
    flop_per_h100e_run: np.ndarray  # [FLOP]
    log_efficiency0: np.ndarray  # [OOM]
    base_rate: np.ndarray  # [OOM/month]
    backcast_rate: np.ndarray  # [OOM/month]
    licensed: np.ndarray  # (time, sample) [fraction]
    levers: dict[str, np.ndarray]  # lever -> (time, bloc) strength
    dials: DialInputs  # the dials' parameters and lever paths


def gather(draws: dict[str, np.ndarray], scenario: Scenario, n_months: int) -> Inputs:
    """Turn draws and levers into the arrays the step uses (growth rates per month, 2023-01 levels)."""
    d = draws
    anchor = d["compute.anchor_month"]
    g_hist = np.log(by_bloc(d, "compute.production_growth_history")) / 12
    p_growth = np.log(by_bloc(d, "compute.power_growth")) / 12
    e_growth = np.log(d["compute.power_efficiency_growth"]) / 12
    alg = np.log10(d["algorithms.efficiency_growth"]) / 12
    gap0 = np.stack([d.get(f"algorithms.gap_2023_{b}", np.zeros_like(anchor)) for b in BLOCS], axis=1)
    levers = strength_paths(scenario, n_months)
    return Inputs(
        draws=d,
        n_months=n_months,
        supplier=BLOCS.index(SUPPLIER),
        controlled=BLOCS.index(CONTROLLED),
        capacity0=by_bloc(d, "compute.production_2025_12") * np.exp(-g_hist * anchor[:, None]),
        log_growth_history=g_hist,
        log_growth_future=np.log(by_bloc(d, "compute.production_growth")) / 12,
        power0=by_bloc(d, "compute.power_2025_12") * np.exp(-p_growth * anchor[:, None]),
        log_power_growth=p_growth,
        kw0=d["compute.power_per_h100e_2025_12"] * np.exp(e_growth * anchor),
        log_efficiency_gain=e_growth,
        frontier_share=by_bloc(d, "compute.frontier_share"),
        log_share_growth=np.log(d["compute.frontier_share_growth"]) / 12,
        flop_per_h100e_run=d["compute.peak_flops_per_h100e"]
        * d["compute.utilisation"]
        * d["compute.run_duration"]
        * SECONDS_PER_MONTH,
        log_efficiency0=-gap0,
        base_rate=alg,
        backcast_rate=np.log10(d["capability.training_compute_growth_pre_2023"]) / 12 + alg,
        licensed=licensed_share_path(d, regime_path(scenario, n_months)),
        levers=levers,
        dials=gather_dials(d, levers),
    )
