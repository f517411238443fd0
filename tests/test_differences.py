"""Paired differences from a baseline: per sample, failed samples left out, in the JSON, the API and the tables."""

from __future__ import annotations

import json

import numpy as np
import pytest

import leadsim
from leadsim.analysis.differences import paired
from leadsim.analysis.summary import ScenarioSummary


def summary(name: str, lead: np.ndarray, ratio: np.ndarray, failed: np.ndarray) -> ScenarioSummary:
    scenario = type("S", (), {"name": name})()
    values = {"lead_months": lead[~failed], "compute_ratio": ratio[~failed]}
    return ScenarioSummary(scenario, ["2028-12"], values, int(failed.sum()), failed=failed)


def test_differences_pair_the_same_samples_and_drop_failures():
    lead_a, lead_b = np.array([[5.0], [7.0], [9.0], [1.0]]), np.array([[4.0], [8.0], [6.0], [0.0]])
    ratio_a, ratio_b = np.array([[10.0], [6.0], [8.0], [2.0]]), np.array([[5.0], [3.0], [2.0], [1.0]])
    a = summary("a", lead_a, ratio_a, np.array([False, False, False, True]))
    b = summary("b", lead_b, ratio_b, np.array([False, True, False, False]))
    got = paired(a, b)
    assert got["pairs"] == 2  # samples 0 and 2: sample 1 failed in b, sample 3 in a
    assert got["lead_months"]["2028-12"]["mean"] == pytest.approx(((5 - 4) + (9 - 6)) / 2)
    assert got["p_positive"]["2028-12"] == 1.0
    assert got["compute_ratio"]["2028-12"]["p50"] == pytest.approx((10 / 5 + 8 / 2) / 2)


@pytest.fixture(scope="module")
def document():
    return leadsim.compare(["pull-ahead", "catch-up", "current-policy"], samples=1000, seed=1, at=["2028-12"],
                           baseline="current-policy")  # fmt: skip


def test_pull_ahead_gains_and_catch_up_loses_against_current_policy(document):
    assert document["baseline"] == "current-policy"
    assert set(document["differences"]) == {"pull-ahead", "catch-up"}
    pull, catch = (document["differences"][s] for s in ("pull-ahead", "catch-up"))
    assert pull["lead_months"]["2028-12"]["p50"] > 0 > catch["lead_months"]["2028-12"]["p50"]
    assert set(pull["lead_months"]["2028-12"]) == {"p5", "p25", "p50", "p75", "p95", "mean"}
    assert pull["p_positive"]["2028-12"] > 0.9 and pull["compute_ratio"]["2028-12"]["p50"] > 1
    assert pull["pairs"] == 1000


def test_differences_are_the_differences_of_the_members(document, registry):
    """The paired median is not the difference of medians: it is read off per-sample differences."""
    a = leadsim.run("pull-ahead", samples=1000, seed=1, registry=registry, horizon="2028-12").dataset
    b = leadsim.run("current-policy", samples=1000, seed=1, registry=registry, horizon="2028-12").dataset
    np.testing.assert_array_equal(a["member"].values, b["member"].values)
    diff = (a["lead_months"] - b["lead_months"]).sel(time="2028-12").values
    assert document["differences"]["pull-ahead"]["lead_months"]["2028-12"]["p50"] == pytest.approx(np.median(diff))


def test_cli_baseline_json_and_table(leadsim_cli):
    args = ("compare", "pull-ahead", "current-policy", "-n", "200", "--at", "2028-12", "--no-store")
    code, out, _ = leadsim_cli(*args, "--baseline", "current-policy", "--format", "json")
    assert code == 0 and set(json.loads(out)["differences"]) == {"pull-ahead"}
    code, out, _ = leadsim_cli(*args, "--baseline", "current-policy")
    assert code == 0 and "Paired differences from current-policy" in out
    code, out, _ = leadsim_cli(*args, "--format", "json")
    assert "differences" not in json.loads(out)


def test_a_baseline_not_compared_fails_in_one_line(leadsim_cli):
    code, out, err = leadsim_cli("compare", "pull-ahead", "-n", "8", "--baseline", "catch-up", "--no-store")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "--baseline" in err and "'catch-up'" in err and "pull-ahead" in err
