"""Every shipped scenario runs at tiny size and gives finite leads."""

import numpy as np
import pytest

import leadsim


@pytest.mark.parametrize("name", leadsim.list_scenarios())
def test_scenario_runs(name, registry):
    result = leadsim.run(name, samples=16, seed=1, registry=registry)
    assert not result.dataset["failed"].any()
    assert np.isfinite(result.dataset["lead_months"]).all()
