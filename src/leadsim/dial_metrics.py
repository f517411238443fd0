"""Post-run measures of the dials: world share, people using AI, safety margin, security milestones.

Adoption, resilience and the shares by region come from the monthly step; what is computed
here needs a whole trajectory (the lead, first-reach months) or is a pure re-expression.
"""

from __future__ import annotations

import numpy as np

from leadsim.calendar import parse_month
from leadsim.dims import SUPPLIER, bloc_index
from leadsim.model.dials import equations as dials
from leadsim.model.inputs import Inputs, by_bloc
from leadsim.model.outputs import MILESTONE_ANCHOR, MILESTONES
from leadsim.simulate import Trajectories


def dial_measures(traj: Trajectories, inp: Inputs, rival_lead: np.ndarray) -> dict[str, np.ndarray]:
    """The dials over time, each ``(sample, time, bloc)`` or ``(sample, time, region, bloc)``.

    ``rival_lead`` [month] ``(sample, time, bloc)`` is each bloc's lead over its closest rival.
    """
    d = inp.draws
    safety = dials.safety_margin(
        rival_lead,
        by_bloc(d, "dials.safety_floor")[:, None, :],
        d["dials.safety_cap"][:, None, None],
        d["dials.safety_share_of_lead"][:, None, None],
    )
    return {
        "adoption": traj["adoption"],
        "adoption_users": dials.users_share(traj["adoption"], d["dials.users_exponent"][:, None, None]),
        "resilience": traj["resilience"],
        "global_share_by_region": traj["global_share_by_region"],
        "global_share": dials.world_share(traj["global_share_by_region"], inp.dials.weights),
        "safety_margin_months": safety,
    }


def milestone_levels(frontier: np.ndarray) -> np.ndarray:
    """Each milestone's capability level per sample [OOM] ``(sample, milestone)``; NaN if the
    anchor month lies beyond the simulated horizon."""
    anchor = parse_month(MILESTONE_ANCHOR)
    offsets = np.array(list(MILESTONES.values()))
    if anchor >= frontier.shape[1]:
        return np.full((frontier.shape[0], offsets.size), np.nan)
    return frontier[:, anchor, bloc_index(SUPPLIER)][:, None] + offsets[None, :]


def milestone_months(frontier: np.ndarray) -> np.ndarray:
    """Month index each bloc first reaches each milestone ``(sample, milestone, bloc)``; NaN: not by the horizon."""
    return dials.first_reach(frontier, milestone_levels(frontier))
