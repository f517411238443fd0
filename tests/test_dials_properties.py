"""Each dial moves the right way with its drivers, for any dial parameters inside their bounds.

Two levels: the dials' scalar equations on their own, and the whole engine at a few sampled
worlds with every dial parameter drawn by hypothesis. "Never lowers" allows 1e-12 of rounding.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadsim.calendar import Span
from leadsim.dims import BLOCS, REGIONS, bloc_index
from leadsim.model.dials import equations as eq
from leadsim.scenarios import load_scenario
from tests.dials_helpers import REGISTRY, dial_values, run_engine, with_levers

SPAN = Span("2028-12")
US, CN = bloc_index("us"), bloc_index("cn")
TOL = 1e-12
strength = st.floats(0.0, 1.0)
month = st.integers(0, SPAN.n_months - 1)
BASE = load_scenario("current-policy", REGISTRY, SPAN)
SLOW = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow])


@settings(max_examples=200, deadline=None)
@given(values=dial_values(), lead=st.floats(-60.0, 60.0), more=st.floats(0.0, 60.0), bloc=st.sampled_from(BLOCS))
def test_distance_from_the_rival_never_lowers_the_safety_margin(values, lead, more, bloc):
    """The margin rises with the distance from the closest rival, ahead or behind, within [floor, cap]."""
    floor = values[f"dials.safety_floor_{bloc}"]
    args = (
        floor,
        values["dials.safety_cap"],
        values["dials.safety_share_of_lead"],
        values["dials.safety_trailing_relief"],
    )
    near = eq.safety_margin(lead, *args)
    far = eq.safety_margin(lead + np.sign(lead or 1.0) * more, *args)
    assert far >= near - TOL
    assert floor - TOL <= near <= max(values["dials.safety_cap"], floor) + TOL
    assert eq.safety_margin(abs(lead), *args) >= eq.safety_margin(-abs(lead), *args) - TOL  # leading buys more


@settings(max_examples=200, deadline=None)
@given(adoption=st.floats(0.0, 1.0), speed=st.floats(0.0, 5.0), p=st.floats(0.0, 0.05), q=st.floats(0.0, 0.3))
def test_adoption_pace_never_exceeds_the_firms_left(adoption, speed, p, q):
    pace = eq.attempted_pace(adoption, speed, p, q)
    assert 0.0 <= pace <= 1.0 - adoption + TOL


@pytest.mark.parametrize(
    ("lever", "output", "bloc"),
    [
        ("cn_ai_plus_push", "adoption", CN),  # a stronger AI+ push never lowers China's adoption
        ("us_adoption_push", "adoption", US),
        ("us_stack_export_promotion", "global_share", US),  # stronger promotion never lowers the US world share
        ("transition_support", "resilience", US),  # more support never lowers US resilience
    ],
)
@settings(max_examples=8, **SLOW)
@given(values=dial_values(), seed=st.integers(0, 2**16), enacted=month, a=strength, b=strength)
def test_stronger_lever_never_lowers_its_dial(lever, output, bloc, values, seed, enacted, a, b):
    low, high = sorted((a, b))
    weak = run_engine(with_levers(BASE, **{lever: (enacted, low)}), values, count=3, seed=seed, span=SPAN)
    strong = run_engine(with_levers(BASE, **{lever: (enacted, high)}), values, count=3, seed=seed, span=SPAN)
    assert (strong.outputs[output][..., bloc] >= weak.outputs[output][..., bloc] - TOL).all()


@settings(max_examples=10, **SLOW)
@given(values=dial_values(), seed=st.integers(0, 2**16), promotion=strength, push=strength, support=strength)
def test_dials_stay_in_range_and_finite(values, seed, promotion, push, support):
    levers = {
        "us_stack_export_promotion": (0, promotion),
        "cn_ai_plus_push": (0, push),
        "transition_support": (0, support),
    }
    chunk = run_engine(with_levers(BASE, **levers), values, count=3, seed=seed, span=SPAN)
    out = chunk.outputs
    assert not chunk.failed.any()
    for name in ("adoption", "adoption_users", "resilience", "global_share", "global_share_by_region"):
        assert ((out[name] >= -TOL) & (out[name] <= 1.0 + TOL)).all(), name
    assert out["global_share_by_region"].shape[2:] == (len(REGIONS), len(BLOCS))
    assert np.allclose(out["global_share_by_region"].sum(axis=-1), 1.0, rtol=0, atol=1e-12)
    assert np.allclose(out["global_share"].sum(axis=-1), 1.0, rtol=0, atol=1e-12)
    assert (np.diff(out["adoption"], axis=1) >= -TOL).all()  # adoption never falls


@settings(max_examples=6, **SLOW)
@given(values=dial_values(), seed=st.integers(0, 2**16), a=strength, b=strength, enacted=month)
def test_without_the_investment_loop_the_dials_never_feed_the_core(values, seed, a, b, enacted):
    """With a zero elasticity of investment to usage share, dial levers leave every core number alone."""
    values = values | {"investment.share_elasticity": 0.0}
    levers = ("us_stack_export_promotion", "cn_ai_plus_push", "transition_support", "us_adoption_push")
    runs = [
        run_engine(with_levers(BASE, **dict.fromkeys(levers, (enacted, s))), values, count=3, seed=seed, span=SPAN)
        for s in (a, b)
    ]
    for name in ("frontier", "accessible", "stock"):
        assert np.array_equal(runs[0].trajectories[name], runs[1].trajectories[name]), name
