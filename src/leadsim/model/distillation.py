"""Switch 3, distillation: a follower pulls a distilled model toward the leader's released model.

Capabilities are in OOM of effective compute; shapes ``(sample, bloc)``.
"""

from __future__ import annotations

import numpy as np


def teacher(released):
    """For each bloc, the best released capability of any other bloc [OOM], and that bloc's index."""
    n_blocs = released.shape[1]
    others = np.where(np.eye(n_blocs, dtype=bool)[None], -np.inf, released[:, None, :])
    source = others.argmax(axis=2)
    return np.take_along_axis(others, source[:, :, None], axis=2)[:, :, 0], source


def closure_share(rate, deterrence_of_teacher, training_compute, min_student_compute, active):
    """Share of the gap to the teacher closed this month [fraction].

    Deterrence stops a share of harvesting; distillation needs the student's own compute
    (half speed at ``min_student_compute`` [FLOP]); nothing happens before ``active``.
    """
    gate = training_compute / (training_compute + min_student_compute[:, None])
    return rate[:, None] * (1.0 - deterrence_of_teacher) * gate * active[:, None]


def next_distilled(distilled, teacher_capability, share):
    """The distilled model's capability one month on [OOM]; it never passes its teacher."""
    return distilled + share * np.maximum(teacher_capability - distilled, 0.0)


def capability(own, distilled, transfer):
    """General capability [OOM]: own capability plus a share of the distilled model's edge."""
    return own + transfer[:, None] * np.maximum(distilled - own, 0.0)
