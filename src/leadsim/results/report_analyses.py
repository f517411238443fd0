"""The report of an analysis run (``delay``, ``levers``): its chart and table, read from the stored document.

An analysis run's page has the run's facts, the analysis (``analysis``: chart and table), then the
parameters and sources (``ANALYSIS_SECTIONS``, which ``report.render`` uses for these commands).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from leadsim.results import report_sensitivity as sensitivity
from leadsim.results.charts import PALETTE, Chart, fan_traces
from leadsim.results.record import RunRecord
from leadsim.results.report_discover import DISCOVER, discover_table, trajectory_figure
from leadsim.results.report_sections import Section, SectionBuilder, facts, parameters, sources
from leadsim.results.report_tables import fmt, table

ANALYSES = {
    "delay": (
        "Cost of delay",
        "Months of lead at the judged month gained by each lever, by the month it is enacted, over the same "
        "samples with the lever off (paired); bands: 5-95% and 25-75%, line: median. The deadline is the latest "
        "enactment month whose P(lead >= 12) meets the target.",
    ),
    "levers": (
        "Lever attribution",
        "Each lever's Shapley share of the scenario's mean gain in lead over the base (exact over every "
        "combination of the levers, same samples): the bars add up to the total.",
    ),
    "discover": DISCOVER,
    "sensitivity": (sensitivity.TITLE, sensitivity.NOTE),
}


def delay_figure(document: dict) -> go.Figure:
    """One curve per lever: the paired gain against the enactment month, with bands, overlaid."""
    figure = go.Figure()
    for i, c in enumerate(document["curves"]):
        frame = pd.DataFrame([{"time": p["enacted"], **p["difference"]} for p in c["points"]])
        figure.add_traces(fan_traces(frame, c["lever"], PALETTE[i % len(PALETTE)], "solid", inner=True, legend=True))
    figure.update_layout(
        template="none",
        title={"text": f"{document['scenario']}: lead gained at {document['at']}", "font": {"size": 14}},
        height=400,
        legend={"orientation": "h", "y": -0.2},
        xaxis={"type": "date", "title": {"text": "enacted"}},
        yaxis={"title": {"text": "months of lead gained"}},
    )
    return figure


def delay_table(document: dict) -> str:
    header = ("lever", "enacted", "lead p50", "P(>=12)", "gain p5", "gain p50", "gain p95", "deadline")
    rows = [
        (c["lever"], p["enacted"], fmt(p["lead_months"]["p50"]), fmt(p["p_lead_at_least_12"], 3),
         fmt(p["difference"]["p5"]), fmt(p["difference"]["p50"]), fmt(p["difference"]["p95"]),
         c["deadline"]["enacted"] or "none")
        for c in document["curves"] for p in c["points"]
    ]  # fmt: skip
    return table(header, rows)


def waterfall_figure(document: dict) -> go.Figure:
    """Shapley shares as a waterfall, largest first, ending at the total mean gain."""
    shares = sorted(document["levers"].items(), key=lambda kv: -abs(kv[1]["shapley"] or 0))
    figure = go.Figure(
        go.Waterfall(
            x=[n for n, _ in shares] + ["total"],
            y=[x["shapley"] for _, x in shares] + [document["total"]["mean"]],
            measure=["relative"] * len(shares) + ["total"],
        )
    )
    title = f"{document['scenario']} over {document['base']}: lead gained at {document['at']}"
    figure.update_layout(template="none", title={"text": title, "font": {"size": 14}}, height=420,
                         yaxis={"title": {"text": "months of lead (mean)"}}, showlegend=False)  # fmt: skip
    return figure


def levers_table(document: dict) -> str:
    header = ("lever", "alone (mean)", "left out (mean)", "Shapley")
    rows = [(n, fmt(x["alone"]["mean"], 2), fmt(x["without"]["mean"], 2), fmt(x["shapley"], 2))
            for n, x in document["levers"].items()]  # fmt: skip
    pairs = [(" x ".join(i["levers"]), fmt(i["value"], 2)) for i in document["interactions"]]
    return table(header, rows) + table(("interaction", "months"), pairs)


FIGURES = {"delay": delay_figure, "levers": waterfall_figure, "discover": trajectory_figure,
           "sensitivity": sensitivity.sensitivity_figure}  # fmt: skip
TABLES = {"delay": delay_table, "levers": levers_table, "discover": discover_table,
          "sensitivity": sensitivity.sensitivity_table}  # fmt: skip


def analysis(record: RunRecord) -> Section | None:
    """The analysis's chart and table (None for a run of another command)."""
    if record.command not in ANALYSES:
        return None
    title, note = ANALYSES[record.command]
    chart = Chart(title, FIGURES[record.command](record.summary), wide=True)
    return Section(title, note, TABLES[record.command](record.summary), [chart])


ANALYSIS_SECTIONS: tuple[SectionBuilder, ...] = (facts, analysis, parameters, sources)
