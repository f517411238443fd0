"""Scenarios side by side at chosen months: the ``compare`` JSON contract.

The samples are the shipped calibrated members (``spec.prior``: the Sobol prior), the same for
every scenario, so scenarios are paired sample by sample; with a ``baseline``, the document adds
each scenario's paired differences from it. Figures to read with care (few effective samples,
a scenario whose history the members find implausible, a run capped at the member count) are
raised as ``LeadsimWarning``; the CLI prints them on stderr.
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import replace
from importlib.metadata import version

from leadsim.analysis.differences import differences
from leadsim.analysis.mc_error import low_effective_message
from leadsim.analysis.summary import Observer, ScenarioSummary, summarize
from leadsim.calendar import Span
from leadsim.calibration import Calibration, Observations, load_observations
from leadsim.calibration.history_check import HistoryCheck
from leadsim.calibration.members import provenance, verify
from leadsim.engine.executor import Executor
from leadsim.engine.spec import RunSpec
from leadsim.errors import LeadsimError, LeadsimWarning, problem
from leadsim.registry import Registry, load_registry
from leadsim.sampling import Members, load_members
from leadsim.scenarios import Scenario, load_scenario
from leadsim.scenarios.load import check_unique_names

SCHEMA_VERSION = "1.0"  # of the compare JSON (docs/json.md): additions bump the minor version, changes the major


def resolve(refs: Sequence[str | Scenario], registry: Registry, span: Span) -> list[Scenario]:
    """Load every scenario before running any, so a bad file fails fast; names must differ."""
    return check_unique_names(
        [ref if isinstance(ref, Scenario) else load_scenario(ref, registry, span) for ref in refs]
    )


def members_spec(spec: RunSpec) -> RunSpec:
    """The run as it will draw: at most the member count (with a warning), unless it samples the prior."""
    if spec.prior:
        return spec
    count = load_members().count
    if spec.samples <= count:
        return spec
    warnings.warn(
        f"--samples {spec.samples} is more than the {count} calibrated members; running {count} (a repeated "
        "member adds nothing: the model has no per-sample noise); --prior samples the prior without limit",
        LeadsimWarning,
        stacklevel=2,
    )
    return replace(spec, samples=count)


def calibrated(
    spec: RunSpec, registry: Registry, observations: Observations | None = None
) -> tuple[RunSpec, Calibration | None, Members | None]:
    """The run on the calibrated members (checked against the registry and observations, capped at their
    count) with the observations its scenarios' histories are checked on; the spec alone for the prior."""
    if spec.prior:
        return spec, None, None
    observations = observations or load_observations(registry)
    members = load_members()
    verify(members, registry, observations)
    until = min(observations.active[-1].last, spec.span.n_months - 1) if observations.active else None
    return members_spec(spec), Calibration(observations, until), members


def check_baseline(baseline: str | None, scenarios: list[Scenario]) -> None:
    names = [s.name for s in scenarios]
    if baseline is not None and baseline not in names:
        raise LeadsimError(problem("option --baseline", "value", baseline, "one of the compared scenarios: "
                                   + ", ".join(names)))  # fmt: skip


def warn(message: str | None) -> None:
    if message:
        warnings.warn(message, LeadsimWarning, stacklevel=3)


def run_scenario(
    registry: Registry,
    scenario: Scenario,
    spec: RunSpec,
    calibration: Calibration | None,
    *,
    executor: Executor | None,
    advance: Callable[[int], None] | None,
    observe: Observer | None,
) -> ScenarioSummary:
    """One scenario's summary; on members, checked against history (a warning when implausible)."""
    check = HistoryCheck(calibration) if calibration else None
    observers = [o for o in (observe, check) if o is not None]
    summary = summarize(registry, scenario, spec, executor=executor, advance=advance, observers=observers)
    if check is not None:
        summary.calibration = {"implausible_history": check.result()["implausible_history"]}
        warn(check.message(scenario.name))
    warn(low_effective_message(scenario.name, summary.effective_samples))
    return summary


def compare(
    refs: Sequence[str | Scenario],
    spec: RunSpec,
    *,
    registry: Registry | None = None,
    executor: Executor | None = None,
    on_start: Callable[[str], Callable[[int], None]] | None = None,
    observations: Observations | None = None,
    observe: Callable[[Scenario, int], Observer] | None = None,
    baseline: str | None = None,
) -> tuple[dict, list[ScenarioSummary]]:
    """Run each scenario and return the compare JSON (no timestamps: same inputs, same bytes, on any executor).

    ``on_start(name)`` may return a progress callback for that scenario's chunks;
    ``observe(scenario, samples)`` may return an observer that reduces more from every chunk (the
    run store's monthly series). Unless ``spec.prior``, the samples are the calibrated members,
    checked against the registry and the (shipped or given) observations first. Chunks run on
    ``executor`` (default: this process).
    """
    registry = registry or load_registry()
    scenarios = resolve(refs, registry, spec.span)
    check_baseline(baseline, scenarios)
    spec, calibration, members = calibrated(spec, registry, observations)
    summaries = []
    for scenario in scenarios:
        advance = on_start(scenario.name) if on_start else None
        watch = observe(scenario, spec.samples) if observe else None
        summaries.append(
            run_scenario(registry, scenario, spec, calibration, executor=executor, advance=advance, observe=watch)
        )
    document = {
        "schema_version": SCHEMA_VERSION,
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
            "members": provenance(members) if members else None,
        },
    }
    if baseline is not None:
        document |= {"baseline": baseline, "differences": differences(summaries, baseline)}
    return document, summaries
