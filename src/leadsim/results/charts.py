"""Plotly figures of a stored run: fan charts over time, the essay's two worlds, any other output.

Charts are generic over variable names and extra dims, so outputs added later (the dials)
get their own fan charts without code here knowing their names.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from leadsim.results.record import RunRecord
from leadsim.results.series import WORLDS

PALETTE = ("#1f5fbf", "#c0392b", "#2e8b57", "#8e44ad", "#e67e22", "#7f6a4f", "#d35fa8", "#17a2b8")
BLOC_COLOURS = {"us": "#1f5fbf", "cn": "#c0392b"}
TITLES = {
    "lead_months": "US lead over China",
    "compute_ratio": "Compute ratio, US to China",
    "frontier": "Frontier capability",
    "usable": "Powered domestic compute stock",
    "accessible": "Compute stock, with rented compute",
    "training_compute": "Largest training run",
    "production": "Accelerator production",
    "licensed": "Licensed sales to China",
    "smuggled": "Smuggled chips to China",
    "remote": "Compute rented abroad by China",
    "p_lead_at_least_12": "P(lead >= 12 months): the essay's first world",
    "p_lead_at_most_3": "P(lead <= 3 months): the essay's second world",
}
LOG_UNITS = {"H100e", "H100e/month", "FLOP", "FLOP/s"}
LOG_VARIABLES = {"compute_ratio"}
KEY_SECTIONS = {"lead_months": "lead", "accessible": "compute", "training_compute": "compute"}


@dataclass
class Chart:
    """One figure of the report, with a stable element id."""

    id: str
    title: str
    figure: go.Figure


def title_of(variable: str) -> str:
    return TITLES.get(variable, variable.replace("_", " ").capitalize())


def rgba(colour: str, alpha: float) -> str:
    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgba({r},{g},{b},{alpha})"


def coord_label(key: str) -> str:
    """``{"region": "allies", "bloc": "us"}`` -> ``allies · us``."""
    return " · ".join(json.loads(key).values())


def coord_colour(key: str, position: int) -> str:
    values = list(json.loads(key).values())
    if len(values) == 1 and values[0] in BLOC_COLOURS:
        return BLOC_COLOURS[values[0]]
    return PALETTE[position % len(PALETTE)]


def wants_log(frame: pd.DataFrame, units: str) -> bool:
    """Log axis for compute stocks, flows and ratios that stay positive; linear for anything else (leads, shares)."""
    if units not in LOG_UNITS and not frame["variable"].isin(LOG_VARIABLES).all():
        return False
    low = frame["p5"].to_numpy()
    low = low[np.isfinite(low)]
    return bool(low.size and low.min() > 0)


def fan_traces(frame: pd.DataFrame, name: str, colour: str) -> list[go.Scatter]:
    """5-95% and 25-75% bands and the median, one legend entry for all three."""
    x = frame["time"].tolist()
    common = {"x": x, "mode": "lines", "legendgroup": name, "hoverinfo": "skip", "showlegend": False}
    edge = {"width": 0, "color": colour}
    return [
        go.Scatter(y=frame["p5"], line=edge, **common),
        go.Scatter(y=frame["p95"], line=edge, fill="tonexty", fillcolor=rgba(colour, 0.15), **common),
        go.Scatter(y=frame["p25"], line=edge, **common),
        go.Scatter(y=frame["p75"], line=edge, fill="tonexty", fillcolor=rgba(colour, 0.3), **common),
        go.Scatter(
            x=x,
            y=frame["p50"],
            mode="lines",
            name=name,
            legendgroup=name,
            line={"color": colour, "width": 2},
            customdata=frame[["p5", "p95"]].to_numpy(),
            hovertemplate=f"{name} %{{x}}: median %{{y:.3g}}, 5-95: %{{customdata[0]:.3g}}-%{{customdata[1]:.3g}}"
            "<extra></extra>",
        ),
    ]


def layout(title: str, units: str, record: RunRecord, log: bool) -> dict:
    """Common layout: the reported months as dotted lines, legend below."""
    marks = [
        {
            "type": "line",
            "xref": "x",
            "yref": "paper",
            "x0": d,
            "x1": d,
            "y0": 0,
            "y1": 1,
            "line": {"dash": "dot", "width": 1, "color": "#888"},
        }
        for d in record.at
    ]
    return {
        "template": "none",
        "title": {"text": title, "font": {"size": 14}},
        "height": 360,
        "margin": {"l": 60, "r": 20, "t": 50, "b": 40},
        "legend": {"orientation": "h", "y": -0.15},
        "yaxis": {"title": {"text": units}, "type": "log" if log else "linear"},
        "xaxis": {"type": "date"},
        "hovermode": "closest",
        "shapes": marks,
    }


def fan_figure(record: RunRecord, scenario: str, variable: str, units: str) -> go.Figure:
    """One scenario's fan chart of one variable, one fan per coordinate (e.g. per bloc)."""
    rows = record.series[(record.series["scenario"] == scenario) & (record.series["variable"] == variable)]
    every = record.series[record.series["variable"] == variable]
    traces = []
    for position, (key, frame) in enumerate(rows.groupby("coords", sort=False)):
        traces += fan_traces(frame.sort_values("time"), coord_label(key) or scenario, coord_colour(key, position))
    title = f"{title_of(variable)}: {scenario}"
    return go.Figure(data=traces, layout=layout(title, units, record, wants_log(every, units)))


def worlds_over_time(record: RunRecord) -> go.Figure:
    traces = []
    for position, scenario in enumerate(record.scenario_names):
        colour = PALETTE[position % len(PALETTE)]
        for name, dash in zip(WORLDS, ("solid", "dash"), strict=True):
            rows = record.series[(record.series["scenario"] == scenario) & (record.series["variable"] == name)]
            label = f"{scenario}: {'lead >= 12' if dash == 'solid' else 'lead <= 3'}"
            traces.append(
                go.Scatter(
                    x=rows["time"], y=rows["mean"], mode="lines", name=label, line={"color": colour, "dash": dash}
                )
            )
    figure = go.Figure(data=traces, layout=layout("The essay's two worlds over time", "probability", record, False))
    figure.update_yaxes(range=[0, 1])
    return figure


def worlds_at_dates(record: RunRecord, name: str) -> go.Figure:
    traces = []
    for position, scenario in enumerate(record.scenario_names):
        values = record.summary["scenarios"][scenario][name]
        traces.append(
            go.Bar(
                x=list(values), y=list(values.values()), name=scenario, marker_color=PALETTE[position % len(PALETTE)]
            )
        )
    figure = go.Figure(data=traces, layout={**layout(title_of(name), "probability", record, False), "shapes": []})
    figure.update_layout(barmode="group", xaxis={"type": "category"})
    figure.update_yaxes(range=[0, 1])
    return figure


def charts(record: RunRecord) -> dict[str, list[Chart]]:
    """Every chart of the report by section: lead, worlds, compute, other."""
    units = dict(zip(record.variables["variable"], record.variables["units"], strict=True))
    kinds = dict(zip(record.variables["variable"], record.variables["kind"], strict=True))
    out: dict[str, list[Chart]] = {"lead": [], "worlds": [], "compute": [], "other": []}
    count = 0

    def add(section: str, title: str, figure: go.Figure) -> None:
        nonlocal count
        count += 1
        out[section].append(Chart(f"chart-{count}", title, figure))

    add("worlds", "over time", worlds_over_time(record))
    for name in WORLDS:
        add("worlds", title_of(name), worlds_at_dates(record, name))
    for variable in record.variables["variable"]:
        if kinds[variable] != "quantiles":
            continue
        section = KEY_SECTIONS.get(variable, "other")
        for scenario in record.scenario_names:
            add(section, f"{title_of(variable)}: {scenario}", fan_figure(record, scenario, variable, units[variable]))
    return out
