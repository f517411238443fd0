"""Arrays handed out again once nothing holds them: a chunk's record, filled chunk after chunk.

A chunk's record is tens of megabytes. Allocated afresh for every chunk, its pages come new from
the system, which zeroes each one before the kernel writes it (about 6% of the kernel's time
here). Chunks are reduced and dropped before the next one is simulated, so the last arrays of
each shape are kept and handed out again when free. Reference counts tell: an array that a kept
record, a kept view or a kept copy of the record's dict still holds is never handed out twice;
the caller gets new arrays instead.
"""

from __future__ import annotations

import sys
import threading

import numpy as np

Shapes = dict[str, tuple[int, ...]]


class Spare:
    """The last set of arrays of each layout (names, shapes, dtypes), given out again once free."""

    def __init__(self) -> None:
        self.kept: dict[tuple, dict[str, np.ndarray]] = {}
        self.lock = threading.Lock()  # Dask workers may run chunks on several threads

    def take(self, shapes: Shapes, dtypes: dict[str, type] | None = None) -> dict[str, np.ndarray]:
        """Uninitialised arrays ``name -> shape`` (float64 unless ``dtypes`` says otherwise)."""
        dtypes = dtypes or {}
        key = tuple((name, shape, dtypes.get(name, np.float64)) for name, shape in shapes.items())
        with self.lock:
            arrays = self.kept.get(key)
            if arrays is None or not free(arrays):
                arrays = self.kept[key] = {n: np.empty(s, dtype=dtypes.get(n, np.float64)) for n, s in shapes.items()}
            return dict(arrays)  # the caller's own dict: its references count as uses


def free(arrays: dict[str, np.ndarray]) -> bool:
    """Whether nothing but ``arrays`` holds any of its arrays."""
    for array in arrays.values():  # noqa: SIM110 - the count below includes this loop's name
        if sys.getrefcount(array) > 3:  # the dict, this loop's name, getrefcount's argument
            return False
    return True


SPARE = Spare()
