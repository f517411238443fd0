"""Stored calibration numbers at a small sample size: a change in them is a change in the model.

Regenerate after an intended change with ``python tests/calibration/test_calibration_regression.py``
and say why in the commit message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadsim.analysis.calibrate import calibrate
from leadsim.calibration.waves import Plan

STORED = Path(__file__).with_name("calibration_regression.json")
RUN = Plan(samples=512, seed=3)
TOLERANCE = 1e-4  # relative: above the 6-digit rounding of summaries, far below any change of the model


def summary(document: dict) -> dict:
    """The numbers kept: waves, ESS, ruled out, each observation's prior and posterior median, top parameters."""
    return {
        "waves": document["waves"],
        "effective_sample_size": document["effective_sample_size"],
        "ruled_out": document["ruled_out"],
        "prior_p50": {r["name"]: r["prior"]["p50"] for r in document["observations"]},
        "posterior_p50": {r["name"]: r["posterior"]["p50"] for r in document["observations"]},
        "parameters": {r["name"]: r["posterior"]["p50"] for r in document["parameters"][:5]},
    }


def current(registry, scenario, observations) -> dict:
    return summary(calibrate(registry, scenario, observations, RUN))


def test_stored_calibration(registry, scenario, observations):
    stored = json.loads(STORED.read_text())
    got = current(registry, scenario, observations)
    assert got["ruled_out"] == stored["ruled_out"] and got["waves"] == stored["waves"]
    assert got["effective_sample_size"] == pytest.approx(stored["effective_sample_size"], rel=TOLERANCE)
    assert got["prior_p50"] == pytest.approx(stored["prior_p50"], rel=TOLERANCE)
    assert got["posterior_p50"] == pytest.approx(stored["posterior_p50"], rel=TOLERANCE)
    assert got["parameters"] == pytest.approx(stored["parameters"], rel=TOLERANCE)


if __name__ == "__main__":
    from leadsim.calendar import Span
    from leadsim.calibration import load_observations
    from leadsim.registry import load_registry
    from leadsim.scenarios import load_scenario

    reg = load_registry()
    numbers = current(reg, load_scenario("current-policy", reg, Span()), load_observations(reg))
    STORED.write_text(json.dumps(numbers, indent=2) + "\n")
