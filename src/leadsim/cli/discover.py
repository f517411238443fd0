"""The ``leadsim discover`` command: PRIM boxes of the inputs under which a condition holds (analysis/discover.py)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from leadsim.cli.analyses import DEFAULTS, Format, run_and_show
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
    from rich.console import Group

Where = Annotated[
    str, typer.Option("--where", help="The condition: OUTPUT@YYYY-MM<=X or >=X, e.g. lead_months@2028-12<=6.")
]


def limit_text(value: float | str | None) -> str:
    """A box limit in a cell: a month or regime as given, a number to four significant digits, an open side empty."""
    return "" if value is None else value if isinstance(value, str) else f"{value:.4g}"


def discover_table(document: dict) -> Group:
    """Two tables: each box's mass and scores on both halves, then each box's limits."""
    from rich.console import Group

    from leadsim.results.report_tables import fmt

    title = f"{document['scenario']}: where {document['where']} (base rate {fmt(document['base_rate'], 4)})"
    columns = ("box", "mass", "coverage", "density", "test coverage", "test density")
    scores = new_table(title, columns, right=columns[1:])
    limits = new_table("Limits (an empty side is open)", ("box", "input", "from", "to"), keep=("input",))
    for i, box in enumerate(document["boxes"], start=1):
        scores.add_row(
            str(i), *(fmt(box[k], 3) for k in ("mass", "coverage", "density", "test_coverage", "test_density"))
        )
        for name, (low, high) in box["limits"].items():
            limits.add_row(str(i), name, limit_text(low), limit_text(high))
    found = "No box found" if not document["boxes"] else "Boxes found on even sample positions, scored on odd ones"
    scores.caption = (f"{found}. Coverage: share of the cases where the condition holds that are in the box; "
                      f"density: share of the box's cases where it holds. Failed samples left out: "
                      f"{document['failed']}.")  # fmt: skip
    return Group(scores, limits) if document["boxes"] else Group(scores)


def discover_cmd(
    scenario: Annotated[str, typer.Argument(help="A shipped name or a YAML path.")],
    where: Where,
    vary_levers: Annotated[
        bool, typer.Option("--vary-levers", help="Also draw each set lever's strength and enactment month per sample.")
    ] = False,
    samples: Annotated[int, typer.Option("--samples", "-n", min=1, help="Number of samples.")] = 4000,
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
    """Scenario discovery: PRIM boxes of parameters (and lever settings) under which --where holds."""
    from leadsim.analysis.discover import prepare, run_discover
    from leadsim.analysis.where import parse_where
    from leadsim.registry import load_registry
    from leadsim.scenarios import load_scenario

    check_format(format)
    span = parse_span(horizon)
    condition = parse_where(where, span)
    registry = load_registry()
    chosen = load_scenario(scenario, registry, span)
    spec = RunSpec(samples, seed, span, chunk_size, prior, ())
    context = prepare(chosen, condition, spec, vary_levers=vary_levers, registry=registry)
    run_and_show("discover", run_discover, context, context.spec.samples, [chosen], table=discover_table,
                 store=store, no_store=no_store, format=format,
                 chunk_size=chunk_size, workers=workers, scheduler=scheduler)  # fmt: skip
