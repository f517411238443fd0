"""Switch 2, access: what China's demand gets through licensed sales, smuggling and remote rental.

Leakage follows demand and enforcement, not the supplier's output: the controlled bloc wants
more chips than its own industry makes; a share of that import demand is bought legally where
the export regime allows it (capped where a licence caps it); smuggling fills a share of what
remains unmet, less what enforcement stops; and labs rent compute abroad against the stock
their demand would have built and did not. Scalar functions of one sample, compiled with numba.
"""

from __future__ import annotations

from numba import njit

from leadsim.model.minmax import larger, smaller

JIT = {"cache": True, "error_model": "numpy", "inline": "always"}


@njit(**JIT)
def licensed_sales(import_demand, uptake, cap_share, supply):
    """Chips sold legally to the controlled bloc [H100e/month]: the share ``uptake`` of import demand
    the regime lets buyers fill, at most ``cap_share`` of the supplier's output ``supply``."""
    return smaller(uptake * import_demand, cap_share * supply)


@njit(**JIT)
def smuggled(unmet, smuggling_share, enforcement, available):
    """Chips smuggled to the controlled bloc [H100e/month]: a share of the import demand left unmet,
    less the share enforcement stops; at most what the supplier has left to divert."""
    return smaller(smuggling_share * unmet * (1.0 - enforcement), larger(available, 0.0))


@njit(**JIT)
def remote_compute(gap, uptake, rule, host_compute, cap):
    """Overseas compute the controlled bloc's labs rent [H100e]: a share of the stock their demand
    would have built and did not (``gap``), at most a share ``cap`` of the host bloc's powered
    compute; a rule closes a share of what they rent (coverage times compliance)."""
    return smaller(uptake * larger(gap, 0.0), cap * host_compute) * (1.0 - rule)
