"""Model outputs that observations are compared with: one function per measure, from a simulated Chunk.

A measure reduces one chunk's trajectories over an observed period (months ``first ..
last``, inclusive) to one number per sample. Adding a kind of observation is one more entry
in ``MEASURES``. Measures on the ``log`` scale are compared in log10 units, so ratios, counts
and small shares that grow several-fold are scored by their factor of error rather than
their difference.

The dials' measures say what the surveys counted: firms (``adoption_<bloc>``, the BTOS
question), people (``adoption_users_<bloc>``, the dials' mapping of firms onto people) and
usage outside China (``usage_share_outside_china_<bloc>``: a platform such as OpenRouter
sees almost none of China's own market). See docs/calibration.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

import numpy as np

from leadsim.dims import BLOCS, CONTROLLED, REGIONS, SUPPLIER, bloc_index
from leadsim.engine.ensemble import Chunk

S, C = bloc_index(SUPPLIER), bloc_index(CONTROLLED)


class Measure(NamedTuple):
    """How to read one kind of observation off a simulated chunk."""

    function: Callable[[Chunk, int, int], np.ndarray]  # (chunk, first, last) -> (sample,)
    unit: str
    scale: str  # "linear" or "log": the units in which distances are measured
    description: str
    min_months: int = 1  # shortest period the measure is defined on


def lead_months(chunk: Chunk, first: int, last: int) -> np.ndarray:
    """Lead of the supplier bloc over the controlled bloc, mean over the period [month]."""
    return chunk.outputs["lead_months"][:, first : last + 1].mean(axis=1)


def training_compute_ratio(chunk: Chunk, first: int, last: int) -> np.ndarray:
    """Largest training run of the supplier bloc over the controlled bloc's, mean over the period."""
    run = chunk.trajectories["training_compute"][:, first : last + 1]
    return (run[:, :, S] / run[:, :, C]).mean(axis=1)


def controlled_output_share(chunk: Chunk, first: int, last: int) -> np.ndarray:
    """Chips the controlled bloc makes over the period, as a share of what the supplier bloc makes."""
    made = chunk.trajectories["production"][:, first : last + 1].sum(axis=1)
    return made[:, C] / made[:, S]


def controlled_compute_share(chunk: Chunk, first: int, last: int) -> np.ndarray:
    """The controlled bloc's accessible compute (own, smuggled, bought, rented) over all powered compute."""
    accessible = chunk.trajectories["accessible"][:, first : last + 1, C]
    world = chunk.trajectories["usable"][:, first : last + 1].sum(axis=2)
    return (accessible / world).mean(axis=1)


def smuggled(chunk: Chunk, first: int, last: int) -> np.ndarray:
    """Compute smuggled to the controlled bloc over the period [H100e]."""
    return chunk.trajectories["smuggled"][:, first : last + 1, C].sum(axis=1)


def world_compute(chunk: Chunk, first: int, last: int) -> np.ndarray:
    """Powered AI compute of all blocs, mean over the period [H100e]."""
    return chunk.trajectories["usable"][:, first : last + 1].sum(axis=2).mean(axis=1)


def training_compute_growth(bloc: int) -> Callable[[Chunk, int, int], np.ndarray]:
    """Yearly growth of one bloc's largest training run from the first to the last month of the period."""

    def growth(chunk: Chunk, first: int, last: int) -> np.ndarray:
        run = chunk.trajectories["training_compute"][:, :, bloc]
        return (run[:, last] / run[:, first]) ** (12.0 / (last - first))

    return growth


def largest_run(bloc: int) -> Callable[[Chunk, int, int], np.ndarray]:
    """One bloc's largest training run over the period (the maximum of ``training_compute``) [FLOP]."""

    def largest(chunk: Chunk, first: int, last: int) -> np.ndarray:
        return chunk.trajectories["training_compute"][:, first : last + 1, bloc].max(axis=1)

    return largest


def bloc_mean(output: str, bloc: int) -> Callable[[Chunk, int, int], np.ndarray]:
    """Mean over the period of one bloc's value of a ``(sample, time, bloc)`` output."""

    def mean(chunk: Chunk, first: int, last: int) -> np.ndarray:
        return chunk.outputs[output][:, first : last + 1, bloc].mean(axis=1)

    return mean


def usage_share_outside(region: str, bloc: int) -> Callable[[Chunk, int, int], np.ndarray]:
    """Mean over the period of a bloc's share of AI usage in every region but ``region`` [fraction].

    The regions' usage weights are renormalised without ``region``, as in the world share.
    """
    skip = REGIONS.index(region)

    def share(chunk: Chunk, first: int, last: int) -> np.ndarray:
        weights = chunk.inputs.region_weights.copy()
        weights[:, skip] = 0.0
        weights /= weights.sum(axis=1, keepdims=True)
        by_region = chunk.outputs["global_share_by_region"][:, first : last + 1, :, bloc]
        return (by_region * weights[:, None, :]).sum(axis=2).mean(axis=1)

    return share


MEASURES: dict[str, Measure] = {
    "lead_months": Measure(lead_months, "month", "linear", "lead in months (the headline output)"),
    "training_compute_ratio": Measure(
        training_compute_ratio, "dimensionless", "log", "largest training run, supplier over controlled bloc"
    ),
    "controlled_output_share": Measure(
        controlled_output_share, "fraction", "log", "controlled bloc's chip output over the supplier bloc's"
    ),
    "controlled_compute_share": Measure(
        controlled_compute_share, "fraction", "linear", "controlled bloc's share of the world's powered compute"
    ),
    "smuggled": Measure(smuggled, "H100e", "log", "compute smuggled to the controlled bloc over the period"),
    "world_compute": Measure(world_compute, "H100e", "log", "powered AI compute of all blocs"),
    **{
        f"training_compute_growth_{bloc}": Measure(
            training_compute_growth(i), "x/year", "log", f"growth of the largest run of bloc {bloc}", min_months=2
        )
        for i, bloc in enumerate(BLOCS)
    },
    **{
        f"training_compute_{bloc}": Measure(largest_run(i), "FLOP", "log", f"largest training run of bloc {bloc}")
        for i, bloc in enumerate(BLOCS)
    },
    **{
        f"adoption_{bloc}": Measure(
            bloc_mean("adoption", i), "fraction", "log", f"share of firms of bloc {bloc} using AI in production"
        )
        for i, bloc in enumerate(BLOCS)
    },
    **{
        f"adoption_users_{bloc}": Measure(
            bloc_mean("adoption_users", i), "fraction", "linear", f"share of people of bloc {bloc} using generative AI"
        )
        for i, bloc in enumerate(BLOCS)
    },
    f"usage_share_outside_china_{CONTROLLED}": Measure(
        usage_share_outside("china", C), "fraction", "log", "controlled bloc's stack share of AI usage outside China"
    ),
}
