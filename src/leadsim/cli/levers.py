"""The ``leadsim levers`` command: each differing lever's share of a scenario's gain (analysis/levers.py)."""

from __future__ import annotations

from functools import partial
from typing import Annotated

import typer
from rich.table import Table

from leadsim.analysis.levers import prepare, run_levers
from leadsim.cli.analyses import DEFAULTS, At, ChunkSize, Format, Horizon, Prior, Seed, one_month, run_and_show
from leadsim.cli.options import Scheduler, Workers, check_format, parse_counts, parse_span, parse_workers
from leadsim.cli.runs import NoStore, StoreOption
from leadsim.engine.executor import open_executor
from leadsim.engine.spec import RunSpec
from leadsim.registry import load_registry
from leadsim.results import Store
from leadsim.results.report_tables import fmt
from leadsim.scenarios import load_scenario


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
    at: At,
    samples: Annotated[str, typer.Option("--samples", "-n", help="Number of samples.")] = "1000",
    seed: Seed = DEFAULTS["seed"],
    chunk_size: ChunkSize = DEFAULTS["chunk_size"],
    horizon: Horizon = DEFAULTS["horizon"],
    prior: Prior = False,
    store: StoreOption = None,
    no_store: NoStore = False,
    format: Format = "table",
    workers: Workers = None,
    scheduler: Scheduler = None,
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
    with open_executor(workers=parse_workers(workers), scheduler=scheduler) as executor:
        run = partial(run_levers, context, map_chunks=executor.map)
        run_and_show("levers", run, context.spec.samples, [chosen, baseline], store=where, format=format,
                     table=levers_table)  # fmt: skip
