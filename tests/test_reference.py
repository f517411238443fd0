"""The compiled engine agrees with the plain per-trajectory reference to 1e-9 relative, for every output."""

import numpy as np
import pytest

from leadsim.calendar import Span, parse_month
from leadsim.engine.ensemble import simulate_chunk
from leadsim.model.outputs import MILESTONE_ANCHOR, MILESTONES, OUTPUTS
from leadsim.scenarios import list_scenarios, load_scenario
from tests.reference_model import Trajectory

SAMPLES = 60
RTOL = 1e-9


def reference(chunk, scenario, span: Span, i: int) -> dict:
    params = {k: float(v[i]) for k, v in chunk.draws.items()}
    return Trajectory(params, scenario, span.n_months, parse_month(MILESTONE_ANCHOR), list(MILESTONES.values())).out


@pytest.mark.parametrize("name", list_scenarios())
def test_engine_matches_reference(name, registry):
    span = Span()
    scenario = load_scenario(name, registry, span)
    chunk = simulate_chunk(registry, scenario, start=0, count=SAMPLES, seed=11, span=span)
    assert not chunk.failed.any()
    for i in range(SAMPLES):
        ref = reference(chunk, scenario, span, i)
        for output in OUTPUTS:
            expected = ref["by_region" if output.name == "global_share_by_region" else output.name]
            np.testing.assert_allclose(
                chunk.record.output(output.name)[i], expected, rtol=RTOL, atol=1e-9, err_msg=f"{name} {output.name}"
            )
        np.testing.assert_allclose(chunk.milestones[i], ref["milestones"], rtol=RTOL, atol=0, equal_nan=True)


def test_a_perturbed_equation_fails_the_comparison(registry, monkeypatch):
    """The oracle can tell: nudge one coefficient the reference reads and the comparison breaks."""
    span = Span("2026-12")
    scenario = load_scenario("current-policy", registry, span)
    chunk = simulate_chunk(registry, scenario, start=0, count=4, seed=2, span=span)
    params = {k: float(v[0]) for k, v in chunk.draws.items()}
    params["distillation.transfer_fraction"] *= 1.001
    ref = Trajectory(params, scenario, span.n_months, parse_month(MILESTONE_ANCHOR), list(MILESTONES.values())).out
    with pytest.raises(AssertionError):
        np.testing.assert_allclose(chunk.record.output("frontier")[0], ref["frontier"], rtol=RTOL, atol=0)
