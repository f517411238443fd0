"""The ``leadsim`` command line: thin over the Python API."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from leadsim.calendar import DEFAULT_HORIZON, Span
from leadsim.cli_runs import (
    KeepSamples,
    NoStore,
    StoreOption,
    lead_table,
    report,
    report_path,
    runs_app,
    save,
    write_report,
)
from leadsim.compare import DEFAULT_AT, compare
from leadsim.ensemble import DEFAULT_CHUNK
from leadsim.errors import LeadsimError, problem
from leadsim.registry import load_registry
from leadsim.results import Capture, Store
from leadsim.scenarios import list_scenarios, load_scenario
from leadsim.summary import ScenarioSummary

app = typer.Typer(
    help="Who leads frontier AI in 2028, and why: a calibrated Monte Carlo model.",
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=False,
)
out = Console()
err = Console(stderr=True)

SHIPPED = ("current-policy", "pull-ahead", "catch-up")
Samples = Annotated[int, typer.Option("--samples", "-n", help="Number of samples per scenario.")]
Seed = Annotated[int, typer.Option("--seed", help="Seed of the quasi-random sampler (0 or more).")]
Chunk = Annotated[int, typer.Option("--chunk-size", help="Samples simulated at once (memory bound).")]
Horizon = Annotated[str, typer.Option("--horizon", help="Last simulated month, YYYY-MM.")]
Format = Annotated[str, typer.Option("--format", help="table or json.")]


def check_counts(samples: int, seed: int, chunk_size: int) -> None:
    """Options typer cannot bound with a message that names the value."""
    for option, value, low in (("--samples", samples, 1), ("--seed", seed, 0), ("--chunk-size", chunk_size, 1)):
        if value < low:
            raise LeadsimError(problem(f"option {option}", "value", value, f"a whole number >= {low}"))


def parse_span(horizon: str) -> Span:
    span = Span(horizon)
    try:
        if span.n_months < 24:
            raise ValueError
    except ValueError:
        raise LeadsimError(problem("option --horizon", "value", horizon, "a YYYY-MM month from 2024-12 on")) from None
    return span


def parse_at(text: str, span: Span) -> list[str]:
    """``--at 2027-06,2028-12`` -> months, each checked against the simulated span."""
    months = [m.strip() for m in text.split(",") if m.strip()]
    if not months:
        raise LeadsimError(problem("option --at", "value", text, "comma-separated YYYY-MM months"))
    for m in months:
        try:
            span.index(m)
        except ValueError:
            raise LeadsimError(problem("option --at", "month", m, span.allowed)) from None
    return months


def check_format(value: str, allowed: tuple[str, ...] = ("table", "json")) -> str:
    if value not in allowed:
        raise LeadsimError(problem("option --format", "value", value, " | ".join(allowed)))
    return value


def progress_bar(samples: int) -> tuple[Progress, callable]:
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

    return bar, on_start


def scenario_table(summary: ScenarioSummary) -> Table:
    return lead_table(summary.scenario.name, summary.to_json(), summary.dates)


def run_compare(
    refs: list[str],
    samples: int,
    seed: int,
    at: list[str],
    chunk_size: int,
    span: Span,
    show_progress: bool,
    capture: Capture | None = None,
) -> tuple[dict, list[ScenarioSummary]]:
    options = {"samples": samples, "seed": seed, "at": at, "chunk_size": chunk_size, "span": span}
    options["observe"] = capture.observe if capture else None
    if not show_progress:
        return compare(refs, **options)
    bar, on_start = progress_bar(samples)
    with bar:
        return compare(refs, on_start=on_start, **options)


@app.command()
def run(
    samples: Samples = 10_000,
    seed: Seed = 0,
    chunk_size: Chunk = DEFAULT_CHUNK,
    horizon: Horizon = DEFAULT_HORIZON,
    store: StoreOption = None,
    no_store: NoStore = False,
    keep_samples: KeepSamples = False,
    report_file: Annotated[Path | None, typer.Option("--report", help="HTML report file to write.")] = None,
) -> None:
    """The main job: the three shipped scenarios side by side at the end of 2026-2028; saves the run and a report."""
    check_counts(samples, seed, chunk_size)
    span = parse_span(horizon)
    where = Store(store) if no_store else Store(store).check()
    capture = Capture(span, list(DEFAULT_AT), keep_samples=keep_samples)
    document, summaries = run_compare(list(SHIPPED), samples, seed, list(DEFAULT_AT), chunk_size, span, True, capture)
    record = capture.record("run", document)
    if not no_store:
        save(record, where)
    for summary in summaries:
        out.print(scenario_table(summary))
    out.print("Lead in months (p5/p50/p95); P: probability of the essay's two worlds; US:CN: compute ratio.")
    out.print(
        "Lead: months by which the US frontier is ahead of China's (negative: China ahead). "
        "Every number is conditional on the model's assumptions: `leadsim params` lists them."
    )
    out.print(f"Report: {write_report(record, report_file or report_path(where, record.id))}", soft_wrap=True)


@app.command("compare")
def compare_cmd(
    scenarios: Annotated[list[str], typer.Argument(help="Shipped names or YAML paths.")],
    samples: Samples = 10_000,
    seed: Seed = 0,
    at: Annotated[str, typer.Option("--at", help="Comma-separated months YYYY-MM.")] = ",".join(DEFAULT_AT),
    chunk_size: Chunk = DEFAULT_CHUNK,
    horizon: Horizon = DEFAULT_HORIZON,
    format: Format = "table",
    store: StoreOption = None,
    no_store: NoStore = False,
    keep_samples: KeepSamples = False,
) -> None:
    """Scenarios side by side: lead, the essay's two worlds, compute ratio, at chosen months; saves the run."""
    check_format(format)
    check_counts(samples, seed, chunk_size)
    span = parse_span(horizon)
    months = parse_at(at, span)
    where = None if no_store else Store(store).check()
    capture = None if no_store else Capture(span, months, keep_samples=keep_samples)
    document, summaries = run_compare(scenarios, samples, seed, months, chunk_size, span, format == "table", capture)
    if capture is not None:
        save(capture.record("compare", document), where)
    if format == "json":
        sys.stdout.write(json.dumps(document, indent=2, sort_keys=False) + "\n")
    else:
        for summary in summaries:
            out.print(scenario_table(summary))


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
        }
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
        return
    table = Table(title="Parameters", show_lines=False)
    for col in ("name", "unit", "default", "distribution", "bounds", "sources"):
        table.add_column(col, overflow="fold")
    for p in registry.parameters.values():
        dist = p.distribution.model_dump()
        kind = dist.pop("kind")
        table.add_row(
            p.name,
            p.unit,
            f"{p.default:g}",
            f"{kind}({', '.join(f'{k}={v:g}' for k, v in dist.items())})",
            f"[{p.bounds[0]:g}, {p.bounds[1]:g}]",
            ", ".join(p.sources),
        )
    out.print(table)


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


app.add_typer(runs_app, name="runs")
app.command("report")(report)


def main() -> None:
    """Entry point: bad input ends with one clear message and exit status 2, never a traceback."""
    try:
        app()
    except LeadsimError as exc:
        err.print(str(exc), markup=False, highlight=False, soft_wrap=True)
        sys.exit(2)
