"""The ``--baseline`` option of ``compare`` and the table of paired differences from the baseline."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.table import Table

from leadsim.results.report_tables import fmt

Baseline = Annotated[
    str | None,
    typer.Option("--baseline", help="A compared scenario: show every other one's paired difference from it."),
]


def differences_table(document: dict) -> Table:
    """Per scenario and month: the paired lead difference (p5, p50, p95), P(difference > 0), and the
    scenario's compute ratio over the baseline's."""
    baseline = document["baseline"]
    table = Table(title=f"Paired differences from {baseline} (same samples, scenario minus baseline)",
                  title_justify="left")  # fmt: skip
    for col in ("scenario", "month", "lead diff p5", "p50", "p95", "P(diff > 0)", "compute ratio x p50"):
        table.add_column(col, justify="right" if col not in ("scenario",) else "left")
    for name, diff in document["differences"].items():
        for date in document["at"]:
            lead, ratio = diff["lead_months"][date], diff["compute_ratio"][date]
            table.add_row(name, date, fmt(lead["p5"]), fmt(lead["p50"]), fmt(lead["p95"]),
                          fmt(diff["p_positive"][date], 2), fmt(ratio["p50"], 2) + "x")  # fmt: skip
    table.caption = (
        "Months of lead gained (+) or lost (-) against the baseline; compute ratio divided by the baseline's."
    )
    return table
