"""The ``leadsim delay`` command: the cost of enacting a lever later (analysis/delay.py)."""

from __future__ import annotations

from functools import partial
from typing import Annotated

import typer
from rich.table import Table

from leadsim.analysis.delay import DelayQuestion, enactment_months, prepare, run_delay
from leadsim.cli.analyses import (
    DEFAULTS,
    At,
    ChunkSize,
    Format,
    Horizon,
    Prior,
    Seed,
    one_month,
    parse_number,
    run_and_show,
)  # fmt: skip
from leadsim.cli.options import Scheduler, Workers, check_format, parse_count, parse_counts, parse_span, parse_workers
from leadsim.cli.runs import NoStore, StoreOption
from leadsim.engine.executor import open_executor
from leadsim.engine.spec import RunSpec
from leadsim.registry import load_registry
from leadsim.results import Store
from leadsim.results.report_tables import fmt
from leadsim.scenarios import load_scenario


def delay_table(document: dict) -> Table:
    """Per lever and enactment month: the lead at ``at``, P(lead >= 12), and the paired gain over the lever off."""
    table = Table(title=f"{document['scenario']}: cost of delay, lead at {document['at']}", title_justify="left")
    for col in ("lever", "enacted", "lead p5", "p50", "p95", "P(>=12)", "gain p5", "gain p50", "gain p95"):
        table.add_column(col, justify="left" if col == "lever" else "right", no_wrap=col in ("lever", "enacted"))
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
    step: Annotated[str, typer.Option("--step", help="Months between enactment months.")] = "6",
    target_p: Annotated[str, typer.Option("--target-p", help="Target P(lead >= 12) for the deadline.")] = "0.9",
    strength: Annotated[str | None, typer.Option("--strength", help="Strength when enacted (0..1).")] = None,
    regime: Annotated[str | None, typer.Option("--regime", help="Export regime when enacted.")] = None,
    samples: Annotated[str, typer.Option("--samples", "-n", help="Number of samples.")] = "2000",
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
    """Cost of delay: the lead at --at for each enactment month of each lever, paired against the lever off."""
    check_format(format)
    samples_n, seed_n, chunk = parse_counts(samples, seed, chunk_size)
    span = parse_span(horizon)
    months = enactment_months(one_month("--from", first, span), one_month("--to", last, span),
                              parse_count("--step", step, 1))  # fmt: skip
    registry = load_registry()
    question = DelayQuestion(
        load_scenario(scenario, registry, span), tuple(lever), months, one_month("--at", at, span),
        parse_number("--target-p", target_p, 0.0, 1.0), parse_number("--strength", strength, 0.0, 1.0), regime,
    )  # fmt: skip
    context = prepare(question, RunSpec(samples_n, seed_n, span, chunk, prior, ()), registry)
    where = None if no_store else Store(store).check()
    with open_executor(workers=parse_workers(workers), scheduler=scheduler) as executor:
        run = partial(run_delay, context, map_chunks=executor.map)
        run_and_show("delay", run, context.spec.samples, [question.scenario], store=where, format=format,
                     table=delay_table)  # fmt: skip
