"""Plotly figures of a stored run: every scenario on shared axes, one colour per scenario, blocs by line style.

The same scenario keeps the same colour in every chart of a report (``scenario_colours``); a
bloc is told by its line style (the US solid, China dashed), never by colour. Axis titles are
words ("months", "US:China ratio"), never unit codes. Figures are generic over variable names
and extra dims: an output added later (any dims) gets a chart without code here knowing it; titles
and axis words come from the output catalogue (model/outputs.py).
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from plotly.subplots import make_subplots

from leadsim.model.outputs import CATALOGUE
from leadsim.results.record import RunRecord
from leadsim.results.series import WORLDS

PALETTE = ("#1f5fbf", "#d9480f", "#2b8a3e", "#862e9c", "#c92a2a", "#0b7285", "#5c940d", "#a61e4d")
BLOC_DASH = {"us": "solid", "cn": "dash"}  # further blocs: OTHER_DASHES in turn
OTHER_DASHES = ("dot", "dashdot", "longdash")
BLOC_NAMES = {"us": "US", "cn": "China"}
REGION_NAMES = {"allies": "Allies", "china": "China", "global_south": "Global South", "contested": "Contested"}
WORLD_TITLES = {  # the probabilities the store keeps beside the catalogue's outputs
    "p_lead_at_least_12": "P(lead >= 12 months): the essay's first world",
    "p_lead_at_most_3": "P(lead <= 3 months): the essay's second world",
}
AXIS_BY_UNIT = {"probability": "probability", "month": "months", "fraction": "share", "dimensionless": "ratio"}
LOG_UNITS = {"H100e", "H100e/month", "FLOP", "FLOP/s"}
LOG_VARIABLES = {"compute_ratio", "compute_ratio_owned"}


@dataclass
class Chart:
    """One figure of the report; ``wide`` spans the page's width. Its element id is given when rendered."""

    title: str
    figure: go.Figure
    wide: bool = False


def title_of(variable: str) -> str:
    """The output catalogue's title (model/outputs.py); a variable it does not know gets its name in words."""
    if variable in CATALOGUE:
        return CATALOGUE[variable].title
    return WORLD_TITLES.get(variable, variable.replace("_", " ").capitalize())


def axis_title(variable: str, units: str) -> str:
    """The y axis in words: the catalogue's, else the unit in words."""
    return CATALOGUE[variable].axis if variable in CATALOGUE else AXIS_BY_UNIT.get(units, units)


def scenario_colours(record: RunRecord) -> dict[str, str]:
    """One colour per scenario, in run order, used by every chart and table of the report."""
    return {name: PALETTE[i % len(PALETTE)] for i, name in enumerate(record.scenario_names)}


def dash_of(bloc: str | None, position: int = 0) -> str:
    """The line style of a bloc: solid for the US, dashed for China, others in turn; solid without blocs."""
    if bloc is None:
        return "solid"
    return BLOC_DASH.get(bloc, OTHER_DASHES[position % len(OTHER_DASHES)])


def rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def rows_of(record: RunRecord, variable: str) -> pd.DataFrame:
    return record.series[record.series["variable"] == variable]


def wants_log(frame: pd.DataFrame, units: str) -> bool:
    """Log axis for compute stocks, flows and ratios that stay positive; linear for anything else (leads, shares)."""
    if units not in LOG_UNITS and not frame["variable"].isin(LOG_VARIABLES).all():
        return False
    low = frame["p5"].to_numpy()
    low = low[np.isfinite(low)]
    return bool(low.size and low.min() > 0)


def fan_traces(frame: pd.DataFrame, name: str, colour: str, dash: str, *, inner: bool, legend: bool) -> list:
    """The 5-95% band (and with ``inner`` the 25-75% band) and the median, grouped under one legend entry."""
    x = frame["time"].tolist()
    common = {"x": x, "mode": "lines", "legendgroup": name, "hoverinfo": "skip", "showlegend": False}
    edge = {"width": 0, "color": colour}
    bands = [("p5", "p95", 0.10)] + ([("p25", "p75", 0.22)] if inner else [])
    traces = []
    for low, high, alpha in bands:
        traces.append(go.Scatter(y=frame[low], line=edge, **common))
        traces.append(go.Scatter(y=frame[high], line=edge, fill="tonexty", fillcolor=rgba(colour, alpha), **common))
    traces.append(
        go.Scatter(
            x=x,
            y=frame["p50"],
            mode="lines",
            name=name,
            legendgroup=name,
            showlegend=legend,
            line={"color": colour, "width": 2, "dash": dash},
            customdata=frame[["p5", "p95"]].to_numpy(),
            hovertemplate=f"{name} %{{x}}: median %{{y:.3g}}, 5-95%: %{{customdata[0]:.3g}} to %{{customdata[1]:.3g}}"
            "<extra></extra>",
        )  # fmt: skip
    )
    return traces


def layout(title: str, y_title: str, record: RunRecord, *, log: bool = False, marks: bool = True) -> dict:
    """Common layout: the reported months as dotted lines, legend below, y axis titled in words."""
    lines = [
        {"type": "line", "xref": "x", "yref": "paper", "x0": d, "x1": d, "y0": 0, "y1": 1,
         "line": {"dash": "dot", "width": 1, "color": "#888"}}
        for d in (record.at if marks else ())
    ]  # fmt: skip
    return {
        "template": "none",
        "title": {"text": title, "font": {"size": 14}},
        "height": 380,
        "margin": {"l": 90, "r": 20, "t": 50, "b": 40},
        "legend": {"orientation": "h", "y": -0.15},
        "yaxis": {"title": {"text": y_title}, "type": "log" if log else "linear"},
        "xaxis": {"type": "date"},
        "hovermode": "closest",
        "shapes": lines,
    }


def label(scenario: str, bloc: str | None, blocs: int) -> str:
    return scenario if bloc is None or blocs < 2 else f"{scenario} · {BLOC_NAMES.get(bloc, bloc)}"


def overlay(record: RunRecord, variable: str, units: str) -> go.Figure:
    """Every scenario's fan of one variable on shared axes; one fan per bloc (line style) where it has blocs."""
    rows = rows_of(record, variable)
    colours = scenario_colours(record)
    keys = list(dict.fromkeys(rows["coords"]))
    traces = []
    for scenario in record.scenario_names:
        mine = rows[rows["scenario"] == scenario]
        for position, key in enumerate(keys):
            bloc = json.loads(key).get("bloc")
            frame = mine[mine["coords"] == key].sort_values("time")
            name = label(scenario, bloc, len(keys))
            traces += fan_traces(frame, name, colours[scenario], dash_of(bloc, position), inner=len(keys) == 1,
                                 legend=True)  # fmt: skip
    figure_layout = layout(title_of(variable), axis_title(variable, units), record, log=wants_log(rows, units))
    return go.Figure(data=traces, layout=figure_layout)


def small_multiples(record: RunRecord, variable: str, units: str, panel_dim: str) -> go.Figure:
    """One panel per label of ``panel_dim`` (e.g. region), shared axes; scenarios by colour, blocs by line style."""
    rows = rows_of(record, variable)
    coords = {key: json.loads(key) for key in dict.fromkeys(rows["coords"])}
    panels = list(dict.fromkeys(c.get(panel_dim) for c in coords.values()))
    cols = 2 if len(panels) > 1 else 1
    grid = -(-len(panels) // cols)
    titles = [REGION_NAMES.get(p, str(p).replace("_", " ").capitalize()) for p in panels]
    figure = make_subplots(rows=grid, cols=cols, shared_xaxes=True, shared_yaxes=True, subplot_titles=titles,
                           vertical_spacing=0.12, horizontal_spacing=0.06)  # fmt: skip
    colours = scenario_colours(record)
    for i, panel in enumerate(panels):
        keys = [k for k, c in coords.items() if c.get(panel_dim) == panel]
        for scenario in record.scenario_names:
            for position, key in enumerate(keys):
                bloc = coords[key].get("bloc")
                frame = rows[(rows["scenario"] == scenario) & (rows["coords"] == key)].sort_values("time")
                name = label(scenario, bloc, len(keys))
                for trace in fan_traces(frame, name, colours[scenario], dash_of(bloc, position), inner=False,
                                        legend=i == 0):  # fmt: skip
                    figure.add_trace(trace, row=i // cols + 1, col=i % cols + 1)
    figure.update_layout(**{**layout(title_of(variable), "", record, marks=False), "height": 300 * grid + 120})
    figure.update_yaxes(title_text=axis_title(variable, units), col=1)
    if units == "fraction":
        figure.update_yaxes(range=[0, 1])
    return figure


def worlds_over_time(record: RunRecord) -> go.Figure:
    """The probabilities of the essay's two worlds at every month: colour per scenario, line style per world."""
    colours = scenario_colours(record)
    traces = []
    for scenario in record.scenario_names:
        for name, dash in zip(WORLDS, ("solid", "dash"), strict=True):
            rows = rows_of(record, name)
            rows = rows[rows["scenario"] == scenario]
            text = f"{scenario}: {'lead >= 12' if dash == 'solid' else 'lead <= 3'}"
            line = {"color": colours[scenario], "dash": dash}
            traces.append(go.Scatter(x=rows["time"], y=rows["mean"], mode="lines", name=text, line=line))
    figure = go.Figure(data=traces, layout=layout("The essay's two worlds over time", "probability", record))
    figure.update_yaxes(range=[0, 1])
    return figure


def worlds_at_dates(record: RunRecord, name: str) -> go.Figure:
    """One world's probability at the reported months, a bar per scenario (the headline table's numbers)."""
    colours = scenario_colours(record)
    traces = []
    for scenario in record.scenario_names:
        values = record.summary["scenarios"][scenario][name]
        n = record.samples - record.summary["scenarios"][scenario]["failed_samples"]
        text = [f"0 of {n:,}" if p == 0 else f"{p:.2f}" for p in values.values()]  # an empty bar says why
        traces.append(go.Bar(x=list(values), y=list(values.values()), name=scenario, marker_color=colours[scenario],
                             text=text, textposition="outside", textangle=-90, cliponaxis=False))  # fmt: skip
    figure = go.Figure(data=traces, layout=layout(title_of(name), "probability", record, marks=False))
    figure.update_layout(barmode="group", xaxis={"type": "category", "title": {"text": "reported month"}})
    figure.update_yaxes(range=[0, 1])
    return figure


def chart_of(record: RunRecord, variable: str) -> Chart:
    """The chart a stored variable gets: small multiples over its first dim besides bloc, else an overlay."""
    row = record.variables.set_index("variable").loc[variable]
    other = [d for d in json.loads(row["dims"]) if d != "bloc"]
    if other:
        return Chart(title_of(variable), small_multiples(record, variable, row["units"], other[0]), wide=True)
    return Chart(title_of(variable), overlay(record, variable, row["units"]))
