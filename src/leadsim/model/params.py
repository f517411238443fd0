"""The compiled step's parameters, named once: each kernel name and how it comes from the registry's draws.

The compiled step reads plain arrays (numba is much faster with a few arrays than with many
named ones). Each table below maps a kernel name to a function of the draws (registry id ->
array ``(sample,)``), converting units once (a growth factor per year to a log rate per month,
a lifetime to a rate). The index namespaces ``P``, ``B``, ``R`` and ``RB`` are generated from
the tables, so the step reads ``p[P.retire_rate]``: numba freezes these integers at compile
time, so reading by name costs nothing.
"""

from __future__ import annotations

from collections import namedtuple
from collections.abc import Callable

import numpy as np

from leadsim.dims import BLOCS, REGIONS

Draws = dict[str, np.ndarray]
Table = dict[str, Callable[[Draws], np.ndarray]]

SECONDS_PER_MONTH = 365.25 * 24 * 3600 / 12  # unit conversion
KW_PER_GW = 1e6  # unit conversion


def per_month_log(d: Draws, name: str) -> np.ndarray:
    """A growth factor per year [x/year] as a natural-log rate per month [1/month]."""
    return np.log(d[name]) / 12


def per_bloc(d: Draws, name: str, missing: float | None = None) -> np.ndarray:
    """Parameters ``name_<bloc>`` stacked to ``(sample, bloc)``; a missing bloc takes ``missing``."""
    fill = None if missing is None else np.full_like(d["compute.anchor_month"], missing)
    return np.stack([d[f"{name}_{b}"] if missing is None else d.get(f"{name}_{b}", fill) for b in BLOCS], axis=1)


def per_region(d: Draws, name: str) -> np.ndarray:
    return np.stack([d[f"{name}_{r}"] for r in REGIONS], axis=1)


def per_region_bloc(d: Draws, name: str, missing: float) -> np.ndarray:
    """``(sample, region, bloc)`` of parameters ``name_<region>_<bloc>``; absent ones take ``missing``."""
    return np.stack([per_bloc(d, f"{name}_{r}", missing) for r in REGIONS], axis=1)


# Per-sample scalars, array (sample, P).
SCALARS: Table = {
    "anchor": lambda d: d["compute.anchor_month"],
    "retire_rate": lambda d: 1.0 / d["compute.chip_lifetime"],
    "kw_anchor": lambda d: d["compute.power_per_h100e_2025_12"],
    "log_kw_decline": lambda d: per_month_log(d, "compute.power_efficiency_growth"),
    "idle_buffer": lambda d: d["compute.idle_buffer"],
    "flop_per_month": lambda d: d["compute.peak_flops_per_h100e"] * d["compute.utilisation"] * SECONDS_PER_MONTH,
    "log_share_growth": lambda d: per_month_log(d, "compute.frontier_share_growth"),
    "share_max": lambda d: d["compute.frontier_share_max"],
    "run_months": lambda d: d["compute.run_duration"],
    "log_run_growth": lambda d: per_month_log(d, "compute.run_duration_growth"),
    "run_months_max": lambda d: d["compute.run_duration_max"],
    "log_flow_growth_before": lambda d: (
        np.log(d["capability.training_compute_growth_pre_2023"] / d["compute.run_duration_growth"]) / 12
    ),
    "log_run_growth_before": lambda d: per_month_log(d, "capability.training_compute_growth_pre_2023"),
    "demand_anchor": lambda d: d["compute.demand_2025_12_cn"],
    "log_demand_growth": lambda d: per_month_log(d, "compute.demand_growth_cn"),
    "uptake_a800": lambda d: d["access.licensed_uptake_a800"],
    "uptake_h20": lambda d: d["access.licensed_uptake_h20"],
    "uptake_h200": lambda d: d["access.licensed_uptake_h200"],
    "uptake_blackwell": lambda d: d["access.licensed_uptake_blackwell"],
    "cap_h200": lambda d: d["access.licence_cap_h200"],
    "leakage_cap": lambda d: d["access.leakage_cap"],
    "smuggling_share": lambda d: d["access.smuggling_share"],
    "remote_uptake": lambda d: d["access.remote_uptake"],
    "remote_cap": lambda d: d["access.remote_cap"],
    "hbm_dependence": lambda d: d["access.hbm_dependence"],
    "servicing_effect": lambda d: d["access.servicing_growth_effect"],
    "servicing_decay": lambda d: d["access.servicing_decay"],
    "log_subsidy": lambda d: per_month_log(d, "access.subsidy_growth_boost"),
    "base_rate": lambda d: np.log10(d["algorithms.efficiency_growth"]) / 12,
    "elasticity": lambda d: d["algorithms.research_compute_elasticity"],
    "log_uplift": lambda d: np.log(d["algorithms.ai_rnd_uplift"]),
    "spillover": lambda d: d["algorithms.spillover_rate"],
    "spill_lag": lambda d: d["algorithms.spillover_lag"],
    "backcast_rate": lambda d: (
        np.log10(d["capability.training_compute_growth_pre_2023"] * d["algorithms.efficiency_growth"]) / 12
    ),
    "closure_rate": lambda d: d["distillation.closure_rate"],
    "transfer": lambda d: d["distillation.transfer_fraction"],
    "harvest_lag": lambda d: d["distillation.harvest_lag"],
    "distill_onset": lambda d: d["distillation.onset_month"],
    "student_ratio": lambda d: d["distillation.student_compute_ratio"],
    "investment_elasticity": lambda d: d["investment.share_elasticity"],
    "investment_smoothing": lambda d: -np.expm1(-1.0 / d["investment.lag"]),
    "innovation": lambda d: d["dials.bass_innovation"],
    "imitation": lambda d: d["dials.bass_imitation"],
    "capability_speedup": lambda d: d["dials.capability_speedup"],
    "half_intensity": lambda d: d["dials.scarcity_half_intensity"],
    "scarcity_effect": lambda d: d["dials.scarcity_speed_effect"],
    "push_effect": lambda d: d["dials.push_effect"],
    "users_exponent": lambda d: d["dials.users_exponent"],
    "automatable": lambda d: d["dials.automatable_share"],
    "absorption": lambda d: d["dials.absorption_rate"],
    "support_effect": lambda d: d["dials.support_effect"],
    "backlash": lambda d: d["dials.backlash"],
    "open_onset": lambda d: d["dials.open_weight_onset"],
    "markup": lambda d: d["dials.scarcity_markup"],
    "capability_weight": lambda d: d["dials.capability_weight"],
    "price_weight": lambda d: d["dials.price_weight"],
    "promotion_weight": lambda d: d["dials.promotion_weight"],
    "switching": lambda d: d["dials.switching_rate"],
    "safety_cap": lambda d: d["dials.safety_cap"],
    "safety_share": lambda d: d["dials.safety_share_of_lead"],
    "safety_trailing": lambda d: d["dials.safety_trailing_relief"],
}

# Per-bloc parameters, array (sample, B, bloc).
PER_BLOC: Table = {
    "capacity_anchor": lambda d: per_bloc(d, "compute.production_2025_12"),
    "log_growth_history": lambda d: per_month_log_bloc(d, "compute.production_growth_history"),
    "log_growth_future": lambda d: per_month_log_bloc(d, "compute.production_growth"),
    "growth_history": lambda d: per_bloc(d, "compute.production_growth_history") ** (1 / 12),
    "growth_future": lambda d: per_bloc(d, "compute.production_growth") ** (1 / 12),
    "stock0": lambda d: per_bloc(d, "compute.stock_2023_01"),
    "power_anchor": lambda d: per_bloc(d, "compute.power_2025_12"),
    "log_power_growth": lambda d: per_month_log_bloc(d, "compute.power_growth"),
    "frontier_share": lambda d: per_bloc(d, "compute.frontier_share"),
    "log_efficiency0": lambda d: -per_bloc(d, "algorithms.gap_2023", missing=0.0),
    "research_productivity": lambda d: per_bloc(d, "algorithms.research_productivity", missing=1.0),
    "release_lag": lambda d: per_bloc(d, "capability.release_lag"),
    "adoption0": lambda d: per_bloc(d, "dials.adoption_2023_01"),
    "gdp": lambda d: per_bloc(d, "dials.gdp"),
    "list_price": lambda d: per_bloc(d, "dials.stack_price", missing=1.0),
    "safety_floor": lambda d: per_bloc(d, "dials.safety_floor"),
}

# Per-region parameters, array (sample, R, region).
PER_REGION: Table = {
    "weight": lambda d: normalised(per_region(d, "dials.weight")),
}

# Per-region-and-bloc parameters, array (sample, RB, region, bloc).
PER_REGION_BLOC: Table = {
    "trust_factor": lambda d: np.exp(per_region_bloc(d, "dials.trust", missing=0.0)),  # exp(trust): logit weights
    "captive": lambda d: at_most_one(per_region_bloc(d, "dials.captive", missing=0.0)),
}


def per_month_log_bloc(d: Draws, name: str) -> np.ndarray:
    return np.log(per_bloc(d, name)) / 12


def normalised(weights: np.ndarray) -> np.ndarray:
    """Region weights ``(sample, region)`` scaled to sum to 1."""
    return weights / weights.sum(axis=1, keepdims=True)


def at_most_one(captive: np.ndarray) -> np.ndarray:
    """Captive shares ``(sample, region, bloc)`` scaled down where a region's would exceed 1."""
    return captive / np.maximum(captive.sum(axis=-1, keepdims=True), 1.0)


def index(table: Table | tuple[str, ...], name: str):
    """A namedtuple of positions, one field per name: ``P.retire_rate == 1``."""
    names = tuple(table)
    return namedtuple(name, names)(*range(len(names)))


P = index(SCALARS, "P")
B = index(PER_BLOC, "B")
R = index(PER_REGION, "R")
RB = index(PER_REGION_BLOC, "RB")


def stack(table: Table, draws: Draws) -> np.ndarray:
    """Every entry of a table evaluated on the draws, stacked on axis 1 (the field axis)."""
    return np.ascontiguousarray(np.stack([f(draws) for f in table.values()], axis=1), dtype=np.float64)
