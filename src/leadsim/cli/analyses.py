"""What every analysis command shares: its options, and run -> save -> show (JSON or a table)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn
from rich.table import Table

from leadsim.calendar import DEFAULT_HORIZON, Span
from leadsim.cli.options import parse_at
from leadsim.cli.runs import saved
from leadsim.engine.spec import DEFAULT_CHUNK
from leadsim.errors import LeadsimError, problem
from leadsim.results import Store
from leadsim.results.record import analysis_record
from leadsim.scenarios import Scenario

out = Console()
err = Console(stderr=True)

At = Annotated[str, typer.Option("--at", help="Month at which the lead is judged, YYYY-MM.")]
Seed = Annotated[str, typer.Option("--seed", help="Seed (0 or more).")]
ChunkSize = Annotated[str, typer.Option("--chunk-size", help="Samples simulated at once.")]
Horizon = Annotated[str, typer.Option("--horizon", help="Last simulated month, YYYY-MM.")]
Prior = Annotated[bool, typer.Option("--prior", help="Use the uncalibrated prior ensemble.")]
Format = Annotated[str, typer.Option("--format", help="table or json.")]
DEFAULTS = {"seed": "0", "chunk_size": str(DEFAULT_CHUNK), "horizon": DEFAULT_HORIZON}


def one_month(option: str, text: str, span: Span) -> int:
    """A single ``YYYY-MM`` month inside the span, as an index."""
    months = parse_at(text, span) if "," not in text else []
    if len(months) != 1:
        raise LeadsimError(problem(f"option {option}", "value", text, "one YYYY-MM month"))
    return span.index(months[0])


def parse_number(option: str, text: str | None, low: float, high: float) -> float | None:
    """A number option within ``[low, high]``; None when not given."""
    if text is None:
        return None
    try:
        value = float(text)
    except ValueError:
        value = float("nan")
    if not low <= value <= high:
        raise LeadsimError(problem(f"option {option}", "value", text, f"a number from {low:g} to {high:g}"))
    return value


def run_and_show(
    command: str, run: Callable, samples: int, scenarios: list[Scenario], *, store: Store | None, format: str,
    table: Callable[[dict], Table],
) -> None:  # fmt: skip
    """Run (a progress bar on stderr for tables), save the run unless ``store`` is None, print JSON or the table.

    ``run(advance=...)`` returns the analysis document; the input has been checked before this.
    """
    if format == "json":
        document = run(advance=None)
    else:
        bar = Progress(TextColumn(command), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(), console=err)
        with bar:
            task = bar.add_task(command, total=samples)
            document = run(advance=lambda n: bar.advance(task, n))
    if store is not None:
        record = analysis_record(command, document, scenarios)
        store.save(record)
        saved(record, store)
    if format == "json":
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
    else:
        out.print(table(document))
