"""A chunk's record: derived outputs computed where read give the numbers a full read gives, and
record arrays are reused only when nothing holds them (a kept chunk or view keeps its numbers)."""

from __future__ import annotations

import numpy as np

from leadsim.calendar import Span
from leadsim.engine.derived import DERIVED
from leadsim.engine.ensemble import REPORTED, Outputs, simulate_chunk
from leadsim.engine.reducers import Select
from leadsim.engine.spare import Spare
from leadsim.model.outputs import OUTPUTS
from leadsim.registry import load_registry
from leadsim.scenarios import load_scenario

SPAN = Span()
MONTHS = [0, 40, 119]


def chunk(start: int = 0, count: int = 30):
    registry = load_registry()
    return simulate_chunk(
        registry, load_scenario("current-policy", registry), start=start, count=count, seed=5, span=SPAN
    )


def test_outputs_at_months_equal_the_full_series_at_those_months() -> None:
    first, second = chunk(), chunk()
    for output in OUTPUTS:
        at = first.outputs.at(output.name, MONTHS) if output.name in first.outputs else None
        if at is None:
            continue
        np.testing.assert_array_equal(at, second.record.output(output.name)[:, MONTHS], err_msg=output.name)
    assert set(DERIVED) <= set(first.outputs)


def test_derived_outputs_are_filled_only_when_read() -> None:
    record = chunk().record
    assert record.filled == set()
    record.at("adoption_users", MONTHS)
    assert record.filled == set()
    users = record.output("adoption_users")
    assert record.filled == {"adoption_users"}
    assert np.all((users >= 0) & (users <= 1))


def test_a_kept_chunk_keeps_its_numbers_while_later_chunks_run() -> None:
    kept = chunk(start=0)
    frontier = kept.record.output("frontier").copy()
    view = kept.outputs["lead_months"]
    lead = view.copy()
    for start in (30, 60):
        chunk(start=start)
    np.testing.assert_array_equal(kept.record.output("frontier"), frontier)
    np.testing.assert_array_equal(view, lead)


def test_spare_arrays_come_back_only_when_free() -> None:
    spare = Spare()
    shapes = {"a": (4, 3), "flags": (4,)}
    first = spare.take(shapes, {"flags": np.bool_})
    assert first["flags"].dtype == np.bool_
    held = spare.take(shapes, {"flags": np.bool_})
    assert held["a"] is not first["a"]  # the first is still held
    address = held["a"].__array_interface__["data"][0]
    del first, held
    again = spare.take(shapes, {"flags": np.bool_})
    assert again["a"].__array_interface__["data"][0] == address  # free: the same memory
    view = again["a"][1:]
    del again
    assert spare.take(shapes, {"flags": np.bool_})["a"].__array_interface__["data"][0] != address  # a view holds it
    del view


def test_values_kept_from_a_chunk_share_no_memory_with_its_record() -> None:
    """What a reducer keeps must not pin the record: the next chunk would get new arrays."""
    kept = chunk()
    part = Select((0, 119))(kept)
    record = kept.record
    for array in (*part.values.values(), part.failed, part.milestones):
        assert not any(np.shares_memory(array, a) for a in (record.by_bloc, record.scalar, record.by_region,
                                                            record.milestones, record.failed))  # fmt: skip


def test_asking_whether_an_output_is_there_computes_nothing() -> None:
    record = chunk().record
    assert "adoption_users" in Outputs(record, REPORTED) and "frontier" not in Outputs(record, REPORTED)
    assert record.filled == set()
