"""Events: when China first leads, from each sample's whole trajectory."""

from __future__ import annotations

import numpy as np
from hypothesis import given
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from leadsim.analysis.compare import compare
from leadsim.analysis.events import events_json, first_negative
from leadsim.calendar import format_month
from leadsim.engine.spec import RunSpec


def test_first_negative_is_the_first_month_below_zero():
    lead = np.array([[3.0, -1.0, 2.0, -4.0], [1.0, 2.0, 3.0, 4.0], [-0.5, 1.0, 1.0, 1.0], [0.0, 0.0, 0.0, -0.1]])
    np.testing.assert_array_equal(first_negative(lead), [1.0, np.nan, 0.0, 3.0])


def test_events_by_hand():
    first = np.array([1.0, np.nan, 0.0, 3.0, np.nan])
    doc = events_json(first, [format_month(0), format_month(2), format_month(30)])
    assert doc["p_china_leads_by"] == {"2023-01": 0.2, "2023-03": 0.4, "2025-07": 0.6}
    assert doc["first_china_lead"] == {"p_never": 0.4, "p50": "2023-04"}


def test_median_is_null_when_china_leads_in_fewer_than_half():
    doc = events_json(np.array([5.0, np.nan, np.nan, 7.0, np.nan]), ["2024-01"])
    assert doc["first_china_lead"] == {"p_never": 0.6, "p50": None}


@given(arrays(float, (6, 12), elements=st.floats(-5, 5)))
def test_probability_never_falls_with_later_dates(lead):
    dates = [format_month(m) for m in range(12)]
    doc = events_json(first_negative(lead), dates)
    p = [doc["p_china_leads_by"][d] for d in dates]
    assert p == sorted(p)
    assert p[-1] == 1 - doc["first_china_lead"]["p_never"]


def test_every_compare_reports_the_events(registry):
    doc, _ = compare(["catch-up", "pull-ahead"], RunSpec(samples=200, seed=1, at=("2026-12", "2028-12")),
                     registry=registry)  # fmt: skip
    for summary in doc["scenarios"].values():
        p = summary["p_china_leads_by"]
        assert set(p) == {"2026-12", "2028-12"} and p["2026-12"] <= p["2028-12"]
        assert 0 <= summary["first_china_lead"]["p_never"] <= 1
        assert set(summary["mc_error"]["p_china_leads_by"]) == set(p)
    assert (
        doc["scenarios"]["catch-up"]["p_china_leads_by"]["2028-12"]
        >= (doc["scenarios"]["pull-ahead"]["p_china_leads_by"]["2028-12"])
    )
