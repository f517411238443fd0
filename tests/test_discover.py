"""Scenario discovery end to end: the issue's check, the JSON's shape, same bytes for any chunking and on
two workers, varied levers that reach the runs, and the stored run's report."""

from __future__ import annotations

import json

import numpy as np
import pytest
from typer.testing import CliRunner

from leadsim.analysis.chunked import merged
from leadsim.analysis.discover import discover_chunk, lever_values, prepare, set_levers, shown_limit
from leadsim.analysis.where import parse_where
from leadsim.calendar import Span, parse_month
from leadsim.cli import app
from leadsim.engine.spec import RunSpec
from leadsim.model.policy import REGIME_CODES
from leadsim.results import Store
from leadsim.results.report_discover import discover_table, trajectory_figure
from leadsim.scenarios import LEVERS, load_scenario

SPAN = Span()
WHERE = "lead_months@2028-12<=12"
CHECK = "lead_months@2028-12<=6"
SCORES = ("coverage", "density", "mass", "test_coverage", "test_density")
BOX_KEYS = {"limits", *SCORES, "mc_error", "trajectory", "densest", "chosen"}


def discover_json(leadsim_cli, *args: str) -> tuple[str, dict]:
    code, out, err = leadsim_cli("discover", *args, "--format", "json", "--no-store")
    assert code == 0, err
    return out, json.loads(out)


@pytest.fixture(scope="module")
def document() -> dict:
    """The issue's check: ``discover catch-up --where "lead_months@2028-12<=6" --samples 4000 --seed 2``."""
    result = CliRunner().invoke(app, ["discover", "catch-up", "--where", CHECK, "--samples", "4000", "--seed", "2",
                                      "--format", "json", "--no-store"])  # fmt: skip
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_the_issue_check(document):
    """The first box's test density is at least 1.5 x the base rate and its mass at least 0.05."""
    first = document["boxes"][0]
    assert first["test_density"] >= 1.5 * document["base_rate"] and first["mass"] >= 0.05


def test_the_document_has_the_pinned_shape(document):
    assert {"scenario", "where", "base_rate", "boxes", "leadsim_version", "seed", "samples", "vary_levers",
            "provenance", "failed", "inputs", "mc_error"} <= set(document)  # fmt: skip
    assert document["where"] == CHECK and document["at"] == "2028-12" and document["vary_levers"] is False
    assert {"registry", "scenario", "members"} <= set(document["provenance"])
    for box in document["boxes"]:
        assert set(box) == BOX_KEYS
        assert box["limits"] and set(box["limits"]) <= set(document["inputs"])
        assert all(len(side) == 2 and side != [None, None] for side in box["limits"].values())
        assert all(0 <= box[k] <= 1 for k in SCORES)
        steps = box["trajectory"]
        assert {"coverage", "density", "mass", "restricted"} == set(steps[0]) and steps[0]["mass"] == 1.0
        assert steps[box["chosen"]]["restricted"] == len(box["limits"])
        assert box["densest"] <= box["chosen"] < len(steps)


def test_the_report_shows_the_trajectory_and_the_limits(document):
    figure = trajectory_figure(document)
    first = document["boxes"][0]
    assert len(figure.data[0].x) == len(first["trajectory"])
    assert figure.data[1].x[0] == first["trajectory"][first["chosen"]]["coverage"]
    html = discover_table(document)
    assert all(name in html for name in first["limits"]) and "base rate" in html


def test_same_bytes_for_any_chunk_size_and_on_two_workers(leadsim_cli):
    common = ("catch-up", "--where", WHERE, "--samples", "160", "--seed", "5", "--vary-levers")
    serial, doc = discover_json(leadsim_cli, *common, "--chunk-size", "160")
    assert discover_json(leadsim_cli, *common, "--chunk-size", "45")[0] == serial
    assert discover_json(leadsim_cli, *common, "--chunk-size", "60", "--workers", "2")[0] == serial
    assert doc["vary_levers"] is True


def test_varied_levers_are_candidate_inputs_and_change_the_runs(registry):
    scenario = load_scenario("catch-up", registry, SPAN)
    condition = parse_where(WHERE, SPAN)
    spec = RunSpec(samples=60, seed=3, at=(), chunk_size=60)
    varied, fixed = (prepare(scenario, condition, spec, vary_levers=v, registry=registry) for v in (True, False))
    assert varied.levers == set_levers(scenario) and len(varied.levers) >= 5
    columns = {f"lever.{n}.enacted" for n in varied.levers} | {f"lever.{n}.{LEVERS[n].kind}" for n in varied.levers}
    assert columns <= set(varied.inputs) and not columns & set(fixed.inputs)
    rows, plain = (merged(discover_chunk, c, c.spec, axis=0) for c in (varied, fixed))
    parameters = len(fixed.inputs)
    assert np.array_equal(rows[:, :parameters], plain[:, :parameters])  # the same parameter draws
    assert not np.allclose(rows[:, -1], plain[:, -1])  # the lead moves with the drawn lever settings


def test_lever_values_are_whole_months_strengths_and_regime_codes_taken_by_position():
    levers = ("chip_export_regime", "smuggling_enforcement")
    values = lever_values(levers, seed=4, start=0, count=400)
    later = lever_values(levers, seed=4, start=150, count=50)
    assert all(np.array_equal(values[k][150:200], later[k]) for k in values)
    months = values["lever.smuggling_enforcement.enacted"]
    assert np.array_equal(months, np.round(months))
    assert months.min() == parse_month("2026-01") and months.max() == parse_month("2029-12")
    assert set(np.unique(values["lever.chip_export_regime.regime"])) == set(range(len(REGIME_CODES)))
    strength = values["lever.smuggling_enforcement.strength"]
    assert 0 < strength.min() < 0.05 and 0.95 < strength.max() < 1


def test_limits_of_months_and_regimes_are_shown_by_name_whole_values_inside():
    assert [shown_limit("lever.cn_chip_subsidy.enacted", v, side) for v, side in ((44.5, 0), (44.5, 1))] == [
        "2026-10", "2026-09"]  # fmt: skip
    assert shown_limit("lever.chip_export_regime.regime", 1.5, 0) == "h20"
    assert shown_limit("lever.chip_export_regime.regime", 3.5, 1) == "h200"
    assert shown_limit("algorithms.research_compute_elasticity", 0.28907812345, 1) == 0.289078
    assert shown_limit("lever.cn_chip_subsidy.strength", None, 0) is None


def test_a_discover_run_is_stored_and_reported(tmp_path):
    store = tmp_path / "runs.duckdb"
    args = ["discover", "catch-up", "--where", WHERE, "--samples", "40", "--store", str(store)]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    saved = Store(store)
    record = saved.load(saved.resolve(None))
    assert record.command == "discover" and record.scenario_names == ["catch-up"]
    assert record.summary["where"] == WHERE and record.at == ["2028-12"]
    path = tmp_path / "discover.html"
    assert CliRunner().invoke(app, ["report", "-o", str(path), "--store", str(store)]).exit_code == 0
    assert "Scenario discovery" in path.read_text(encoding="utf-8")
