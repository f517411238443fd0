"""Scenarios: named lever settings plus parameter overrides, as YAML data."""

from leadsim.scenarios.levers import LEVERS, REGIMES
from leadsim.scenarios.load import Scenario, list_scenarios, load_scenario

__all__ = ["LEVERS", "REGIMES", "Scenario", "list_scenarios", "load_scenario"]
