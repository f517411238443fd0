"""The only time loop: step the model month by month over a chunk of samples."""

from __future__ import annotations

import numpy as np

from leadsim.model.inputs import Inputs
from leadsim.model.state import Record
from leadsim.model.step import initial, step

Trajectories = dict[str, np.ndarray]


def simulate(inp: Inputs) -> Trajectories:
    """Every recorded quantity over time: arrays ``(sample, time, bloc)`` or ``(sample, time)``."""
    state, record = initial(inp)
    n_months = inp.n_months
    out = {name: np.empty((value.shape[0], n_months, *value.shape[1:])) for name, value in record._asdict().items()}
    _store(out, 0, record)
    for t in range(1, n_months):
        state, record = step(state, t, inp, out["frontier"][:, :t])
        _store(out, t, record)
    return out


def _store(out: Trajectories, t: int, record: Record) -> None:
    for name, value in record._asdict().items():
        out[name][:, t] = value
