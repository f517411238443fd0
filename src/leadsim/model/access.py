"""Switch 2, access: licensed sales, smuggling and remote use of overseas compute.

All flows run from the supplier bloc to the controlled bloc; scalar functions of one sample.
"""

from __future__ import annotations

from numba import njit


@njit(cache=True, error_model="numpy")
def licensed_sales(supplier_output, licensed_share):
    """Chips sold legally to the controlled bloc [H100e/month]."""
    return supplier_output * licensed_share


@njit(cache=True, error_model="numpy")
def smuggled(supplier_output, smuggling_share, enforcement, substitution, licensed_share, open_share):
    """Chips smuggled to the controlled bloc [H100e/month].

    Demand for smuggled chips is highest when the legal route is shut; legal sales displace
    a share ``substitution`` of it in proportion to how open the route is (``open_share`` is
    the licensed share under the loosest regime). Enforcement stops a share of what remains.
    """
    openness = min(licensed_share / open_share, 1.0)
    return supplier_output * smuggling_share * (1.0 - enforcement) * (1.0 - substitution * openness)


@njit(cache=True, error_model="numpy")
def remote_compute(supplier_usable, remote_share, rule):
    """Overseas compute the controlled bloc's labs rent for training [H100e]; a rule closes a share."""
    return supplier_usable * remote_share * (1.0 - rule)
