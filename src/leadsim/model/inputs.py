"""Everything the compiled step needs, gathered once per chunk from the draws and the scenario."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from leadsim.model.params import PER_BLOC, PER_REGION, PER_REGION_BLOC, SCALARS, P, R, stack
from leadsim.model.policy import lever_tables
from leadsim.scenarios import Scenario


class KernelInputs(NamedTuple):
    """Arrays for the compiled step; fields and rows named in params.py and policy.py."""

    scalars: np.ndarray  # (sample, P)
    per_bloc: np.ndarray  # (sample, B, bloc)
    per_region: np.ndarray  # (sample, R, region)
    per_region_bloc: np.ndarray  # (sample, RB, region, bloc)
    lever_months: np.ndarray  # (sample, lever, step) [month index]; inf: unused step
    lever_values: np.ndarray  # (sample, lever, step) strength, or regime code


@dataclass(frozen=True)
class Inputs:
    """The compiled step's arrays, plus the draws they came from."""

    kernel: KernelInputs
    draws: dict[str, np.ndarray]
    n_months: int

    @property
    def backcast_rate(self) -> np.ndarray:
        """Growth of the leader's frontier before 2023 [OOM/month], ``(sample,)``."""
        return self.kernel.scalars[:, P.backcast_rate]

    @property
    def region_weights(self) -> np.ndarray:
        """Each region's weight in world AI usage [fraction], ``(sample, region)``, summing to 1."""
        return self.kernel.per_region[:, R.weight]


def gather(draws: dict[str, np.ndarray], scenario: Scenario, n_months: int) -> Inputs:
    """Turn draws and levers into the kernel's arrays (units converted once, in params.py)."""
    n = len(draws["compute.anchor_month"])
    months, values = lever_tables(scenario, draws, n)
    kernel = KernelInputs(
        scalars=stack(SCALARS, draws),
        per_bloc=stack(PER_BLOC, draws),
        per_region=stack(PER_REGION, draws),
        per_region_bloc=stack(PER_REGION_BLOC, draws),
        lever_months=np.ascontiguousarray(months),
        lever_values=np.ascontiguousarray(values),
    )
    return Inputs(kernel, draws, n_months)
