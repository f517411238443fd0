"""Per-sample exports a user can reuse: weight, parameter values and outputs per row; weighting them gives
the run's own figures; stores written before weights were recorded are migrated."""

from __future__ import annotations

import json
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
import xarray as xr

from leadsim.engine.reducers import quantiles, rounded
from leadsim.results import Store, schema

AT = "2028-12"


@pytest.fixture(scope="module")
def kept(tmp_path_factory, cli) -> dict:
    """``compare current-policy --samples 500 --keep-samples`` (calibrated), exported as Parquet."""
    folder = tmp_path_factory.mktemp("kept")
    store = str(folder / "runs.duckdb")
    args = ("compare", "current-policy", "--samples", "500", "--seed", "2", "--keep-samples", "--format", "json")
    summary = json.loads(cli(*args, "--store", store).stdout)
    run_id = Store(store).resolve(None)
    path = folder / "samples.parquet"
    cli("runs", "export", run_id, "--samples", "--format", "parquet", "-o", str(path), "--store", store)
    return {"store": store, "run_id": run_id, "summary": summary, "path": path}


def test_one_row_per_sample_with_weight_and_parameters(kept, registry):
    frame = pd.read_parquet(kept["path"])
    assert len(frame) == 500 and list(frame["sample"]) == list(range(500))
    assert "weight" in frame.columns
    parameters = [c for c in frame.columns if c in registry.names]
    assert len(parameters) >= 30 and "distillation.transfer_fraction" in parameters
    assert {f"lead_months@{AT}", f"adoption[us]@{AT}", f"global_share_by_region[allies,cn]@{AT}"} <= set(frame)
    assert (frame.loc[frame["failed"], "weight"] == 0).all()


def test_weighting_the_export_gives_the_summary(kept):
    """The members count once each (weight 1; 0 for a failed sample), so the weighted figures are the plain ones."""
    frame = pd.read_parquet(kept["path"])
    summary = kept["summary"]["scenarios"]["current-policy"]
    assert summary["calibration"]["calibrated"]
    used = frame["weight"].to_numpy() > 0
    assert (frame.loc[used, "weight"] == 1.0).all() and (used == ~frame["failed"]).all()
    for column, name in ((f"lead_months@{AT}", "lead_months"), (f"compute_ratio@{AT}", "compute_ratio")):
        assert quantiles(frame[column].to_numpy()[used]) == summary[name][AT]
    assert quantiles(frame[f"adoption[cn]@{AT}"].to_numpy()[used]) == summary["adoption"]["cn"][AT]


def test_duckdb_reads_the_export_and_weighs_it(kept):
    path, lead = kept["path"], f'"lead_months@{AT}"'
    p12, mean = duckdb.sql(
        f"SELECT sum(weight * ({lead} >= 12)::DOUBLE) / sum(weight), sum(weight * {lead}) / sum(weight) "
        f"FROM read_parquet('{path}') WHERE NOT failed"
    ).fetchall()[0]
    summary = kept["summary"]["scenarios"]["current-policy"]
    assert rounded(p12) == pytest.approx(summary["p_lead_at_least_12"][AT], rel=1e-5)
    assert rounded(mean) == pytest.approx(summary["lead_months"][AT]["mean"], rel=1e-5)


def test_netcdf_and_json_exports_carry_weights_and_parameters(kept, cli, tmp_path):
    nc, js = tmp_path / "s.nc", tmp_path / "s.json"
    for fmt, path in (("netcdf", nc), ("json", js)):
        cli("runs", "export", kept["run_id"], "--samples", "--format", fmt, "-o", str(path), "--store", kept["store"])
    with xr.open_dataset(nc) as ds:
        assert ds["weight"].dims == ("scenario", "sample")
        assert ds["distillation.transfer_fraction"].dims == ("scenario", "sample")
        assert ds["lead_months"].dims == ("scenario", "sample", "time")
    rows = json.loads(js.read_text())["samples"]
    assert len(rows) == 500 and {"weight", "distillation.transfer_fraction", f"lead_months@{AT}"} <= set(rows[0])


def test_a_prior_run_exports_weight_one(cli, tmp_path):
    store = str(tmp_path / "runs.duckdb")
    args = ("compare", "catch-up", "--samples", "40", "--prior", "--keep-samples", "--horizon", "2029-12")
    summary = json.loads(cli(*args, "--format", "json", "--store", store).stdout)["scenarios"]["catch-up"]
    path = tmp_path / "s.csv"
    cli("runs", "export", Store(store).resolve(None), "--samples", "--format", "csv", "-o", str(path), "--store", store)
    frame = pd.read_csv(path)
    assert (frame["weight"] == (~frame["failed"]).astype(float)).all()
    lead = frame.loc[~frame["failed"], f"lead_months@{AT}"].to_numpy()
    assert rounded(np.percentile(lead, 50)) == summary["lead_months"][AT]["p50"]


def downgrade_to_version_2(path: str) -> None:
    """Make a store look as version 2 wrote it: no per-sample weights or parameters."""
    with duckdb.connect(path) as con:
        con.execute("DROP TABLE sample_weights")
        con.execute("DROP TABLE sample_parameters")
        con.execute(f"UPDATE {schema.META_TABLE} SET value = '2' WHERE key = 'schema_version'")


def test_a_version_2_store_is_migrated_and_its_samples_still_export(kept, cli, tmp_path):
    old = tmp_path / "old.duckdb"
    old.write_bytes(Path(kept["store"]).read_bytes())
    downgrade_to_version_2(str(old))
    path = tmp_path / "old.csv"
    cli("runs", "export", kept["run_id"], "--samples", "--format", "csv", "-o", str(path), "--store", str(old))
    with duckdb.connect(str(old), read_only=True) as con:
        version = con.execute(f"SELECT value FROM {schema.META_TABLE} WHERE key = 'schema_version'").fetchone()
        tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert version == (str(schema.CURRENT_VERSION),) and {"sample_weights", "sample_parameters"} <= tables
    frame = pd.read_csv(path)
    assert len(frame) == 500 and (frame["weight"] == (~frame["failed"]).astype(float)).all()  # members: known
    assert "distillation.transfer_fraction" not in frame.columns
    assert f"lead_months@{AT}" in frame.columns
    cli("compare", "catch-up", "--samples", "8", "--horizon", "2029-12", "--keep-samples", "--store", str(old))
    assert len(Store(old).runs()) == 2  # the migrated store takes new runs, weights and all


def test_a_likelihood_weighted_run_exports_an_empty_weight(kept, cli, tmp_path):
    """Runs of the calibration before the members were weighted by likelihood, and the weights were not kept."""
    old = tmp_path / "old.duckdb"
    old.write_bytes(Path(kept["store"]).read_bytes())
    downgrade_to_version_2(str(old))
    with duckdb.connect(str(old)) as con:
        con.execute("""UPDATE runs SET calibration = '{"calibrated": true, "observations": "x", "scenarios": {}}'""")
    path = tmp_path / "old.csv"
    cli("runs", "export", kept["run_id"], "--samples", "--format", "csv", "-o", str(path), "--store", str(old))
    assert pd.read_csv(path)["weight"].isna().all()
