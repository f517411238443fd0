"""The dials' equations: domestic adoption, resilience, global distribution and the safety margin.

Scalar functions of one sample and one bloc (or region and bloc), compiled with numba; units in
brackets. Adoption, resilience and the shares run inside the monthly step (the shares feed the
core through investment, model/investment.py); the safety margin and the share of people are
read off whole trajectories after it.

Adoption is a Bass diffusion, not a logistic: the Bass hazard ``p + q D`` separates an
external channel (``p``: adoption that does not wait for peers, which is where policy
pushes act) from imitation (``q``: firms copying adopting peers), and it starts from any
share including zero, where a logistic curve cannot leave zero. The share ``D`` is the
share of firms that used AI to produce goods or services in the last two weeks: the
question the Census Bureau's BTOS asked until November 2025 (see docs/dials.md for the
mapping onto the changed BTOS wording and onto the surveys of people, CNNIC and the
St. Louis Fed).
"""

from __future__ import annotations

import math

from numba import njit

from leadsim.model.minmax import larger

JIT = {"cache": True, "error_model": "numpy", "inline": "always"}


@njit(**JIT)
def scarcity(compute, gdp, half_intensity):
    """Compute scarcity of inference [fraction in (0, 1]]: 1 with no compute, 1/2 at ``half_intensity``.

    ``compute`` [H100e] the bloc's accessible compute, ``gdp`` [USD trillion] the economy it serves,
    ``half_intensity`` [H100e/USD trillion] the compute per unit of output at which scarcity is 1/2.
    """
    return half_intensity / (half_intensity + compute / gdp)


@njit(**JIT)
def diffusion_speed(gain, scarce, capability_effect, scarcity_effect):
    """Multiplier on the Bass coefficients [dimensionless]: up with capability, down with scarcity.

    ``gain`` [OOM] capability above the reference (the supplier bloc's January-2023 frontier);
    ``capability_effect`` [1/OOM] extra speed per OOM; ``scarcity_effect`` [fraction] the share
    of speed lost when compute is fully scarce (inference priced high).
    """
    return (1.0 + capability_effect * larger(gain, 0.0)) * (1.0 - scarcity_effect * scarce)


@njit(**JIT)
def attempted_pace(adoption, speed, innovation, imitation):
    """Share of firms that would start using AI this month without backlash [fraction/month].

    The Bass hazard ``speed (p + q D)`` [1/month] becomes a monthly probability
    ``1 - exp(-hazard)``, so the pace never exceeds the firms left and the next share rises
    with the current one (a monotone, stable step for any coefficients).
    """
    hazard = 1.0 - math.exp(-speed * (innovation + imitation * adoption))
    return hazard * (1.0 - adoption)


@njit(**JIT)
def resilience(pace, automatable, absorption):
    """Resilience [fraction in (0, 1]]: absorption over absorption plus displacement.

    Displacement [1/month] is the adoption pace times the share of an adopting firm's work AI
    takes over (``automatable``); ``absorption`` [1/month] is the share of the workforce the
    society moves into new work per month. 1: nothing displaced; 1/2: displaced as fast as absorbed.
    """
    return absorption / (absorption + automatable * pace)


@njit(**JIT)
def next_adoption(adoption, pace, resilient, backlash):
    """Adoption one month on [fraction]: low resilience slows the pace by up to a share ``backlash``."""
    return adoption + pace * (1.0 - backlash * (1.0 - resilient))


@njit(**JIT)
def users_share(adoption, exponent):
    """Share of people using generative AI [fraction] implied by firm adoption ``1 - (1 - D)^k``.

    Maps the model's firm share onto surveys of people (CNNIC, St. Louis Fed); ``exponent`` k
    [dimensionless] is fitted on the US pair of surveys (docs/dials.md).
    """
    return 1.0 - (1.0 - adoption) ** exponent


@njit(**JIT)
def log_price(scarce, log_list_price, markup):
    """Log of the price of a bloc's AI stack [ln of a ratio to the US stack's list price].

    ``log_list_price`` is the log of the stack's price relative to the US stack for the same use
    (cheap open weights, subsidised clouds); scarcity adds up to a share ``markup``.
    """
    return log_list_price + math.log1p(markup * scarce)


@njit(**JIT)
def stack_utility(capability, price, trust, promotion, capability_weight, price_weight, promotion_weight):
    """Utility of one bloc's stack in one region [utility]: capability [OOM] is worth
    ``capability_weight`` per OOM, log price costs ``price_weight``, plus the region's trust in the
    stack and the bloc's export promotion (strength 0..1) at ``promotion_weight``."""
    return capability_weight * capability - price_weight * price + trust + promotion_weight * promotion


@njit(**JIT)
def next_share(share, target, switching):
    """Usage share one month on [fraction]: a share ``switching`` [1/month] of usage re-chooses; the
    rest stays on its installed stack (a convex combination: shares stay in [0, 1], sum to 1)."""
    return share + switching * (target - share)


@njit(**JIT)
def safety_margin(lead, floor, cap, share_of_lead, trailing_relief):
    """Months of pre-deployment safety work a bloc's leading developer can afford [month].

    Neck and neck, only ``floor`` [month]; distance from the closest rival buys time, a share
    ``share_of_lead`` of each month of lead at first, saturating at ``cap`` [month]:
    ``floor + (cap - floor) (1 - exp(-share * |lead| / (cap - floor)))``. A trailing developer
    takes a share ``trailing_relief`` of that relief when far behind (racing models: the pressure
    to cut safety is greatest when capabilities are close, for the follower as for the leader);
    a neck-and-neck race squeezes both to the floor (competitive compression).
    """
    room = larger(cap - floor, 1e-300)  # guard a zero room (cap == floor): no extra margin
    share = share_of_lead if lead >= 0.0 else share_of_lead * trailing_relief
    return floor + room * -math.expm1(-share * abs(lead) / room)
