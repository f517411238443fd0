"""The vectorised engine agrees with the plain per-trajectory reference to 1e-9 relative."""

import numpy as np
import pytest

from leadsim.calendar import Span
from leadsim.engine.ensemble import simulate_chunk
from leadsim.scenarios import list_scenarios, load_scenario
from tests.reference_model import CN, Trajectory

SAMPLES = 100


@pytest.mark.parametrize("name", list_scenarios())
def test_engine_matches_reference(name, registry):
    span = Span()
    scenario = load_scenario(name, registry, span)
    chunk = simulate_chunk(registry, scenario, start=0, count=SAMPLES, seed=11, span=span)
    for i in range(SAMPLES):
        params = {k: float(v[i]) for k, v in chunk.draws.items()}
        ref = Trajectory(params, scenario, span.n_months)
        np.testing.assert_allclose(chunk.trajectories["frontier"][i], ref.frontier, rtol=1e-9, atol=0)
        np.testing.assert_allclose(chunk.trajectories["accessible"][i], ref.accessible, rtol=1e-9, atol=0)
        np.testing.assert_allclose(chunk.trajectories["training_compute"][i], ref.training, rtol=1e-9, atol=0)
        np.testing.assert_allclose(chunk.trajectories["smuggled"][i, :, CN], ref.smuggled, rtol=1e-9, atol=1e-6)
        np.testing.assert_allclose(chunk.outputs["lead_months"][i], ref.lead(), rtol=1e-9, atol=1e-9)
        np.testing.assert_allclose(chunk.outputs["compute_ratio"][i], ref.compute_ratio(), rtol=1e-9, atol=0)
