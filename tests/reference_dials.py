"""A plain per-trajectory reference of the dials: loops over months, blocs and regions with ``math``.

It takes one sample's recorded core trajectory (frontier capability, usable compute, each
bloc's lead over its closest rival), the sample's parameter draws and the lever strengths,
and recomputes every dial from the equations in docs/dials.md, written out anew without
numpy, so that tests can check the vectorised engine against it.
"""

from __future__ import annotations

import math


def _pick(draws: dict[str, float], name: str, key: str, missing: float | None = None) -> float:
    full = f"dials.{name}_{key}"
    return draws[full] if missing is None or full in draws else missing


def _adoption_month(draws, adoption, gain, scarce, push, support):
    """One month of one bloc's adoption: (new adoption, resilience)."""
    speed = (1.0 + draws["dials.capability_speedup"] * max(gain, 0.0)) * (
        1.0 - draws["dials.scarcity_speed_effect"] * scarce
    )
    innovation = draws["dials.bass_innovation"] * (1.0 + draws["dials.push_effect"] * push)
    hazard = 1.0 - math.exp(-speed * (innovation + draws["dials.bass_imitation"] * adoption))
    pace = hazard * (1.0 - adoption)
    absorption = draws["dials.absorption_rate"] * (1.0 + draws["dials.support_effect"] * support)
    resilient = absorption / (absorption + draws["dials.automatable_share"] * pace)
    new = adoption + pace * (1.0 - draws["dials.backlash"] * (1.0 - resilient))
    return new, resilient


def _targets(draws, t, blocs, regions, capability, scarce, promotion):
    """Each region's target shares this month: captive usage plus the logit choice of the rest."""
    out = []
    for r in regions:
        utility = []
        for i, b in enumerate(blocs):
            price = _pick(draws, "stack_price", b, 1.0) if t >= draws["dials.open_weight_onset"] else 1.0
            log_price = math.log(price) + math.log(1.0 + draws["dials.scarcity_markup"] * scarce[i])
            utility.append(
                draws["dials.capability_weight"] * capability[i]
                - draws["dials.price_weight"] * log_price
                + _pick(draws, f"trust_{r}", b, 0.0)
                + draws["dials.promotion_weight"] * promotion[i]
            )
        top = max(utility)
        expu = [math.exp(u - top) for u in utility]
        captive = [_pick(draws, f"captive_{r}", b, 0.0) for b in blocs]
        total = sum(captive)
        captive = [c / max(total, 1.0) for c in captive]
        free = 1.0 - sum(captive)
        out.append([captive[i] + free * expu[i] / sum(expu) for i in range(len(blocs))])
    return out


def reference_dials(
    draws: dict[str, float],
    levers: dict[str, list[list[float]]],
    frontier: list[list[float]],
    usable: list[list[float]],
    rival_lead: list[list[float]],
    *,
    blocs: tuple[str, ...],
    regions: tuple[str, ...],
    supplier: int,
    milestones: dict[str, float],
    anchor: int,
) -> dict:
    """Every dial of one trajectory; lists indexed ``[time][bloc]`` or ``[time][region][bloc]``.

    ``levers`` maps a lever to its strength ``[time][bloc]``; ``frontier`` [OOM], ``usable``
    [H100e] and ``rival_lead`` [month] are ``[time][bloc]``; ``milestones`` maps a name to OOM
    above the supplier's frontier at month ``anchor``.
    """
    n_months, nb = len(frontier), len(blocs)
    weights = [draws[f"dials.weight_{r}"] for r in regions]
    weights = [w / sum(weights) for w in weights]
    out = {k: [] for k in ("adoption", "resilience", "share", "world", "users", "safety")}
    adoption = [draws[f"dials.adoption_2023_01_{b}"] for b in blocs]
    share = None
    for t in range(n_months):
        gdp = [draws[f"dials.gdp_{b}"] for b in blocs]
        half = draws["dials.scarcity_half_intensity"]
        scarce = [half / (half + usable[t][i] / gdp[i]) for i in range(nb)]
        push = [levers["us_adoption_push"][t][i] + levers["cn_ai_plus_push"][t][i] for i in range(nb)]
        stepped = [
            _adoption_month(
                draws,
                adoption[i],
                frontier[t][i] - frontier[0][supplier],
                scarce[i],
                push[i],
                levers["transition_support"][t][i],
            )
            for i in range(nb)
        ]
        if t > 0:
            adoption = [s[0] for s in stepped]
        resilience = [s[1] for s in stepped]
        target = _targets(draws, t, blocs, regions, frontier[t], scarce, levers["us_stack_export_promotion"][t])
        switching = draws["dials.switching_rate"]
        if share is None:
            share = target
        else:
            share = [
                [share[r][i] + switching * (target[r][i] - share[r][i]) for i in range(nb)] for r in range(len(regions))
            ]
        out["adoption"].append(list(adoption))
        out["resilience"].append(resilience)
        out["share"].append(share)
        out["world"].append([sum(weights[r] * share[r][i] for r in range(len(regions))) for i in range(nb)])
        out["users"].append([1.0 - (1.0 - a) ** draws["dials.users_exponent"] for a in adoption])
        out["safety"].append([_safety(draws, blocs[i], rival_lead[t][i]) for i in range(nb)])
    out["milestones"] = _milestones(frontier, supplier, milestones, anchor)
    return out


def _safety(draws, bloc, lead):
    floor, cap = draws[f"dials.safety_floor_{bloc}"], draws["dials.safety_cap"]
    room = cap - floor
    return floor - room * math.expm1(-draws["dials.safety_share_of_lead"] * max(lead, 0.0) / room)


def _milestones(frontier, supplier, milestones, anchor):
    """First month each bloc's frontier reaches each level: ``{name: [month or None per bloc]}``."""
    out = {}
    for name, offset in milestones.items():
        if anchor >= len(frontier):
            out[name] = [None] * len(frontier[0])
            continue
        level = frontier[anchor][supplier] + offset
        out[name] = [
            next((t for t, row in enumerate(frontier) if row[i] >= level), None) for i in range(len(frontier[0]))
        ]
    return out
