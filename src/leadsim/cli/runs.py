"""The ``leadsim runs`` and ``leadsim report`` commands, and saving a run from ``run`` and ``compare``.

Nothing here destroys data by accident: exports and reports never overwrite the store, nor an
existing file without ``--force`` (``cli.paths``); ``runs delete`` needs a 6-character id
prefix and a confirmation; ``runs check`` verifies a store and says how to recover it.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from leadsim.cli.console import new_table, out, say
from leadsim.cli.options import StoreOption
from leadsim.cli.paths import check_output, write_output
from leadsim.errors import LeadsimError, problem

if TYPE_CHECKING:
    from leadsim.results import RunRecord, Store

ListFormat = Annotated[str, typer.Option("--format", help="table or json.")]
RunId = Annotated[str, typer.Argument(help="A run id, or a unique prefix of one.")]
Output = Annotated[
    Path | None, typer.Option("--output", "-o", help="File to write (never an existing one without --force).")
]
Overwrite = Annotated[bool, typer.Option("--force", help="Overwrite the output file if it exists (never the store).")]

runs_app = typer.Typer(help="Saved runs: list, show, export, delete, check.", no_args_is_help=True)


def check_choice(option: str, value: str, allowed: tuple[str, ...]) -> str:
    if value not in allowed:
        raise LeadsimError(problem(f"option {option}", "value", value, " | ".join(allowed)))
    return value


def report_path(store: Store, run_id: str) -> Path:
    """Where a run's report goes by default: ``reports/`` beside the store file."""
    return store.path.parent / "reports" / f"leadsim-run-{run_id}.html"


def write_report(record: RunRecord, path: Path, *, shared: bool) -> Path:
    """Write the HTML report to ``path``: self-contained, or (``shared``, the default reports folder) loading
    the folder's one copy of Plotly's script. plotly is imported only here: it slows every other command."""
    from leadsim.results.report import render, shared_script

    try:
        script = shared_script(path.parent) if shared else None
    except OSError as exc:
        raise LeadsimError(f"{path.parent}: cannot write the report's script: {exc.strerror or exc}") from None
    page = render(record, script=script)
    return write_output(path, lambda target: target.write_text(page, encoding="utf-8"))


def saved(record: RunRecord, store: Store) -> None:
    """Say where a run was saved, on stderr (stdout may carry JSON)."""
    say(f"Saved run {record.id} in {store.path}")


def warn_store(store: Store) -> None:
    """Before a long run, say if the store plainly cannot take it (the run goes on; the error comes after it)."""
    found = store.problem()
    if found:
        say(f"warning: the run store cannot take this run ({found}); its results will be shown, then the save fails")


@runs_app.command("list")
def list_runs(store: StoreOption = None, format: ListFormat = "table") -> None:
    """Every saved run, newest first."""
    from leadsim.results import Store

    check_choice("--format", format, ("table", "json"))
    where = Store(store)
    frame = where.runs()
    if format == "json":
        rows = [
            {**row, "created": row["created"].isoformat() + "Z", "scenarios": list(row["scenarios"])}
            for row in frame.to_dict("records")
        ]
        sys.stdout.write(json.dumps(rows, indent=2) + "\n")
        return
    columns = ("id", "created (UTC)", "command: scenarios", "samples", "weights")
    table = new_table(f"Runs in {where.path}", columns, right=("samples",), keep=("id",))
    for row in frame.itertuples():
        calibrated = isinstance(row.calibration, dict) and row.calibration.get("calibrated")
        table.add_row(
            row.id,
            row.created.strftime("%Y-%m-%d %H:%M"),
            f"{row.command}: {', '.join(row.scenarios)}",
            f"{row.samples:,}\nseed {row.seed}",
            ("calibrated" if calibrated else "prior") + ("\nsamples kept" if row.kept_samples else ""),
        )
    out().print(table)


@runs_app.command("show")
def show(run_id: RunId, store: StoreOption = None, format: ListFormat = "table") -> None:
    """One run: its facts, scenarios and summary."""
    from leadsim.cli.summaries import lead_table
    from leadsim.results import Store
    from leadsim.results.export import metadata

    check_choice("--format", format, ("table", "json"))
    where = Store(store)
    record = where.load(where.resolve(run_id), samples=False)
    if format == "json":
        document = {"run": metadata(record), "scenarios": record.scenarios, "summary": record.summary}
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
        return
    facts = new_table(f"Run {record.id}", ("fact", "value"), show_header=False)
    for key, value in metadata(record).items():
        facts.add_row(key, value if isinstance(value, str) else json.dumps(value))
    facts.add_row("scenarios", ", ".join(record.scenario_names))
    console = out()
    console.print(facts)
    analysis = "scenarios" not in record.summary  # an analysis run's figures: `runs show --format json`, `report`
    for name in () if analysis else record.scenario_names:
        console.print(lead_table(name, record.summary["scenarios"][name], record.at))


@runs_app.command("export")
def export_cmd(
    run_id: RunId,
    format: Annotated[str, typer.Option("--format", help="csv | parquet | netcdf | json.")],
    output: Output = None,
    samples: Annotated[bool, typer.Option("--samples", help="Export the kept per-sample values.")] = False,
    store: StoreOption = None,
    force: Overwrite = False,
) -> None:
    """A run's monthly statistics (or kept samples) as a file pandas, xarray and DuckDB read."""
    from leadsim.results import Store
    from leadsim.results.export import FORMATS, export

    check_choice("--format", format, tuple(FORMATS))
    where = Store(store)
    found = where.resolve(run_id)
    suffix = "-samples" if samples else ""
    path = check_output(output or Path(f"leadsim-run-{found}{suffix}.{FORMATS[format]}"), force=force, store=where.path)
    record = where.load(found, samples=samples)
    written = write_output(path, lambda target: export(record, format, target, samples=samples))
    out().print(str(written), markup=False, highlight=False, soft_wrap=True)


@runs_app.command("delete")
def delete(
    run_id: Annotated[str, typer.Argument(help="A run id, or a unique prefix of at least 6 characters.")],
    store: StoreOption = None,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Delete without asking.")] = False,
) -> None:
    """Remove a run and everything stored with it (asks first, unless --yes)."""
    from leadsim.results import Store
    from leadsim.results.store import MIN_DELETE_PREFIX

    where = Store(store)
    found = where.resolve(run_id, min_prefix=MIN_DELETE_PREFIX)
    if not yes:
        run = where.runs().set_index("id").loc[found]
        question = (f"Delete run {found} ({run['command']} of {', '.join(run['scenarios'])}, {run['samples']} "
                    f"samples, created {run['created']:%Y-%m-%d %H:%M} UTC) from {where.path}?")  # fmt: skip
        try:
            confirmed = typer.confirm(question, default=False, err=True)
        except typer.Abort:
            raise LeadsimError(f"runs delete: no answer on standard input; run {found} was kept; "
                               "allowed: answer y, or add --yes") from None  # fmt: skip
        if not confirmed:
            say(f"Kept run {found}.")
            raise typer.Exit(1)
    where.delete(found)
    say(f"Deleted run {found} from {where.path}")


@runs_app.command("check")
def check(store: StoreOption = None) -> None:
    """Verify a run store (read-only): that it opens, is leadsim's and reads back whole; says how to recover it."""
    from leadsim.results import Store
    from leadsim.results.store_check import check_store

    verdict = check_store(Store(store))
    console = out()
    lines = [f"Run store {verdict.path}: {'OK' if verdict.ok else 'DAMAGED or unusable'}"]
    lines += [f"  {line}" for line in (*verdict.facts, *(f"problem: {p}" for p in verdict.problems))]
    lines += [f"  {verdict.advice}"] if verdict.advice else []
    for line in lines:
        console.print(line, markup=False, highlight=False, soft_wrap=True)  # paths and commands stay whole
    if not verdict.ok:
        raise typer.Exit(1)


def report(
    run_id: Annotated[str | None, typer.Argument(help="A run id or unique prefix; default: the latest run.")] = None,
    output: Annotated[Path | None, typer.Option("--output", "-o", help="HTML file to write (self-contained).")] = None,
    store: StoreOption = None,
    force: Overwrite = False,
) -> None:
    """One HTML file that works offline: charts of a run and the assumptions behind them."""
    from leadsim.results import Store

    where = Store(store)
    found = where.resolve(run_id)
    path = check_output(output, force=force, store=where.path) if output else report_path(where, found)
    if output is None:
        check_output(path, force=True, store=where.path)  # the default folder: this run's own report is replaced
    record = where.load(found, samples=False)
    written = write_report(record, path, shared=output is None)
    out().print(str(written), markup=False, highlight=False, soft_wrap=True)
