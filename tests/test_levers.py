"""Lever attribution: the issue's check, paired with compare's differences, stored and reported."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from leadsim.analysis.compare import compare
from leadsim.analysis.levers import differing, prepare, run_levers
from leadsim.calendar import Span
from leadsim.cli import app
from leadsim.engine.spec import RunSpec
from leadsim.results import Store
from leadsim.scenarios import load_scenario

SPAN = Span()


def test_the_issue_check(leadsim_cli):
    """At least six levers, each with alone and without; Shapley shares sum to the total mean within 2%."""
    code, out, err = leadsim_cli("levers", "pull-ahead", "--base", "current-policy", "--at", "2028-12",
                                 "--samples", "1000", "--seed", "2", "--format", "json", "--no-store")  # fmt: skip
    assert code == 0, err
    doc = json.loads(out)
    assert len(doc["levers"]) >= 6
    assert all({"alone", "without", "shapley"} <= set(x) for x in doc["levers"].values())
    total = doc["total"]["mean"]
    assert sum(x["shapley"] for x in doc["levers"].values()) == pytest.approx(total, rel=0.02)
    assert doc["interactions"] and all(len(i["levers"]) == 2 for i in doc["interactions"])


def test_total_is_the_paired_difference_compare_reports(registry):
    """With every lever set, the coalition is the scenario: its gain is compare's paired difference."""
    scenario, base = (load_scenario(n, registry, SPAN) for n in ("pull-ahead", "current-policy"))
    assert scenario.overrides == base.overrides
    doc = run_levers(prepare(scenario, base, SPAN.index("2028-12"), RunSpec(samples=60, seed=4, at=()), registry))
    reference, _ = compare([base, scenario], RunSpec(samples=60, seed=4, at=("2028-12",)), registry=registry,
                           baseline="current-policy")  # fmt: skip
    expected = reference["differences"]["pull-ahead"]["lead_months"]["2028-12"]
    assert doc["total"] == pytest.approx(expected, rel=1e-5)


def test_a_base_with_no_differing_lever_is_one_line_and_exit_2(leadsim_cli):
    code, _, err = leadsim_cli("levers", "pull-ahead", "--base", "pull-ahead", "--at", "2028-12", "--no-store")
    assert code == 2 and "option --base" in err and len(err.strip().splitlines()) == 1


def test_differing_levers(registry):
    scenario, base = (load_scenario(n, registry, SPAN) for n in ("pull-ahead", "current-policy"))
    assert "remote_access_rule" in differing(scenario, base)
    assert differing(base, base) == ()


def test_levers_run_is_stored_and_reported(tmp_path):
    store = tmp_path / "runs.duckdb"
    args = ["levers", "pull-ahead", "--base", "current-policy", "--at", "2028-12", "--samples", "20"]
    result = CliRunner().invoke(app, [*args, "--store", str(store)])
    assert result.exit_code == 0, result.output
    saved = Store(store)
    record = saved.load(saved.resolve(None))
    assert record.command == "levers" and record.scenario_names == ["pull-ahead", "current-policy"]
    path = tmp_path / "levers.html"
    assert CliRunner().invoke(app, ["report", "-o", str(path), "--store", str(store)]).exit_code == 0
    assert "Lever attribution" in path.read_text(encoding="utf-8")
