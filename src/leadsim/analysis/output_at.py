"""One catalogue output at one month, named as the analyses' options name it: ``NAME`` for a scalar
output, ``NAME.BLOC`` for one kept per bloc (``adoption.cn``), ``NAME.REGION.BLOC`` for the one kept
per region and bloc (``global_share_by_region.china.cn``). ``--output`` (sensitivity) and ``--where``
(discover) read it the same way.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from leadsim.dims import BLOCS, REGIONS
from leadsim.engine.ensemble import Chunk
from leadsim.errors import LeadsimError, problem
from leadsim.model.outputs import CATALOGUE

AXES = {(): (), ("bloc",): (BLOCS,), ("region", "bloc"): (REGIONS, BLOCS)}  # labels on each output's axes


@dataclass(frozen=True)
class OutputAt:
    """Which output, where on its bloc/region axes, at which month index."""

    label: str  # as given: ``adoption.cn``
    output: str
    position: tuple[int, ...]  # indexes on the axes after (sample, time): () | (bloc,) | (region, bloc)
    at: int

    def values(self, chunk: Chunk) -> np.ndarray:
        """``(sample,)`` values at the month; NaN for a failed trajectory."""
        values = chunk.record.output(self.output)[(slice(None), self.at, *self.position)]
        return np.where(chunk.failed, np.nan, values)


def output_names() -> list[str]:
    """Every accepted name, each coordinate spelled out."""
    names = []
    for o in CATALOGUE.values():
        labels = [o.name]
        for axis in AXES[o.dims]:
            labels = [f"{n}.{c}" for n in labels for c in axis]
        names += labels
    return names


def allowed() -> str:
    """The accepted names in short (``adoption.us|cn``), for an error line."""
    return ", ".join(".".join([o.name, *("|".join(a) for a in AXES[o.dims])]) for o in CATALOGUE.values())


def locate(name: str, option: str) -> tuple[str, tuple[int, ...]]:
    """``adoption.cn`` -> ``("adoption", (bloc index,))``; one error line naming ``option`` for an unknown
    output or label."""
    head, *labels = name.split(".")
    output = CATALOGUE.get(head)
    axes = AXES.get(output.dims) if output else None
    if axes is None or len(labels) != len(axes) or any(x not in a for x, a in zip(labels, axes, strict=True)):
        raise LeadsimError(problem(option, "output", name, allowed()))
    return head, tuple(a.index(x) for x, a in zip(labels, axes, strict=True))


def output_at(name: str, at: int, option: str) -> OutputAt:
    """``adoption.cn`` at a month index, checked (``locate``)."""
    return OutputAt(name, *locate(name, option), at)
