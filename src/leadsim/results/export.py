"""A stored run as files that pandas, xarray and DuckDB read: CSV, Parquet, netCDF, JSON.

CSV and Parquet hold one long table (one row per scenario, variable, coordinates and month,
with the statistics as columns); netCDF holds the same numbers as labelled arrays with the
run's metadata as attributes; JSON holds the metadata, the summary and the table as records.

With ``samples=True`` (a run saved with ``--keep-samples``) the samples are exported instead:
one row per scenario and sample with ``failed``, ``weight`` (the sample's weight in the run's
figures: 1 for each calibrated member or prior point, 0 when it failed), its parameter values
(one column per registry id, e.g. ``distillation.transfer_fraction``) and its outputs at the
reported months (``lead_months@2028-12``, ``adoption[us]@2028-12``). Weighting the rows by
``weight`` gives the run's own figures. Runs saved before the store recorded weights and
parameters (schema 2) export no parameter columns, and an empty weight if they were weighted
by likelihood (the calibration before the members).
"""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import xarray as xr

from leadsim.errors import LeadsimError
from leadsim.results.record import RunRecord
from leadsim.results.series import STATS

FORMATS = {"csv": "csv", "parquet": "parquet", "netcdf": "nc", "json": "json"}


def dim_labels(record: RunRecord) -> dict[str, list[str]]:
    """Every extra dim of any variable, with its labels, in first-seen order."""
    out: dict[str, list[str]] = {}
    for row in record.variables.itertuples():
        for dim, labels in json.loads(row.labels).items():
            out.setdefault(dim, labels)
    return out


def long_table(record: RunRecord, *, samples: bool = False) -> pd.DataFrame:
    """The series (or kept samples), with each extra dim as its own column (empty where absent)."""
    frame = record.samples_table if samples else record.series
    if frame is None:
        raise LeadsimError(f"run {record.id}: no per-sample values kept; save a run with --keep-samples")
    parsed = {key: json.loads(key) for key in frame["coords"].unique()}
    units = dict(zip(record.variables["variable"], record.variables["units"], strict=True))
    out = frame.drop(columns="coords").assign(run_id=record.id, units=frame["variable"].map(units))
    names = list(dim_labels(record))
    for dim in names:
        out[dim] = frame["coords"].map(lambda key, d=dim: parsed[key].get(d))
    head = ["run_id", "scenario", "variable", "units", *names]
    return out[head + [c for c in out.columns if c not in head]]


def output_column(variable: str, coords: dict[str, str], time: str) -> str:
    """``lead_months@2028-12``; ``global_share_by_region[allies,us]@2028-12`` with extra dims."""
    cell = ",".join(coords.values())
    return f"{variable}[{cell}]@{time}" if cell else f"{variable}@{time}"


def equally_weighted(record: RunRecord) -> bool:
    """Prior points and calibrated members count once each; only runs of the older likelihood-weighted
    calibration (calibrated, without members) had other weights."""
    calibration = record.calibration if isinstance(record.calibration, dict) else {}
    return not calibration.get("calibrated") or bool(calibration.get("members"))


def samples_table(record: RunRecord) -> pd.DataFrame:
    """One row per scenario and sample: failed, weight, parameter values, outputs at the reported months."""
    frame = record.samples_table
    if frame is None:
        raise LeadsimError(f"run {record.id}: no per-sample values kept; save a run with --keep-samples")
    parsed = {key: json.loads(key) for key in frame["coords"].unique()}
    columns = [
        output_column(v, parsed[c], t)
        for v, c, t in zip(frame["variable"], frame["coords"], frame["time"], strict=True)
    ]
    outputs = frame.assign(column=columns).pivot(index=["scenario", "sample"], columns="column", values="value")
    rows = frame.drop_duplicates(["scenario", "sample"]).set_index(["scenario", "sample"])[["failed"]]
    if record.sample_weights is not None:
        weights = record.sample_weights.set_index(["scenario", "sample"])["weight"]
    else:  # saved before weights were recorded: known unless the run was likelihood-weighted
        weights = (~rows["failed"]).astype(float).rename("weight")
        if not equally_weighted(record):
            weights[:] = float("nan")
    out = rows.join(weights)
    if record.sample_parameters is not None:
        params = record.sample_parameters.pivot(index=["scenario", "sample"], columns="parameter", values="value")
        out = out.join(params[list(pd.unique(record.sample_parameters["parameter"]))])
    out = out.join(outputs[list(pd.unique(pd.Series(columns)))]).reset_index()
    out.insert(0, "run_id", record.id)
    return out


def metadata(record: RunRecord) -> dict:
    """The run's facts, JSON-ready."""
    return {
        "id": record.id,
        "created": record.created.isoformat() + "Z",
        "command": record.command,
        "leadsim_version": record.leadsim_version,
        "seed": record.seed,
        "samples": record.samples,
        "horizon": record.horizon,
        "at": record.at,
        "calibration": record.calibration,
        "method": record.method,
    }


def records(frame: pd.DataFrame) -> list[dict]:
    """Rows as dicts, NaN as None (JSON has no NaN)."""
    clean = frame.astype(object).where(frame.notna(), None)
    return clean.to_dict("records")


def to_json(record: RunRecord, *, samples: bool = False) -> dict:
    table = samples_table(record) if samples else long_table(record)
    return {
        "run": metadata(record),
        "scenarios": record.scenarios,
        "summary": record.summary,
        "registry": record.registry,
        "variables": [
            {**r, "dims": json.loads(r["dims"]), "labels": json.loads(r["labels"])} for r in records(record.variables)
        ],
        "samples" if samples else "series": records(table),
    }


def to_dataset(record: RunRecord, *, samples: bool = False) -> xr.Dataset:
    """Labelled arrays: quantiles ``(scenario, time, ..., statistic)``; samples ``(scenario, sample, time, ...)``."""
    table = long_table(record, samples=samples)
    labels = dim_labels(record)
    data = {}
    for row in record.variables.itertuples():
        sub = table[table["variable"] == row.variable]
        if sub.empty:
            continue
        extra = json.loads(row.dims)
        index = ["scenario", "sample", "time", *extra] if samples else ["scenario", "time", *extra]
        frame = sub.set_index(index)
        if samples:
            array = frame["value"].to_xarray()
        elif row.kind == "probability":
            array = frame["mean"].to_xarray()
        else:
            array = frame[list(STATS)].to_xarray().to_array("statistic").transpose(*index, "statistic")
        coords = {"scenario": record.scenario_names, **{d: labels[d] for d in extra}}
        data[row.variable] = array.reindex(coords).assign_attrs(units=row.units, kind=row.kind)
    dataset = xr.Dataset(data)
    if samples:
        wide = samples_table(record).set_index(["scenario", "sample"])
        inputs = [
            "failed",
            "weight",
            *(() if record.sample_parameters is None else pd.unique(record.sample_parameters["parameter"])),
        ]
        for name in inputs:
            dataset[name] = wide[name].to_xarray().reindex(scenario=record.scenario_names)
    else:
        lead = table[table["variable"] == "lead_months"].set_index(["scenario", "time"])["samples_used"]
        dataset["samples_used"] = lead.to_xarray().reindex(scenario=record.scenario_names)
    dataset.attrs = {k: v if isinstance(v, int | str) else json.dumps(v) for k, v in metadata(record).items()}
    dataset.attrs.update({k: json.dumps(getattr(record, k)) for k in ("scenarios", "summary", "registry")})
    return dataset


def export(record: RunRecord, fmt: str, path: Path, *, samples: bool = False) -> Path:
    """Write the run in ``fmt`` (csv | parquet | netcdf | json) to ``path``; return the path."""
    if fmt not in FORMATS:
        raise LeadsimError(f"option --format: value: got {fmt!r}; allowed: {' | '.join(FORMATS)}")
    path.parent.mkdir(parents=True, exist_ok=True)
    if fmt in ("csv", "parquet"):
        table = samples_table(record) if samples else long_table(record)
        if fmt == "csv":
            table.to_csv(path, index=False)
        else:
            table.to_parquet(path, index=False)
    elif fmt == "netcdf":
        to_dataset(record, samples=samples).to_netcdf(path)
    else:
        path.write_text(json.dumps(to_json(record, samples=samples), allow_nan=False) + "\n", encoding="utf-8")
    return path
