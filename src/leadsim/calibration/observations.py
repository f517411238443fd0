"""Read the calibration observations (YAML), validate every entry, and report every problem at once.

An observation is a figure about the observed race (2023-01 .. 2025-12) with its
uncertainty, the model output it corresponds to (a measure) and its sources. Figures dated
2026 or later stay out, so that they can test the model out of sample.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator
from scipy.stats import norm

from leadsim.calendar import format_month, parse_month
from leadsim.calibration.measures import MEASURES
from leadsim.errors import InputError, problem
from leadsim.registry import Registry
from leadsim.registry.load import pydantic_problems, read_yaml
from leadsim.registry.yaml_input import Number

LAST_OBSERVED = "2025-12"  # the rule: calibrate on figures dated up to 2025-12 only
Z90 = float(norm.ppf(0.95))  # half-width of a central 90% interval in standard deviations
ENTRY_KEYS = "description, measure, date, months, value, uncertainty, bound, sources, note, enabled"


class Uncertainty(BaseModel):
    """A standard deviation (linear measures) or a central 90% interval."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    sd: Number | None = Field(default=None, gt=0)
    interval: tuple[Number, Number] | None = None


class Entry(BaseModel):
    """One observation as written in the YAML file."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    description: str = Field(min_length=1)
    measure: str
    date: str
    months: int = Field(default=1, ge=1)
    value: Number
    uncertainty: Uncertainty
    bound: Literal["upper", "lower"] | None = None
    sources: list[str] = Field(min_length=1)
    note: str = ""
    enabled: bool = True

    @field_validator("date", mode="before")
    @classmethod
    def _date_as_text(cls, value: object) -> object:
        return str(value) if isinstance(value, int | float) else value


class Discrepancy(BaseModel):
    """Model-discrepancy standard deviation of one measure, in the units it is compared in."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    sd: Number = Field(gt=0)
    note: str = Field(min_length=1)
    sources: list[str] = Field(default_factory=list)


class Settings(BaseModel):
    """The implausibility cutoff above which a sample is ruled out, and why."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    cutoff: Number = Field(gt=0)
    note: str = Field(min_length=1)
    sources: list[str] = Field(default_factory=list)


class ObservationsFile(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    settings: Settings
    discrepancy: dict[str, Discrepancy]
    observations: dict[str, Entry] = Field(min_length=1)


@dataclass(frozen=True)
class Observation:
    """A validated observation: the period it covers as month indexes, its sd in comparison units."""

    name: str
    entry: Entry
    first: int  # first month of the observed period (index)
    last: int  # last month of the observed period (index); the observation's date
    sd: float  # observation standard deviation [measure units, or log10 units on the log scale]

    @property
    def scale(self) -> str:
        return MEASURES[self.entry.measure].scale

    @property
    def date(self) -> str:
        return format_month(self.last)


@dataclass(frozen=True)
class Observations:
    """Enabled observations (by date), pending ones, and the history-matching settings."""

    active: tuple[Observation, ...]
    pending: tuple[str, ...]  # names of entries with ``enabled: false`` (their model output is not built yet)
    settings: Settings
    discrepancy: dict[str, float]  # measure -> sd in comparison units
    digest: str
    path: str

    def until(self, month: int | None) -> tuple[Observation, ...]:
        """The observations dated at or before ``month`` (all of them for None)."""
        return tuple(o for o in self.active if month is None or o.last <= month)


def default_path() -> Path:
    return Path(str(resources.files("leadsim.calibration") / "observations.yaml"))


def observation_sd(where: str, entry: Entry, scale: str) -> tuple[float, list[str]]:
    """The sd in comparison units, from ``sd`` or a 90% ``interval``; problems if inconsistent."""
    unc = entry.uncertainty
    if (unc.sd is None) == (unc.interval is None):
        return np.nan, [problem(where, "uncertainty", unc.model_dump(), "exactly one of sd or interval")]
    if unc.sd is not None:
        if scale == "log":
            return np.nan, [problem(where, "uncertainty.sd", unc.sd, "an interval: [low, high] (log-scale measure)")]
        return unc.sd, []
    low, high = unc.interval
    if not (low < high and low <= entry.value <= high):
        return np.nan, [problem(where, "uncertainty.interval", list(unc.interval), "[low, high] around the value")]
    if scale == "log":
        if low <= 0:
            return np.nan, [problem(where, "uncertainty.interval", list(unc.interval), "positive bounds (log scale)")]
        return (np.log10(high) - np.log10(low)) / (2 * Z90), []
    return (high - low) / (2 * Z90), []


def source_problems(where: str, sources: list[str], source_ids: set[str]) -> list[str]:
    return [
        problem(where, "sources", s, "an id defined in registry/sources.yaml") for s in sources if s not in source_ids
    ]


def check_entry(where: str, name: str, entry: Entry, source_ids: set[str]) -> tuple[Observation | None, list[str]]:
    """Cross-field rules of one entry: date, period, measure, uncertainty, sources."""
    probs = source_problems(where, entry.sources, source_ids)
    try:
        last = parse_month(entry.date)
    except ValueError:
        return None, [*probs, problem(where, "date", entry.date, f"a YYYY-MM month up to {LAST_OBSERVED}")]
    if last > parse_month(LAST_OBSERVED):
        probs.append(problem(where, "date", entry.date, f"a month up to {LAST_OBSERVED} (later figures are for tests)"))
    if last - entry.months + 1 < 0:
        probs.append(problem(where, "months", entry.months, f"a period that starts in or after {format_month(0)}"))
    if not entry.enabled:
        return None, probs
    measure = MEASURES.get(entry.measure)
    if measure is None:
        return None, [*probs, problem(where, "measure", entry.measure, ", ".join(MEASURES))]
    if entry.months < measure.min_months:
        probs.append(problem(where, "months", entry.months, f"at least {measure.min_months} for {entry.measure}"))
    if measure.scale == "log" and entry.value <= 0:
        probs.append(problem(where, "value", entry.value, "a positive number (log-scale measure)"))
    sd, found = observation_sd(where, entry, measure.scale)
    probs += found
    return Observation(name, entry, last - entry.months + 1, last, sd), probs


def load_observations(registry: Registry, path: Path | str | None = None) -> Observations:
    """Load and validate the observations file; raise InputError listing every problem."""
    path = Path(path) if path else default_path()
    raw = read_yaml(path)
    try:
        parsed = ObservationsFile.model_validate(raw)
    except ValidationError as exc:
        raise InputError(pydantic_problems(str(path), exc, {"keys": ENTRY_KEYS})) from None
    source_ids = set(registry.sources)
    active, pending, probs = [], [], []
    for name, entry in parsed.observations.items():
        obs, found = check_entry(f"{path}: observations.{name}", name, entry, source_ids)
        probs += found
        if not entry.enabled:
            pending.append(name)
        elif obs is not None:
            active.append(obs)
            if entry.measure not in parsed.discrepancy:
                probs.append(problem(f"{path}: observations.{name}", "measure", entry.measure, "a discrepancy entry"))
    for key, disc in parsed.discrepancy.items():
        probs += source_problems(f"{path}: discrepancy.{key}", disc.sources, source_ids)
    probs += source_problems(f"{path}: settings", parsed.settings.sources, source_ids)
    if probs:
        raise InputError(probs)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()[:16]
    return Observations(
        tuple(sorted(active, key=lambda o: (o.last, o.name))),
        tuple(pending),
        parsed.settings,
        {k: d.sd for k, d in parsed.discrepancy.items()},
        digest,
        str(path),
    )
