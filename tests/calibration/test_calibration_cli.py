"""``leadsim calibrate`` and the calibrated ``compare``: output shape and one-line errors (exit 2)."""

from __future__ import annotations

import json
import sys

import pytest

from leadsim import cli


def run_cli(monkeypatch, capsys, *args: str) -> tuple[int, str, str]:
    monkeypatch.setattr(sys, "argv", ["leadsim", *args])
    with pytest.raises(SystemExit) as stop:
        cli.main()
    captured = capsys.readouterr()
    return stop.value.code, captured.out, captured.err


def test_calibrate_json_contract(monkeypatch, capsys):
    code, out, _ = run_cli(monkeypatch, capsys, "calibrate", "-n", "64", "--until", "2024-12", "--format", "json")
    assert code == 0
    document = json.loads(out)
    q = {"p5", "p25", "p50", "p75", "p95", "mean"}
    row = document["observations"][0]
    assert {"name", "date", "observed", "prior", "posterior", "implausibility"} <= set(row)
    assert set(row["prior"]) == q and set(row["posterior"]) == q
    assert document["effective_sample_size"] > 0
    assert {"name", "prior", "posterior"} <= set(document["parameters"][0])
    backtest = document["backtest"]
    assert backtest and {"name", "date", "observed", "predicted", "covered", "error"} <= set(backtest[0])
    assert all(b["date"] > "2024-12" for b in backtest)
    assert document["waves"][0]["samples"] == 64 and document["waves"][0]["box_volume"] == 1.0
    assert set(document["correlations"]) == {"declared", "induced"}


def test_calibrate_reports_every_uncertain_parameter(monkeypatch, capsys, registry):
    code, out, _ = run_cli(monkeypatch, capsys, "calibrate", "-n", "64", "--format", "json")
    assert code == 0
    rows = json.loads(out)["parameters"]
    uncertain = {n for n, p in registry.parameters.items() if p.distribution.kind != "fixed"}
    assert {r["name"] for r in rows} == uncertain
    code, out, _ = run_cli(monkeypatch, capsys, "calibrate", "-n", "64")
    assert all(name in out for name in uncertain) and "Rank correlations" in out and "waves" in out


def test_calibrate_table(monkeypatch, capsys):
    code, out, _ = run_cli(monkeypatch, capsys, "calibrate", "-n", "32", "--until", "2024-06")
    assert code == 0
    assert "Effective sample size" in out and "Backtest" in out


def test_compare_reports_calibration(monkeypatch, capsys):
    args = ("compare", "current-policy", "-n", "64", "--format", "json")
    code, out, _ = run_cli(monkeypatch, capsys, *args)
    calibrated = json.loads(out)
    code_prior, out_prior, _ = run_cli(monkeypatch, capsys, *args, "--prior")
    prior = json.loads(out_prior)
    assert code == code_prior == 0
    meta = calibrated["scenarios"]["current-policy"]["calibration"]
    assert meta["calibrated"] and meta["effective_sample_size"] == 64 and meta["implausible_history"] == 0.0
    assert prior["scenarios"]["current-policy"]["calibration"] == {"calibrated": False}
    assert calibrated["provenance"]["observations"] and prior["provenance"]["observations"] is None
    assert calibrated["provenance"]["members"]["stamp"] and prior["provenance"]["members"] is None


@pytest.mark.parametrize("until", ["2024-13", "2026-01", "2022-12", "soon"])
def test_bad_until(monkeypatch, capsys, until):
    code, out, err = run_cli(monkeypatch, capsys, "calibrate", "-n", "16", "--until", until)
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "--until" in err and repr(until) in err and "2025-12" in err


def set_entry(field, value):
    def change(document):
        document["observations"]["gap-2023"][field] = value

    return change


def drop_field(document):
    del document["observations"]["gap-2023"]["measure"]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (set_entry("date", "2026-03"), "date"),
        (set_entry("measure", "vibes"), "measure"),
        (set_entry("uncertainty", {"sd": 1.0, "interval": [1, 2]}), "uncertainty"),
        (set_entry("sources", ["nowhere"]), "sources"),
        (set_entry("colour", "blue"), "colour"),
        (drop_field, "measure"),
    ],
)
def test_malformed_observations(monkeypatch, capsys, observations_file, change, expected):
    path = observations_file(change)
    code, out, err = run_cli(monkeypatch, capsys, "calibrate", "-n", "16", "--observations", str(path))
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and str(path) in err and "gap-2023" in err and expected in err


def test_observations_yaml_syntax_error(monkeypatch, capsys, tmp_path):
    path = tmp_path / "broken.yaml"
    path.write_text("observations: [unclosed\n")
    code, _, err = run_cli(monkeypatch, capsys, "calibrate", "-n", "16", "--observations", str(path))
    assert code == 2 and err.count("\n") == 1 and str(path) in err


def test_everything_ruled_out(monkeypatch, capsys, observations_file):
    path = observations_file(set_entry("value", 400.0))
    code, _, err = run_cli(monkeypatch, capsys, "calibrate", "-n", "16", "--observations", str(path))
    assert code == 2 and err.count("\n") == 1 and "ruled out" in err
