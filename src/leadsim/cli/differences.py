"""The table of paired differences from ``compare --baseline`` (the option is in ``cli.options``).

Imported by the commands when they print (it loads the results package), never at start-up.
"""

from __future__ import annotations

from rich.table import Table

from leadsim.cli.console import new_table
from leadsim.results.report_tables import fmt


def differences_table(document: dict) -> Table:
    """Per scenario and month: the paired lead difference (p5, p50, p95), P(difference > 0), and the
    scenario's compute ratio over the baseline's."""
    baseline = document["baseline"]
    columns = ("scenario", "month", "lead diff p5", "p50", "p95", "P(diff > 0)", "compute ratio x p50")
    title = f"Paired differences from {baseline} (same samples, scenario minus baseline)"
    table = new_table(title, columns, right=columns[1:], keep=("scenario",))
    for name, diff in document["differences"].items():
        for date in document["at"]:
            lead, ratio = diff["lead_months"][date], diff["compute_ratio"][date]
            table.add_row(name, date, fmt(lead["p5"]), fmt(lead["p50"]), fmt(lead["p95"]),
                          fmt(diff["p_positive"][date], 2), fmt(ratio["p50"], 2) + "x")  # fmt: skip
    table.caption = (
        "Months of lead gained (+) or lost (-) against the baseline; compute ratio divided by the baseline's."
    )
    return table
