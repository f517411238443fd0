"""The only place levers become effects: lever settings to monthly strengths and export regimes."""

from __future__ import annotations

import numpy as np

from leadsim.dims import BLOCS
from leadsim.scenarios import LEVERS, Scenario
from leadsim.scenarios.history import regime_history


def regime_path(scenario: Scenario, n_months: int) -> list[str]:
    """The export regime in force each month: the history, then the lever from its enactment."""
    path = []
    lever = scenario.levers["chip_export_regime"]
    for t in range(n_months):
        setting = lever.in_force(t)
        path.append(setting.regime if setting else [regime for start, regime in regime_history() if start <= t][-1])
    return path


def strength_paths(scenario: Scenario, n_months: int) -> dict[str, np.ndarray]:
    """Each strength lever as an array ``(time, bloc)``: its strength from enactment, on its bloc."""
    paths = {}
    for name, spec in LEVERS.items():
        if spec.kind != "strength":
            continue
        lever = scenario.levers[name]
        path = np.zeros((n_months, len(BLOCS)))
        for setting in (*lever.earlier, lever):  # oldest first: each holds from its date on
            if setting.enacted is not None:
                path[setting.enacted :, BLOCS.index(spec.bloc)] = setting.strength
        paths[name] = path
    return paths


def licensed_share_path(draws: dict[str, np.ndarray], regimes: list[str]) -> np.ndarray:
    """Share of supplier output licensed to the controlled bloc, ``(time, sample)``; zero under a ban."""
    n = len(next(iter(draws.values())))
    rows = [np.zeros(n) if r == "ban" else draws[f"access.licensed_share_{r}"] for r in regimes]
    return np.stack(rows)
