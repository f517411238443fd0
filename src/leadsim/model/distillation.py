"""Switch 3, distillation: a follower pulls a distilled model toward another bloc's released model.

Capabilities are in OOM of effective compute; scalar functions of one sample and bloc.
"""

from __future__ import annotations

from numba import njit

from leadsim.model.minmax import larger

JIT = {"cache": True, "error_model": "numpy", "inline": "always"}


@njit(**JIT)
def closure_share(rate, deterrence, student_flop, teacher_flop, student_ratio, active):
    """Share of the gap to the teacher closed this month [fraction].

    Deterrence by the teacher's bloc stops a share of harvesting. Distillation needs compute of the
    student's own, relative to what it distils: it runs at half speed when the student's training
    run is ``student_ratio`` of the teacher's [FLOP/FLOP], so compute controls slow it. Nothing
    happens before distillation at scale began (``active`` false).
    """
    if not active:
        return 0.0
    return rate * (1.0 - deterrence) * student_flop / (student_flop + student_ratio * teacher_flop)


@njit(**JIT)
def next_distilled(distilled, own, teacher, share):
    """The distilled model one month on [OOM]: it starts from at least the student's own
    capability and closes ``share`` of its gap to the teacher, never passing it."""
    start = larger(distilled, own)
    return start + share * larger(teacher - start, 0.0)


@njit(**JIT)
def capability(own, distilled, transfer):
    """General capability [OOM]: own capability plus a share of the distilled model's edge."""
    return own + transfer * larger(distilled - own, 0.0)
