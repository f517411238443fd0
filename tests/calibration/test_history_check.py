"""A scenario whose overrides make the members' simulated 2023-2025 implausible is flagged on stderr, with figures."""

from __future__ import annotations

import json

import pytest

from leadsim.errors import LeadsimWarning

CONTRADICTS_HISTORY = """
name: no-gap-in-2023
description: China starts 2023 level with the US on algorithms and trains runs four times larger.
parameters:
  algorithms.gap_2023_cn: 0.0
  compute.frontier_share_cn: 0.05
"""


@pytest.fixture
def contradicting(tmp_path):
    path = tmp_path / "no-gap.yaml"
    path.write_text(CONTRADICTS_HISTORY)
    return path


def test_an_implausible_history_warns_with_figures(leadsim_cli, contradicting):
    code, out, err = leadsim_cli("compare", str(contradicting), "-n", "300", "--format", "json", "--no-store")
    assert code == 0
    share = json.loads(out)["scenarios"]["no-gap-in-2023"]["calibration"]["implausible_history"]
    assert share > 0.5
    line = next(x for x in err.splitlines() if "implausible" in x)
    assert "no-gap-in-2023" in line and f"{100 * share:.0f}%" in line and "observed" in line


def test_the_shipped_scenarios_keep_the_members_history(registry):
    """Every shipped scenario shares 2023-2025 with the scenario the members were matched on."""
    import warnings

    from leadsim.analysis.compare import compare
    from leadsim.engine.spec import RunSpec

    with warnings.catch_warnings():
        warnings.simplefilter("error", LeadsimWarning)
        doc, _ = compare(["current-policy", "pull-ahead", "catch-up"], RunSpec(samples=500, seed=2, at=("2028-12",)),
                         registry=registry)  # fmt: skip
    assert all(s["calibration"]["implausible_history"] == 0.0 for s in doc["scenarios"].values())


def test_the_prior_is_not_checked(leadsim_cli, contradicting):
    code, out, err = leadsim_cli("compare", str(contradicting), "-n", "50", "--format", "json", "--no-store",
                                 "--prior")  # fmt: skip
    assert code == 0 and "implausible" not in err
    assert json.loads(out)["scenarios"]["no-gap-in-2023"]["calibration"] == {"calibrated": False}
