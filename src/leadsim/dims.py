"""Dimension names and order, defined once.

Arrays inside the model are ``(sample, bloc)`` per month; stored results are
``(sample, time, bloc)``; shares of usage by market are ``(sample, time, region, bloc)``;
milestone months are ``(sample, milestone, bloc)``. Blocs are an axis: equations are
written once for all blocs.
Access flows (licensed sales, smuggling, remote access) run from the supplier bloc,
which makes the advanced accelerators, to the controlled bloc, which export controls
target.
"""

from __future__ import annotations

BLOCS: tuple[str, ...] = ("us", "cn")
# Markets for global distribution (weights: dials.weight_<region>); see docs/dials.md.
REGIONS: tuple[str, ...] = ("allies", "china", "global_south", "contested")
# Counts as plain integers: the compiled kernel reads them as constants, so loops over blocs and
# regions unroll (about a quarter of the kernel's time, measured against loops bounded by array shapes).
N_BLOCS = len(BLOCS)
N_REGIONS = len(REGIONS)
SUPPLIER = "us"
CONTROLLED = "cn"

SAMPLE = "sample"
TIME = "time"
BLOC = "bloc"
REGION = "region"
MILESTONE = "milestone"


def bloc_index(name: str) -> int:
    """Position of a bloc on the bloc axis."""
    return BLOCS.index(name)
