"""The only place levers become effects: lever settings to monthly strengths and export regimes."""

from __future__ import annotations

from functools import cache
from importlib import resources
from pathlib import Path

import numpy as np
import yaml

from leadsim.calendar import parse_month
from leadsim.dims import BLOCS
from leadsim.scenarios import LEVERS, Scenario


@cache
def regime_history() -> tuple[tuple[int, str], ...]:
    """The export regimes in force before the scenario's regime lever: (from month, regime)."""
    path = Path(str(resources.files("leadsim.scenarios") / "history.yaml"))
    rows = yaml.safe_load(path.read_text())["chip_export_regime"]
    return tuple((parse_month(row["from"]), row["regime"]) for row in rows)


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
