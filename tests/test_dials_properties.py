"""Each dial moves the right way with its drivers, for any dial parameters inside their bounds.

Two levels: the dial step on its own (the functions of model/dials/equations.py composed as
model/dials/step.py composes them, on capability and compute paths drawn by hypothesis), and the whole engine at
a few samples. "Never lowers" allows 1e-12 of rounding.
"""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from leadsim.calendar import Span
from leadsim.dims import BLOCS, REGIONS, bloc_index
from leadsim.model.dials import equations as dials
from leadsim.model.dials.step import advance_dials, gather_dials, initial_dials
from tests.dials_helpers import base_scenario, dial_values, lever_paths, run_engine, with_levers

SPAN = Span("2028-12")
US, CN = bloc_index("us"), bloc_index("cn")
TOL = 1e-12
strength = st.floats(0.0, 1.0)
month = st.integers(0, SPAN.n_months - 1)


@st.composite
def core_paths(draw) -> tuple[np.ndarray, np.ndarray]:
    """A capability path [OOM] and a usable-compute path [H100e], ``(time, bloc)``, of the core's kind."""
    start = np.array([draw(st.floats(24.0, 27.0)), draw(st.floats(22.0, 27.0))])
    growth = np.array([draw(st.floats(0.0, 0.3)), draw(st.floats(0.0, 0.3))])  # OOM/month
    t = np.arange(SPAN.n_months)[:, None]
    compute0 = np.array([draw(st.floats(1e4, 1e8)), draw(st.floats(1e3, 1e8))])
    compute_growth = np.array([draw(st.floats(-0.05, 0.15)), draw(st.floats(-0.05, 0.15))])  # ln/month
    return start + growth * t, compute0 * np.exp(compute_growth * t)


def dial_path(values: dict[str, float], paths, **levers) -> dict[str, np.ndarray]:
    """Adoption, resilience and shares over the span for one world, as the step composes them."""
    capability, usable = paths
    scenario = with_levers(base_scenario(SPAN), **levers)
    dl = gather_dials({k: np.array([v]) for k, v in values.items()}, lever_paths(scenario, SPAN.n_months))
    reference = capability[:1, US]
    adoption, resilience, share = initial_dials(dl, capability[:1], usable[:1], reference)
    out = {"adoption": [adoption], "resilience": [resilience], "share": [share]}
    for t in range(1, SPAN.n_months):
        adoption, resilience, share = advance_dials(
            adoption, share, t, dl, capability[t : t + 1], usable[t : t + 1], reference
        )
        for name, value in zip(out, (adoption, resilience, share), strict=True):
            out[name].append(value)
    path = {name: np.concatenate(v) for name, v in out.items()}
    path["world"] = dials.world_share(path["share"], np.repeat(dl.weights, SPAN.n_months, axis=0))
    return path


def raised(name: str, enacted: int, low: float, high: float) -> tuple[dict, dict]:
    """Two settings of one lever, the second at least as strong, both from the same month."""
    low, high = sorted((low, high))
    return {name: (enacted, low)}, {name: (enacted, high)}


@pytest.mark.parametrize(
    ("lever", "dial", "bloc"),
    [
        ("cn_ai_plus_push", "adoption", CN),  # a stronger AI+ push never lowers China's adoption
        ("us_adoption_push", "adoption", US),
        ("us_stack_export_promotion", "world", US),  # stronger promotion never lowers the US world share
    ],
)
@settings(max_examples=40, deadline=None)
@given(values=dial_values(), paths=core_paths(), enacted=month, a=strength, b=strength)
def test_stronger_lever_never_lowers_its_dial(lever, dial, bloc, values, paths, enacted, a, b):
    weak, strong = raised(lever, enacted, a, b)
    assert (
        dial_path(values, paths, **strong)[dial][:, bloc] >= dial_path(values, paths, **weak)[dial][:, bloc] - TOL
    ).all()


@settings(max_examples=40, deadline=None)
@given(values=dial_values(), paths=core_paths(), enacted=month, a=strength, b=strength, push=strength)
def test_more_transition_support_never_lowers_resilience(values, paths, enacted, a, b, push):
    weak, strong = raised("transition_support", enacted, a, b)
    pushed = {"us_adoption_push": (0, push)}  # support must help whatever the pace of adoption
    low = dial_path(values, paths, **weak, **pushed)["resilience"]
    high = dial_path(values, paths, **strong, **pushed)["resilience"]
    assert (high >= low - TOL).all()


@settings(max_examples=200, deadline=None)
@given(
    values=dial_values(),
    lead=st.floats(-60.0, 60.0),
    more=st.floats(0.0, 60.0),
)
def test_larger_lead_never_lowers_safety_margin(values, lead, more):
    args = (values["dials.safety_floor_us"], values["dials.safety_cap"], values["dials.safety_share_of_lead"])
    low, high = dials.safety_margin(np.array(lead), *args), dials.safety_margin(np.array(lead + more), *args)
    assert high >= low - TOL
    assert values["dials.safety_floor_us"] - TOL <= low <= values["dials.safety_cap"] + TOL


@settings(max_examples=40, deadline=None)
@given(values=dial_values(), paths=core_paths(), promotion=strength, push=strength, support=strength)
def test_dials_stay_in_range_and_finite(values, paths, promotion, push, support):
    levers = {
        "us_stack_export_promotion": (0, promotion),
        "cn_ai_plus_push": (0, push),
        "transition_support": (0, support),
    }
    path = dial_path(values, paths, **levers)
    for name, array in path.items():
        assert np.isfinite(array).all(), name
        assert ((array >= -TOL) & (array <= 1.0 + TOL)).all(), name
    assert np.allclose(path["share"].sum(axis=-1), 1.0, rtol=0, atol=1e-12)
    assert np.allclose(path["world"].sum(axis=-1), 1.0, rtol=0, atol=1e-12)
    assert (np.diff(path["adoption"], axis=0) >= -TOL).all()  # adoption never falls


@settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=dial_values(), seed=st.integers(0, 2**16), a=strength, b=strength, enacted=month)
def test_whole_engine_monotone_finite_and_bounded(values, seed, a, b, enacted):
    """The engine at a few sampled worlds, every dial parameter anywhere inside its bounds."""
    low, high = sorted((a, b))
    base = base_scenario(SPAN)
    levers = ("us_stack_export_promotion", "cn_ai_plus_push", "transition_support")
    weak = run_engine(with_levers(base, **{n: (enacted, low) for n in levers}), values, count=3, seed=seed, span=SPAN)
    strong = run_engine(
        with_levers(base, **{n: (enacted, high) for n in levers}), values, count=3, seed=seed, span=SPAN
    )
    for run in (weak, strong):
        for name, array in run["outputs"].items():
            assert np.isfinite(array).all(), name
        share = run["outputs"]["global_share_by_region"]
        assert share.shape[2:] == (len(REGIONS), len(BLOCS))
        assert ((share >= -TOL) & (share <= 1 + TOL)).all() and np.allclose(share.sum(axis=-1), 1.0, atol=1e-12)
        assert np.allclose(run["outputs"]["global_share"].sum(axis=-1), 1.0, atol=1e-12)
    w, s = weak["outputs"], strong["outputs"]
    assert (s["global_share"][..., US] >= w["global_share"][..., US] - TOL).all()
    assert (s["adoption"][..., CN] >= w["adoption"][..., CN] - TOL).all()
    assert (s["resilience"][..., US] >= w["resilience"][..., US] - TOL).all()
    # The dials never feed back into the core: the frontier is the same under both settings.
    assert np.array_equal(weak["traj"]["frontier"], strong["traj"]["frontier"])
