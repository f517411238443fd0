"""The vectorised dials agree with the plain per-trajectory reference to 1e-9 (relative).

100 samples of each shipped scenario: the reference takes each sample's recorded core
trajectory and its draws, and recomputes every dial month by month with ``math``.
"""

from __future__ import annotations

import numpy as np
import pytest

import leadsim
from leadsim.calendar import Span, parse_month
from leadsim.dims import BLOCS, REGIONS, SUPPLIER, bloc_index
from leadsim.engine.ensemble import simulate_chunk
from leadsim.model.outputs import MILESTONE_ANCHOR, MILESTONES
from leadsim.scenarios import load_scenario
from tests.reference_dials import reference_dials

RTOL = 1e-9
ENGINE = {  # reference name -> engine output
    "adoption": "adoption",
    "resilience": "resilience",
    "share": "global_share_by_region",
    "world": "global_share",
    "users": "adoption_users",
    "safety": "safety_margin_months",
}


@pytest.mark.parametrize("name", leadsim.list_scenarios())
def test_engine_matches_reference(name, registry):
    span = Span()
    chunk = simulate_chunk(registry, load_scenario(name, registry, span), start=0, count=100, seed=11, span=span)
    assert not chunk.failed.any()
    levers = {k: v.tolist() for k, v in chunk.inputs.levers.items()}
    traj, outputs = chunk.trajectories, chunk.outputs
    for i in range(100):
        ref = reference_dials(
            {k: float(v[i]) for k, v in chunk.draws.items()},
            levers,
            traj["frontier"][i].tolist(),
            traj["usable"][i].tolist(),
            outputs["rival_lead_months"][i].tolist(),
            blocs=BLOCS,
            regions=REGIONS,
            supplier=bloc_index(SUPPLIER),
            milestones=MILESTONES,
            anchor=parse_month(MILESTONE_ANCHOR),
        )
        for ref_name, engine_name in ENGINE.items():
            np.testing.assert_allclose(
                outputs[engine_name][i], np.array(ref[ref_name]), rtol=RTOL, atol=0, err_msg=ref_name
            )
        expected = np.array([[np.nan if m is None else m for m in ref["milestones"][k]] for k in MILESTONES])
        np.testing.assert_array_equal(chunk.milestones[i], expected)
