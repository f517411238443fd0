"""leadsim: who leads frontier AI in 2028, and why. A calibrated Monte Carlo model.

The public names load on first use (PEP 562), so that ``import leadsim.cli`` for
``leadsim --help`` does not pull in numba, scipy and xarray.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # for type checkers and editors; at run time ``__getattr__`` loads them
    from leadsim.api import Result, compare, run  # noqa: F401
    from leadsim.registry import load_registry  # noqa: F401
    from leadsim.scenarios import list_scenarios, load_scenario  # noqa: F401

_PUBLIC = {
    "Result": "leadsim.api",
    "compare": "leadsim.api",
    "run": "leadsim.api",
    "load_registry": "leadsim.registry",
    "list_scenarios": "leadsim.scenarios",
    "load_scenario": "leadsim.scenarios",
}
__all__ = sorted(_PUBLIC)


def __getattr__(name: str) -> object:
    if name not in _PUBLIC:
        raise AttributeError(f"module 'leadsim' has no attribute {name!r}")
    return getattr(import_module(_PUBLIC[name]), name)
