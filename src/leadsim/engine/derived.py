"""Outputs that re-express a recorded one month by month, computed only for the months that are read.

The share of people using AI is a function of the month's firm adoption, the safety margin one
of the month's lead over the closest rival: neither feeds anything else. A summary at a few
reported months reads them there and nowhere else, so the kernel does not fill them; a reader of
the whole series (``Record.output``) fills them once. Each is finite wherever its inputs are, so
a sample's failure flag, taken over the recorded fields, covers them too.
"""

from __future__ import annotations

import numpy as np
from numba import njit, prange

from leadsim.dims import N_BLOCS
from leadsim.model.dials.equations import safety_margin, users_share
from leadsim.model.outputs import F
from leadsim.model.params import B, P

JIT = {"cache": True, "error_model": "numpy"}


@njit(parallel=True, **JIT)
def users_at(scalars, per_bloc, rec, months, out):
    """Share of people using generative AI at month indexes ``months``, into ``out`` (sample, month, bloc)."""
    for i in prange(rec.shape[0]):
        for j in range(months.shape[0]):
            for b in range(N_BLOCS):
                out[i, j, b] = users_share(rec[i, months[j], F.adoption, b], scalars[i, P.users_exponent])


@njit(parallel=True, **JIT)
def safety_at(scalars, per_bloc, rec, months, out):
    """Each bloc's safety margin at month indexes ``months``, into ``out`` (sample, month, bloc)."""
    for i in prange(rec.shape[0]):
        p, pb = scalars[i], per_bloc[i]
        for j in range(months.shape[0]):
            for b in range(N_BLOCS):
                out[i, j, b] = safety_margin(
                    rec[i, months[j], F.rival_lead_months, b], pb[B.safety_floor, b], p[P.safety_cap],
                    p[P.safety_share], p[P.safety_trailing],
                )  # fmt: skip


# output -> its filler, each called as (scalars, per_bloc, by_bloc record, month indexes, out)
DERIVED = {"adoption_users": users_at, "safety_margin_months": safety_at}
RECORDED = np.array([name not in DERIVED for name in F._fields])  # fields the kernel fills, by F index
