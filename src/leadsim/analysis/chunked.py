"""Run an analysis's chunks of samples and merge them in sample order, whatever ran them.

Each analysis's per-chunk work is a plain function ``fn(context, (start, count))`` of a
picklable context, so an executor's ``map(fn, context, items)`` (results in item order) can
replace ``serial_map`` with one argument.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

import numpy as np

from leadsim.engine.spec import RunSpec


def serial_map(fn: Callable, context: object, items: Iterable) -> Iterator:
    """``fn(context, item)`` for each item, in order, as each is done: an executor's ``map`` in this process."""
    return (fn(context, item) for item in items)


def merged(
    fn: Callable, context: object, spec: RunSpec, *, axis: int, advance: Callable[[int], None] | None = None,
    map_chunks: Callable = serial_map,
) -> np.ndarray:  # fmt: skip
    """Every chunk's array, concatenated along the sample ``axis`` in sample order; ``advance(count)`` per chunk."""
    items = list(spec.chunk_bounds())
    parts = []
    for (_, count), part in zip(items, map_chunks(fn, context, items), strict=True):
        parts.append(part)
        if advance is not None:
            advance(count)
    return np.concatenate(parts, axis=axis)
