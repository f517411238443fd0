"""The ``leadsim levers`` command: each differing lever's share of a scenario's gain (analysis/levers.py)."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from leadsim.analysis.levers import prepare, run_levers
from leadsim.calendar import DEFAULT_HORIZON
from leadsim.cli.delay import one_month
from leadsim.cli.options import check_format, parse_counts, parse_span
from leadsim.cli.runs import NoStore, StoreOption, saved
from leadsim.engine.spec import DEFAULT_CHUNK, RunSpec
from leadsim.registry import load_registry
from leadsim.results import Store
from leadsim.results.record import analysis_record
from leadsim.results.report_tables import fmt
from leadsim.scenarios import load_scenario

out = Console()
err = Console(stderr=True)


def levers_table(document: dict) -> Table:
    """Per lever: the mean gain alone, the mean loss when left out, the Shapley share; then the interactions."""
    title = f"{document['scenario']} over {document['base']}: lead at {document['at']}, months gained (mean)"
    table = Table(title=title, title_justify="left")
    for col in ("lever", "alone", "left out", "Shapley", "alone p5..p95"):
        table.add_column(col, justify="left" if col == "lever" else "right", no_wrap=col == "lever")
    for name, x in sorted(document["levers"].items(), key=lambda kv: -(kv[1]["shapley"] or 0)):
        alone = x["alone"]
        table.add_row(name, fmt(alone["mean"], 2), fmt(x["without"]["mean"], 2), fmt(x["shapley"], 2),
                      f"{fmt(alone['p5'], 2)}..{fmt(alone['p95'], 2)}")  # fmt: skip
    table.add_row("total", "", "", fmt(document["total"]["mean"], 2), "")
    pairs = "; ".join(f"{' x '.join(i['levers'])} {fmt(i['value'], 2)}" for i in document["interactions"])
    table.caption = f"Same samples for every combination of levers. Largest interactions: {pairs or 'none'}."
    return table


def levers_cmd(
    scenario: Annotated[str, typer.Argument(help="A shipped name or a YAML path.")],
    base: Annotated[str, typer.Option("--base", help="The scenario whose levers the gain is measured from.")],
    at: Annotated[str, typer.Option("--at", help="Month at which the lead is judged, YYYY-MM.")],
    samples: Annotated[str, typer.Option("--samples", "-n", help="Number of samples.")] = "1000",
    seed: Annotated[str, typer.Option("--seed", help="Seed (0 or more).")] = "0",
    chunk_size: Annotated[str, typer.Option("--chunk-size", help="Samples simulated at once.")] = str(DEFAULT_CHUNK),
    horizon: Annotated[str, typer.Option("--horizon", help="Last simulated month, YYYY-MM.")] = DEFAULT_HORIZON,
    prior: Annotated[bool, typer.Option("--prior", help="Use the uncalibrated prior ensemble.")] = False,
    store: StoreOption = None,
    no_store: NoStore = False,
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Lever attribution: each differing lever's gain alone, loss when left out, and exact Shapley share."""
    check_format(format)
    samples_n, seed_n, chunk = parse_counts(samples, seed, chunk_size)
    span = parse_span(horizon)
    registry = load_registry()
    month = one_month("--at", at, span)
    chosen, baseline = load_scenario(scenario, registry, span), load_scenario(base, registry, span)
    context = prepare(chosen, baseline, month, RunSpec(samples_n, seed_n, span, chunk, prior, ()), registry)
    where = None if no_store else Store(store).check()
    if format == "json":
        document = run_levers(context)
    else:
        bar = Progress(TextColumn("levers"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err)
        with bar:
            task = bar.add_task("levers", total=context.spec.samples)
            document = run_levers(context, advance=lambda n: bar.advance(task, n))
    if where is not None:
        record = analysis_record("levers", document, [chosen, baseline])
        where.save(record)
        saved(record, where)
    if format == "json":
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
    else:
        out.print(levers_table(document))
