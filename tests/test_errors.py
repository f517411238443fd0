"""Every malformed input ends with exit status 2 and one clear message: file, field, value, allowed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures" / "scenarios"


@pytest.mark.parametrize(
    ("fixture", "expected"),
    [
        ("yaml_broken.yaml", ["yaml_broken.yaml:", "YAML does not parse"]),
        ("unknown_key.yaml", ["unknown_key.yaml", "colour", "known keys"]),
        ("unknown_lever.yaml", ["unknown_lever.yaml", "moon_shot", "remote_access_rule"]),
        ("unknown_parameter.yaml", ["unknown_parameter.yaml", "compute.unobtainium", "registry parameter"]),
        ("bad_month.yaml", ["bad_month.yaml", "levers.remote_access_rule", "enacted", "2027-13", "YYYY-MM"]),
        ("month_outside_span.yaml", ["month_outside_span.yaml", "enacted", "2040-01", "2023-01 to 2032-12"]),
        ("strength_outside.yaml", ["strength_outside.yaml", "strength", "1.5", "less than or equal to 1"]),
        (
            "value_outside_bounds.yaml",
            ["value_outside_bounds.yaml", "access.remote_uptake", "1.5", "bounds [0.0, 1.0]"],
        ),
        ("bad_regime.yaml", ["bad_regime.yaml", "regime", "rubin", "ban | h20 | h200 | blackwell"]),
        ("cycle_a.yaml", ["extends", "no cycle"]),
        ("unknown_parent.yaml", ["unknown_parent.yaml", "extends", "no-such-scenario", "shipped scenario"]),
        ("bad_distribution.yaml", ["bad_distribution.yaml", "access.remote_uptake", "p5 < p50 < p95"]),
    ],
)
def test_bad_scenario_file(leadsim_cli, fixture, expected):
    code, _, err = leadsim_cli("compare", str(FIXTURES / fixture), "--samples", "4")
    assert code == 2
    assert "Traceback" not in err
    for text in expected:
        assert text in err, f"{text!r} not in {err!r}"


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        (["--samples", "0"], ["--samples", "0", ">= 1"]),
        (["--samples", "many"], ["--samples", "many", "whole number"]),
        (["--seed", "-3"], ["--seed", "-3", ">= 0"]),
        (["--chunk-size", "0"], ["--chunk-size", "0", ">= 1"]),
        (["--at", "2028-13"], ["--at", "2028-13", "YYYY-MM"]),
        (["--at", "2035-01"], ["--at", "2035-01", "2023-01 to 2032-12"]),
        (["--at", ","], ["--at", "YYYY-MM"]),
        (["--format", "xml"], ["--format", "xml", "table | json"]),
        (["--horizon", "2032-15"], ["--horizon", "2032-15", "YYYY-MM"]),
    ],
)
def test_bad_option(leadsim_cli, args, expected):
    code, _, err = leadsim_cli("compare", "current-policy", "--samples", "4", *args)
    assert code == 2
    for text in expected:
        assert text in err, f"{text!r} not in {err!r}"


def test_unknown_scenario_name(leadsim_cli):
    code, _, err = leadsim_cli("compare", "no-such-scenario")
    assert code == 2
    assert "no-such-scenario" in err and "current-policy" in err


def test_installed_command_prints_no_traceback():
    """The console script itself, in a fresh process."""
    result = subprocess.run(
        [sys.executable, "-m", "leadsim", "compare", str(FIXTURES / "strength_outside.yaml")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert result.stderr.count("\n") == 1


def test_a_user_scenario_file_extends_a_shipped_one(leadsim_cli, registry):
    from leadsim.calendar import Span
    from leadsim.scenarios import load_scenario

    scenario = load_scenario(str(FIXTURES / "good.yaml"), registry, Span())
    assert scenario.chain == ("good", "pull-ahead", "current-policy")
    assert scenario.levers["remote_access_rule"].in_force(Span().index("2027-06")) is None  # the plan moved
    assert scenario.levers["remote_access_rule"].in_force(Span().index("2028-01")).strength == 0.8
    assert scenario.levers["distillation_deterrence"].strength == 0.8  # inherited from pull-ahead
    assert scenario.overrides["distillation.transfer_fraction"].value == 0.7
    code, out, _ = leadsim_cli("compare", str(FIXTURES / "good.yaml"), "--samples", "8", "--no-store", "--prior")
    assert code == 0 and "good" in out
