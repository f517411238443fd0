"""The ``leadsim levers`` command: each differing lever's share of a scenario's gain (analysis/levers.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from leadsim.cli.analyses import DEFAULTS, At, Format, one_month, run_and_show
from leadsim.cli.console import new_table
from leadsim.cli.options import (
    Chunk,
    Horizon,
    NoStore,
    Prior,
    Scheduler,
    Seed,
    StoreOption,
    Workers,
    check_format,
    parse_span,
)
from leadsim.engine.spec import RunSpec

if TYPE_CHECKING:
    from rich.table import Table


def levers_table(document: dict) -> Table:
    """Per lever: the mean gain alone, the mean loss when left out, the Shapley share; then the interactions."""
    from leadsim.results.report_tables import fmt

    title = f"{document['scenario']} over {document['base']}: lead at {document['at']}, months gained (mean)"
    columns = ("lever", "alone", "left out", "Shapley", "alone p5..p95")
    table = new_table(title, columns, right=columns[1:], keep=("lever",))
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
    samples: Annotated[int, typer.Option("--samples", "-n", min=1, help="Number of samples.")] = 1000,
    seed: Seed = 0,
    chunk_size: Chunk = DEFAULTS["chunk_size"],
    horizon: Horizon = DEFAULTS["horizon"],
    prior: Prior = False,
    store: StoreOption = None,
    no_store: NoStore = False,
    format: Format = "table",
    workers: Workers = None,
    scheduler: Scheduler = None,
) -> None:
    """Lever attribution: each differing lever's gain alone, loss when left out, and exact Shapley share."""
    from leadsim.analysis.levers import prepare, run_levers
    from leadsim.registry import load_registry
    from leadsim.scenarios import load_scenario

    check_format(format)
    span = parse_span(horizon)
    registry = load_registry()
    month = one_month("--at", at, span)
    chosen, baseline = load_scenario(scenario, registry, span), load_scenario(base, registry, span)
    context = prepare(chosen, baseline, month, RunSpec(samples, seed, span, chunk_size, prior, ()), registry)
    run_and_show("levers", run_levers, context, context.spec.samples, [chosen, baseline], table=levers_table,
                 store=store, no_store=no_store, format=format,
                 chunk_size=chunk_size, workers=workers, scheduler=scheduler)  # fmt: skip
