"""What a sensitivity analysis varies: the sampled parameters as SALib factors, and their groups.

A factor is every parameter the scenario leaves uncertain (its own or the registry's distribution
is not ``fixed``); fixed parameters are held at their value. Parameters the registry correlates
(``registry/correlations.yaml``, joined through shared members) form one factor named by their
names joined with ``+``: the design samples the prior's independent marginals, where a correlated
pair's parameters cannot be told apart honestly, so their joint effect is what is reported.

The groups of the second problem come from the registry's own layout, not a hand list: a
parameter's group is its file (``compute``, ``access``, ``distillation``, ``algorithms``, ...),
split where the file has sections (``# --- Title: ...`` lines, as ``dials.yaml`` has one per dial),
so every sampled parameter is in exactly one group.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from leadsim.registry import Registry
from leadsim.registry.distributions import Distribution
from leadsim.sampling import Draws
from leadsim.scenarios import Scenario

JOIN = "+"  # between the names of correlated parameters analysed as one factor
SECTION = re.compile(r"^# --- ([^:]+?)(?::.*)? ---\s*$")
KEY = re.compile(r"^([A-Za-z_][A-Za-z0-9_]*):")
EDGE = np.finfo(float).eps  # uniform points stay strictly inside (0, 1), as the prior's do


@dataclass(frozen=True)
class Problem:
    """The sampled parameters (registry order), and each one's factor and group label."""

    names: tuple[str, ...]
    factors: tuple[str, ...]
    groups: tuple[str, ...]

    def salib(self, *, by_group: bool) -> dict:
        """SALib's problem on the unit cube: one factor per label (``factors`` or ``groups``)."""
        labels = self.groups if by_group else self.factors
        return {"num_vars": len(self.names), "names": list(self.names), "bounds": [[0.0, 1.0]] * len(self.names),
                "groups": list(labels)}  # fmt: skip

    def members(self, *, by_group: bool) -> dict[str, list[str]]:
        """Each label's parameters, labels in first-appearance order (SALib's order)."""
        out: dict[str, list[str]] = {}
        for name, label in zip(self.names, self.groups if by_group else self.factors, strict=True):
            out.setdefault(label, []).append(name)
        return out


def sampled(registry: Registry, scenario: Scenario) -> tuple[str, ...]:
    """The parameters the scenario leaves uncertain, in registry order."""
    return tuple(n for n in registry.names if distribution(registry, scenario, n).kind != "fixed")


def distribution(registry: Registry, scenario: Scenario, name: str) -> Distribution:
    """The parameter's distribution in this scenario: its override, else the registry's."""
    return scenario.overrides.get(name, registry[name].distribution)


def correlated_factors(registry: Registry, names: tuple[str, ...]) -> tuple[str, ...]:
    """Each name's factor: itself, or its correlated set's names joined with ``+`` (union of declared pairs)."""
    root = {n: n for n in names}

    def find(n: str) -> str:
        while root[n] != n:
            n = root[n]
        return n

    for pair in registry.correlations:
        a, b = pair.parameters
        if a in root and b in root:
            root[find(b)] = find(a)
    sets: dict[str, list[str]] = {}
    for n in names:
        sets.setdefault(find(n), []).append(n)
    return tuple(JOIN.join(sets[find(n)]) for n in names)


@cache
def sections(path: str) -> dict[str, str]:
    """Top-level keys of a registry file and the section heading above each (``""`` before any, or when the
    file cannot be read: the parameter then falls in its file's group)."""
    out, current = {}, ""
    text = Path(path).read_text(encoding="utf-8") if Path(path).is_file() else ""
    for line in text.splitlines():
        heading, key = SECTION.match(line), KEY.match(line)
        if heading:
            current = heading.group(1).strip().lower().replace(" ", "_")
        elif key:
            out[key.group(1)] = current
    return out


def registry_group(registry: Registry, name: str) -> str:
    """The parameter's file stem, with its section in that file when the file has sections."""
    param = registry[name]
    stem = Path(param.file).stem if param.file else name.split(".")[0]
    section = sections(param.file).get(name.split(".", 1)[-1], "") if param.file else ""
    return f"{stem}.{section}" if section else stem


def problem_of(registry: Registry, scenario: Scenario) -> Problem:
    """The scenario's sampled parameters with their factors and registry groups."""
    names = sampled(registry, scenario)
    return Problem(names, correlated_factors(registry, names), tuple(registry_group(registry, n) for n in names))


def held(registry: Registry, scenario: Scenario) -> list[str]:
    """The parameters held at one value (fixed in the registry or by the scenario)."""
    chosen = set(sampled(registry, scenario))
    return [n for n in registry.names if n not in chosen]


def design_draws(registry: Registry, scenario: Scenario, names: tuple[str, ...], points: np.ndarray) -> Draws:
    """Values of every registry parameter at unit-cube design rows ``(row, factor)``: each sampled column
    through its own distribution's quantile (the scenario's override first), truncated to its bounds; no
    copula. Held parameters take their fixed value."""
    column = {n: i for i, n in enumerate(names)}
    rows = points.shape[0]
    out: Draws = {}
    for name in registry.names:
        param, dist = registry[name], distribution(registry, scenario, name)
        u = np.clip(points[:, column[name]], EDGE, 1.0 - EDGE) if name in column else np.full(rows, 0.5)
        out[name] = dist.sample(u, param.bounds)
    return out
