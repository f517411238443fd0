"""Stored summaries of the shipped scenarios (prior ensemble): a change in them is a change in the model.

Regenerate after an intended change with ``python tests/regression/test_baseline.py`` and
say why in the commit message.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from leadsim.analysis.compare import compare
from leadsim.engine.spec import RunSpec

STORED = Path(__file__).with_name("baseline.json")
RUN = RunSpec(samples=256, seed=0, at=("2025-06", "2026-12", "2028-12", "2030-12"), prior=True)
SCENARIOS = ("current-policy", "pull-ahead", "catch-up")
KEYS = ("lead_months", "compute_ratio", "p_lead_at_least_12", "p_lead_at_most_3", "adoption", "global_share")
TOLERANCE = 1e-6  # relative: the summaries keep six significant digits


def current(registry=None) -> dict:
    document, _ = compare(SCENARIOS, RUN, registry=registry)
    return {name: {k: summary[k] for k in KEYS} for name, summary in document["scenarios"].items()}


def flatten(tree: dict, prefix: str = "") -> dict[str, float | None]:
    out = {}
    for key, value in tree.items():
        if isinstance(value, dict):
            out |= flatten(value, f"{prefix}{key}/")
        else:
            out[prefix + key] = value
    return out


def test_stored_summaries(registry):
    stored, got = flatten(json.loads(STORED.read_text())), flatten(current(registry))
    assert stored.keys() == got.keys()
    changed = [
        f"{k}: stored {stored[k]}, now {got[k]}"
        for k in stored
        if got[k] != pytest.approx(stored[k], rel=TOLERANCE, abs=1e-12)
    ]
    assert not changed, "\n".join(changed[:20])


if __name__ == "__main__":
    STORED.write_text(json.dumps(current(), indent=1) + "\n")
