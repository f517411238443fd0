"""What every analysis command shares: its options, and run -> show (JSON or a table) -> save.

Like ``run`` and ``compare``, an analysis shows its results before it touches the store, so a
store that cannot take the run costs the save, never the results (one error line after them).
Nothing heavy is imported here: ``leadsim --help`` loads this module.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Annotated

import typer

from leadsim.calendar import DEFAULT_HORIZON, Span
from leadsim.cli.console import out
from leadsim.cli.options import parse_at
from leadsim.cli.progress import progress
from leadsim.cli.runs import saved, warn_store
from leadsim.engine.spec import DEFAULT_CHUNK
from leadsim.errors import LeadsimError, problem

if TYPE_CHECKING:
    from rich.table import Table

    from leadsim.scenarios import Scenario

At = Annotated[str, typer.Option("--at", help="Month at which the lead is judged, YYYY-MM.")]
Format = Annotated[str, typer.Option("--format", help="table or json.")]
DEFAULTS = {"chunk_size": DEFAULT_CHUNK, "horizon": DEFAULT_HORIZON}


def one_month(option: str, text: str, span: Span) -> int:
    """A single ``YYYY-MM`` month inside the span, as an index."""
    months = parse_at(text, span) if "," not in text else []
    if len(months) != 1:
        raise LeadsimError(problem(f"option {option}", "value", text, "one YYYY-MM month"))
    return span.index(months[0])


def run_and_show(
    command: str, run: Callable, context: object, samples: int, scenarios: list[Scenario], *,
    table: Callable[[dict], Table], store: str | None, no_store: bool, format: str, chunk_size: int,
    workers: int | None, scheduler: str | None,
) -> None:  # fmt: skip
    """Run on the chosen executor (a progress bar on a terminal for tables, the estimated time when long),
    print JSON or the table, then save the run unless ``no_store``: the options every analysis shares.

    ``run(context, advance=..., map_chunks=...)`` returns the analysis document; the input has been
    checked before this.
    """
    from leadsim.engine.executor import open_executor
    from leadsim.results import Store
    from leadsim.results.record import analysis_record

    target = None if no_store else Store(store)
    if target is not None and format == "table":
        warn_store(target)
    with (
        open_executor(workers=workers, scheduler=scheduler) as executor,
        progress(samples, 1, chunk_size, bar=format == "table") as on_start,
    ):
        document = run(context, advance=on_start(command), map_chunks=executor.map)
    if format == "json":
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
        sys.stdout.flush()
    else:
        out().print(table(document))
    if target is not None:
        record = analysis_record(command, document, scenarios)
        target.save(record)
        saved(record, target)
