"""The smaller and the larger of two numbers, for the compiled model.

Numba compiles the builtins ``min`` and ``max`` as calls to separate functions that are not
inlined, and the monthly step makes dozens of them per sample and month; these compile inline
to one comparison. Same results as the builtins, NaN included: the first argument is kept
unless the second compares strictly smaller (larger).
"""

from __future__ import annotations

from numba import njit

JIT = {"cache": True, "error_model": "numpy", "inline": "always"}


@njit(**JIT)
def smaller(a, b):
    """``min(a, b)``."""
    return b if b < a else a


@njit(**JIT)
def larger(a, b):
    """``max(a, b)``."""
    return b if b > a else a
