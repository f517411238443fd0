"""The ``leadsim sensitivity`` command: Sobol (and delta) indices of an output at a month (analysis/sensitivity.py)."""

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

TOP = 20  # parameters shown in the table, by total index


def cells(x: dict, key: str) -> tuple[str, str]:
    from leadsim.results.report_tables import fmt

    return fmt(x[key], 3), fmt(x[key + "_conf"], 3)


def sensitivity_table(document: dict) -> Table:
    """The top parameters by total index (S1 and ST with their intervals), then every group."""
    from leadsim.results.report_sensitivity import by_total

    title = f"{document['scenario']}: sensitivity of {document['output']} at {document['at']} (Sobol indices)"
    delta = document.get("delta", {}).get("parameters", {})
    columns = ("factor", "S1", "± S1", "ST", "± ST") + (("delta", "± delta") if delta else ())
    table = new_table(title, columns, right=columns[1:], keep=columns[1:])
    blank = ("", "") if delta else ()
    for name, x in by_total(document["parameters"])[:TOP]:
        extra = cells(delta[name], "delta") if name in delta else blank
        table.add_row(name, *cells(x, "S1"), *cells(x, "ST"), *extra)
    table.add_section()
    for name, x in by_total(document["groups"]):
        table.add_row(f"group {name}", *cells(x, "S1"), *cells(x, "ST"), *blank)
    failed = document["failed"]["parameters"]
    table.caption = (f"Top {TOP} of {len(document['parameters'])} factors by total index; ± half-width of the "
                     f"{document['mc_error']['conf_level']:.0%} bootstrap interval. {document['base_samples']} base "
                     f"samples on the prior's independent marginals; {failed['base_samples_dropped']} dropped for "
                     "failed trajectories. Joined names (a+b): correlated parameters, as one factor.")  # fmt: skip
    return table


def sensitivity_cmd(
    scenario: Annotated[str, typer.Argument(help="A shipped name or a YAML path.")],
    output: Annotated[str, typer.Option("--output", help="Output judged, e.g. lead_months or frontier.us.")],
    at: At,
    base_samples: Annotated[
        int, typer.Option("--base-samples", min=1, help="Sobol base samples, a power of two (e.g. 512).")
    ] = 512,
    method: Annotated[str, typer.Option("--method", help="sobol, or delta (adds delta on the members).")] = "sobol",
    samples: Annotated[int, typer.Option("--samples", "-n", min=1, help="Samples for the delta measure.")] = 1000,
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
    """Global sensitivity: Sobol first and total indices of an output at a month, per parameter and group."""
    from leadsim.analysis.sensitivity import prepare, progress_total, run_sensitivity, target
    from leadsim.registry import load_registry
    from leadsim.scenarios import load_scenario

    check_format(format)
    span = parse_span(horizon)
    judged = target(output, one_month("--at", at, span))
    registry = load_registry()
    chosen = load_scenario(scenario, registry, span)
    spec = RunSpec(samples, seed, span, chunk_size, prior, ())
    context = prepare(chosen, judged, spec, base_samples=base_samples, method=method, registry=registry)
    run_and_show("sensitivity", run_sensitivity, context, progress_total(context), [chosen],
                 table=sensitivity_table, store=store, no_store=no_store, format=format,
                 chunk_size=chunk_size, workers=workers, scheduler=scheduler)  # fmt: skip
