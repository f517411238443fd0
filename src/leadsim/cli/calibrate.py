"""The ``leadsim calibrate`` command: history matching and backtest, as a table or JSON."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from leadsim.calendar import Span, format_month, parse_month
from leadsim.cli.console import new_table, out
from leadsim.cli.options import Chunk, ForceSamples, Seed, check_format, check_samples
from leadsim.cli.progress import progress
from leadsim.engine.spec import DEFAULT_CHUNK, RunSpec
from leadsim.errors import LeadsimError, problem

SHOWN_PARAMETERS = 10  # parameters listed in the table (JSON lists all)
SHOWN_MOVED = 5  # parameters whose median the data moved most


def parse_until(text: str | None) -> int | None:
    """``--until YYYY-MM`` -> month index, within the observed period."""
    from leadsim.calibration.observations import LAST_OBSERVED  # imported when the command runs: it loads scipy

    if text is None:
        return None
    allowed = f"a YYYY-MM month from {format_month(0)} to {LAST_OBSERVED}"
    try:
        month = parse_month(text)
    except ValueError:
        raise LeadsimError(problem("option --until", "value", text, allowed)) from None
    if not 0 <= month <= parse_month(LAST_OBSERVED):
        raise LeadsimError(problem("option --until", "value", text, allowed))
    return month


def calibrate(
    until: Annotated[str | None, typer.Option("--until", help="Calibrate on observations up to YYYY-MM.")] = None,
    samples: Annotated[int, typer.Option("--samples", "-n", min=1, help="Prior samples.")] = 10000,
    seed: Seed = 0,
    scenario: Annotated[str, typer.Option("--scenario", help="Shipped name or YAML path.")] = "current-policy",
    observations: Annotated[
        Path | None, typer.Option("--observations", help="Observations YAML (default: the shipped file).")
    ] = None,
    chunk_size: Chunk = DEFAULT_CHUNK,
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    force: ForceSamples = False,
) -> None:
    """History matching on the observed race (2023-2025): prior vs posterior, narrowed parameters, backtest."""
    from leadsim.analysis.calibrate import calibrate as run_calibration
    from leadsim.calibration.observations import load_observations
    from leadsim.registry import load_registry
    from leadsim.scenarios import load_scenario

    check_format(format)
    check_samples(samples, force)
    month = parse_until(until)
    registry = load_registry()
    found = load_observations(registry, observations)
    resolved = load_scenario(scenario, registry, Span())
    spec = RunSpec(samples=samples, seed=seed, chunk_size=chunk_size, at=())
    with progress(samples, 1, chunk_size, bar=format == "table") as on_start:
        document = run_calibration(registry, resolved, found, spec, until=month, advance=on_start(resolved.name))
    if format == "json":
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
    else:
        print_tables(document, out())


def fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3g}"


def band(q: dict) -> str:
    return escape(f"{fmt(q['p50'])} [{fmt(q['p5'])}, {fmt(q['p95'])}]")


def right_aligned(title: str, columns: tuple[str, ...]) -> Table:
    """A table whose first column is left-aligned and the rest right-aligned; headers taken literally."""
    return new_table(title, columns, right=columns[1:])


def bounded(row: dict) -> str:
    return {"upper": "<= ", "lower": ">= "}.get(row.get("bound"), "") + fmt(row["observed"])


def print_tables(document: dict, out: Console) -> None:
    """Observations, narrowed parameters and the backtest, as rich tables."""
    head = f"{document['scenario']}: {document['samples']} samples, seed {document['seed']}"
    columns = ("observation", "date", "observed", "prior p50 [p5, p95]", "posterior p50 [p5, p95]", "I", "used")
    table = right_aligned(f"Observations ({head}; until {document['until'] or 'all'})", columns)
    for row in document["observations"]:
        table.add_row(
            row["name"],
            row["date"],
            bounded(row),
            band(row["prior"]),
            band(row["posterior"]),
            fmt(row["implausibility"]),
            "yes" if row["used"] else "no",
        )
    out.print(table)
    out.print(
        f"Effective sample size {document['effective_sample_size']:.0f} of {document['samples']}; "
        f"ruled out {document['ruled_out']} (implausibility > {document['cutoff']:g}); "
        "I: implausibility of the posterior median."
    )
    columns = ("parameter", "prior p50 [p5, p95]", "posterior p50 [p5, p95]", "width ratio", "shift")
    moved = sorted(document["parameters"], key=lambda r: -abs(r["shift"]))[:SHOWN_MOVED]
    for title, rows in (("narrowed most", document["parameters"][:SHOWN_PARAMETERS]), ("moved most", moved)):
        params = right_aligned(f"Parameters the data {title}", columns)
        for row in rows:
            params.add_row(
                row["name"], band(row["prior"]), band(row["posterior"]), fmt(row["width_ratio"]), fmt(row["shift"])
            )
        out.print(params)
    out.print("Width ratio: posterior over prior 90% width; shift: move of the median in prior 90% widths.")
    if document["backtest"]:
        print_backtest(document, out)


def print_backtest(document: dict, out: Console) -> None:
    columns = ("observation", "date", "observed", "predicted p50 [p5, p95]", "covered", "error")
    table = right_aligned(f"Backtest: observations after {document['until']}", columns)
    bounds = {row["name"]: row["bound"] for row in document["observations"]}
    for row in document["backtest"]:
        covered = "yes" if row["covered"] else "no"
        observed = bounded({**row, "bound": bounds[row["name"]]})
        table.add_row(row["name"], row["date"], observed, band(row["predicted"]), covered, fmt(row["error"]))
    out.print(table)
    out.print(f"90% intervals cover {document['backtest_coverage']:.0%} of the later observations.")
