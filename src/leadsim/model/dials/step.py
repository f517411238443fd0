"""One month of the dials, composed from the pure functions in dials.py, after the core step.

Order within month t, given the core's capability and usable compute of month t:
(1) inference scarcity from usable compute per unit of GDP; (2) diffusion speed from
capability and scarcity, the Bass innovation coefficient raised by the adoption pushes;
(3) the attempted adoption pace; (4) resilience from that pace against absorption
(raised by transition support); (5) adoption advances, slowed by low resilience;
(6) each region's logit choice of stack on capability, price (list price and scarcity),
trust and export promotion, for the usage not captive in a closed market; (7) usage moves
toward that target at the switching rate.
The dials never feed back into the core.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leadsim.dims import BLOCS, REGIONS
from leadsim.model.dials import equations as dials

ADOPTION_PUSHES = ("us_adoption_push", "cn_ai_plus_push")  # levers that push domestic adoption
SCALARS = {  # DialInputs field -> registry parameter (dials.<name>), one value per sample
    "innovation": "bass_innovation",
    "imitation": "bass_imitation",
    "capability_speedup": "capability_speedup",
    "half_intensity": "scarcity_half_intensity",
    "scarcity_effect": "scarcity_speed_effect",
    "push_effect": "push_effect",
    "automatable": "automatable_share",
    "absorption": "absorption_rate",
    "support_effect": "support_effect",
    "backlash": "backlash",
    "onset": "open_weight_onset",
    "markup": "scarcity_markup",
    "capability_weight": "capability_weight",
    "price_weight": "price_weight",
    "promotion_weight": "promotion_weight",
    "switching": "switching_rate",
}


def stack(draws: dict[str, np.ndarray], name: str, keys: tuple[str, ...], missing: float | None = None) -> np.ndarray:
    """Parameters ``name_<key>`` stacked on a last axis; a missing key takes ``missing`` (the reference level)."""
    if missing is None:
        return np.stack([draws[f"{name}_{k}"] for k in keys], axis=-1)
    fill = np.full_like(next(iter(draws.values())), missing)
    return np.stack([draws.get(f"{name}_{k}", fill) for k in keys], axis=-1)


@dataclass(frozen=True)
class DialInputs:
    """The dials' parameters as arrays ``(sample,)``, ``(sample, bloc)`` or ``(sample, region, bloc)``,
    and their lever paths ``(time, bloc)``."""

    adoption0: np.ndarray  # [fraction] (sample, bloc)
    innovation: np.ndarray  # Bass p [1/month]
    imitation: np.ndarray  # Bass q [1/month]
    capability_speedup: np.ndarray  # [1/OOM]
    gdp: np.ndarray  # [USD trillion] (sample, bloc)
    half_intensity: np.ndarray  # [H100e/USD trillion]
    scarcity_effect: np.ndarray  # [fraction]
    push_effect: np.ndarray  # [dimensionless]
    automatable: np.ndarray  # [fraction]
    absorption: np.ndarray  # [1/month]
    support_effect: np.ndarray  # [dimensionless]
    backlash: np.ndarray  # [fraction]
    weights: np.ndarray  # [fraction] (sample, region), summing to 1
    trust: np.ndarray  # [utility] (sample, region, bloc)
    captive: np.ndarray  # [fraction] (sample, region, bloc) usage that cannot leave the bloc's stack
    list_price: np.ndarray  # [fraction of the US stack's price] (sample, bloc)
    onset: np.ndarray  # [month index] cheap open weights available abroad from then
    markup: np.ndarray  # [dimensionless]
    capability_weight: np.ndarray  # [1/OOM]
    price_weight: np.ndarray  # [dimensionless]
    promotion_weight: np.ndarray  # [dimensionless]
    switching: np.ndarray  # [1/month]
    push: np.ndarray  # (time, bloc) strength of the bloc's domestic adoption push
    support: np.ndarray  # (time, bloc) strength of transition support
    promotion: np.ndarray  # (time, bloc) strength of stack export promotion


def gather_dials(draws: dict[str, np.ndarray], levers: dict[str, np.ndarray]) -> DialInputs:
    """The dials' inputs, gathered once per chunk; region weights are normalised to sum to 1."""
    d = draws
    weights = stack(d, "dials.weight", REGIONS)
    trust = np.stack([stack(d, f"dials.trust_{r}", BLOCS, missing=0.0) for r in REGIONS], axis=1)
    captive = np.stack([stack(d, f"dials.captive_{r}", BLOCS, missing=0.0) for r in REGIONS], axis=1)
    return DialInputs(
        **{field: d[f"dials.{name}"] for field, name in SCALARS.items()},
        adoption0=stack(d, "dials.adoption_2023_01", BLOCS),
        gdp=stack(d, "dials.gdp", BLOCS),
        weights=weights / weights.sum(axis=1, keepdims=True),
        trust=trust,
        captive=captive / np.maximum(captive.sum(axis=-1, keepdims=True), 1.0),  # at most all of a region
        list_price=stack(d, "dials.stack_price", BLOCS, missing=1.0),
        push=sum(levers[name] for name in ADOPTION_PUSHES),
        support=levers["transition_support"],
        promotion=levers["us_stack_export_promotion"],
    )


def market_target(t: int, dl: DialInputs, capability: np.ndarray, scarce: np.ndarray) -> np.ndarray:
    """Each region's logit choice of stack this month [fraction] ``(sample, region, bloc)``."""
    list_price = np.where(t >= dl.onset[:, None], dl.list_price, 1.0)  # before: one price, the US stack's
    price = dials.log_price(scarce, list_price, dl.markup[:, None])
    utility = dials.stack_utility(
        capability, price, dl.trust, dl.promotion[t], dl.capability_weight, dl.price_weight, dl.promotion_weight
    )
    return dials.with_captive(dials.choice(utility), dl.captive)


def adoption_month(adoption, t, dl: DialInputs, capability, scarce, reference):
    """Adoption one month on and this month's resilience [fraction], ``(sample, bloc)`` each."""
    col = (slice(None), None)
    speed = dials.diffusion_speed(
        capability - reference[col], scarce, dl.capability_speedup[col], dl.scarcity_effect[col]
    )
    innovation = dl.innovation[col] * (1.0 + dl.push_effect[col] * dl.push[t])
    pace = dials.attempted_pace(adoption, speed, innovation, dl.imitation[col])
    absorption = dl.absorption[col] * (1.0 + dl.support_effect[col] * dl.support[t])
    resilient = dials.resilience(pace, dl.automatable[col], absorption)
    return dials.next_adoption(adoption, pace, resilient, dl.backlash[col]), resilient


def initial_dials(dl: DialInputs, capability: np.ndarray, usable: np.ndarray, reference: np.ndarray):
    """January 2023: measured adoption, the resilience of its first month, shares at their logit choice."""
    scarce = dials.scarcity(usable, dl.gdp, dl.half_intensity[:, None])
    _, resilient = adoption_month(dl.adoption0, 0, dl, capability, scarce, reference)
    return dl.adoption0, resilient, market_target(0, dl, capability, scarce)


def advance_dials(adoption, share, t: int, dl: DialInputs, capability, usable, reference):
    """Month t of the dials: new adoption, resilience and shares by region.

    ``capability`` [OOM] and ``usable`` [H100e] are the core's values of month t, ``(sample, bloc)``;
    ``reference`` [OOM] ``(sample,)`` is the supplier bloc's January-2023 frontier.
    """
    scarce = dials.scarcity(usable, dl.gdp, dl.half_intensity[:, None])
    adoption, resilient = adoption_month(adoption, t, dl, capability, scarce, reference)
    share = dials.next_share(share, market_target(t, dl, capability, scarce), dl.switching)
    return adoption, resilient, share
