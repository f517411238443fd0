"""Read a scenario, follow its ``extends`` chain, validate it fully, resolve it against the registry."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from pydantic import ValidationError

from leadsim.calendar import Span, format_month
from leadsim.errors import InputError, problem
from leadsim.registry import Registry
from leadsim.registry.distributions import Fixed
from leadsim.registry.load import (
    distribution_bound_problems,
    parse_distribution,
    pydantic_problems,
    read_yaml,
)
from leadsim.scenarios.history import policy_record_until
from leadsim.scenarios.levers import LEVERS, REGIMES
from leadsim.scenarios.schema import LeverSetting, ScenarioFile

SCENARIO_KEYS = "name, description, extends, levers, parameters"
MAX_EXTENDS = 16  # scenarios in one ``extends`` chain, the scenario itself included


@dataclass(frozen=True)
class Lever:
    """A resolved lever: the month it takes effect (None: never), its strength or regime, and the
    settings inherited from the scenarios it extends that hold before it (oldest first)."""

    enacted: int | None = None
    strength: float = 0.0
    regime: str | None = None
    earlier: tuple[Lever, ...] = ()

    def in_force(self, month: int) -> Lever | None:
        """The setting in force at a month index, or None when none has been enacted yet."""
        for setting in (self, *reversed(self.earlier)):
            if setting.enacted is not None and month >= setting.enacted:
                return setting
        return None

    def then(self, enacted: int | None, strength: float, regime: str | None, record_until: int) -> Lever:
        """This lever overridden from ``enacted`` on.

        Inherited settings that were in force by ``record_until`` (the policy record: facts) still
        hold before that date; inherited settings planned after it are dropped, so a scenario that
        moves a planned policy moves it rather than adding a later step.
        """
        if enacted is None:
            return Lever()
        facts = [x for x in (*self.earlier, self) if x.enacted is not None and x.enacted <= record_until]
        kept = tuple(Lever(x.enacted, x.strength, x.regime) for x in facts if x.enacted < enacted)
        return Lever(enacted, strength, regime, kept)

    def to_dict(self) -> dict:
        out: dict = {"enacted": None if self.enacted is None else format_month(self.enacted)}
        if self.regime is not None:
            out["regime"] = self.regime
        else:
            out["strength"] = self.strength
        if self.earlier:
            out["earlier"] = [x.to_dict() for x in self.earlier]
        return out


@dataclass(frozen=True)
class Scenario:
    """A fully resolved scenario: every lever, and the parameter overrides as distributions."""

    name: str
    description: str
    chain: tuple[str, ...]
    levers: dict[str, Lever]
    overrides: dict = field(default_factory=dict)

    def to_dict(self) -> dict:
        """Canonical form (for provenance and the run store)."""
        return {
            "name": self.name,
            "description": self.description,
            "extends": list(self.chain[1:]),
            "levers": {k: v.to_dict() for k, v in sorted(self.levers.items())},
            "parameters": {k: v.model_dump() for k, v in sorted(self.overrides.items())},
        }

    @property
    def digest(self) -> str:
        text = json.dumps(self.to_dict(), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(text.encode()).hexdigest()[:16]


def library_directory() -> Path:
    return Path(str(resources.files("leadsim.scenarios") / "library"))


def list_scenarios() -> list[str]:
    """Names of the shipped scenarios."""
    return sorted(p.stem for p in library_directory().glob("*.yaml"))


def locate(ref: str, relative_to: Path | None = None) -> Path:
    """A shipped scenario's file, or a path (relative to the extending file's folder)."""
    if ref in list_scenarios():
        return library_directory() / f"{ref}.yaml"
    candidate = Path(ref) if relative_to is None or Path(ref).is_absolute() else relative_to / ref
    if candidate.suffix in {".yaml", ".yml"} or candidate.exists():
        return candidate
    raise InputError(
        [
            problem(
                "scenario",
                "name",
                ref,
                "a shipped scenario (" + ", ".join(list_scenarios()) + ") or a path to a YAML file",
            )
        ]
    )


def read_scenario_file(path: Path) -> ScenarioFile:
    raw = read_yaml(path)
    if not isinstance(raw, dict):
        raise InputError(
            [problem(str(path), "(top level)", type(raw).__name__, f"a mapping with keys {SCENARIO_KEYS}")]
        )
    try:
        return ScenarioFile(**raw)
    except ValidationError as exc:
        raise InputError(pydantic_problems(str(path), exc, {"keys": SCENARIO_KEYS}, ScenarioFile)) from None


def lever_problems(where: str, name: str, setting: LeverSetting, span: Span) -> list[str]:
    at = f"{where}: levers.{name}"
    if name not in LEVERS:
        return [problem(f"{where}: levers", name, name, "one of " + ", ".join(LEVERS))]
    probs = []
    if setting.enacted is not None:
        try:
            span.index(setting.enacted)
        except ValueError:
            probs.append(problem(at, "enacted", setting.enacted, span.allowed + " or null (never)"))
    if LEVERS[name].kind == "regime":
        if setting.strength is not None:
            probs.append(problem(at, "strength", setting.strength, "no strength for chip_export_regime; give regime"))
        if setting.enacted is not None and setting.regime not in REGIMES:
            probs.append(problem(at, "regime", setting.regime, " | ".join(REGIMES)))
    else:
        if setting.regime is not None:
            probs.append(problem(at, "regime", setting.regime, "no regime on a strength lever; give strength 0..1"))
        if setting.enacted is not None and setting.strength is None:
            probs.append(f"{at}: strength: missing; allowed: a number from 0 to 1")
    return probs


def parameter_problems(where: str, name: str, raw: object, registry: Registry):
    """Validate one override; return its distribution (or None) and the problems found."""
    at = f"{where}: parameters"
    if name not in registry.parameters:
        return None, [problem(at, name, raw, "a registry parameter (see `leadsim params`)")]
    bounds = registry[name].bounds
    if isinstance(raw, bool) or not isinstance(raw, int | float | dict):
        return None, [problem(at, name, raw, f"a number within [{bounds[0]}, {bounds[1]}] or a distribution mapping")]
    if isinstance(raw, dict):
        dist, probs = parse_distribution(f"{at}.{name}", raw)
        if dist is None:
            return None, probs
        return dist, distribution_bound_problems(f"{at}.{name}", dist, bounds)
    if not bounds[0] <= raw <= bounds[1]:
        return None, [
            problem(at, name, raw, f"a value within the bounds [{bounds[0]}, {bounds[1]}] {registry[name].unit}")
        ]
    return Fixed(kind="fixed", value=float(raw)), []


def read_chain(ref: str) -> list[tuple[Path, ScenarioFile]]:
    """The scenario and its ancestors, child first; a cycle or unknown parent is an error."""
    chain: list[tuple[Path, ScenarioFile]] = []
    seen: set[Path] = set()
    path = locate(ref)
    while True:
        path = path.resolve()
        if path in seen:
            names = " -> ".join(f.name for _, f in chain) + f" -> {chain[-1][1].extends}"
            raise InputError([problem(str(chain[-1][0]), "extends", chain[-1][1].extends, f"no cycle; found {names}")])
        seen.add(path)
        chain.append((path, read_scenario_file(path)))
        parent = chain[-1][1].extends
        if parent is None:
            return chain
        if len(chain) >= MAX_EXTENDS:
            allowed = f"a chain of at most {MAX_EXTENDS} scenarios (this one is longer, from {chain[0][0]})"
            raise InputError([problem(str(chain[-1][0]), "extends", parent, allowed)])
        try:
            path = locate(parent, relative_to=path.parent)
            if not path.exists():
                raise InputError([])
        except InputError as exc:
            allowed = "a shipped scenario (" + ", ".join(list_scenarios()) + ") or an existing YAML file"
            raise InputError([problem(str(chain[-1][0]), "extends", parent, allowed)]) from exc


def check_unique_names(scenarios: list[Scenario]) -> list[Scenario]:
    """Scenarios of one run are told apart by name, so two with the same name are an error."""
    names = [s.name for s in scenarios]
    twice = sorted({n for n in names if names.count(n) > 1})
    if twice:
        raise InputError(
            [problem("scenarios", "name", ", ".join(twice), "each scenario name once per run (rename one `name:`)")]
        )
    return scenarios


def load_scenario(ref: str, registry: Registry, span: Span | None = None) -> Scenario:
    """Resolve ``ref`` (a shipped name or a path) into a full, validated Scenario."""
    span = span or Span()
    chain = read_chain(ref)
    levers = {name: Lever() for name in LEVERS}
    overrides: dict = {}
    probs: list[str] = []
    for path, spec in reversed(chain):
        for name, setting in spec.levers.items():
            found = lever_problems(str(path), name, setting, span)
            probs += found
            if not found:
                enacted = None if setting.enacted is None else span.index(setting.enacted)
                levers[name] = levers[name].then(
                    enacted, setting.strength or 0.0, setting.regime, policy_record_until()
                )
        for name, raw in spec.parameters.items():
            dist, found = parameter_problems(str(path), name, raw, registry)
            probs += found
            if dist is not None and not found:
                overrides[name] = dist
    if probs:
        raise InputError(probs)
    head = chain[0][1]
    return Scenario(head.name, head.description, tuple(f.name for _, f in chain), levers, overrides)
