"""The only place levers become effects: each lever as per-sample steps (month, value) the step reads.

A lever is a list of steps in time order, each holding from its month until the next: the
export regime's history (``scenarios/history.yaml``) until the scenario's first setting, then
the settings inherited as facts, then the scenario's own. Steps are arrays with a sample axis,
so an analysis can give every sample its own enactment month and strength: draws may carry
``lever.<name>.enacted`` (a month index; NaN switches the lever off throughout, as
``enacted: null`` does) with ``lever.<name>.strength`` (0..1) or, for the export regime,
``lever.<name>.regime`` (a code of ``REGIME_CODES``). Such a setting replaces the lever's own
setting as a scenario file would: facts of the policy record dated before it still hold, plans
are dropped (``Lever.then``).
"""

from __future__ import annotations

import numpy as np

from leadsim.dims import BLOCS
from leadsim.model.params import index
from leadsim.scenarios import LEVERS, Scenario
from leadsim.scenarios.history import policy_record_until, regime_history
from leadsim.scenarios.load import Lever

LEVER_NAMES = tuple(LEVERS)
L = index(LEVER_NAMES, "L")
LEVER_BLOC = tuple(BLOCS.index(LEVERS[name].bloc) for name in LEVER_NAMES)  # the bloc each lever acts on
REGIME_CODES = ("ban", "a800", "h20", "h200", "blackwell")  # a regime's code is its position
NEVER = np.inf  # the month of an unused step


def code(regime: str) -> float:
    return float(REGIME_CODES.index(regime))


def setting_value(name: str, setting: Lever) -> float:
    return code(setting.regime) if LEVERS[name].kind == "regime" else setting.strength


def scenario_steps(scenario: Scenario, name: str) -> list[tuple[float, float]]:
    """The lever's steps ``(month index, value)`` in time order, as the scenario sets them."""
    lever = scenario.levers[name]
    steps = [(float(x.enacted), setting_value(name, x)) for x in (*lever.earlier, lever) if x.enacted is not None]
    return history_before(name, steps[0][0] if steps else NEVER) + steps


def history_before(name: str, first: float) -> list[tuple[float, float]]:
    """The export regime's recorded history before a month (no steps for other levers)."""
    if LEVERS[name].kind != "regime":
        return []
    return [(float(month), code(regime)) for month, regime in regime_history() if month < first]


def facts(scenario: Scenario, name: str) -> list[tuple[float, float]]:
    """Settings of the lever dated within the policy record: they hold before a new setting."""
    lever = scenario.levers[name]
    record = policy_record_until()
    return [
        (float(x.enacted), setting_value(name, x))
        for x in (*lever.earlier, lever)
        if x.enacted is not None and x.enacted <= record
    ]


def per_sample_steps(scenario: Scenario, name: str, enacted: np.ndarray, value: np.ndarray):
    """Steps ``(sample, step)`` of a lever whose own setting differs by sample (see the module doc)."""
    n = len(enacted)
    off = np.isnan(enacted)
    known = facts(scenario, name)
    fact_months = np.array([m for m, _ in known]).reshape(1, -1)
    kept = (fact_months < np.where(off, -np.inf, enacted)[:, None]) & ~off[:, None]
    months = np.where(kept, fact_months, NEVER)
    values = np.broadcast_to(np.array([v for _, v in known]).reshape(1, -1), (n, len(known)))
    first = np.minimum(np.where(kept, fact_months, NEVER).min(axis=1, initial=NEVER), np.where(off, NEVER, enacted))
    history = history_before(name, NEVER)
    hist_months = np.array([m for m, _ in history]).reshape(1, -1)
    hist_months = np.where(hist_months < first[:, None], hist_months, NEVER)
    hist_values = np.broadcast_to(np.array([v for _, v in history]).reshape(1, -1), (n, len(history)))
    own_months = np.where(off, NEVER, enacted)[:, None]
    return (
        np.concatenate([hist_months, months, own_months], axis=1),
        np.concatenate([hist_values, values, np.asarray(value, dtype=float)[:, None]], axis=1),
    )


def lever_tables(scenario: Scenario, draws: dict[str, np.ndarray], n: int) -> tuple[np.ndarray, np.ndarray]:
    """Every lever's steps as arrays ``(sample, lever, step)``: months [month index] and values."""
    tables = []
    for name in LEVER_NAMES:
        key = f"lever.{name}"
        if f"{key}.enacted" in draws:
            setting = draws.get(f"{key}.regime", draws.get(f"{key}.strength"))
            if setting is None:
                raise KeyError(f"{key}.enacted needs {key}.strength or {key}.regime")
            tables.append(per_sample_steps(scenario, name, np.asarray(draws[f"{key}.enacted"], float), setting))
        else:
            steps = scenario_steps(scenario, name) or [(NEVER, 0.0)]
            months = np.broadcast_to(np.array([m for m, _ in steps]), (n, len(steps)))
            values = np.broadcast_to(np.array([v for _, v in steps]), (n, len(steps)))
            tables.append((months, values))
    width = max(m.shape[1] for m, _ in tables)
    months = np.full((n, len(LEVER_NAMES), width), NEVER)
    values = np.zeros((n, len(LEVER_NAMES), width))
    for i, (m, v) in enumerate(tables):
        months[:, i, : m.shape[1]] = m
        values[:, i, : v.shape[1]] = v
    order = np.argsort(months, axis=2, kind="stable")  # steps in time order, unused ones last
    return np.take_along_axis(months, order, axis=2), np.take_along_axis(values, order, axis=2)


def strength_paths(scenario: Scenario, n_months: int) -> dict[str, np.ndarray]:
    """Each strength lever's strength by month on the bloc it acts on, ``(time, bloc)`` (for reading, tests)."""
    months, values = lever_tables(scenario, {}, 1)
    t = np.arange(n_months)[:, None]
    paths = {}
    for i, name in enumerate(LEVER_NAMES):
        if LEVERS[name].kind != "strength":
            continue
        in_force = months[0, i][None, :] <= t  # (time, step); the last step in force wins
        last = np.where(in_force.any(axis=1), in_force.shape[1] - 1 - np.argmax(in_force[:, ::-1], axis=1), -1)
        path = np.zeros((n_months, len(BLOCS)))
        path[:, LEVER_BLOC[i]] = np.where(last >= 0, values[0, i][np.maximum(last, 0)], 0.0)
        paths[name] = path
    return paths
