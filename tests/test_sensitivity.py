"""``leadsim sensitivity``: the document's shape, bad input, same bytes on workers, groups, delta, store and report."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from leadsim.analysis.output_at import output_names
from leadsim.analysis.sensitivity import prepare, run_sensitivity, target
from leadsim.analysis.sensitivity_problem import design_draws, held, problem_of, sampled
from leadsim.calendar import Span
from leadsim.cli import app
from leadsim.engine.spec import RunSpec
from leadsim.results import Store
from leadsim.scenarios import load_scenario

SPAN = Span()
TINY = ("--base-samples", "4", "--seed", "1", "--no-store")
INDEX_KEYS = {"S1", "S1_conf", "ST", "ST_conf"}


def small(leadsim_cli, *extra: str) -> dict:
    code, out, err = leadsim_cli("sensitivity", "current-policy", "--output", "lead_months", "--at", "2028-12",
                                 *TINY, "--format", "json", *extra)  # fmt: skip
    assert code == 0, err
    return json.loads(out)


def test_json_shape(leadsim_cli):
    doc = small(leadsim_cli)
    assert {"scenario", "output", "at", "method", "base_samples", "parameters", "groups", "seed", "samples",
            "leadsim_version", "failed", "mc_error", "provenance"} <= set(doc)  # fmt: skip
    assert (doc["scenario"], doc["output"], doc["at"], doc["method"], doc["base_samples"]) == (
        "current-policy",
        "lead_months",
        "2028-12",
        "sobol",
        4,
    )
    assert len(doc["parameters"]) >= 50 and len(doc["groups"]) >= 3
    assert all(set(x) == INDEX_KEYS for x in (*doc["parameters"].values(), *doc["groups"].values()))
    assert doc["samples"] == sum(doc["design_rows"].values()) == 4 * (len(doc["parameters"]) + len(doc["groups"]) + 4)
    assert {"registry", "scenario", "members"} <= set(doc["provenance"]) and doc["prior"] is True
    assert all("+" in k and len(v) >= 2 for k, v in doc["joint"].items()) and doc["joint"]


def test_same_bytes_with_two_workers(leadsim_cli):
    serial = small(leadsim_cli, "--chunk-size", "150")
    assert small(leadsim_cli, "--chunk-size", "150", "--workers", "2") == serial
    assert small(leadsim_cli, "--chunk-size", "1000") == serial  # any chunk size


@pytest.mark.parametrize(
    ("option", "value", "words"),
    [("--output", "lead", "option --output"), ("--output", "frontier", "frontier.us"),
     ("--base-samples", "6", "power of two"), ("--method", "pawn", "sobol, delta")],
)  # fmt: skip
def test_bad_input_is_one_line_and_exit_2(leadsim_cli, option, value, words):
    options = {"--output": "lead_months", "--at": "2028-12", "--base-samples": "4"} | {option: value}
    args = [x for pair in options.items() for x in pair]
    code, out, err = leadsim_cli("sensitivity", "current-policy", *args, "--no-store")
    assert code == 2 and out == "" and words in err and len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_groups_cover_every_sampled_parameter_once(registry):
    scenario = load_scenario("current-policy", registry, SPAN)
    chosen = problem_of(registry, scenario)
    for by_group in (False, True):
        members = chosen.members(by_group=by_group)
        flat = [n for names in members.values() for n in names]
        assert sorted(flat) == sorted(sampled(registry, scenario)) and len(flat) == len(set(flat))
    groups = set(chosen.groups)
    assert {"compute", "access", "distillation", "algorithms"} <= groups
    assert {"dials.domestic_adoption", "dials.global_distribution", "dials.resilience"} <= groups
    assert set(held(registry, scenario)).isdisjoint(chosen.names)


def test_design_rows_map_through_each_marginal_and_hold_fixed_values(registry):
    import numpy as np

    scenario = load_scenario("current-policy", registry, SPAN)
    names = sampled(registry, scenario)
    values = design_draws(registry, scenario, names, np.full((3, len(names)), 0.5))
    for name in registry.names:
        param = registry[name]
        expected = param.distribution.sample(np.full(3, 0.5), param.bounds)
        assert np.array_equal(values[name], expected), name


def test_an_output_with_a_bloc_axis_takes_a_coordinate(registry):
    assert {"frontier.us", "frontier.cn", "global_share_by_region.allies.us"} <= set(output_names())
    scenario = load_scenario("current-policy", registry, SPAN)
    context = prepare(scenario, target("frontier.cn", SPAN.index("2028-12")), RunSpec(8, 2, SPAN, 500, False, ()),
                      base_samples=4, registry=registry)  # fmt: skip
    doc = run_sensitivity(context)
    assert doc["output"] == "frontier.cn" and max(x["ST"] or 0 for x in doc["parameters"].values()) > 0


def test_the_delta_path_runs(registry, monkeypatch):
    monkeypatch.setattr("leadsim.analysis.sensitivity_indices.RESAMPLES", 10)  # the path, not the intervals
    scenario = load_scenario("current-policy", registry, SPAN)
    context = prepare(scenario, target("lead_months", SPAN.index("2028-12")), RunSpec(100, 2, SPAN, 500, False, ()),
                      base_samples=4, method="delta", registry=registry)  # fmt: skip
    doc = run_sensitivity(context)
    delta = doc["delta"]
    assert doc["method"] == "sobol+delta" and doc["prior"] is False and doc["provenance"]["members"]
    assert delta["samples"] == 100 and set(delta["parameters"]) == set(context.problem.names)
    assert all(set(x) == {"delta", "delta_conf", "S1", "S1_conf"} for x in delta["parameters"].values())
    assert sum(x["delta"] is not None for x in delta["parameters"].values()) >= 50


def test_sensitivity_run_is_stored_and_reported(tmp_path):
    store = tmp_path / "runs.duckdb"
    args = ["sensitivity", "current-policy", "--output", "lead_months", "--at", "2028-12", "--base-samples", "4"]
    result = CliRunner().invoke(app, [*args, "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert "group compute" in result.output
    saved = Store(store)
    record = saved.load(saved.resolve(None))
    assert record.command == "sensitivity" and record.scenario_names == ["current-policy"]
    path = tmp_path / "sensitivity.html"
    assert CliRunner().invoke(app, ["report", "-o", str(path), "--store", str(store)]).exit_code == 0
    text = path.read_text(encoding="utf-8")
    assert "Sensitivity" in text and "group compute" in text


@settings(max_examples=30)
@given(st.lists(st.floats(0.0, 1.0), min_size=1, max_size=4))
def test_any_design_row_gives_values_inside_every_bound(registry, points):
    """Whatever the unit-cube rows (edges included), every parameter's value stays within its hard bounds."""
    import numpy as np

    scenario = load_scenario("current-policy", registry, SPAN)
    names = sampled(registry, scenario)
    rows = np.resize(np.array(points), (len(points), len(names)))
    values = design_draws(registry, scenario, names, rows)
    for name, value in values.items():
        low, high = registry[name].bounds
        assert np.all((value >= low) & (value <= high)) and np.all(np.isfinite(value)), name
