"""Everything the monthly step needs, gathered once per chunk from the draws and the scenario."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from leadsim.dims import BLOCS, CONTROLLED, SUPPLIER
from leadsim.model.compute import SECONDS_PER_MONTH
from leadsim.model.dials.step import DialInputs, gather_dials
from leadsim.model.policy import licensed_share_path, regime_path, strength_paths
from leadsim.model.state import KERNEL_LEVERS, PER_BLOC, SCALARS
from leadsim.scenarios import Scenario


def by_bloc(draws: dict[str, np.ndarray], name: str) -> np.ndarray:
    """Stack the per-bloc parameters ``name_<bloc>`` into an array ``(sample, bloc)``."""
    return np.stack([draws[f"{name}_{b}"] for b in BLOCS], axis=1)


class KernelInputs(NamedTuple):
    """Arrays for the compiled step, columns named in state.py."""

    supplier: int
    controlled: int
    scalars: np.ndarray  # (sample, SCALARS)
    per_bloc: np.ndarray  # (sample, PER_BLOC, bloc)
    levers: np.ndarray  # (KERNEL_LEVERS, time, bloc) strength
    licensed: np.ndarray  # (time, sample) [fraction]


@dataclass(frozen=True)
class Inputs:
    """The compiled step's arrays, plus the draws and every lever path for code outside it."""

    kernel: KernelInputs
    draws: dict[str, np.ndarray]
    levers: dict[str, np.ndarray]  # lever -> (time, bloc) strength
    n_months: int
    dials: DialInputs  # the dials' parameters and lever paths

    @property
    def backcast_rate(self) -> np.ndarray:
        return self.kernel.scalars[:, SCALARS.index("backcast_rate")]


def gather(draws: dict[str, np.ndarray], scenario: Scenario, n_months: int) -> Inputs:
    """Turn draws and levers into arrays (growth rates per month, levels back-cast to 2023-01)."""
    d = draws
    anchor = d["compute.anchor_month"]
    g_hist = np.log(by_bloc(d, "compute.production_growth_history")) / 12
    p_growth = np.log(by_bloc(d, "compute.power_growth")) / 12
    e_growth = np.log(d["compute.power_efficiency_growth"]) / 12
    alg = np.log10(d["algorithms.efficiency_growth"]) / 12
    gap0 = np.stack([d.get(f"algorithms.gap_2023_{b}", np.zeros_like(anchor)) for b in BLOCS], axis=1)
    levers = strength_paths(scenario, n_months)
    columns = dict(
        anchor=anchor,
        capacity0=by_bloc(d, "compute.production_2025_12") * np.exp(-g_hist * anchor[:, None]),
        log_growth_history=g_hist,
        log_growth_future=np.log(by_bloc(d, "compute.production_growth")) / 12,
        stock0=by_bloc(d, "compute.stock_2023_01"),
        retire_rate=1.0 / d["compute.chip_lifetime"],
        power0=by_bloc(d, "compute.power_2025_12") * np.exp(-p_growth * anchor[:, None]),
        log_power_growth=p_growth,
        kw0=d["compute.power_per_h100e_2025_12"] * np.exp(e_growth * anchor),
        log_efficiency_gain=e_growth,
        frontier_share=by_bloc(d, "compute.frontier_share"),
        log_share_growth=np.log(d["compute.frontier_share_growth"]) / 12,
        share_max=d["compute.frontier_share_max"],
        flop_per_h100e_run=d["compute.peak_flops_per_h100e"]
        * d["compute.utilisation"]
        * d["compute.run_duration"]
        * SECONDS_PER_MONTH,
        hbm_dependence=d["access.hbm_dependence"],
        smuggling_share=d["access.smuggling_share"],
        substitution=d["access.smuggling_substitution"],
        open_share=d["access.licensed_share_blackwell"],
        remote_share=d["access.remote_share"],
        servicing_effect=d["access.servicing_growth_effect"],
        servicing_decay=d["access.servicing_decay"],
        log_subsidy=np.log(d["access.subsidy_growth_boost"]) / 12,
        log_efficiency0=-gap0,
        base_rate=alg,
        elasticity=d["algorithms.research_compute_elasticity"],
        speedup=d["algorithms.ai_rnd_speedup"],
        spillover=d["algorithms.spillover_rate"],
        closure_rate=d["distillation.closure_rate"],
        transfer=d["distillation.transfer_fraction"],
        release_lag=d["distillation.release_lag"],
        onset=d["distillation.onset_month"],
        min_student_compute=d["distillation.min_student_compute"],
        backcast_rate=np.log10(d["capability.training_compute_growth_pre_2023"]) / 12 + alg,
    )
    kernel = KernelInputs(
        supplier=BLOCS.index(SUPPLIER),
        controlled=BLOCS.index(CONTROLLED),
        scalars=np.stack([columns[name] for name in SCALARS], axis=1),
        per_bloc=np.stack([columns[name] for name in PER_BLOC], axis=1),
        levers=np.stack([levers[name] for name in KERNEL_LEVERS]),
        licensed=licensed_share_path(d, regime_path(scenario, n_months)),
    )
    return Inputs(kernel, d, levers, n_months, gather_dials(d, levers))
