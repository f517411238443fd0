"""The shape of a scenario file, validated with pydantic before anything is resolved."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from leadsim.registry.yaml_input import Number


class LeverSetting(BaseModel):
    """``{enacted: YYYY-MM | null, strength: 0..1}`` or ``{enacted, regime}``."""

    model_config = ConfigDict(extra="forbid")

    enacted: Any = Field(...)
    strength: Number | None = Field(default=None, ge=0.0, le=1.0)  # a number: `true` is an error, not 1.0
    regime: str | None = None


class ScenarioFile(BaseModel):
    """A scenario as written: only what differs from the scenario it extends."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(min_length=1)
    description: str = ""
    extends: str | None = None
    levers: dict[str, LeverSetting] = Field(default_factory=dict)
    parameters: dict[str, Any] = Field(default_factory=dict)
