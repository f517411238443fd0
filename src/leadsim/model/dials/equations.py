"""The dials: domestic adoption, resilience, global distribution, safety margin and security milestones.

Pure functions over arrays. Shapes: ``(sample, bloc)`` for a bloc's own quantities,
``(sample, region, bloc)`` for shares of usage; units in brackets. The dials read the core
model (capability, usable compute, the lead) and never feed back into it, so the core's
results do not depend on them.

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

from functools import reduce

import numpy as np


def over_blocs(op, x):
    """Reduce the last (bloc) axis with a binary ufunc, keeping it as length 1.

    Equivalent to ``op.reduce(x, axis=-1, keepdims=True)`` but bloc by bloc: numpy reduces a
    short last axis row by row, several times slower for the two or three blocs we have.
    """
    return reduce(op, np.moveaxis(x, -1, 0))[..., None]


def scarcity(usable, gdp, half_intensity):
    """Compute scarcity of inference [fraction in (0, 1]]: 1 with no compute, 1/2 at ``half_intensity``.

    ``usable`` [H100e] powered compute, ``gdp`` [USD trillion] the economy it serves,
    ``half_intensity`` [H100e/USD trillion] the compute per unit of output at which scarcity is 1/2.
    """
    return half_intensity / (half_intensity + usable / gdp)


def diffusion_speed(gain, scarce, capability_effect, scarcity_effect):
    """Multiplier on the Bass coefficients [dimensionless]: up with capability, down with scarcity.

    ``gain`` [OOM] capability above the reference (the supplier bloc's January-2023 frontier);
    ``capability_effect`` [1/OOM] extra speed per OOM; ``scarcity_effect`` [fraction] the share
    of speed lost when compute is fully scarce (inference priced high).
    """
    return (1.0 + capability_effect * np.maximum(gain, 0.0)) * (1.0 - scarcity_effect * scarce)


def attempted_pace(adoption, speed, innovation, imitation):
    """Share of firms that would start using AI this month without backlash [fraction/month].

    The Bass hazard ``speed (p + q D)`` [1/month] becomes a monthly probability
    ``1 - exp(-hazard)``, so the pace never exceeds the firms left and the next share rises
    with the current one (a monotone, stable step for any coefficients).
    """
    hazard = 1.0 - np.exp(-speed * (innovation + imitation * adoption))
    return hazard * (1.0 - adoption)


def resilience(pace, automatable, absorption):
    """Resilience [fraction in (0, 1]]: absorption over absorption plus displacement.

    Displacement [1/month] is the adoption pace times the share of an adopting firm's work AI
    takes over (``automatable``); ``absorption`` [1/month] is the share of the workforce the
    society moves into new work per month. 1: nothing displaced; 1/2: displaced as fast as absorbed.
    """
    return absorption / (absorption + automatable * pace)


def next_adoption(adoption, pace, resilient, backlash):
    """Adoption one month on [fraction]: low resilience slows the pace by up to a share ``backlash``."""
    return adoption + pace * (1.0 - backlash * (1.0 - resilient))


def users_share(adoption, exponent):
    """Share of people using generative AI [fraction] implied by firm adoption ``1 - (1 - D)^k``.

    Maps the model's firm share onto surveys of people (CNNIC, St. Louis Fed); ``exponent`` k
    [dimensionless] is fitted on the US pair of surveys (docs/dials.md).
    """
    return 1.0 - (1.0 - adoption) ** exponent


def log_price(scarce, list_price, markup):
    """Log of the price of a bloc's AI stack [ln of a ratio to the US stack's list price].

    ``list_price`` [fraction] is the stack's price relative to the US stack for the same use
    (cheap open weights, subsidised clouds); scarcity adds up to a share ``markup``.
    """
    return np.log(list_price) + np.log1p(markup * scarce)


def stack_utility(capability, price, trust, promotion, capability_weight, price_weight, promotion_weight):
    """Utility of each bloc's stack in each region [utility], shape ``(sample, region, bloc)``.

    ``capability`` [OOM] and ``price`` (log price) are ``(sample, bloc)``; ``trust`` [utility]
    is ``(sample, region, bloc)``; ``promotion`` [strength 0..1] is ``(bloc,)``. The weights
    are ``(sample,)``: utility per OOM, per unit of log price, per unit of promotion.
    """
    own = capability_weight[:, None] * capability - price_weight[:, None] * price
    return own[:, None, :] + trust + promotion_weight[:, None, None] * promotion[None, None, :]


def choice(utility):
    """Multinomial-logit shares over the last axis [fraction]; each row sums to 1."""
    z = np.exp(utility - over_blocs(np.maximum, utility))
    return z / over_blocs(np.add, z)


def with_captive(choice, captive):
    """Target shares when a share ``captive`` [fraction] ``(sample, region, bloc)`` of a region's usage
    cannot leave a bloc's stack (closed markets); the rest follows the logit ``choice``.

    Captive shares sum to at most 1 per region; the result stays in [0, 1] and sums to 1.
    """
    return captive + (1.0 - over_blocs(np.add, captive)) * choice


def next_share(share, target, switching):
    """Usage shares one month on [fraction]: a share ``switching`` [1/month] of usage re-chooses.

    The rest stays on its installed stack (switching inertia); a convex combination of two
    sets of shares, so the result stays in [0, 1] and sums to 1 per region.
    """
    return share + switching[:, None, None] * (target - share)


def world_share(share, weights):
    """Usage-weighted share of world AI usage on each bloc's stack [fraction].

    ``share`` ``(sample, [time,] region, bloc)``; ``weights`` ``(sample, region)`` sum to 1.
    """
    w = weights if share.ndim == 3 else weights[:, None, :]
    return (share * w[..., None]).sum(axis=-2)


def safety_margin(lead, floor, cap, share_of_lead):
    """Months of pre-deployment safety work a bloc's leading developer can afford [month].

    With no lead (or behind) only ``floor`` [month]; a lead [month] buys time, a share
    ``share_of_lead`` of each month of lead at first, saturating at ``cap`` [month]:
    ``floor + (cap - floor) (1 - exp(-share_of_lead * lead / (cap - floor)))``. A
    neck-and-neck race squeezes the margin to the floor (competitive compression).
    """
    room = np.maximum(cap - floor, 1e-300)  # guard a zero room (cap == floor): no extra margin
    return floor + room * -np.expm1(-share_of_lead * np.maximum(lead, 0.0) / room)


def first_reach(frontier, level):
    """Month index at which each bloc's frontier first reaches each level; NaN if never.

    ``frontier`` ``(sample, time, bloc)`` [OOM], non-decreasing in time; ``level``
    ``(sample, milestone)`` [OOM] (NaN: undefined, never reached). Returns ``(sample, milestone, bloc)``.
    """
    reached = frontier[:, None, :, :] >= level[:, :, None, None]
    first = reached.argmax(axis=2).astype(float)
    return np.where(reached.any(axis=2), first, np.nan)
