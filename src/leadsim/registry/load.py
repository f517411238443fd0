"""Read the registry's YAML files, validate every entry, and report every problem at once."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import get_args, get_origin

from pydantic import BaseModel, TypeAdapter, ValidationError

from leadsim.errors import InputError, problem
from leadsim.registry import cache
from leadsim.registry.correlations import Correlation, load_correlations
from leadsim.registry.distributions import KINDS, Distribution
from leadsim.registry.schema import UNITS, Parameter, Source
from leadsim.registry.yaml_input import read_yaml

_DIST = TypeAdapter(Distribution)


@dataclass(frozen=True)
class Registry:
    """All parameters by name (sorted), all sources by id, and the declared rank correlations."""

    parameters: dict[str, Parameter]
    sources: dict[str, Source]
    digest: str
    correlations: tuple[Correlation, ...] = ()

    def __getitem__(self, name: str) -> Parameter:
        return self.parameters[name]

    @property
    def names(self) -> list[str]:
        return list(self.parameters)

    @property
    def prior_digest(self) -> str:
        """Hash of what sampling depends on: every parameter's name, distribution and bounds, and the
        correlations (descriptions, notes and sources may change without changing a sample)."""
        prior = {n: [p.distribution.model_dump(), list(p.bounds)] for n, p in self.parameters.items()}
        pairs = [[*c.parameters, c.spearman] for c in self.correlations]
        text = json.dumps([prior, pairs], sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def default_directory() -> Path:
    return Path(str(resources.files("leadsim.registry")))


def model_at(model: object, loc: tuple) -> type[BaseModel] | None:
    """The pydantic model that holds the field at ``loc`` (through dict values, lists and optionals)."""
    current = model
    parts = list(loc[:-1])
    while parts or not (isinstance(current, type) and issubclass(current, BaseModel)):
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(parts.pop(0)))
            current = field.annotation if field else None
            continue
        args = [a for a in get_args(current) if a is not type(None)]
        if not args:
            return None
        if get_origin(current) in (dict, list, tuple) and parts:
            parts.pop(0)  # the dict key or list index
        current = args[-1]
    return current


def pydantic_problems(
    where: str, exc: ValidationError, allowed: dict[str, str], model: type[BaseModel] | None = None
) -> list[str]:
    """Turn pydantic's errors into our one-line messages; an unknown key is reported against the keys of
    the mapping it sits in (``model``'s fields there), else against ``allowed["keys"]``."""
    out = []
    for err in exc.errors():
        field = ".".join(str(p) for p in err["loc"] if not str(p).startswith("function-"))
        if err["type"] == "extra_forbidden":
            holder = model_at(model, err["loc"]) if model else None
            keys = ", ".join(holder.model_fields) if holder else allowed["keys"]
            out.append(problem(where, field, err["input"], "no such key; known keys: " + keys))
        elif err["type"] == "missing":
            out.append(f"{where}: {field}: missing; it is required")
        else:
            out.append(problem(where, field or "value", err.get("input"), err["msg"]))
    return out


def parse_distribution(where: str, raw: object) -> tuple[object | None, list[str]]:
    """Validate one distribution mapping; return it or the problems found."""
    try:
        return _DIST.validate_python(raw), []
    except ValidationError as exc:
        probs = []
        for err in exc.errors():
            field = (
                "distribution." + ".".join(str(p) for p in err["loc"][1:]) if len(err["loc"]) > 1 else "distribution"
            )
            probs.append(problem(where, field.rstrip("."), err.get("input"), f"{err['msg']}; kinds: {KINDS}"))
        return None, probs


def check_parameter(where: str, name: str, raw: object, source_ids: set[str]) -> tuple[Parameter | None, list[str]]:
    """Validate one registry entry and its cross-field rules."""
    if not isinstance(raw, dict):
        return None, [
            problem(where, name, raw, "a mapping with description, unit, default, distribution, bounds, sources")
        ]
    keys = "description, unit, default, distribution, bounds, sources, effect, note"
    try:
        param = Parameter(name=name, file=where, **raw)
    except ValidationError as exc:
        return None, pydantic_problems(f"{where}: {name}", exc, {"keys": keys})
    except TypeError as exc:
        return None, [f"{where}: {name}: {exc}"]
    probs = []
    lo, hi = param.bounds
    at = f"{where}: {name}"
    if param.unit not in UNITS:
        probs.append(problem(at, "unit", param.unit, ", ".join(UNITS)))
    if not lo <= hi:
        probs.append(problem(at, "bounds", list(param.bounds), "[low, high] with low <= high"))
    elif not lo <= param.default <= hi:
        probs.append(problem(at, "default", param.default, f"a value within bounds [{lo}, {hi}]"))
    probs += distribution_bound_problems(at, param.distribution, (lo, hi))
    for sid in param.sources:
        if sid not in source_ids:
            probs.append(problem(at, "sources", sid, "an id defined in sources.yaml"))
    return param, probs


def distribution_bound_problems(at: str, dist: object, bounds: tuple[float, float]) -> list[str]:
    """A distribution must put some mass inside the bounds (a fixed value must lie within them)."""
    lo, hi = bounds
    s_lo, s_hi = dist.support()
    outside = s_hi < lo or s_lo > hi
    if dist.kind == "fixed":
        outside = outside or not lo <= dist.value <= hi
    else:
        outside = outside or float(dist.cdf(hi) - dist.cdf(lo)) <= 0
    if outside:
        return [problem(at, "distribution", dist.model_dump(), f"a distribution with mass inside bounds [{lo}, {hi}]")]
    return []


def load_sources(path: Path) -> tuple[dict[str, Source], set[str], list[str]]:
    """Valid sources by id, every id present (valid or not, so a broken source is reported once), problems."""
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        return {}, set(), [problem(str(path), "(top level)", type(raw).__name__, "a mapping of source id -> source")]
    sources, probs = {}, []
    for sid, entry in raw.items():
        try:
            sources[str(sid)] = Source(**(entry or {}))
        except (ValidationError, TypeError) as exc:
            if isinstance(exc, ValidationError):
                probs += pydantic_problems(f"{path}: {sid}", exc, {"keys": "title, organisation, date, url, note"})
            else:
                probs.append(problem(str(path), str(sid), entry, "a mapping of title, organisation, date, url, note"))
    return sources, {str(k) for k in raw}, probs


def load_registry(directory: Path | None = None) -> Registry:
    """The validated registry, from the user cache when its YAML and code are unchanged (``registry.cache``)."""
    directory = Path(directory) if directory else default_directory()
    found = cache.cached(cache.key(directory), lambda: build_registry(directory))
    return found if isinstance(found, Registry) else build_registry(directory)


def build_registry(directory: Path) -> Registry:
    """Load ``parameters/*.yaml``, ``sources.yaml`` and (if present) ``correlations.yaml``; raise
    InputError listing every problem."""
    sources, source_ids, probs = load_sources(directory / "sources.yaml")
    parameters: dict[str, Parameter] = {}
    hasher = hashlib.sha256((directory / "sources.yaml").read_bytes())
    files = sorted((directory / "parameters").glob("*.yaml"))
    if not files:
        probs.append(f"{directory / 'parameters'}: no parameter files (*.yaml) found")
    for path in files:
        hasher.update(path.name.encode() + path.read_bytes())
        raw = read_yaml(path)
        if not isinstance(raw, dict):
            probs.append(problem(str(path), "(top level)", type(raw).__name__, "a mapping of name -> parameter"))
            continue
        for key, entry in raw.items():
            name = f"{path.stem}.{key}"
            param, found = check_parameter(str(path), name, entry, source_ids)
            probs += found
            if param is not None:
                parameters[name] = param
    correlations, found = read_correlations(directory / "correlations.yaml", parameters, source_ids, hasher)
    probs += found
    if probs:
        raise InputError(probs)
    return Registry(dict(sorted(parameters.items())), sources, hasher.hexdigest()[:16], correlations)


def read_correlations(path: Path, parameters: dict[str, Parameter], source_ids: set[str], hasher) -> tuple:
    """The correlations file's pairs and problems (none when there is no such file)."""
    if not path.exists():
        return (), []
    hasher.update(path.name.encode() + path.read_bytes())
    return load_correlations(path, read_yaml(path), parameters, source_ids)
