"""The report of a ``discover`` run: each box's peeling trajectory and the boxes' limits, from the stored document."""

from __future__ import annotations

import plotly.graph_objects as go

from leadsim.results.report_tables import fmt, table

DISCOVER = (
    "Scenario discovery",
    "PRIM's peeling trajectory of each box, found on the even sample positions: each step trades coverage (share "
    "of the cases where the condition holds inside the box) for density (share of the box's cases where it "
    "holds); colour: restricted inputs. Ringed grey: the densest step; ringed red: the box reported, after the "
    "restrictions without significance are dropped one by one from the densest step (the steps after it). The "
    "table gives each box's limits, and its scores on the odd positions too.",
)
SYMBOLS = ("circle", "square", "diamond", "triangle-up", "cross")


def trajectory_figure(document: dict) -> go.Figure:
    """Coverage against density along each box's trajectory, coloured by restricted inputs, two steps ringed."""
    figure = go.Figure()
    for i, box in enumerate(document["boxes"]):
        steps = box["trajectory"]
        figure.add_trace(go.Scatter(
            x=[s["coverage"] for s in steps], y=[s["density"] for s in steps], mode="markers", name=f"box {i + 1}",
            marker={"symbol": SYMBOLS[i % len(SYMBOLS)], "color": [s["restricted"] for s in steps],
                    "colorscale": "Viridis", "showscale": i == 0, "colorbar": {"title": {"text": "restricted"}}},
            customdata=[s["mass"] for s in steps], hovertemplate="coverage %{x}<br>density %{y}<br>mass %{customdata}",
        ))  # fmt: skip
        for key, colour in (("chosen", "#c92a2a"), ("densest", "#868e96")):
            step = steps[box[key]]
            figure.add_trace(go.Scatter(
                x=[step["coverage"]], y=[step["density"]], mode="markers", name=f"box {i + 1} {key}",
                marker={"size": 16, "color": "rgba(0,0,0,0)", "line": {"width": 2, "color": colour}},
            ))  # fmt: skip
    if document["base_rate"] is not None:
        figure.add_hline(y=document["base_rate"], line_dash="dot", annotation_text="base rate")
    figure.update_layout(
        template="none",
        title={"text": f"{document['scenario']}: where {document['where']}", "font": {"size": 14}},
        height=420,
        legend={"orientation": "h", "y": -0.2},
        xaxis={"title": {"text": "coverage"}, "range": [0, 1.02]},
        yaxis={"title": {"text": "density"}},
    )
    return figure


def side(value: float | str | None) -> str:
    return "open" if value is None else value if isinstance(value, str) else f"{value:.4g}"


def discover_table(document: dict) -> str:
    """One row per restricted input of each box, the box's scores on its first row; then the base rate."""
    header = ("box", "input", "from", "to", "mass", "coverage", "density", "test coverage", "test density")
    rows = []
    for i, box in enumerate(document["boxes"], start=1):
        scores = [fmt(box[k], 3) for k in ("mass", "coverage", "density", "test_coverage", "test_density")]
        for j, (name, (low, high)) in enumerate(box["limits"].items()):
            rows.append((str(i) if j == 0 else "", name, side(low), side(high), *(scores if j == 0 else [""] * 5)))
    base = (("base rate", fmt(document["base_rate"], 4)), ("failed samples (left out)", str(document["failed"])))
    return table(header, rows) + table(("", ""), base)
