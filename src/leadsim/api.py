"""The Python API and the run-and-save sequence every interface calls.

``leadsim.run(scenario, samples=..., seed=...)`` returns labelled trajectories;
``leadsim.compare(scenarios, ...)`` returns the compare document (the CLI's JSON) and never
writes the store; ``run_and_save`` is the sequence of ``leadsim run`` and ``leadsim compare``:
run, show the results, then save the run (so a store failure never costs the results).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import AbstractContextManager, nullcontext
from dataclasses import dataclass

import numpy as np
import xarray as xr

from leadsim.analysis.compare import calibrated, check_baseline, resolve
from leadsim.analysis.compare import compare as compare_scenarios
from leadsim.analysis.events import first_negative
from leadsim.analysis.summary import ScenarioSummary
from leadsim.calendar import DEFAULT_HORIZON, Span
from leadsim.calibration.members import provenance
from leadsim.dims import BLOC, BLOCS, MILESTONE, REGION, REGIONS, SAMPLE, TIME
from leadsim.engine.ensemble import Chunk, chunks
from leadsim.engine.executor import open_executor
from leadsim.engine.reducers import write_rows
from leadsim.engine.spec import DEFAULT_AT, DEFAULT_CHUNK, RunSpec
from leadsim.model.outputs import MILESTONE_UNIT, MILESTONES, OUTPUTS, REGION_WEIGHT_UNIT
from leadsim.registry import Registry, load_registry
from leadsim.results import Capture, RunRecord, Store
from leadsim.scenarios import Scenario, load_scenario


@dataclass
class Result:
    """One scenario's ensemble: every trajectory as an ``xarray.Dataset`` (sample, time, [region,] bloc),
    and the month each bloc first reaches each security milestone (sample, milestone, bloc)."""

    scenario: Scenario
    dataset: xr.Dataset
    seed: int

    def summary(self, at: Sequence[str] = ("2026-12", "2027-12", "2028-12")) -> dict:
        """The same summary ``leadsim compare`` reports, for this result."""
        span = Span(self.dataset.attrs["horizon"])
        months = [span.index(d) for d in at]
        bad = self.dataset["failed"].values
        timed = [k for k, v in self.dataset.data_vars.items() if v.dims[:2] == (SAMPLE, TIME)]
        values = {k: self.dataset[k].values[:, months][~bad] for k in timed}
        milestones = self.dataset["milestone_month"].values[~bad]
        calibration = {} if "member" in self.dataset else None
        first = first_negative(self.dataset["lead_months"].values[~bad])
        summary = ScenarioSummary(
            self.scenario, list(at), values, int(bad.sum()), None, milestones, bad, calibration, first
        )
        return summary.to_json()


def run(
    scenario: str | Scenario,
    *,
    samples: int = 1000,
    seed: int = 0,
    horizon: str = DEFAULT_HORIZON,
    chunk_size: int = DEFAULT_CHUNK,
    registry: Registry | None = None,
    prior: bool = False,
) -> Result:
    """Simulate ``samples`` trajectories of a scenario (a shipped name, a path, or a Scenario).

    The samples are the calibrated members (at most their count; ``member`` says which member
    each sample is), or with ``prior=True`` the Sobol prior. The chunks stream into arrays
    allocated once; memory grows with ``samples`` (about 40 kB a sample at the default horizon);
    for large ensembles use ``leadsim.compare``, which keeps only the reported months.
    """
    registry = registry or load_registry()
    spec = RunSpec(samples=samples, seed=seed, span=Span(horizon), chunk_size=chunk_size, prior=prior, at=())
    span = spec.span
    if not isinstance(scenario, Scenario):
        scenario = load_scenario(scenario, registry, span)
    spec, _, members = calibrated(spec, registry)
    arrays: dict[str, np.ndarray] = {}
    for chunk in chunks(registry, scenario, spec):
        rows = slice(chunk.start, chunk.start + len(chunk.failed))
        write_rows(arrays, spec.samples, rows, run_arrays(chunk))
    data = {}
    for output in OUTPUTS:
        attrs = {"units": output.unit, "long_name": output.title, "description": output.description}
        data[output.name] = xr.Variable((SAMPLE, TIME, *output.dims), arrays[output.name], attrs=attrs)
    data["failed"] = xr.Variable((SAMPLE,), arrays["failed"])
    if members is not None:
        data["member"] = xr.Variable(
            (SAMPLE,), members.order(seed)[: spec.samples], attrs={"units": "row of the members file"}
        )
    attrs = {"units": MILESTONE_UNIT}
    data["milestone_month"] = xr.Variable((SAMPLE, MILESTONE, BLOC), arrays["milestone_month"], attrs=attrs)
    attrs = {"units": REGION_WEIGHT_UNIT}  # usage weights of the world share
    data["region_weight"] = xr.Variable((SAMPLE, REGION), arrays["region_weight"], attrs=attrs)
    coords = {
        SAMPLE: np.arange(spec.samples),
        TIME: span.labels(),
        REGION: list(REGIONS),
        BLOC: list(BLOCS),
        MILESTONE: list(MILESTONES),
    }
    attrs = {"scenario": scenario.name, "seed": seed, "horizon": span.horizon}
    if members is not None:
        attrs["members_stamp"] = provenance(members)["stamp"]
    return Result(scenario, xr.Dataset(data, coords=coords, attrs=attrs), seed)


def run_arrays(chunk: Chunk) -> dict[str, np.ndarray]:
    """Everything ``run`` returns of one chunk, by name, each ``(sample, ...)``."""
    outputs = {o.name: chunk.record.output(o.name) for o in OUTPUTS}
    extra = {"failed": chunk.failed, "milestone_month": chunk.milestones, "region_weight": chunk.inputs.region_weights}
    return outputs | extra


OnStart = Callable[[str], Callable[[int], None]]  # scenario name -> progress callback taking a chunk's size


def compare(
    scenarios: Sequence[str | Scenario],
    *,
    samples: int = 1000,
    seed: int = 0,
    at: Sequence[str] = DEFAULT_AT,
    horizon: str = DEFAULT_HORIZON,
    chunk_size: int = DEFAULT_CHUNK,
    prior: bool = False,
    baseline: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    on_start: OnStart | None = None,
) -> dict:
    """The compare document of scenarios side by side at the months ``at`` (the CLI's JSON).

    Never writes the run store. With ``baseline`` (one of ``scenarios``), the document adds each
    other scenario's paired differences from it. Chunks run in this process, on a local Dask
    cluster of ``workers`` processes, or on the Dask scheduler at the address ``scheduler``: the
    document is the same to the byte. ``on_start(name)`` may return a progress callback for a
    scenario. Warnings (``leadsim.errors.LeadsimWarning``) flag figures to read with care.
    """
    spec = RunSpec(samples=samples, seed=seed, span=Span(horizon), chunk_size=chunk_size, prior=prior, at=tuple(at))
    registry = load_registry()
    resolved = resolve(scenarios, registry, spec.span)
    check_baseline(baseline, resolved)
    with open_executor(workers=workers, scheduler=scheduler) as executor:
        document, _ = compare_scenarios(
            resolved, spec, registry=registry, executor=executor, on_start=on_start, baseline=baseline
        )
    return document


Show = Callable[[dict, RunRecord | None], None]  # shows a run's results: the compare document and its record


def run_and_save(
    command: str,
    scenarios: Sequence[str | Scenario],
    spec: RunSpec,
    *,
    store: Store | None,
    show: Show,
    keep_samples: bool = False,
    keep_record: bool = False,
    progress: Callable[[int, int], AbstractContextManager[OnStart]] | None = None,
    baseline: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
) -> tuple[dict, RunRecord | None]:
    """Run the comparison, show its results, then save the run; return the document and the run's record.

    The order protects the work: ``show(document, record)`` prints (or writes) the results before
    the store is touched, so a store that cannot take the run (damaged, locked, read-only, a full
    disk) costs the save, never the results; its ``StoreError`` is raised after ``show``. Every
    scenario is loaded before anything runs, so bad input fails fast. With ``store`` None nothing
    is saved; the record is still built when ``keep_record`` (e.g. for a report).
    ``progress(samples, scenarios)`` is entered once the input is valid; it yields ``on_start``.
    Chunks run on ``workers`` local processes or at ``scheduler`` (see ``compare``); only this
    process writes the store.
    """
    registry = load_registry()
    resolved = resolve(scenarios, registry, spec.span)
    check_baseline(baseline, resolved)
    spec, _, _ = calibrated(spec, registry)  # members checked and counted before any progress bar
    keep = store is not None or keep_record
    capture = Capture(spec.span, list(spec.at), keep_samples=keep_samples) if keep else None
    with (
        open_executor(workers=workers, scheduler=scheduler) as executor,
        progress(spec.samples, len(resolved)) if progress else nullcontext() as on_start,
    ):
        document, _ = compare_scenarios(
            resolved,
            spec,
            registry=registry,
            executor=executor,
            on_start=on_start,
            observe=capture.observe if capture else None,
            baseline=baseline,
        )
    record = capture.record(command, document) if capture else None
    show(document, record)
    if store is not None:
        store.save(record)
    return document, record
