"""The time loop: every sample simulated month by month in one compiled kernel, parallel over samples.

Each sample's trajectory runs the core step and the dials month by month (the dials' world
shares feed the next month's investment), then every whole-trajectory measure, in the same
thread: nothing is handed back to NumPy between stages. Samples are independent, so any thread
count and any chunking give the same numbers.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np
from numba import njit, prange

from leadsim.calendar import parse_month
from leadsim.dims import N_BLOCS, N_REGIONS
from leadsim.engine.derived import DERIVED
from leadsim.engine.measures import after_loop
from leadsim.engine.spare import SPARE
from leadsim.model.clock import levers_at, start_clock, tick
from leadsim.model.dials.step import dials
from leadsim.model.inputs import Inputs
from leadsim.model.outputs import BY_REGION, MILESTONE_ANCHOR, MILESTONES, F, S
from leadsim.model.params import B, P
from leadsim.model.state import CL, HIST, ST, WORK
from leadsim.model.step import core

JIT = {"cache": True, "error_model": "numpy"}


@njit(**JIT)
def initial_state(p, pb, st, work):
    """January 2023: capacity back-cast from the anchor month, measured stocks and adoption."""
    for b in range(N_BLOCS):
        work[WORK.log_list_price, b] = np.log(pb[B.list_price, b])
        st[ST.capacity, b] = pb[B.capacity_anchor, b] * np.exp(-pb[B.log_growth_history, b] * p[P.anchor])
        st[ST.stock, b] = pb[B.stock0, b]
        st[ST.desired, b] = pb[B.stock0, b]
        st[ST.log_efficiency, b] = pb[B.log_efficiency0, b]
        st[ST.adoption, b] = pb[B.adoption0, b]
        st[ST.smoothed_share, b] = 1.0
        st[ST.anchor_share, b] = 1.0


@njit(**JIT)
def trajectory(p, pb, pr, prb, lm, lv, rec, rec_rb):
    """One sample, month by month: the core step, then the dials."""
    n_months, _, n_blocs = rec.shape
    st = np.zeros((len(ST), n_blocs))
    share = np.zeros((rec_rb.shape[1], n_blocs))
    hist = np.empty((n_months, len(HIST), n_blocs))
    work = np.ones((len(WORK), n_blocs))
    clk, fac = np.empty((len(CL), n_blocs)), np.empty((len(CL), n_blocs))
    lev, pos = np.zeros(lm.shape[0]), np.full(lm.shape[0], -1)
    initial_state(p, pb, st, work)
    start_clock(p, pb, clk, fac)
    upcoming = 0.0  # month of the next lever step
    for t in range(n_months):
        if t > 0:
            tick(clk, fac)
        if t >= upcoming:
            upcoming = levers_at(t, lm, lv, lev, pos)
        core(t, p, pb, lev, st, clk, hist, work, rec)
        dials(t, p, pb, pr, prb, lev, st, share, work, rec, rec_rb)


@njit(parallel=True, **JIT)
def run_kernel(scalars, per_bloc, per_region, per_region_bloc, lever_months, lever_values, anchor, offsets,
               rec, rec_rb, rec_s, milestones, failed):  # fmt: skip
    """Fill the records of every sample; ``failed[i]`` marks a sample with a non-finite number."""
    for i in prange(rec.shape[0]):
        p, pb = scalars[i], per_bloc[i]
        trajectory(p, pb, per_region[i], per_region_bloc[i], lever_months[i], lever_values[i], rec[i], rec_rb[i])
        failed[i] = after_loop(p, rec[i], rec_s[i], milestones[i], anchor, offsets)


@dataclass(frozen=True)
class Record:
    """A chunk's simulated records: ``by_bloc`` (sample, time, F, bloc), ``scalar`` (sample, time, S),
    ``by_region`` (sample, time, region, bloc), first-reach ``milestones`` (sample, milestone, bloc),
    and the chunk's ``scalars`` and ``per_bloc`` parameters, from which the derived outputs
    (derived.py) are computed when read; ``filled`` names those already in ``by_bloc``."""

    by_bloc: np.ndarray
    scalar: np.ndarray
    by_region: np.ndarray
    milestones: np.ndarray
    failed: np.ndarray
    scalars: np.ndarray
    per_bloc: np.ndarray
    filled: set[str] = field(default_factory=set)

    def output(self, name: str) -> np.ndarray:
        """One output's values ``(sample, time, ...)`` (a view), by its catalogue name."""
        if name == BY_REGION:
            return self.by_region
        if name in S._fields:
            return self.scalar[:, :, getattr(S, name)]
        values = self.by_bloc[:, :, getattr(F, name), :]
        if name in DERIVED and name not in self.filled:
            DERIVED[name](self.scalars, self.per_bloc, self.by_bloc, np.arange(values.shape[1]), values)
            self.filled.add(name)
        return values

    def at(self, name: str, months: Sequence[int]) -> np.ndarray:
        """One output's values at month indexes ``months``, ``(sample, month, ...)`` (a copy); a
        derived output not yet filled is computed at those months only."""
        if name in DERIVED and name not in self.filled:
            out = np.empty((self.by_bloc.shape[0], len(months), self.by_bloc.shape[3]))
            DERIVED[name](self.scalars, self.per_bloc, self.by_bloc, np.asarray(months, dtype=np.int64), out)
            return out
        return self.output(name)[:, list(months)]


def simulate(inputs: Inputs) -> Record:
    """Run the kernel on a chunk's inputs."""
    k = inputs.kernel
    n, months = k.scalars.shape[0], inputs.n_months
    shapes = {
        "by_bloc": (n, months, len(F), N_BLOCS),
        "scalar": (n, months, len(S)),
        "by_region": (n, months, N_REGIONS, N_BLOCS),
        "milestones": (n, len(MILESTONES), N_BLOCS),
        "failed": (n,),
    }
    arrays = SPARE.take(shapes, {"failed": np.bool_})
    record = Record(**arrays, scalars=k.scalars, per_bloc=k.per_bloc)
    offsets = np.array(list(MILESTONES.values()), dtype=np.float64)
    with np.errstate(all="ignore"):  # non-finite samples are counted, not raised
        run_kernel(
            k.scalars, k.per_bloc, k.per_region, k.per_region_bloc, k.lever_months, k.lever_values,
            parse_month(MILESTONE_ANCHOR), offsets, record.by_bloc, record.by_region, record.scalar,
            record.milestones, record.failed,
        )  # fmt: skip
    return record
