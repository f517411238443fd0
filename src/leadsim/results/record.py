"""A run as the store keeps it: metadata, resolved scenarios, summary and monthly series."""

from __future__ import annotations

import json
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd

from leadsim.calendar import Span
from leadsim.model.outputs import CATALOGUE
from leadsim.registry import Registry, load_registry
from leadsim.results.series import SERIES_COLUMNS, SERIES_PREFIX, WORLDS, SeriesReducer, method
from leadsim.scenarios import Scenario


def new_id() -> str:
    """A short random run id (10 hex digits); any unique prefix of it names the run.

    A clash would be a primary-key error at save time, never a silent overwrite.
    """
    return secrets.token_hex(5)


def registry_snapshot(registry: Registry) -> dict:
    """Every parameter and source as the run used them (the report's parameter table)."""
    return {
        "digest": registry.digest,
        "parameters": [p.model_dump() for p in registry.parameters.values()],
        "sources": {k: s.model_dump() for k, s in registry.sources.items()},
    }


@dataclass
class RunRecord:
    """One stored run. ``series`` is long: one row per scenario, variable, coordinates and month."""

    id: str
    created: datetime  # UTC, naive
    command: str
    leadsim_version: str
    seed: int
    samples: int
    horizon: str
    at: list[str]
    calibration: object  # free JSON: "prior" or a description of the calibration used
    scenarios: list[dict]  # Scenario.to_dict() plus "digest", in run order
    summary: dict  # the compare JSON document
    registry: dict
    method: dict  # how the monthly series were reduced
    variables: pd.DataFrame  # variable, kind, dims (JSON list), labels (JSON mapping), units
    series: pd.DataFrame  # see results.series.SERIES_COLUMNS
    samples_table: pd.DataFrame | None = None  # see results.series.SAMPLE_COLUMNS
    sample_weights: pd.DataFrame | None = None  # with kept samples: see results.series.WEIGHT_COLUMNS
    sample_parameters: pd.DataFrame | None = None  # with kept samples: see results.series.PARAMETER_COLUMNS

    @property
    def scenario_names(self) -> list[str]:
        return [s["name"] for s in self.scenarios]


def variables_table(reducer: SeriesReducer) -> pd.DataFrame:
    """One row per stored variable: its extra dims with their labels, and its units."""
    rows = [
        {
            "variable": name,
            "kind": "quantiles",
            "dims": json.dumps([d for d, _ in axes]),
            "labels": json.dumps(dict(axes)),
            "units": CATALOGUE[name].unit if name in CATALOGUE else "",
        }
        for name, axes in reducer.variables().items()
    ]
    rows += [
        {"variable": name, "kind": "probability", "dims": "[]", "labels": "{}", "units": "probability"}
        for name in WORLDS
    ]
    return pd.DataFrame(rows)


def calibration_record(document: dict) -> dict:
    """What the run store keeps about calibration: whether calibrated, the members' stamp, per scenario the
    effective sample size and the share of members whose history the scenario makes implausible."""
    scenarios = document["scenarios"]
    return {
        "calibrated": any(s["calibration"]["calibrated"] for s in scenarios.values()),
        "observations": document["provenance"].get("observations"),
        "members": document["provenance"].get("members"),
        "scenarios": {name: s["calibration"] for name, s in scenarios.items()},
    }


@dataclass
class Capture:
    """Collects what a run stores while ``compare`` runs: pass ``observe`` to it, then call ``record``.

    Each scenario's series are reduced to tables when its summary is done, so only one
    scenario's prefix is held at a time.
    """

    span: Span
    at: list[str]
    keep_samples: bool = False
    prefix: int = SERIES_PREFIX
    scenarios: list[Scenario] = field(default_factory=list)
    reducers: list[SeriesReducer] = field(default_factory=list)

    def observe(self, scenario: Scenario, samples: int) -> SeriesReducer:
        """The observer of one scenario's chunks (see ``analysis.summary.Observer``)."""
        reducer = SeriesReducer(
            scenario.name, self.span.labels(), list(self.at), samples, self.prefix, self.keep_samples
        )
        self.scenarios.append(scenario)
        self.reducers.append(reducer)
        return reducer

    def record(self, command: str, document: dict) -> RunRecord:
        """The run, reduced; ``document`` is the compare JSON of the same run."""

        def tables(kind: str) -> pd.DataFrame | None:
            found = [getattr(r, kind) for r in self.reducers if getattr(r, kind) is not None]
            return pd.concat(found, ignore_index=True) if found else None

        return RunRecord(
            id=new_id(),
            created=datetime.now(UTC).replace(tzinfo=None),
            command=command,
            leadsim_version=document["leadsim_version"],
            seed=document["seed"],
            samples=document["samples"],
            horizon=document["horizon"],
            at=list(document["at"]),
            calibration=calibration_record(document),
            scenarios=[{**s.to_dict(), "digest": s.digest} for s in self.scenarios],
            summary=document,
            registry=registry_snapshot(load_registry()),
            method=method(self.prefix),
            variables=variables_table(self.reducers[0]),
            series=tables("series"),
            samples_table=tables("samples_table"),
            sample_weights=tables("weights_table"),
            sample_parameters=tables("parameters_table"),
        )


VARIABLE_COLUMNS = ["variable", "kind", "dims", "labels", "units"]


def analysis_record(command: str, document: dict, scenarios: list[Scenario]) -> RunRecord:
    """An analysis run (e.g. ``delay``) as the store keeps it: its JSON document is the summary, and it
    has no monthly series (the document holds every figure it reports)."""
    members = document["provenance"]["members"]
    facts = {k: document[k] for k in ("leadsim_version", "seed", "samples", "horizon")}
    return RunRecord(
        new_id(), datetime.now(UTC).replace(tzinfo=None), command, **facts, at=[document["at"]],
        calibration="prior" if document["prior"] else {"calibrated": True, "members": members},
        scenarios=[{**s.to_dict(), "digest": s.digest} for s in scenarios], summary=document,
        registry=registry_snapshot(load_registry()),
        method={"series": "none: an analysis run keeps its figures in the summary"},
        variables=pd.DataFrame(columns=VARIABLE_COLUMNS), series=pd.DataFrame(columns=SERIES_COLUMNS),
    )  # fmt: skip
