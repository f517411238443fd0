"""One self-contained HTML report of a stored run: charts and the assumptions behind them.

The file works offline: Plotly's JavaScript is inlined from the installed ``plotly`` package,
and nothing in the file refers to an outside resource. Plotly's bundle names web addresses
(the SVG namespace, map tile servers used only by map traces, help links in messages); their
``://`` is written ``:\\/\\/``, the same string to JavaScript, so no ``http://`` or ``https://``
appears in the file. Source addresses in the tables are printed as plain text without their
scheme (``epoch.ai/data-insights``), never as links.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources
from pathlib import Path

import plotly
import plotly.io as pio

from leadsim.errors import LeadsimError
from leadsim.results.charts import Chart, charts
from leadsim.results.record import RunRecord
from leadsim.results.report_analyses import ANALYSES, analysis_body, analysis_charts
from leadsim.results.report_calibration import calibration_section, differences_section
from leadsim.results.report_tables import (
    SCHEME,
    facts_table,
    headline_table,
    lever_table,
    override_table,
    parameter_tables,
    plain,
)

CONFIG = {"displaylogo": False, "responsive": True}
SECTIONS = {
    "lead": ("Lead over time", "Months by which the US frontier is ahead of China's; bands: 5-95% and 25-75%."),
    "worlds": ("The essay's two worlds", "Probability of a lead of at least 12 months, and of at most 3 months."),
    "compute": ("Compute per bloc", "Compute stock (with compute rented abroad) and the largest training run."),
    "other": ("Every other output", "Each recorded output over time; later outputs (e.g. the dials) appear here."),
    **ANALYSES,
}
STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1300px; color: #222; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.85em; }
th, td { border: 1px solid #ddd; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } tr.differs td { background: #fff8e1; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(400px, 1fr)); gap: 1em; }
.chart { min-height: 360px; border: 1px solid #eee; }
.note { color: #555; font-size: 0.9em; max-width: 80em; }
"""


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """The installed plotly.js bundle, with ``://`` after http(s) written as ``:\\/\\/`` (same JS string)."""
    source = (resources.files("plotly") / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
    source = SCHEME.sub(lambda m: m.group(1) + r":\/\/", source)
    return re.sub(r"(?i)</(script)", r"<\\/\1", source)


def script_json(value: object) -> str:
    """JSON safe inside a <script> element."""
    return value.replace("</", "<\\/") if isinstance(value, str) else script_json(json.dumps(value))


def chart_section(key: str, items: list[Chart]) -> str:
    title, note = SECTIONS[key]
    divs = "".join(f'<div class="chart" id="{c.id}" data-title="{plain(c.title)}"></div>' for c in items)
    return f'<h2>{plain(title)}</h2><p class="note">{plain(note)}</p><div class="charts">{divs}</div>'


def render(record: RunRecord) -> str:
    """The report as one HTML string (an analysis run's page: report_analyses.py)."""
    params, sources = parameter_tables(record)
    if record.command in ANALYSES:
        sections = {record.command: analysis_charts(record)}
        shown = [chart_section(record.command, sections[record.command])]
        return page(record, sections, analysis_body(record, shown, params, sources))
    sections = charts(record)
    body = [
        f"<h1>leadsim report: run {plain(record.id)}</h1>",
        facts_table(record),
        '<p class="note">Every number is conditional on the model and on the assumptions listed below; '
        "leadsim makes the essay's claims testable, it does not predict the future. Dotted vertical lines mark the "
        "reported months, where the quantiles are exact over all samples; other months use the run's series "
        "method (see the table above).</p>",
        "<h2>Headline: lead at the reported months</h2>",
        headline_table(record),
        differences_section(record),
        *(chart_section(key, items) for key, items in sections.items() if items),
        "<h2>Lever settings side by side</h2>",
        lever_table(record),
        "<h2>Parameter overrides by scenario</h2>",
        override_table(record),
        "<h2>Parameters</h2>",
        params,
        calibration_section(record),
        "<h2>Sources</h2>",
        '<p class="note">Addresses are plain text without their scheme; the file loads nothing from outside.</p>',
        sources,
    ]
    return page(record, sections, body)


def page(record: RunRecord, sections: dict[str, list[Chart]], body: list[str]) -> str:
    """The self-contained page: the body, then each chart drawn by the inlined plotly.js."""
    figures = {c.id: json.loads(pio.to_json(c.figure, validate=False)) for items in sections.values() for c in items}
    template = pio.templates["plotly_white"].to_plotly_json()
    script = (
        f"const TEMPLATE = {script_json(template)};\nconst FIGURES = {script_json(figures)};\n"
        f"const CONFIG = {script_json(CONFIG)};\n"
        "for (const [id, fig] of Object.entries(FIGURES)) {\n"
        "  fig.layout.template = TEMPLATE;\n"
        "  Plotly.newPlot(id, fig.data, fig.layout, CONFIG);\n"
        "}\n"
    )
    html = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>leadsim run {plain(record.id)}</title><style>{STYLE}</style>"
        f"<script>/* plotly.js from the plotly {plain(plotly.__version__)} Python package */\n{plotly_js()}</script>"
        f"</head><body>{''.join(body)}<script>\n{script}</script></body></html>\n"
    )
    if SCHEME.search(html):
        raise LeadsimError(f"report of run {record.id}: a web address with a scheme slipped into the page")
    return html


def write_report(record: RunRecord, path: Path) -> Path:
    """Write the report to ``path`` (parents created); return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(record), encoding="utf-8")
    return path
