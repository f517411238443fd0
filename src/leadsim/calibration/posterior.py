"""Prior against posterior: how much the observations narrowed and moved each parameter, and the
rank correlations the prior declares against those the constrained members carry."""

from __future__ import annotations

import numpy as np
from scipy.stats import rankdata

from leadsim.engine.reducers import quantiles, rounded
from leadsim.errors import LeadsimError
from leadsim.registry import Registry
from leadsim.sampling import Draws, Members, load_members, to_draws, uniform_points

PRIOR_SAMPLES = 4096  # Sobol points of the registry prior, when no prior ensemble is at hand
SHOWN_INDUCED = 10  # strongest correlations among the members that the prior does not declare


def prior_draws(registry: Registry, count: int = PRIOR_SAMPLES, seed: int = 0) -> Draws:
    """A Sobol sample of the registry prior (through the copula, no scenario override)."""
    return to_draws(registry, uniform_points(len(registry.names), 0, count, seed))


def uncertain(registry: Registry) -> list[str]:
    return [n for n, p in registry.parameters.items() if p.distribution.kind != "fixed"]


def parameter_rows(registry: Registry, prior: Draws, posterior: Draws) -> list[dict]:
    """Prior and posterior of every uncertain parameter, most narrowed first.

    ``width_ratio`` is the posterior 90% width over the prior's (below 1: the data narrowed
    it); ``shift`` is the move of the median in prior 90% widths.
    """
    rows = []
    for name in uncertain(registry):
        before, after = quantiles(prior[name]), quantiles(posterior[name])
        width = before["p95"] - before["p5"]
        if not width > 0:
            continue
        rows.append(
            {
                "name": name,
                "unit": registry[name].unit,
                "prior": before,
                "posterior": after,
                "width_ratio": rounded((after["p95"] - after["p5"]) / width),
                "shift": rounded((after["p50"] - before["p50"]) / width),
            }
        )
    return sorted(rows, key=lambda r: (r["width_ratio"], -abs(r["shift"])))


def spearman(draws: Draws, names: list[str]) -> np.ndarray:
    """Spearman rank correlations ``(name, name)`` of the given columns."""
    ranks = np.stack([rankdata(draws[n]) for n in names], axis=1)
    return np.corrcoef(ranks, rowvar=False)


def correlation_rows(registry: Registry, prior: Draws, posterior: Draws, shown: int = SHOWN_INDUCED) -> dict:
    """The declared pairs (declared, prior sample's and members' rank correlation) and the members'
    strongest other correlations (``induced``: what the observations tie together)."""
    names = uncertain(registry)
    index = {n: i for i, n in enumerate(names)}
    before, after = spearman(prior, names), spearman(posterior, names)
    declared = []
    for pair in registry.correlations:
        i, j = (index[n] for n in pair.parameters)
        row = {"parameters": list(pair.parameters), "declared": pair.spearman}
        declared.append(row | {"prior": rounded(before[i, j]), "posterior": rounded(after[i, j])})
    pairs = {frozenset(p.parameters) for p in registry.correlations}
    upper = [(i, j) for i in range(len(names)) for j in range(i + 1, len(names))]
    free = [(i, j) for i, j in upper if frozenset((names[i], names[j])) not in pairs]
    strongest = sorted(free, key=lambda ij: -abs(after[ij]))[:shown]
    induced = [
        {"parameters": [names[i], names[j]], "prior": rounded(before[i, j]), "posterior": rounded(after[i, j])}
        for i, j in strongest
    ]
    return {"declared": declared, "induced": induced}


def member_draws(members: Members) -> Draws:
    """The members as columns by registry id."""
    return {name: members.values[:, i] for i, name in enumerate(members.names)}


def current_members(registry: Registry) -> Members | None:
    """The shipped members if they were drawn from this registry's prior, else None."""
    try:
        members = load_members()
        members.check(registry)
    except LeadsimError:
        return None
    return members


def registry_correlations(registry: Registry) -> dict:
    """Every declared pair (its note and sources, the prior sample's and the members' rank correlation)
    and the members' strongest undeclared ones; ``members`` is null when they are missing or stale."""
    members = current_members(registry)
    prior = prior_draws(registry)
    found = correlation_rows(registry, prior, member_draws(members) if members else prior)
    declared = [
        row | {"note": " ".join(pair.note.split()), "sources": pair.sources} | ({} if members else {"posterior": None})
        for row, pair in zip(found["declared"], registry.correlations, strict=True)
    ]
    return {
        "declared": declared,
        "induced": found["induced"] if members else [],
        "members": members.stamp.get("members") if members else None,
    }
