"""The issue's checks: a compare is saved, listed, exported and read back with the summary's numbers."""

from __future__ import annotations

import hashlib
import json

import duckdb
import numpy as np
import pandas as pd
import pytest
import xarray as xr
from typer.testing import CliRunner

from leadsim.cli import app, main
from leadsim.results import Store

runner = CliRunner()
STATS = ("p5", "p25", "p50", "p75", "p95", "mean")


def expected(summary: dict) -> list[tuple[str, str, str, str, float | None]]:
    """(scenario, variable, month, statistic, value) for every number of the compare summary."""
    rows = []
    for name, data in summary["scenarios"].items():
        for date in summary["at"]:
            for variable in ("lead_months", "compute_ratio"):
                rows += [(name, variable, date, stat, data[variable][date][stat]) for stat in STATS]
            for world in ("p_lead_at_least_12", "p_lead_at_most_3"):
                rows.append((name, world, date, "mean", data[world][date]))
    return rows


def test_compare_saves_a_run_that_list_shows(compared):
    assert len(compared["runs"]) == 1
    run = compared["runs"][0]
    assert run["scenarios"] == ["pull-ahead", "catch-up"]
    assert (run["samples"], run["seed"], run["command"]) == (2000, 3, "compare")
    assert run["calibration"]["calibrated"] is True
    assert set(run["calibration"]["scenarios"]) == {"pull-ahead", "catch-up"}
    assert f"Saved run {run['id']}" in compared["stderr"]


def test_show_returns_the_summary_compare_printed(compared, cli):
    run_id = compared["runs"][0]["id"]
    shown = json.loads(cli("runs", "show", run_id[:6], "--format", "json", "--store", str(compared["store"])).stdout)
    assert shown["summary"] == compared["summary"]
    assert [s["name"] for s in shown["scenarios"]] == ["pull-ahead", "catch-up"]
    assert shown["scenarios"][0]["levers"]["remote_access_rule"]["enacted"] is not None
    assert shown["run"]["method"]["prefix_samples"] == 4096


def table_value(frame: pd.DataFrame, scenario: str, variable: str, date: str, stat: str) -> float:
    rows = frame[(frame["scenario"] == scenario) & (frame["variable"] == variable) & (frame["time"] == date)]
    assert len(rows) == 1, (scenario, variable, date)
    return float(rows[stat].iloc[0])


@pytest.fixture(scope="module")
def exported(compared, tmp_path_factory, cli) -> dict:
    folder = tmp_path_factory.mktemp("export")
    run_id = compared["runs"][0]["id"]
    paths = {}
    for fmt, ext in (("csv", "csv"), ("parquet", "parquet"), ("netcdf", "nc"), ("json", "json")):
        paths[fmt] = folder / f"run.{ext}"
        cli("runs", "export", run_id, "--format", fmt, "-o", str(paths[fmt]), "--store", str(compared["store"]))
    return paths


def readers(paths: dict) -> dict[str, pd.DataFrame]:
    """Each export read back as a long table, by pandas and by DuckDB."""
    doc = json.loads(paths["json"].read_text())
    return {
        "pandas csv": pd.read_csv(paths["csv"]),
        "pandas parquet": pd.read_parquet(paths["parquet"]),
        "pandas json": pd.json_normalize(doc, "series"),
        "duckdb csv": duckdb.sql(f"SELECT * FROM read_csv('{paths['csv']}')").df(),
        "duckdb parquet": duckdb.sql(f"SELECT * FROM read_parquet('{paths['parquet']}')").df(),
        "duckdb json": duckdb.sql(
            f"SELECT unnest(series, recursive := true) FROM read_json('{paths['json']}', maximum_object_size=1e9)"
        ).df(),
    }


def test_exports_read_back_with_the_summary_numbers(compared, exported):
    tables = readers(exported)
    for scenario, variable, date, stat, value in expected(compared["summary"]):
        for reader, frame in tables.items():
            got = table_value(frame, scenario, variable, date, stat)
            assert got == pytest.approx(value, rel=1e-12), (reader, scenario, variable, date, stat)


def test_netcdf_reads_back_in_xarray_with_the_summary_numbers(compared, exported):
    with xr.open_dataset(exported["netcdf"]) as ds:
        assert list(ds["scenario"].values) == ["pull-ahead", "catch-up"]
        assert json.loads(ds.attrs["summary"]) == compared["summary"]
        for scenario, variable, date, stat, value in expected(compared["summary"]):
            point = ds[variable].sel(scenario=scenario, time=date)
            got = float(point if variable.startswith("p_lead") else point.sel(statistic=stat))
            assert got == pytest.approx(value, rel=1e-12), (scenario, variable, date, stat)
        assert ds["usable"].dims == ("scenario", "time", "bloc", "statistic")
        assert (ds["usable"].sel(bloc="us", statistic="p50") > ds["usable"].sel(bloc="cn", statistic="p50")).all()


def test_monthly_series_cover_every_month_and_output(compared, exported):
    frame = pd.read_parquet(exported["parquet"])
    months = frame[frame["variable"] == "lead_months"].groupby("scenario")["time"].nunique()
    assert (months == 120).all()  # 2023-01..2032-12
    assert {"lead_months", "compute_ratio", "frontier", "usable", "accessible", "training_compute"} <= set(
        frame["variable"]
    )
    fan = frame.dropna(subset=["p5"])
    assert (fan["p5"] <= fan["p50"]).all() and (fan["p50"] <= fan["p95"]).all()
    assert (frame["samples_used"] == 2000).all()  # 2000 <= the 4096-sample prefix: exact everywhere


def test_keep_samples_exports_every_sample(tmp_path, cli):
    store = str(tmp_path / "s.duckdb")
    args = ("compare", "catch-up", "--samples", "64", "--seed", "1", "--horizon", "2029-12", "--store", store)
    summary = json.loads(cli(*args, "--keep-samples", "--prior", "--format", "json").stdout)
    run_id = Store(store).resolve(None)
    path = tmp_path / "samples.nc"
    cli("runs", "export", run_id, "--format", "netcdf", "--samples", "-o", str(path), "--store", store)
    with xr.open_dataset(path) as ds:
        lead = (
            ds["lead_months"]
            .sel(scenario="catch-up", time="2028-12")
            .values[~ds["failed"].sel(scenario="catch-up").values]
        )
        assert lead.size == 64 - summary["scenarios"]["catch-up"]["failed_samples"]
    median = float(f"{np.percentile(lead, 50):.6g}")
    assert median == summary["scenarios"]["catch-up"]["lead_months"]["2028-12"]["p50"]


def test_no_store_saves_nothing(tmp_path, cli):
    store = tmp_path / "s.duckdb"
    cli("compare", "catch-up", "--samples", "8", "--horizon", "2029-12", "--no-store", "--store", str(store))
    assert not store.exists()


def test_delete_and_bad_ids(tmp_path, cli):
    store = str(tmp_path / "s.duckdb")
    for seed in ("1", "2"):
        cli("compare", "catch-up", "--samples", "8", "--seed", seed, "--horizon", "2029-12", "--store", store)
    first, second = Store(store).runs()["id"]
    bad = runner.invoke(app, ["runs", "show", "zzzz", "--store", store])
    assert bad.exit_code != 0 and "no such run" in str(bad.exception)
    cli("runs", "delete", first, "--yes", "--store", store)
    assert list(Store(store).runs()["id"]) == [second]
    with duckdb.connect(store, read_only=True) as con:
        assert con.execute("SELECT count(*) FROM series WHERE run_id = ?", [first]).fetchone() == (0,)


def test_cli_errors_are_one_line_exit_2(tmp_path, monkeypatch, capsys):
    text = tmp_path / "notes.txt"
    text.write_text("my notes, not a store\n")
    before = hashlib.sha256(text.read_bytes()).hexdigest()
    monkeypatch.setattr("sys.argv", ["leadsim", "runs", "show", "abc", "--store", str(text)])
    with pytest.raises(SystemExit) as stop:
        main()
    message = capsys.readouterr().err
    assert stop.value.code == 2 and "not a leadsim run store" in message and len(message.strip().splitlines()) == 1
    assert hashlib.sha256(text.read_bytes()).hexdigest() == before
