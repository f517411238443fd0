"""Mergeable reducers: partial results merge into arrays allocated once, the same for any chunking and order."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
from hypothesis import given
from hypothesis import strategies as st

from leadsim.analysis.compare import compare
from leadsim.analysis.summary import REPORTED
from leadsim.engine.reducers import AtDates
from leadsim.engine.spec import RunSpec

N_MONTHS = 5


def ensemble(samples: int, seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {
        "lead_months": rng.normal(8, 6, (samples, N_MONTHS)),
        "adoption": rng.uniform(0, 1, (samples, N_MONTHS, 2)),
        "failed": rng.uniform(size=samples) < 0.2,
        "milestones": rng.integers(0, 100, (samples, 3, 2)).astype(float),
    }


def chunk_of(data: dict[str, np.ndarray], start: int, stop: int) -> SimpleNamespace:
    rows = slice(start, stop)
    return SimpleNamespace(
        start=start,
        outputs={"lead_months": data["lead_months"][rows], "adoption": data["adoption"][rows]},
        failed=data["failed"][rows],
        milestones=data["milestones"][rows],
    )


@given(
    cuts=st.lists(st.integers(1, 59), max_size=8, unique=True),
    order=st.randoms(use_true_random=False),
)
def test_any_chunking_and_any_merge_order_give_the_same_values(cuts, order):
    data = ensemble(60)
    bounds = list(zip([0, *sorted(cuts)], [*sorted(cuts), 60], strict=True))
    order.shuffle(bounds)
    keep = AtDates(60, [1, 4], ("lead_months", "adoption"))
    for start, stop in bounds:
        keep.merge(keep.select(chunk_of(data, start, stop)))
    kept = keep.collect()
    ok = ~data["failed"]
    np.testing.assert_array_equal(kept.values["lead_months"], data["lead_months"][ok][:, [1, 4]])
    np.testing.assert_array_equal(kept.values["adoption"], data["adoption"][ok][:, [1, 4]])
    np.testing.assert_array_equal(kept.milestones, data["milestones"][ok])
    np.testing.assert_array_equal(kept.failed, data["failed"])


def test_arrays_are_allocated_once_and_handed_over_without_a_copy():
    data = ensemble(30)
    data["failed"][:] = False
    keep = AtDates(30, [0], None)
    keep.add(chunk_of(data, 0, 10))
    first = keep.values["lead_months"]
    keep.add(chunk_of(data, 10, 30))
    assert keep.values["lead_months"] is first  # filled in place, never concatenated
    assert keep.collect().values["lead_months"] is first  # nothing failed: no copy


def test_a_summary_keeps_only_what_it_reports(registry):
    _, summaries = compare(["catch-up"], RunSpec(samples=30, seed=1, chunk_size=8, prior=True), registry=registry)
    assert set(summaries[0].values) == set(REPORTED)
    assert all(len(v) == 30 - summaries[0].failed_samples for v in summaries[0].values.values())
