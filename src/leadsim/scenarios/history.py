"""The policy record (``history.yaml``): the export regimes in force before any lever, and the
last month whose lever settings are facts rather than plans."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

from leadsim.calendar import parse_month
from leadsim.registry.yaml_input import read_yaml


@cache
def _record() -> dict:
    return read_yaml(Path(str(resources.files("leadsim.scenarios") / "history.yaml")))


@cache
def regime_history() -> tuple[tuple[int, str], ...]:
    """The export regimes in force before a scenario's regime lever: (from month index, regime)."""
    return tuple((parse_month(row["from"]), row["regime"]) for row in _record()["chip_export_regime"])


@cache
def policy_record_until() -> int:
    """Month index of the last month of the policy record."""
    return parse_month(_record()["policy_record_until"])
