"""Switch 1, compute: chip-making capacity, stocks, power limits and frontier training compute.

Scalar functions of one sample and one bloc, compiled with numba; units in brackets.
"""

from __future__ import annotations

import math

from numba import njit

SECONDS_PER_MONTH = 365.25 * 24 * 3600 / 12  # unit conversion
KW_PER_GW = 1e6  # unit conversion


@njit(cache=True, error_model="numpy")
def next_capacity(capacity, log_growth, servicing, servicing_effect, servicing_decay, subsidy, log_subsidy):
    """Monthly output capacity one month on [H100e/month].

    ``log_growth`` is the bloc's natural-log growth per month. A servicing ban of strength
    ``servicing`` first removes a share of the growth, then erodes the level as unserviced
    tools degrade; a subsidy of strength ``subsidy`` adds ``log_subsidy`` [1/month] of growth.
    """
    rate = log_growth * (1.0 - servicing * servicing_effect) - servicing * servicing_decay
    return capacity * math.exp(rate + subsidy * log_subsidy)


@njit(cache=True, error_model="numpy")
def output(capacity, hbm, hbm_dependence):
    """Chips delivered this month [H100e/month]: capacity less what further HBM controls cut off."""
    return capacity * (1.0 - hbm * hbm_dependence)


@njit(cache=True, error_model="numpy")
def next_stock(stock, retire_rate, inflow):
    """Installed compute one month on [H100e]: retirements out, deliveries in."""
    return stock * (1.0 - retire_rate) + inflow


@njit(cache=True, error_model="numpy")
def usable_compute(stock, power_gw, kw_per_h100e):
    """Compute that has power to run [H100e]; the rest idles."""
    return min(stock, power_gw * KW_PER_GW / kw_per_h100e)


@njit(cache=True, error_model="numpy")
def frontier_share(share_at_anchor, log_growth, months_from_anchor, share_max):
    """Share of usable compute in the largest run [fraction], growing until it reaches its cap."""
    return min(share_at_anchor * math.exp(log_growth * months_from_anchor), share_max)


@njit(cache=True, error_model="numpy")
def training_compute(accessible, share, flop_per_h100e_run):
    """Compute of the bloc's largest training run [FLOP]."""
    return share * accessible * flop_per_h100e_run
