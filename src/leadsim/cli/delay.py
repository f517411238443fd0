"""The ``leadsim delay`` command: the cost of enacting a lever later (analysis/delay.py)."""

from __future__ import annotations

import json
import sys
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from leadsim.analysis.delay import DelayQuestion, enactment_months, prepare, run_delay
from leadsim.calendar import DEFAULT_HORIZON, Span
from leadsim.cli.options import check_format, parse_at, parse_counts, parse_span
from leadsim.cli.runs import NoStore, StoreOption, saved
from leadsim.engine.spec import DEFAULT_CHUNK, RunSpec
from leadsim.errors import LeadsimError, problem
from leadsim.registry import load_registry
from leadsim.results import Store
from leadsim.results.record import analysis_record
from leadsim.results.report_tables import fmt
from leadsim.scenarios import load_scenario

out = Console()
err = Console(stderr=True)


def one_month(option: str, text: str, span: Span) -> int:
    """A single ``YYYY-MM`` month inside the span, as an index."""
    months = parse_at(text, span) if "," not in text else []
    if len(months) != 1:
        raise LeadsimError(problem(f"option {option}", "value", text, "one YYYY-MM month"))
    return span.index(months[0])


def parse_number(option: str, text: str | None, low: float, high: float) -> float | None:
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:
        raise LeadsimError(problem(f"option {option}", "value", text, f"a number from {low:g} to {high:g}"))
    return value


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
    at: Annotated[str, typer.Option("--at", help="Month at which the lead is judged, YYYY-MM.")],
    step: Annotated[str, typer.Option("--step", help="Months between enactment months.")] = "6",
    target_p: Annotated[str, typer.Option("--target-p", help="Target P(lead >= 12) for the deadline.")] = "0.9",
    strength: Annotated[str | None, typer.Option("--strength", help="Strength when enacted (0..1).")] = None,
    regime: Annotated[str | None, typer.Option("--regime", help="Export regime when enacted.")] = None,
    samples: Annotated[str, typer.Option("--samples", "-n", help="Number of samples.")] = "2000",
    seed: Annotated[str, typer.Option("--seed", help="Seed (0 or more).")] = "0",
    chunk_size: Annotated[str, typer.Option("--chunk-size", help="Samples simulated at once.")] = str(DEFAULT_CHUNK),
    horizon: Annotated[str, typer.Option("--horizon", help="Last simulated month, YYYY-MM.")] = DEFAULT_HORIZON,
    prior: Annotated[bool, typer.Option("--prior", help="Use the uncalibrated prior ensemble.")] = False,
    store: StoreOption = None,
    no_store: NoStore = False,
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
) -> None:
    """Cost of delay: the lead at --at for each enactment month of each lever, paired against the lever off."""
    check_format(format)
    samples_n, seed_n, chunk = parse_counts(samples, seed, chunk_size)
    span = parse_span(horizon)
    months = enactment_months(one_month("--from", first, span), one_month("--to", last, span),
                              int(parse_number("--step", step, 1, span.n_months)))  # fmt: skip
    registry = load_registry()
    question = DelayQuestion(
        load_scenario(scenario, registry, span), tuple(lever), months, one_month("--at", at, span),
        parse_number("--target-p", target_p, 0.0, 1.0), parse_number("--strength", strength, 0.0, 1.0), regime,
    )  # fmt: skip
    context = prepare(question, RunSpec(samples_n, seed_n, span, chunk, prior, ()), registry)
    where = None if no_store else Store(store).check()
    if format == "json":
        document = run_delay(context)
    else:
        bar = Progress(TextColumn("delay"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err)
        with bar:
            task = bar.add_task("delay", total=context.spec.samples)
            document = run_delay(context, advance=lambda n: bar.advance(task, n))
    if where is not None:
        record = analysis_record("delay", document, [question.scenario])
        where.save(record)
        saved(record, where)
    if format == "json":
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
    else:
        out.print(delay_table(document))
