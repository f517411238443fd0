"""The ``leadsim`` command line: thin over the Python API."""

from __future__ import annotations

import json
import sys
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from leadsim.api import OnStart, run_and_save
from leadsim.calendar import DEFAULT_HORIZON
from leadsim.calibration.posterior import registry_correlations
from leadsim.cli.calibrate import calibrate
from leadsim.cli.delay import delay_cmd
from leadsim.cli.differences import Baseline, differences_table
from leadsim.cli.levers import levers_cmd
from leadsim.cli.options import Scheduler, Workers, check_format, parse_at, parse_counts, parse_span, parse_workers
from leadsim.cli.runs import (
    KeepSamples,
    NoStore,
    StoreOption,
    lead_table,
    report,
    report_path,
    runs_app,
    saved,
    write_report,
)
from leadsim.dims import BLOCS
from leadsim.engine.spec import DEFAULT_AT, DEFAULT_CHUNK, RunSpec
from leadsim.errors import LeadsimError, LeadsimWarning
from leadsim.registry import load_registry
from leadsim.results import Store
from leadsim.results.report_tables import fmt
from leadsim.scenarios import list_scenarios, load_scenario

app = typer.Typer(
    help="Who leads frontier AI in 2028, and why: a calibrated Monte Carlo model.",
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)

SHIPPED = ("current-policy", "pull-ahead", "catch-up")
Samples = Annotated[str, typer.Option("--samples", "-n", help="Number of samples per scenario.")]
Seed = Annotated[str, typer.Option("--seed", help="Seed of the quasi-random sampler (0 or more).")]
Chunk = Annotated[str, typer.Option("--chunk-size", help="Samples simulated at once (memory bound).")]
Horizon = Annotated[str, typer.Option("--horizon", help="Last simulated month, YYYY-MM.")]
Format = Annotated[str, typer.Option("--format", help="table or json.")]
Prior = Annotated[bool, typer.Option("--prior", help="Use the uncalibrated prior ensemble (no history matching).")]


@contextmanager
def progress_bar(samples: int) -> Iterator[OnStart]:
    """A bar per scenario on stderr; yields the ``on_start`` callback the API calls for each."""
    bar = Progress(
        TextColumn("{task.description:<16}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeRemainingColumn(),
        console=err,
        transient=False,
    )

    def on_start(name: str):
        task = bar.add_task(name, total=samples)
        return lambda n: bar.advance(task, n)

    with bar:
        yield on_start


def share(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.0f}%"


def pair(data: dict, name: str, date: str, show: Callable[[float | None], str]) -> str:
    """The p50 of a per-bloc dial for every bloc, as ``us/cn``."""
    return "/".join(show(data[name][b][date]["p50"]) for b in BLOCS)


def dials_table(name: str, data: dict, dates: list[str]) -> Table:
    """The dials at the reported months (medians), compactly; resilience is marked speculative."""
    table = Table(title=f"{name}: dials (p50, {'/'.join(BLOCS)})", title_justify="left")
    for col in ("month", "adoption", "world share", "resilience*", "safety margin (mo)"):
        table.add_column(col, justify="right")
    for date in dates:
        table.add_row(
            date,
            pair(data, "adoption", date, share),
            pair(data, "global_share", date, share),
            pair(data, "resilience", date, lambda x: fmt(x, 2)),
            pair(data, "safety_margin_months", date, fmt),
        )
    return table


def milestone_lines(data: dict) -> list[str]:
    """One line per security milestone: when each bloc reaches it (p50), and the window between them."""
    lines = []
    for name, entry in data.get("milestones", {}).items():
        reach = ", ".join(f"{b} {entry[b]['p50'] or 'later'} (P {fmt(entry[b]['p_reached'], 2)})" for b in BLOCS)
        lines.append(f"  {name}: {reach}; window p50 {fmt(entry['window_months']['p50'], 0)} months")
    return lines


def print_summaries(document: dict) -> None:
    """Each scenario of a compare document: the headline table, the dials, the milestones; then the
    paired differences from the baseline, if any."""
    for name, data in document["scenarios"].items():
        out.print(lead_table(name, data, document["at"]))
        out.print(dials_table(name, data, document["at"]))
        out.print("Security milestones (first month reached, p50):", highlight=False)
        for line in milestone_lines(data):
            out.print(line, highlight=False, markup=False)
    if "differences" in document:
        out.print(differences_table(document))


@app.command()
def run(
    samples: Samples = "10000",
    seed: Seed = "0",
    chunk_size: Chunk = str(DEFAULT_CHUNK),
    horizon: Horizon = DEFAULT_HORIZON,
    prior: Prior = False,
    store: StoreOption = None,
    no_store: NoStore = False,
    keep_samples: KeepSamples = False,
    report_file: Annotated[Path | None, typer.Option("--report", help="HTML report file to write.")] = None,
    workers: Workers = None,
    scheduler: Scheduler = None,
) -> None:
    """The main job: the three shipped scenarios side by side at the end of 2026-2028; saves the run and a report."""
    samples, seed, chunk_size = parse_counts(samples, seed, chunk_size)
    span = parse_span(horizon)
    where = Store(store)
    document, record = run_and_save(
        "run", list(SHIPPED), RunSpec(samples, seed, span, chunk_size, prior, DEFAULT_AT), progress=progress_bar,
        store=None if no_store else where, keep_samples=keep_samples, keep_record=True,
        workers=parse_workers(workers), scheduler=scheduler,
    )  # fmt: skip
    if not no_store:
        saved(record, where)
    print_summaries(document)
    out.print("Lead in months (p5/p50/p95); P: probability of the essay's two worlds; US:CN: compute ratio.")
    out.print(
        "Dials: share of firms using AI; share of world AI usage on each bloc's stack; *resilience, an index "
        "of absorption against displacement, is the most speculative dial; months of pre-deployment safety "
        "work a bloc's lead affords (docs/dials.md)."
    )
    out.print(
        "Lead: months by which the US frontier is ahead of China's (negative: China ahead). "
        "Every number is conditional on the model's assumptions: `leadsim params` lists them."
    )
    out.print(f"Report: {write_report(record, report_file or report_path(where, record.id))}", soft_wrap=True)


@app.command("compare")
def compare_cmd(
    scenarios: Annotated[list[str], typer.Argument(help="Shipped names or YAML paths.")],
    samples: Samples = "10000",
    seed: Seed = "0",
    at: Annotated[str, typer.Option("--at", help="Comma-separated months YYYY-MM.")] = ",".join(DEFAULT_AT),
    chunk_size: Chunk = str(DEFAULT_CHUNK),
    horizon: Horizon = DEFAULT_HORIZON,
    format: Format = "table",
    prior: Prior = False,
    baseline: Baseline = None,
    store: StoreOption = None,
    no_store: NoStore = False,
    keep_samples: KeepSamples = False,
    workers: Workers = None,
    scheduler: Scheduler = None,
) -> None:
    """Scenarios side by side: lead, the essay's two worlds, compute ratio, at chosen months; saves the run."""
    check_format(format)
    samples, seed, chunk_size = parse_counts(samples, seed, chunk_size)
    span = parse_span(horizon)
    months = parse_at(at, span)
    where = None if no_store else Store(store)
    document, record = run_and_save(
        "compare", scenarios, RunSpec(samples, seed, span, chunk_size, prior, tuple(months)),
        progress=progress_bar if format == "table" else None, store=where, keep_samples=keep_samples,
        baseline=baseline, workers=parse_workers(workers), scheduler=scheduler,
    )  # fmt: skip
    if where is not None:
        saved(record, where)
    if format == "json":
        sys.stdout.write(json.dumps(document, indent=2, sort_keys=False) + "\n")
    else:
        print_summaries(document)


@app.command()
def params(format: Format = "table") -> None:
    """Every parameter with unit, default, distribution, bounds and sources."""
    check_format(format)
    registry = load_registry()
    if format == "json":
        document = {
            "parameters": [
                {
                    "name": p.name,
                    "description": p.description,
                    "unit": p.unit,
                    "default": p.default,
                    "distribution": p.distribution.model_dump(),
                    "bounds": list(p.bounds),
                    "sources": p.sources,
                }
                for p in registry.parameters.values()
            ],
            "sources": {k: s.model_dump() for k, s in registry.sources.items()},
            "correlations": registry_correlations(registry),
        }
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
        return
    table = Table(title="Parameters (leadsim params --format json for descriptions and full sources)")
    table.add_column("name", no_wrap=True)
    table.add_column("default [unit]")
    table.add_column("distribution; bounds")
    table.add_column("sources")
    for p in registry.parameters.values():
        dist = p.distribution.model_dump()
        kind = dist.pop("kind")
        args = ", ".join(f"{k}={v:g}" for k, v in dist.items())
        table.add_row(p.name, f"{p.default:g} [{p.unit}]", f"{kind}({args}); [{p.bounds[0]:g}, {p.bounds[1]:g}]",
                      ", ".join(p.sources))  # fmt: skip
    out.print(table)
    out.print(correlations_table(registry_correlations(registry)))


def correlations_table(found: dict) -> Table:
    """Declared rank correlations (prior) against the calibrated members', and the members' strongest others."""
    members = "members" if found["members"] else "members (missing or stale)"
    table = Table(title=f"Rank correlations (Spearman): declared in registry/correlations.yaml; {members}")
    for col in ("parameters", "declared", "prior sample", "members", "why"):
        table.add_column(col, overflow="fold")
    for row in found["declared"]:
        table.add_row(" ~ ".join(row["parameters"]), f"{row['declared']:+.2f}", fmt(row["prior"], 2),
                      fmt(row["posterior"], 2), row["note"])  # fmt: skip
    for row in found["induced"]:
        table.add_row(" ~ ".join(row["parameters"]), "-", fmt(row["prior"], 2), fmt(row["posterior"], 2),
                      "not declared: tied by the observations")  # fmt: skip
    return table


@app.command()
def scenarios() -> None:
    """The shipped scenarios (any command also takes a path to a scenario file)."""
    registry = load_registry()
    table = Table(title="Shipped scenarios")
    table.add_column("name")
    table.add_column("extends")
    table.add_column("description", overflow="fold")
    for name in list_scenarios():
        s = load_scenario(name, registry)
        table.add_row(name, " -> ".join(s.chain[1:]) or "-", " ".join(s.description.split()))
    out.print(table)


app.command()(calibrate)
app.command("delay")(delay_cmd)
app.command("levers")(levers_cmd)
app.add_typer(runs_app, name="runs")
app.command("report")(report)


def warning_printer(original: Callable) -> Callable:
    """Show a LeadsimWarning as one line on stderr, any other warning as ``original`` does."""

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        if issubclass(category, LeadsimWarning):
            err.print(f"warning: {message}", markup=False, highlight=False, soft_wrap=True)
        else:
            original(message, category, filename, lineno, file, line)

    return show


def main() -> None:
    """Entry point: bad input ends with one clear message and exit status 2, never a traceback; warnings
    about the results go to stderr, one line each."""
    with warnings.catch_warnings():
        warnings.simplefilter("always", LeadsimWarning)
        warnings.showwarning = warning_printer(warnings.showwarning)
        try:
            app()
        except LeadsimError as exc:
            err.print(str(exc), markup=False, highlight=False, soft_wrap=True)
            sys.exit(2)
