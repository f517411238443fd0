"""The ``leadsim runs`` and ``leadsim report`` commands, and saving a run from ``run`` and ``compare``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.table import Table

from leadsim.errors import LeadsimError, problem
from leadsim.results import RunRecord, Store
from leadsim.results.export import FORMATS, export, metadata
from leadsim.results.report_tables import HEADLINE, headline_cells

out = Console()
err = Console(stderr=True)

StoreOption = Annotated[
    str | None,
    typer.Option("--store", envvar="LEADSIM_STORE", help="Run store file (default: runs.duckdb in the user data dir)."),
]
NoStore = Annotated[bool, typer.Option("--no-store", help="Do not save this run in the store.")]
KeepSamples = Annotated[bool, typer.Option("--keep-samples", help="Also store every sample's values at --at months.")]
ListFormat = Annotated[str, typer.Option("--format", help="table or json.")]
RunId = Annotated[str, typer.Argument(help="A run id, or a unique prefix of one.")]

runs_app = typer.Typer(help="Saved runs: list, show, export, delete.", no_args_is_help=True)


def check_choice(option: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise LeadsimError(problem(f"option {option}", "value", value, " | ".join(allowed)))
    return value


def lead_table(name: str, data: dict, dates: list[str]) -> Table:
    """One scenario's summary (the compare JSON of it) at the reported months."""
    calibration = data.get("calibration", {"calibrated": False})
    weighting = (
        f"calibrated members: effective samples {calibration['effective_sample_size']:.0f}"
        if calibration["calibrated"]
        else f"prior: effective samples {data.get('effective_samples', 0):.0f}"
    )
    table = Table(title=f"{name}  ({weighting}; failed samples: {data['failed_samples']})", title_justify="left")
    for col in ("month", *HEADLINE):
        table.add_column(col, justify="right")
    for date in dates:
        table.add_row(date, *headline_cells(data, date))
    table.caption = "P: probability ± its Monte Carlo error (one sd), rounded to what the error supports."
    return table


def write_report(record: RunRecord, path: Path) -> Path:
    """Write the HTML report (plotly is imported only here: it slows every other command's start)."""
    from leadsim.results.report import write_report as write

    return write(record, path)


def report_path(store: Store, run_id: str) -> Path:
    """Where a run's report goes by default: ``reports/`` beside the store file."""
    return store.path.parent / "reports" / f"leadsim-run-{run_id}.html"


def saved(record: RunRecord, store: Store) -> None:
    """Say where a run was saved, on stderr (stdout may carry JSON)."""
    err.print(f"Saved run {record.id} in {store.path}", markup=False, highlight=False)


@runs_app.command("list")
def list_runs(store: StoreOption = None, format: ListFormat = "table") -> None:
    """Every saved run, newest first."""
    check_choice("--format", format, ("table", "json"))
    frame = Store(store).runs()
    if format == "json":
        rows = [
            {**row, "created": row["created"].isoformat() + "Z", "scenarios": list(row["scenarios"])}
            for row in frame.to_dict("records")
        ]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    table = Table(title=f"Runs in {Store(store).path}", title_justify="left")
    for col in (
        "id",
        "created (UTC)",
        "command",
        "scenarios",
        "samples",
        "seed",
        "weights",
        "kept",
    ):
        table.add_column(col, no_wrap=col in ("id", "created (UTC)"))
    for row in frame.itertuples():
        calibrated = isinstance(row.calibration, dict) and row.calibration.get("calibrated")
        calibration = "calibrated" if calibrated else "prior"
        table.add_row(
            row.id,
            row.created.strftime("%Y-%m-%d %H:%M"),
            row.command,
            ", ".join(row.scenarios),
            str(row.samples),
            str(row.seed),
            calibration,
            "yes" if row.kept_samples else "no",
        )
    out.print(table)


@runs_app.command("show")
def show(run_id: RunId, store: StoreOption = None, format: ListFormat = "table") -> None:
    """One run: its facts, scenarios and summary."""
    check_choice("--format", format, ("table", "json"))
    where = Store(store)
    record = where.load(where.resolve(run_id), samples=False)
    if format == "json":
        document = {"run": metadata(record), "scenarios": record.scenarios, "summary": record.summary}
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
        return
    facts = Table(title=f"Run {record.id}", title_justify="left", show_header=False)
    for key, value in metadata(record).items():
        facts.add_row(key, value if isinstance(value, str) else json.dumps(value))
    facts.add_row("scenarios", ", ".join(record.scenario_names))
    out.print(facts)
    analysis = "scenarios" not in record.summary  # an analysis run's figures: `runs show --format json`, `report`
    for name in () if analysis else record.scenario_names:
        out.print(lead_table(name, record.summary["scenarios"][name], record.at))


@runs_app.command("export")
def export_cmd(
    run_id: RunId,
    format: Annotated[str, typer.Option("--format", help="csv | parquet | netcdf | json.")],
    output: Annotated[Path | None, typer.Option("--output", "-o", help="File to write.")] = None,
    samples: Annotated[bool, typer.Option("--samples", help="Export the kept per-sample values.")] = False,
    store: StoreOption = None,
) -> None:
    """A run's monthly statistics (or kept samples) as a file pandas, xarray and DuckDB read."""
    check_choice("--format", format, tuple(FORMATS))
    where = Store(store)
    record = where.load(where.resolve(run_id), samples=samples)
    suffix = "-samples" if samples else ""
    path = output or Path(f"leadsim-run-{record.id}{suffix}.{FORMATS[format]}")
    out.print(str(export(record, format, path, samples=samples)), markup=False, highlight=False)


@runs_app.command("delete")
def delete(run_id: RunId, store: StoreOption = None) -> None:
    """Remove a run and everything stored with it."""
    where = Store(store)
    found = where.resolve(run_id)
    where.delete(found)
    err.print(f"Deleted run {found} from {where.path}", markup=False, highlight=False)


def report(
    run_id: Annotated[str | None, typer.Argument(help="A run id or unique prefix; default: the latest run.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="HTML file to write.")] = None,
    store: StoreOption = None,
) -> None:
    """One self-contained HTML file (works offline): charts of a run and the assumptions behind them."""
    where = Store(store)
    record = where.load(where.resolve(run_id), samples=False)
    path = write_report(record, output or report_path(where, record.id))
    out.print(str(path), markup=False, highlight=False)
