"""The tables of ``run``, ``compare`` and ``runs show``: a scenario's lead, the dials, the milestones.

Imported by those commands when they run (it loads the results package), never at start-up.
"""

from __future__ import annotations

from collections.abc import Callable

from rich.table import Table

from leadsim.cli.console import new_table, out
from leadsim.cli.differences import differences_table
from leadsim.dims import BLOCS
from leadsim.results.report_tables import HEADLINE, fmt, headline_cells


def lead_table(name: str, data: dict, dates: list[str]) -> Table:
    """One scenario's summary (the compare JSON of it) at the reported months."""
    calibration = data.get("calibration", {"calibrated": False})
    weighting = (
        f"calibrated members: effective samples {calibration['effective_sample_size']:.0f}"
        if calibration["calibrated"]
        else f"prior: effective samples {data.get('effective_samples', 0):.0f}"
    )
    columns = ("month", *HEADLINE)
    table = new_table(f"{name}  ({weighting}; failed samples: {data['failed_samples']})", columns, right=columns)
    for date in dates:
        table.add_row(date, *headline_cells(data, date))
    table.caption = "P: probability ± its Monte Carlo error (one sd), rounded to what the error supports."
    return table


def share(x: float | None) -> str:
    return "-" if x is None else f"{100 * x:.0f}%"


def pair(data: dict, name: str, date: str, show: Callable[[float | None], str]) -> str:
    """The p50 of a per-bloc dial for every bloc, as ``us/cn``."""
    return "/".join(show(data[name][b][date]["p50"]) for b in BLOCS)


def dials_table(name: str, data: dict, dates: list[str]) -> Table:
    """The dials at the reported months (medians), compactly; resilience is marked speculative."""
    columns = ("month", "adoption", "world share", "resilience*", "safety margin (mo)")
    table = new_table(f"{name}: dials (p50, {'/'.join(BLOCS)})", columns, right=columns)
    for date in dates:
        table.add_row(
            date,
            pair(data, "adoption", date, share),
            pair(data, "global_share", date, share),
            pair(data, "resilience", date, lambda x: fmt(x, 2)),
            pair(data, "safety_margin_months", date, fmt),
        )
    return table


def milestone_lines(data: dict) -> list[str]:
    """One line per security milestone: when each bloc reaches it (p50), and the window between them."""
    lines = []
    for name, entry in data.get("milestones", {}).items():
        reach = ", ".join(f"{b} {entry[b]['p50'] or 'later'} (P {fmt(entry[b]['p_reached'], 2)})" for b in BLOCS)
        lines.append(f"  {name}: {reach}; window p50 {fmt(entry['window_months']['p50'], 0)} months")
    return lines


def print_summaries(document: dict) -> None:
    """Each scenario of a compare document: the headline table, the dials, the milestones; then the
    paired differences from the baseline, if any."""
    console = out()
    for name, data in document["scenarios"].items():
        console.print(lead_table(name, data, document["at"]))
        console.print(dials_table(name, data, document["at"]))
        console.print("Security milestones (first month reached, p50):", highlight=False)
        for line in milestone_lines(data):
            console.print(line, highlight=False, markup=False)
    if "differences" in document:
        console.print(differences_table(document))
