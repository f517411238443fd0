"""Switch 3, distillation: a follower pulls a distilled model toward the leader's released model.

Capabilities are in OOM of effective compute; scalar functions of one sample and bloc.
"""

from __future__ import annotations

from numba import njit


@njit(cache=True, error_model="numpy")
def closure_share(rate, deterrence, training_compute, min_student_compute, active):
    """Share of the gap to the teacher closed this month [fraction].

    Deterrence by the teacher's bloc stops a share of harvesting; distillation needs the
    student's own compute (half speed at ``min_student_compute`` [FLOP]); nothing happens
    before distillation at scale began (``active`` false).
    """
    if not active:
        return 0.0
    return rate * (1.0 - deterrence) * training_compute / (training_compute + min_student_compute)


@njit(cache=True, error_model="numpy")
def next_distilled(distilled, own, teacher, share):
    """The distilled model one month on [OOM]: it starts from at least the student's own
    capability and closes ``share`` of its gap to the teacher, never passing it."""
    start = max(distilled, own)
    return start + share * max(teacher - start, 0.0)


@njit(cache=True, error_model="numpy")
def capability(own, distilled, transfer):
    """General capability [OOM]: own capability plus a share of the distilled model's edge."""
    return own + transfer * max(distilled - own, 0.0)
