"""PRIM boxes found on one half of a sample and scored on the other (the EMA Workbench's PRIM).

PRIM (Friedman and Fisher 1999, as in Bryant and Lempert 2010's scenario discovery) peels a box
down from the whole input space, a little at a time, keeping the cases of interest inside; each
step of the peeling trajectory trades coverage (share of all cases of interest that are inside)
for density (share of the box's cases that are of interest). The implementation is the EMA
Workbench's (``ema_workbench.analysis.prim``); this module chooses a box on each trajectory by a
fixed rule, drops the restrictions that are not significant, repeats on the cases left outside
(PRIM's covering) and scores every box on held-out cases, so a box that only fits noise shows as
a test density near the base rate.
"""

from __future__ import annotations

import logging
import warnings
from dataclasses import dataclass

import numpy as np
import pandas as pd

MAX_BOXES = 3  # boxes found by covering, at most
MASS_MIN = 0.05  # smallest share of the finding half a box may hold (the EMA default)
PEEL_ALPHA = 0.05  # share of the box's cases peeled off per step (the EMA default)
QUASI_P_MAX = 0.05  # a restriction is kept when its quasi-p value (Bryant and Lempert 2010) is at most this
Limits = dict[str, tuple[float | None, float | None]]  # restricted inputs only; None: that side is open


@dataclass(frozen=True)
class FoundBox:
    """One box: its limits, its scores on both halves, its peeling trajectory and the step chosen on it."""

    limits: Limits
    coverage: float
    density: float
    mass: float
    test_coverage: float
    test_density: float | None
    test_count: int  # held-out cases inside the box (and outside every earlier box)
    trajectory: pd.DataFrame  # coverage, density, mass, res_dim per step
    densest: int  # the densest step of the peeling and pasting
    chosen: int  # the box reported: the densest step, or the last drop after it


def prim_class():
    """The EMA Workbench's Prim, imported here (it is slow to import) with its import chatter silenced."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from ema_workbench.analysis.prim import Prim
    logging.getLogger("EMA").setLevel(logging.ERROR)
    return Prim


def densest(trajectory: pd.DataFrame) -> int:
    """The step chosen on a trajectory: the densest box (every step holds at least ``MASS_MIN``); on a tie,
    the earliest, which has the larger mass."""
    return int(np.argmax(trajectory["density"].to_numpy()))


def prune(box, step: int) -> int:
    """Select ``step`` on the box's trajectory, then drop restrictions one at a time, the least significant
    first, while one has no restricted side with a quasi-p value at most ``QUASI_P_MAX`` (each drop is one
    more step on the trajectory, with quasi-p values anew); the step of the box that results."""
    box.select(step)
    while True:
        sides = {n: [q for q in qs if q >= 0] for n, qs in box.qp[step].items()}  # -1: an open side
        weakest = max(sides, key=lambda n: min(sides[n], default=0.0), default=None)
        if weakest is None or min(sides[weakest], default=0.0) <= QUASI_P_MAX:
            return step
        box.drop_restriction(weakest)
        step = len(box.peeling_trajectory) - 1


def open_limits(box: pd.DataFrame, initial: pd.DataFrame) -> Limits:
    """The restricted sides of a box: a side equal to the data's own extreme is open (None)."""
    limits = {}
    for name in box.columns:
        low, high = box[name].iloc[0], box[name].iloc[1]
        side = (None if low == initial[name].iloc[0] else float(low),
                None if high == initial[name].iloc[1] else float(high))  # fmt: skip
        if side != (None, None):
            limits[name] = side
    return limits


def inside(x: pd.DataFrame, limits: Limits) -> np.ndarray:
    """Which rows of ``x`` lie in the box (closed limits; an open side takes every value)."""
    mask = np.ones(len(x), dtype=bool)
    for name, (low, high) in limits.items():
        values = x[name].to_numpy()
        if low is not None:
            mask &= values >= low
        if high is not None:
            mask &= values <= high
    return mask


def held_out_scores(limits: Limits, x: pd.DataFrame, interest: np.ndarray, left: np.ndarray) -> tuple:
    """Coverage and density of a box on the held-out cases still ``left`` outside the earlier boxes."""
    box = inside(x, limits) & left
    hits = int((interest & box).sum())
    total = int(interest.sum())
    return hits / total if total else 0.0, hits / int(box.sum()) if box.any() else None, int(box.sum()), box


def find_boxes(x: pd.DataFrame, interest: np.ndarray, finding: np.ndarray, *, max_boxes: int = MAX_BOXES) -> list:
    """PRIM boxes found on the rows where ``finding`` is True, scored on the others.

    ``x`` holds float inputs (the workbench's integer handling fails on pandas 3: whole values go as floats);
    ``interest`` is the outcome (bool). A box counts while, once pruned, it restricts something and its
    density on the finding half is at least that half's base rate (also PRIM's threshold); covering stops at
    the first box that does not, or at ``max_boxes``.
    """
    train, test = x[finding].reset_index(drop=True), x[~finding].reset_index(drop=True)
    y_train, y_test = interest[finding].astype(int), interest[~finding]
    if y_train.min() == y_train.max():  # the condition holds in none or all of the finding half: nothing to find
        return []
    boxes, left = [], np.ones(len(test), dtype=bool)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # pandas deprecations inside the workbench: keep JSON output clean
        base_rate = float(y_train.mean())
        prim = prim_class()(train, y_train, threshold=base_rate, mass_min=MASS_MIN, peel_alpha=PEEL_ALPHA)
        for _ in range(max_boxes):
            box = prim.find_box()
            if box is None or box.res_dim == 0:
                break
            peak = densest(box.peeling_trajectory)
            step = prune(box, peak)
            trajectory = box.peeling_trajectory[["coverage", "density", "mass", "res_dim"]].reset_index(drop=True)
            limits = open_limits(box.box_lims[step], prim.box_init)
            if not limits or trajectory["density"].iloc[step] < base_rate:
                break
            coverage, density, count, taken = held_out_scores(limits, test, y_test, left)
            left &= ~taken
            row = trajectory.iloc[step]
            boxes.append(FoundBox(limits, float(row["coverage"]), float(row["density"]), float(row["mass"]),
                                  coverage, density, count, trajectory, peak, step))  # fmt: skip
    return boxes
