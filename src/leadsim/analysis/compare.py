"""Scenarios side by side at chosen months: the ``compare`` JSON contract."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from importlib.metadata import version

import numpy as np

from leadsim.analysis.summary import ScenarioSummary, summarize
from leadsim.calendar import Span
from leadsim.calibration import Calibration, Observations, load_observations
from leadsim.engine.ensemble import Chunk
from leadsim.engine.spec import RunSpec
from leadsim.registry import Registry, load_registry
from leadsim.scenarios import Scenario, load_scenario
from leadsim.scenarios.load import check_unique_names


def resolve(refs: Sequence[str | Scenario], registry: Registry, span: Span) -> list[Scenario]:
    """Load every scenario before running any, so a bad file fails fast; names must differ."""
    return check_unique_names(
        [ref if isinstance(ref, Scenario) else load_scenario(ref, registry, span) for ref in refs]
    )


def compare(
    refs: Sequence[str | Scenario],
    spec: RunSpec,
    *,
    registry: Registry | None = None,
    on_start: Callable[[str], Callable[[int], None]] | None = None,
    observations: Observations | None = None,
    observe: Callable[[Scenario], Callable[[Chunk, np.ndarray | None], None]] | None = None,
) -> tuple[dict, list[ScenarioSummary]]:
    """Run each scenario and return the compare JSON (no timestamps: same inputs, same bytes).

    ``on_start(name)`` may return a progress callback for that scenario's chunks. The ensemble
    is calibrated on the shipped (or given) observations unless ``spec.prior``. ``observe(scenario)``
    may return a callback that sees each chunk and its calibration weights (the run store's
    monthly series).
    """
    registry = registry or load_registry()
    scenarios = resolve(refs, registry, spec.span)
    calibration = None if spec.prior else Calibration(observations or load_observations(registry))
    summaries = []
    for scenario in scenarios:
        advance = on_start(scenario.name) if on_start else None
        summaries.append(
            summarize(
                registry,
                scenario,
                spec,
                advance=advance,
                calibration=calibration,
                observe=observe(scenario) if observe else None,
            )
        )
    document = {
        "leadsim_version": version("leadsim"),
        "samples": spec.samples,
        "seed": spec.seed,
        "at": list(spec.at),
        "horizon": spec.span.horizon,
        "scenarios": {s.scenario.name: s.to_json() for s in summaries},
        "provenance": {
            "registry": registry.digest,
            "scenarios": {s.name: s.digest for s in scenarios},
            "observations": calibration.observations.digest if calibration else None,
        },
    }
    return document, summaries
