"""The monthly series reducer: exact where it claims to be, independent of chunking, generic over dims."""

from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

import leadsim
from leadsim.analysis.compare import compare
from leadsim.calendar import Span
from leadsim.engine.ensemble import chunks
from leadsim.engine.reducers import QUANTILES, AtDates, quantiles
from leadsim.engine.spec import RunSpec
from leadsim.results import Capture
from leadsim.results.report import sections_of
from leadsim.results.report_sections import SECTIONS
from leadsim.results.series import SeriesReducer, extra_axes, round_all, weighted_statistics

SPAN = Span("2029-12")
AT = ["2027-12", "2028-12"]


def captured(samples: int, *, prefix: int, chunk_size: int, registry, prior: bool = True) -> tuple[Capture, dict]:
    """Run catch-up with a capture attached; return it and the compare document."""
    capture = Capture(SPAN, AT, prefix=prefix)
    document, _ = compare(
        ["catch-up"],
        RunSpec(samples=samples, seed=5, span=SPAN, chunk_size=chunk_size, prior=prior, at=AT),
        registry=registry,
        observe=capture.observe,
    )
    return capture, document


def test_series_are_exact_quantiles_of_the_sobol_prefix(registry):
    capture, document = captured(48, prefix=32, chunk_size=20, registry=registry)
    record = capture.record("compare", document)
    prefix = leadsim.run("catch-up", samples=32, seed=5, horizon=SPAN.horizon, registry=registry, prior=True).dataset
    everyone = leadsim.run("catch-up", samples=48, seed=5, horizon=SPAN.horizon, registry=registry, prior=True).dataset
    rows = record.series[(record.series["variable"] == "usable") & (record.series["coords"] == '{"bloc": "cn"}')]
    for month in ("2024-06", "2027-12"):  # a reported month uses the same estimator as any other (no jump)
        row = rows[rows["time"] == month].iloc[0]
        values = prefix["usable"].sel(time=month, bloc="cn").values
        assert row["samples_used"] == len(values)
        assert row["p50"] == round_all(np.percentile(values, [50]))[0]
        assert row["p95"] == round_all(np.percentile(values, [95]))[0]
    worlds = record.series[record.series["variable"] == "p_lead_at_least_12"].set_index("time")["mean"]
    lead = everyone["lead_months"].values
    assert worlds.to_numpy() == pytest.approx(round_all((lead >= 12).mean(axis=0)), abs=0)


@pytest.mark.parametrize("prior", [True, False])
def test_series_do_not_depend_on_chunking(registry, prior):
    one = captured(40, prefix=16, chunk_size=40, registry=registry, prior=prior)
    many = captured(40, prefix=16, chunk_size=7, registry=registry, prior=prior)
    assert one[0].record("compare", one[1]).series.equals(many[0].record("compare", many[1]).series)


def test_calibrated_series_match_the_weighted_summary_at_reported_months(registry):
    capture, document = captured(64, prefix=64, chunk_size=30, registry=registry, prior=False)
    series = capture.record("compare", document).series
    lead = series[series["variable"] == "lead_months"].set_index("time")
    summary = document["scenarios"]["catch-up"]["lead_months"]
    for month in AT:
        assert lead.loc[month, "p50"] == summary[month]["p50"]
    assert document["scenarios"]["catch-up"]["calibration"]["calibrated"]


def test_weighted_statistics_agree_with_the_summary_quantiles():
    rng = np.random.default_rng(3)
    values, weights = rng.normal(size=(200, 4)), rng.exponential(size=200)
    weights[:50] = 0.0  # ruled-out samples weigh nothing
    got = weighted_statistics(values, weights)
    for column in range(4):
        expected = quantiles(values[:, column], weights)
        assert round_all(got[:, column]).tolist() == [expected[k] for k in (*QUANTILES, "mean")]


def test_memory_is_bounded_by_the_prefix(registry):
    """The reducer holds trajectories of the prefix's samples only, and lets them go once it is complete."""
    reducer = SeriesReducer("catch-up", SPAN.labels(), AT, samples=40, prefix=16)
    scenario = leadsim.load_scenario("catch-up", registry, SPAN)
    held = []
    for chunk in chunks(registry, scenario, RunSpec(samples=40, seed=5, span=SPAN, chunk_size=7, at=AT)):
        part = reducer.take(chunk)
        assert sum(len(a) for a in part.head.values()) <= 16 * len(part.head)
        reducer.merge(part)
        held.append({len(a) for a in reducer.head.values()})
    assert held[:2] == [{16}, {16}] and held[2:] == [set()] * 4  # released once 16 samples are in
    assert reducer.prefix_used == 16 and set(reducer.prefix_stats) == set(reducer.variables())


def test_extra_dims_are_labelled_and_charted():
    assert extra_axes((2,)) == [("bloc", ["us", "cn"])]
    assert [name for name, _ in extra_axes((3, 2))] == ["axis2", "bloc"]
    labels = ["2023-01", "2023-02", "2023-03"]
    n = 6
    reducer = SeriesReducer("s", labels, ["2023-02"], samples=n, prefix=4)
    rng = np.random.default_rng(0)
    chunk = SimpleNamespace(
        start=0,
        outputs={"lead_months": rng.normal(10, 5, (n, 3)), "global_share": rng.uniform(0, 1, (n, 3, 3, 2))},
        trajectories={"frontier": rng.normal(0, 1, (n, 3, 2))},
        failed=np.zeros(n, dtype=bool),
        draws={},
        milestones=None,
    )
    reducer.merge(reducer.take(chunk))
    summary = AtDates(n, [1], ("lead_months", "global_share"))
    summary.add(chunk)
    reducer.finish(summary.collect())
    series = reducer.series
    share = series[series["variable"] == "global_share"]
    assert len(share) == 3 * 3 * 2
    assert json.loads(share["coords"].iloc[1]) == {"axis2": "0", "bloc": "cn"}
    assert (series.loc[series["variable"].isin(["global_share", "frontier"]), "samples_used"] == 4).all()  # prefix
    assert set(reducer.variables()) == {"lead_months", "global_share", "frontier"}


def test_a_new_output_gets_its_own_chart(registry):
    capture, document = captured(8, prefix=8, chunk_size=8, registry=registry)
    record = capture.record("compare", document)
    before = sum(len(s.charts) for s in sections_of(record, SECTIONS))
    extra = record.series[record.series["variable"] == "frontier"].assign(variable="brand_new_output")
    record.series = pd.concat([record.series, extra], ignore_index=True)
    row = record.variables[record.variables["variable"] == "frontier"].assign(variable="brand_new_output")
    record.variables = pd.concat([record.variables, row], ignore_index=True)
    after = {s.title: s for s in sections_of(record, SECTIONS)}
    assert sum(len(s.charts) for s in after.values()) == before + 1  # one more chart, every scenario on it
    assert any(c.title == "Brand new output" for c in after["Every other output"].charts)
