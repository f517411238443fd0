"""Switch 1, compute: chip-making capacity, deliveries a bloc can absorb, usable compute.

The paths that grow at constant rates (power, the largest run's share, run durations) are in clock.py.

Scalar functions of one sample and one bloc, compiled with numba; units in brackets.
"""

from __future__ import annotations

import math

from numba import njit

from leadsim.model.minmax import larger, smaller

JIT = {"cache": True, "error_model": "numpy", "inline": "always"}


@njit(**JIT)
def next_capacity(capacity, growth, log_growth, servicing, servicing_effect, servicing_decay, subsidy, log_subsidy):
    """Monthly output capacity one month on [H100e/month].

    ``growth`` is the bloc's growth factor per month, ``log_growth`` its natural log. A servicing
    ban of strength ``servicing`` first removes a share of the growth, then erodes the level as
    unserviced tools degrade; a subsidy of strength ``subsidy`` adds ``log_subsidy`` [1/month] of
    growth. (With neither, the factor needs no exponential: most months of most samples.)
    """
    if servicing == 0.0 and subsidy == 0.0:
        return capacity * growth
    rate = log_growth * (1.0 - servicing * servicing_effect) - servicing * servicing_decay
    return capacity * math.exp(rate + subsidy * log_subsidy)


@njit(**JIT)
def output(capacity, hbm, hbm_dependence, invest):
    """Chips made this month [H100e/month]: capacity less what further HBM controls cut off, scaled by
    the investment the bloc's share of world usage pays for (``invest``, 1 at the anchor)."""
    return capacity * (1.0 - hbm * hbm_dependence) * invest


@njit(**JIT)
def absorbable(powered_chips, retained, idle_buffer):
    """Deliveries the bloc's buyers take this month [H100e/month]: they fill their power, plus a
    buffer of chips awaiting power (``idle_buffer``, a share of powered capacity); no more. Chips
    beyond that are not ordered, so supply responds to power."""
    return larger((1.0 + idle_buffer) * powered_chips - retained, 0.0)


@njit(**JIT)
def usable_compute(stock, powered_chips):
    """Compute that has power to run [H100e]; the rest idles."""
    return smaller(stock, powered_chips)
