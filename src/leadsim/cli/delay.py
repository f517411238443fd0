"""The ``leadsim delay`` command: the cost of enacting a lever later (analysis/delay.py)."""

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


def delay_table(document: dict) -> Table:
    """Per lever and enactment month: the lead at ``at``, P(lead >= 12), and the paired gain over the lever off."""
    from leadsim.results.report_tables import fmt

    columns = ("lever", "enacted", "lead p5", "p50", "p95", "P(>=12)", "gain p5", "gain p50", "gain p95")
    title = f"{document['scenario']}: cost of delay, lead at {document['at']}"
    table = new_table(title, columns, right=columns[2:], keep=("enacted",))
    for c in document["curves"]:
        for p in c["points"]:
            lead, gain = p["lead_months"], p["difference"]
            cells = [fmt(lead[k]) for k in ("p5", "p50", "p95")] + [fmt(p["p_lead_at_least_12"], 2)]
            table.add_row(c["lever"], p["enacted"], *cells, *(fmt(gain[k]) for k in ("p5", "p50", "p95")))
    deadlines = "; ".join(f"{c['lever']}: {c['deadline']['enacted'] or 'none'}" for c in document["curves"])
    target = document["curves"][0]["deadline"]["p_target"] if document["curves"] else None
    table.caption = (f"Gain: months of lead over the same samples with the lever off. Latest month with "
                     f"P(lead >= 12) >= {target}: {deadlines}.")  # fmt: skip
    return table


def delay_cmd(
    scenario: Annotated[str, typer.Argument(help="A shipped name or a YAML path.")],
    lever: Annotated[list[str], typer.Option("--lever", help="A lever to delay (repeat for several).")],
    first: Annotated[str, typer.Option("--from", help="First enactment month, YYYY-MM.")],
    last: Annotated[str, typer.Option("--to", help="Last enactment month, YYYY-MM.")],
    at: At,
    step: Annotated[int, typer.Option("--step", min=1, help="Months between enactment months.")] = 6,
    target_p: Annotated[
        float, typer.Option("--target-p", min=0.0, max=1.0, help="Target P(lead >= 12) for the deadline.")
    ] = 0.9,
    strength: Annotated[
        float | None, typer.Option("--strength", min=0.0, max=1.0, help="Strength when enacted (0..1).")
    ] = None,
    regime: Annotated[str | None, typer.Option("--regime", help="Export regime when enacted.")] = None,
    samples: Annotated[int, typer.Option("--samples", "-n", min=1, help="Number of samples.")] = 2000,
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
    """Cost of delay: the lead at --at for each enactment month of each lever, paired against the lever off."""
    from leadsim.analysis.delay import DelayQuestion, enactment_months, prepare, run_delay
    from leadsim.registry import load_registry
    from leadsim.scenarios import load_scenario

    check_format(format)
    span = parse_span(horizon)
    months = enactment_months(one_month("--from", first, span), one_month("--to", last, span), step)
    registry = load_registry()
    question = DelayQuestion(
        load_scenario(scenario, registry, span), tuple(lever), months, one_month("--at", at, span), target_p,
        strength, regime,
    )  # fmt: skip
    context = prepare(question, RunSpec(samples, seed, span, chunk_size, prior, ()), registry)
    run_and_show("delay", run_delay, context, context.spec.samples, [question.scenario], table=delay_table,
                 store=store, no_store=no_store, format=format,
                 chunk_size=chunk_size, workers=workers, scheduler=scheduler)  # fmt: skip
