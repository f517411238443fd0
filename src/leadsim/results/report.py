"""The HTML report of a stored run: a list of sections, each built from the run record.

Adding a section (``results/report_sections.py`` has the shipped ones): write a function
``(record: RunRecord) -> Section | None`` (None: nothing to show for this run) and either add
it to ``report_sections.SECTIONS`` (a module of ``results/``, e.g. the calibration's
prior-vs-posterior), or, from a layer above ``results`` (``analysis/``), pass
``render(record, sections=(*SECTIONS, mine))`` through the API. A section holds HTML (built
with ``report_tables.table`` and ``plain``, which escape every cell) and charts
(``charts.Chart``: the page gives each chart its id and draws it).

The page works offline and refers to no web address. Plotly's JavaScript comes from the
installed ``plotly`` package: inlined (``render(record)``: one self-contained file), or, for
reports in the default reports folder, loaded from one copy of it in that folder
(``shared_script``: written once, named and checked by its hash), so reports do not weigh
7 MB each. Plotly's bundle names web addresses (the SVG namespace, tile servers of map traces,
help links); their ``://`` is written ``:\\/\\/``, the same string to JavaScript, and source
addresses in the tables are printed without their scheme (``epoch.ai/data-insights``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import secrets
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from pathlib import Path

import plotly
import plotly.io as pio

from leadsim.errors import LeadsimError
from leadsim.results.record import RunRecord
from leadsim.results.report_analyses import ANALYSES, ANALYSIS_SECTIONS
from leadsim.results.report_sections import SECTIONS, Section, SectionBuilder
from leadsim.results.report_tables import SCHEME, plain

CONFIG = {"displaylogo": False, "responsive": True}
STYLE = """
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1300px; color: #222; padding: 0 1em; }
h1 { font-size: 1.5em; } h2 { margin-top: 2em; border-bottom: 1px solid #ccc; }
table { border-collapse: collapse; margin: 1em 0; font-size: 0.85em; }
th, td { border: 1px solid #ddd; padding: 0.3em 0.5em; text-align: left; vertical-align: top; }
th { background: #f4f4f4; } tr.differs td { background: #fff8e1; }
.charts { display: grid; grid-template-columns: repeat(auto-fill, minmax(420px, 1fr)); gap: 1em; }
.chart { min-height: 380px; border: 1px solid #eee; } .chart.wide { grid-column: 1 / -1; }
.note { color: #555; font-size: 0.9em; max-width: 80em; }
.swatch { display: inline-block; width: 0.8em; height: 0.8em; margin-right: 0.4em; vertical-align: middle; }
"""


def sections_of(record: RunRecord, builders: Sequence[SectionBuilder]) -> list[Section]:
    """Every section the builders make for this run (those with nothing to show left out)."""
    return [s for s in (builder(record) for builder in builders) if s is not None]


@lru_cache(maxsize=1)
def plotly_js() -> str:
    """The installed plotly.js bundle, with ``://`` after http(s) written as ``:\\/\\/`` (same JS string)."""
    source = (resources.files("plotly") / "package_data" / "plotly.min.js").read_text(encoding="utf-8")
    source = SCHEME.sub(lambda m: m.group(1) + r":\/\/", source)
    return re.sub(r"(?i)</(script)", r"<\\/\1", source)


def shared_script(folder: Path) -> str:
    """The file name of Plotly's script in ``folder``, written there unless a copy with the right hash is."""
    text = plotly_js().encode("utf-8")
    digest = hashlib.sha256(text).hexdigest()
    path = folder / f"plotly-{plotly.__version__}-{digest[:16]}.js"
    if path.is_file() and hashlib.sha256(path.read_bytes()).hexdigest() == digest:
        return path.name
    folder.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(4)}.tmp")
    try:
        tmp.write_bytes(text)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return path.name


def script_json(value: object) -> str:
    """JSON safe inside a <script> element."""
    return value.replace("</", "<\\/") if isinstance(value, str) else script_json(json.dumps(value))


def section_html(section: Section, ids: list[str]) -> str:
    divs = "".join(
        f'<div class="chart{" wide" if c.wide else ""}" id="{i}" data-title="{plain(c.title)}"></div>'
        for c, i in zip(section.charts, ids, strict=True)
    )
    heading = f"<h2>{plain(section.title)}</h2>" if section.title else ""  # none: the HTML brings its own
    note = f'<p class="note">{plain(section.note)}</p>' if section.note else ""
    charts = f'<div class="charts">{divs}</div>' if divs else ""
    return f"{heading}{note}{section.html}{charts}"


def render(record: RunRecord, *, script: str | None = None, sections: Sequence[SectionBuilder] | None = None) -> str:
    """The report as one HTML string; ``script``: the file name of a shared Plotly script (None: inline it).
    Without ``sections``: SECTIONS, or for an analysis run (``delay``, ``levers``) ANALYSIS_SECTIONS."""
    if sections is None:
        sections = ANALYSIS_SECTIONS if record.command in ANALYSES else SECTIONS
    parts, figures, count = [], {}, 0
    for section in sections_of(record, sections):
        ids = [f"chart-{count + k + 1}" for k in range(len(section.charts))]
        count += len(ids)
        figures |= {
            i: json.loads(pio.to_json(c.figure, validate=False)) for i, c in zip(ids, section.charts, strict=True)
        }
        parts.append(section_html(section, ids))
    template = pio.templates["plotly_white"].to_plotly_json()
    code = (
        f"const TEMPLATE = {script_json(template)};\nconst FIGURES = {script_json(figures)};\n"
        f"const CONFIG = {script_json(CONFIG)};\n"
        "for (const [id, fig] of Object.entries(FIGURES)) {\n"
        "  fig.layout.template = TEMPLATE;\n"
        "  Plotly.newPlot(id, fig.data, fig.layout, CONFIG);\n"
        "}\n"
    )
    source = f'<script src="{plain(script)}"></script>' if script else f"<script>{plotly_js()}</script>"
    page = (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f"<title>leadsim run {plain(record.id)}</title><style>{STYLE}</style>"
        f"<!-- plotly.js from the plotly {plain(plotly.__version__)} Python package -->{source}"
        f"</head><body><h1>leadsim report: run {plain(record.id)}</h1>{''.join(parts)}"
        f"<script>\n{code}</script></body></html>\n"
    )
    if SCHEME.search(page):
        raise LeadsimError(f"report of run {record.id}: a web address with a scheme slipped into the page")
    return page
