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

    from leadsim.results import Store
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
    command: str, run: Callable, samples: int, scenarios: list[Scenario], *, store: Store | None, format: str,
    table: Callable[[dict], Table], chunk_size: int,
) -> None:  # fmt: skip
    """Run (a progress bar on a terminal for tables, the estimated time when long), print JSON or the table,
    then save the run unless ``store`` is None.

    ``run(advance=...)`` returns the analysis document; the input has been checked before this.
    """
    from leadsim.results.record import analysis_record

    if store is not None and format == "table":
        warn_store(store)
    with progress(samples, 1, chunk_size, bar=format == "table") as on_start:
        document = run(advance=on_start(command))
    if format == "json":
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
        sys.stdout.flush()
    else:
        out().print(table(document))
    if store is not None:
        record = analysis_record(command, document, scenarios)
        store.save(record)
        saved(record, store)
