"""The report of a ``sensitivity`` run: a tornado of total Sobol indices and the table of indices."""

from __future__ import annotations

import plotly.graph_objects as go
from plotly.subplots import make_subplots

from leadsim.results.charts import PALETTE
from leadsim.results.report_tables import fmt, table

TOP = 25  # parameters in the tornado

TITLE = "Sensitivity"
NOTE = (
    "Sobol indices on the prior's independent marginals: total (ST, the bar) and first-order (S1, the thin bar) "
    "share of the output's variance, with bootstrap intervals; top parameters by ST, then one bar per group "
    "(a registry file, or a section of one). Parameters the registry correlates are one factor (joined names)."
)


def by_total(indices: dict) -> list[tuple[str, dict]]:
    """Factors largest total index first (none last), ties by name."""
    return sorted(indices.items(), key=lambda kv: (-(kv[1]["ST"] if kv[1]["ST"] is not None else -1.0), kv[0]))


def tornado_traces(indices: list[tuple[str, dict]], legend: bool) -> list[go.Bar]:
    """ST bars with S1 overlaid, each with its interval; the largest at the top."""
    rows = indices[::-1]
    names = [n for n, _ in rows]

    def bar(key: str, colour: str, width: float) -> go.Bar:
        errors = {"type": "data", "array": [x[f"{key}_conf"] for _, x in rows], "thickness": 1}
        return go.Bar(y=names, x=[x[key] for _, x in rows], orientation="h", name=key, marker_color=colour,
                      width=width, showlegend=legend, legendgroup=key, error_x=errors)  # fmt: skip

    return [bar("ST", PALETTE[0], 0.8), bar("S1", PALETTE[1], 0.4)]


def sensitivity_figure(document: dict) -> go.Figure:
    """The tornado of total indices (top ``TOP`` parameters), and the groups under it."""
    top, groups = by_total(document["parameters"])[:TOP], by_total(document["groups"])
    figure = make_subplots(rows=2, cols=1, row_heights=[len(top), max(len(groups), 1)], vertical_spacing=0.06,
                           subplot_titles=(f"top {len(top)} parameters", "groups"))  # fmt: skip
    for trace in tornado_traces(top, legend=True):
        figure.add_trace(trace, row=1, col=1)
    for trace in tornado_traces(groups, legend=False):
        figure.add_trace(trace, row=2, col=1)
    title = f"{document['scenario']}: what drives {document['output']} at {document['at']}"
    figure.update_layout(template="none", title={"text": title, "font": {"size": 14}}, barmode="overlay",
                         height=260 + 22 * (len(top) + len(groups)), margin={"l": 320},
                         legend={"orientation": "h", "y": -0.05})  # fmt: skip
    figure.update_xaxes(title_text="Sobol index (share of variance)", row=2, col=1)
    return figure


def sensitivity_table(document: dict) -> str:
    """Every factor and group: S1, ST and their interval half-widths (and delta when it ran)."""
    delta = document.get("delta", {}).get("parameters", {})
    header = ("factor", "S1", "S1 conf", "ST", "ST conf") + (("delta", "delta conf") if delta else ())

    def row(name: str, x: dict) -> tuple:
        extra = (fmt(delta[name]["delta"], 3), fmt(delta[name]["delta_conf"], 3)) if name in delta else ("", "")
        extra = extra if delta else ()
        return (name, *(fmt(x[k], 3) for k in ("S1", "S1_conf", "ST", "ST_conf")), *extra)

    groups = [(f"group {n}", *(fmt(x[k], 3) for k in ("S1", "S1_conf", "ST", "ST_conf"))) for n, x in
              by_total(document["groups"])]  # fmt: skip
    return table(header[:5], groups) + table(header, [row(n, x) for n, x in by_total(document["parameters"])])
