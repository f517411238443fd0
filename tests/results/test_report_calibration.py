"""The report's calibration sections: paired differences from the baseline, prior against the members."""

from __future__ import annotations

import json


def test_report_shows_differences_and_the_calibration(cli, tmp_path):
    store = tmp_path / "runs.duckdb"
    cli("compare", "pull-ahead", "current-policy", "-n", "300", "--at", "2028-12", "--baseline", "current-policy",
        "--store", str(store))  # fmt: skip
    listed = json.loads(cli("runs", "list", "--format", "json", "--store", str(store)).stdout)
    assert listed[0]["calibration"]["members"]["stamp"]  # the run records the members it drew from
    html = tmp_path / "report.html"
    cli("report", "--output", str(html), "--store", str(store))
    page = html.read_text()
    assert "Paired differences from current-policy" in page
    assert "Calibration: prior against the calibrated members" in page
    assert "distillation.transfer_fraction" in page and "Rank correlations" in page


def test_a_prior_run_has_no_calibration_section(cli, tmp_path):
    store = tmp_path / "runs.duckdb"
    cli("compare", "current-policy", "-n", "50", "--prior", "--store", str(store))
    html = tmp_path / "report.html"
    cli("report", "--output", str(html), "--store", str(store))
    page = html.read_text()
    assert "Calibration: prior against" not in page and "Paired differences" not in page
