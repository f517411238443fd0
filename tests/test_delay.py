"""Cost of delay: paired, monotone for a lever that helps, the same as a compare at the scenario's own date."""

from __future__ import annotations

import json

import pytest

from leadsim.analysis.compare import compare
from leadsim.analysis.delay import DelayQuestion, delay
from leadsim.calendar import Span
from leadsim.engine.spec import RunSpec
from leadsim.scenarios import load_scenario

SPAN = Span()
CHECK = ("delay", "pull-ahead", "--lever", "remote_access_rule", "--from", "2026-11", "--to", "2028-11", "--step",
         "6", "--at", "2028-12", "--samples", "2000", "--seed", "2", "--format", "json", "--no-store")  # fmt: skip


def test_the_issue_check(leadsim_cli):
    """Five points; the median gain never rises with later enactment, positive first, small last."""
    code, out, err = leadsim_cli(*CHECK)
    assert code == 0, err
    doc = json.loads(out)
    assert doc["scenario"] == "pull-ahead" and doc["at"] == "2028-12"
    [curve] = doc["curves"]
    assert [p["enacted"] for p in curve["points"]] == ["2026-11", "2027-05", "2027-11", "2028-05", "2028-11"]
    gains = [p["difference"]["p50"] for p in curve["points"]]
    assert all(later <= earlier + 0.1 for earlier, later in zip(gains, gains[1:], strict=False))
    assert gains[0] > 0 and gains[-1] <= 0.15 * gains[0]
    assert set(curve["deadline"]) == {"p_target", "enacted"} and curve["deadline"]["p_target"] == 0.9
    assert all({"lead_months_p50", "p_lead_at_least_12", "difference_p50"} <= set(p["mc_error"])
               for p in curve["points"])  # fmt: skip


def test_the_scenarios_own_date_is_the_scenario(registry):
    """Enacting the lever at the scenario's own month and strength reproduces the scenario's compare."""
    scenario = load_scenario("pull-ahead", registry, SPAN)
    question = DelayQuestion(scenario, ("remote_access_rule", "chip_export_regime"), (SPAN.index("2027-01"),),
                             SPAN.index("2028-12"))  # fmt: skip
    doc = delay(question, RunSpec(samples=120, seed=3, at=()), registry=registry)
    reference, _ = compare([scenario], RunSpec(samples=120, seed=3, at=("2028-12",)), registry=registry)
    summary = reference["scenarios"]["pull-ahead"]
    for curve in doc["curves"]:
        assert curve["points"][0]["lead_months"] == summary["lead_months"]["2028-12"]
        assert curve["points"][0]["p_lead_at_least_12"] == summary["p_lead_at_least_12"]["2028-12"]


def test_chunk_size_does_not_change_bytes(registry):
    scenario = load_scenario("current-policy", registry, SPAN)
    question = DelayQuestion(scenario, ("smuggling_enforcement",), (SPAN.index("2027-01"), SPAN.index("2028-01")),
                             SPAN.index("2028-12"), strength=0.6)  # fmt: skip
    whole = delay(question, RunSpec(samples=90, seed=1, chunk_size=90, at=()), registry=registry)
    pieces = delay(question, RunSpec(samples=90, seed=1, chunk_size=17, at=()), registry=registry)
    assert json.dumps(whole) == json.dumps(pieces)


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (("--lever", "no_such_lever"), "option --lever"),
        (("--lever", "chip_export_regime", "--strength", "0.5"), "option --strength"),
        (("--lever", "remote_access_rule", "--strength", "1.5"), "option --strength"),
        (("--lever", "chip_export_regime", "--regime", "h100"), "option --regime"),
        (("--lever", "cn_chip_subsidy"), "give --strength"),
        (("--lever", "remote_access_rule", "--step", "0"), "option --step"),
        (("--lever", "remote_access_rule", "--target-p", "2"), "option --target-p"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(leadsim_cli, args, says):
    code, out, err = leadsim_cli("delay", "pull-ahead", "--from", "2027-01", "--to", "2027-06", "--at", "2028-12",
                                 "--samples", "10", "--no-store", *args)  # fmt: skip
    assert code == 2 and says in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1
