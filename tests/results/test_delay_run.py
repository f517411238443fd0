"""A delay run is stored (command ``delay``, the JSON as its summary) and its report draws the curves."""

from __future__ import annotations

import json
import re

from typer.testing import CliRunner

from leadsim.cli import app
from leadsim.results import Store
from leadsim.results.report_analyses import delay_figure

ARGS = ["delay", "pull-ahead", "--lever", "remote_access_rule", "--lever", "hbm_controls", "--from", "2027-01",
        "--to", "2028-01", "--step", "12", "--at", "2028-12", "--samples", "40", "--seed", "1"]  # fmt: skip


def test_delay_is_stored_and_reported(tmp_path):
    store = tmp_path / "runs.duckdb"
    result = CliRunner().invoke(app, [*ARGS, "--format", "json", "--store", str(store)])
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    saved = Store(store)
    record = saved.load(saved.resolve(None))
    assert record.command == "delay" and record.summary == document
    assert record.scenario_names == ["pull-ahead"] and record.at == ["2028-12"]
    shown = CliRunner().invoke(app, ["runs", "show", record.id, "--store", str(store)])
    assert shown.exit_code == 0, shown.output
    path = tmp_path / "delay.html"
    reported = CliRunner().invoke(app, ["report", "-o", str(path), "--store", str(store)])
    assert reported.exit_code == 0, reported.output
    text = path.read_text(encoding="utf-8")
    assert "Cost of delay" in text and "hbm_controls" in text and "an analysis run keeps its figures" in text
    assert not re.search(r"(?i)https?://", text)


def test_the_chart_has_one_curve_with_bands_per_lever(tmp_path):
    store = tmp_path / "runs.duckdb"
    assert CliRunner().invoke(app, [*ARGS, "--format", "json", "--store", str(store)]).exit_code == 0
    saved = Store(store)
    figure = delay_figure(saved.load(saved.resolve(None)).summary)
    medians = [t for t in figure.data if t.showlegend is not False]
    assert [t.name for t in medians] == ["remote_access_rule", "hbm_controls"]
    assert len(figure.data) == 5 * 2  # two bands (two edges each) and the median, per lever
    assert list(medians[0].x) == ["2027-01", "2028-01"]


def test_no_store_saves_nothing(tmp_path):
    store = tmp_path / "runs.duckdb"
    result = CliRunner().invoke(app, [*ARGS, "--format", "json", "--no-store", "--store", str(store)])
    assert result.exit_code == 0, result.output
    assert not store.exists()
