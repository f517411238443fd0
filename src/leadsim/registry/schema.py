"""The shape of a registry entry and of a source, validated with pydantic."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from leadsim.registry.distributions import Distribution
from leadsim.registry.yaml_input import Number

UNITS: dict[str, str] = {
    "H100e": "H100-equivalents of compute (dense BF16 throughput of one H100)",
    "H100e/month": "H100-equivalents produced or delivered per month",
    "fraction": "a share between 0 and 1",
    "x/year": "a growth factor per year (2 = doubling each year)",
    "1/month": "a rate per month",
    "month": "a duration in months",
    "month index": "months since 2023-01 (0 = January 2023)",
    "OOM": "orders of magnitude (log10 units) of effective compute",
    "1/OOM": "per order of magnitude of effective compute",
    "x/OOM": "a multiplier per order of magnitude of effective compute",
    "FLOP": "floating-point operations",
    "FLOP/s": "floating-point operations per second",
    "GW": "gigawatts of power",
    "kW/H100e": "kilowatts of chip-level power per H100-equivalent",
    "dimensionless": "a pure number (an elasticity or a multiplier)",
    "USD trillion": "trillions of US dollars",
    "H100e/USD trillion": "H100-equivalents of compute per trillion US dollars of GDP",
}


class Source(BaseModel):
    """A citable source: where a figure comes from."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str = Field(min_length=1)
    organisation: str = Field(min_length=1)
    date: str = Field(min_length=4)
    url: str = Field(min_length=1, description="a URL or a full citation")
    note: str = ""

    @field_validator("date", mode="before")
    @classmethod
    def _date_as_text(cls, value: object) -> object:
        """YAML reads 2025-06-11 as a date and 2025 as an int; both are fine as text."""
        return str(value) if not isinstance(value, str) and value is not None else value


class Parameter(BaseModel):
    """One uncertain fact about the world, with everything needed to trace and sample it."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    description: str = Field(min_length=1)
    unit: str
    default: Number
    distribution: Distribution
    bounds: tuple[Number, Number]
    sources: list[str] = Field(min_length=1)
    effect: Literal["+", "-", "either"]  # expected sign of the effect on the 2028-12 lead of moving p5 -> p95
    note: str = ""
    file: str = ""
