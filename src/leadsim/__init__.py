"""leadsim: who leads frontier AI in 2028, and why. A calibrated Monte Carlo model."""

from leadsim.api import Result, compare, run
from leadsim.registry import load_registry
from leadsim.scenarios import list_scenarios, load_scenario

__all__ = ["Result", "compare", "list_scenarios", "load_registry", "load_scenario", "run"]
