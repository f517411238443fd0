"""Calibration: observations of the race, history matching, and the backtest."""

from leadsim.calibration.matching import Calibration, effective_sample_size
from leadsim.calibration.observations import LAST_OBSERVED, Observations, load_observations

__all__ = ["LAST_OBSERVED", "Calibration", "Observations", "effective_sample_size", "load_observations"]
