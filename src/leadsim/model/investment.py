"""Share to investment: a bloc's share of world AI usage feeds its AI revenue, and so, with a lag,
its investment in compute (chip output, data-centre power, and the controlled bloc's demand).

The loop acts only after the anchor month (the measured production and power figures already
contain the investment of their time): from then on each bloc's investment is scaled by its
lagged share relative to what it was at the anchor, to the power of an elasticity (an
assumption with a wide prior; docs/model.md). This is the essay's case for exporting the stack.
"""

from __future__ import annotations

from numba import njit

JIT = {"cache": True, "error_model": "numpy", "inline": "always"}


@njit(**JIT)
def investment_factor(smoothed_share, anchor_share, elasticity, after_anchor):
    """Multiplier on the bloc's compute investment [dimensionless]; 1 up to the anchor month."""
    if not after_anchor:
        return 1.0
    return (smoothed_share / anchor_share) ** elasticity if elasticity != 0.0 else 1.0


@njit(**JIT)
def next_smoothed_share(smoothed_share, share, smoothing):
    """The share as investment sees it one month on [fraction]: exponential smoothing, moving a share
    ``smoothing`` = 1 - exp(-1 / lag) of the way each month, ``lag`` [month] being the time constant
    of revenue, then capital spending, then deployment."""
    return smoothed_share + (share - smoothed_share) * smoothing
