"""Rank correlations between registry parameters (``correlations.yaml``), validated at load time.

A pair's Spearman rank correlation becomes the correlation of the Gaussian copula that sampling
applies: for normal scores, ``pearson = 2 sin(pi spearman / 6)`` (Kruskal 1958), so the sampled
values have the declared rank correlation while every marginal stays the registry's.

References
----------
Kruskal (1958), Ordinal measures of association, JASA 53(284). Iman and Conover (1982), A
distribution-free approach to inducing rank correlation among input variables, Commun. Stat.
Simul. Comput. 11(3).
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from leadsim.errors import problem
from leadsim.registry.schema import Parameter

CORRELATION_KEYS = "parameters, spearman, note, sources"


class Correlation(BaseModel):
    """One declared pair: its Spearman rank correlation, why, and where from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    parameters: tuple[str, str]
    spearman: float = Field(gt=-1.0, lt=1.0)
    note: str = Field(min_length=1)
    sources: list[str] = Field(min_length=1)

    @property
    def pearson(self) -> float:
        """Correlation of the normal scores that gives this rank correlation."""
        return float(2.0 * np.sin(np.pi * self.spearman / 6.0))


def pair_problems(at: str, pair: Correlation, parameters: dict[str, Parameter], seen: set) -> list[str]:
    """A pair names two distinct, uncertain registry parameters, once."""
    a, b = pair.parameters
    probs = [
        problem(at, "parameters", name, "a registry parameter (see `leadsim params`)")
        for name in (a, b)
        if name not in parameters
    ]
    probs += [
        problem(at, "parameters", name, "an uncertain parameter (a fixed value cannot be correlated)")
        for name in (a, b)
        if name in parameters and parameters[name].distribution.kind == "fixed"
    ]
    if a == b:
        probs.append(problem(at, "parameters", [a, b], "two different parameters"))
    elif frozenset((a, b)) in seen:
        probs.append(problem(at, "parameters", [a, b], "each pair once"))
    seen.add(frozenset((a, b)))
    return probs


def matrix(pairs: tuple[Correlation, ...], names: list[str]) -> np.ndarray:
    """Normal-score correlation matrix over ``names`` (identity where nothing is declared)."""
    index = {n: i for i, n in enumerate(names)}
    out = np.eye(len(names))
    for pair in pairs:
        i, j = (index[n] for n in pair.parameters)
        out[i, j] = out[j, i] = pair.pearson
    return out


def load_correlations(
    path: Path, raw: object, parameters: dict[str, Parameter], source_ids: set[str]
) -> tuple[tuple[Correlation, ...], list[str]]:
    """Validate the parsed correlations file; return the pairs and every problem found."""
    if raw is None:
        return (), []
    if not isinstance(raw, list):
        return (), [problem(str(path), "(top level)", type(raw).__name__, "a list of pairs")]
    pairs, probs, seen = [], [], set()
    for k, entry in enumerate(raw):
        at = f"{path}: [{k}]"
        try:
            pair = Correlation.model_validate(entry)
        except ValidationError as exc:
            probs += [entry_problem(at, e) for e in exc.errors()]
            continue
        probs += pair_problems(at, pair, parameters, seen)
        probs += [
            problem(at, "sources", s, "an id defined in sources.yaml") for s in pair.sources if s not in source_ids
        ]
        pairs.append(pair)
    if not probs and pairs and not positive_definite(matrix(tuple(pairs), sorted(parameters))):
        probs.append(problem(str(path), "spearman", [p.spearman for p in pairs], "a consistent set of correlations "
                             "(their matrix must be positive definite)"))  # fmt: skip
    return tuple(pairs), probs


def entry_problem(at: str, error: dict) -> str:
    """One pydantic error of a pair as our one-line message."""
    field = ".".join(map(str, error["loc"])) or "entry"
    if error["type"] == "extra_forbidden":
        return problem(at, field, error["input"], f"no such key; known keys: {CORRELATION_KEYS}")
    if error["type"] == "missing":
        return f"{at}: {field}: missing; it is required"
    return problem(at, field, error.get("input"), error["msg"])


def positive_definite(m: np.ndarray) -> bool:
    try:
        np.linalg.cholesky(m)
    except np.linalg.LinAlgError:
        return False
    return True
