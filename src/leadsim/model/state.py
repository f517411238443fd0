"""The model's state at the end of a month: arrays of shape ``(sample, bloc)``."""

from __future__ import annotations

from typing import NamedTuple

import numpy as np


class State(NamedTuple):
    capacity: np.ndarray  # chip output capacity [H100e/month]
    stock: np.ndarray  # installed compute [H100e]
    log_efficiency: np.ndarray  # algorithmic efficiency [OOM]
    distilled: np.ndarray  # capability of the distilled model [OOM]
    frontier: np.ndarray  # best capability reached so far [OOM]
    adoption: np.ndarray  # share of firms using AI [fraction]
    global_share_by_region: np.ndarray  # usage on each bloc's stack [fraction] (sample, region, bloc)


class Record(NamedTuple):
    """What one month produces for the output, besides the state."""

    frontier: np.ndarray  # [OOM] (sample, bloc)
    usable: np.ndarray  # powered domestic compute [H100e] (sample, bloc)
    accessible: np.ndarray  # usable plus rented abroad [H100e] (sample, bloc)
    training_compute: np.ndarray  # largest run [FLOP] (sample, bloc)
    production: np.ndarray  # chips made [H100e/month] (sample, bloc)
    licensed: np.ndarray  # licensed sales to the controlled bloc [H100e/month] (sample,)
    smuggled: np.ndarray  # smuggled to the controlled bloc [H100e/month] (sample,)
    remote: np.ndarray  # rented abroad by the controlled bloc [H100e] (sample,)
    adoption: np.ndarray  # share of firms using AI [fraction] (sample, bloc)
    resilience: np.ndarray  # absorption against displacement [fraction] (sample, bloc)
    global_share_by_region: np.ndarray  # usage on each bloc's stack [fraction] (sample, region, bloc)
