"""The report's structure: shared axes, one colour per scenario, blocs by line style, words on axes,
lever histories, zero probabilities explained, regions as small multiples, sections others can add."""

from __future__ import annotations

import copy
import re

import pytest

from leadsim.model.outputs import OUTPUTS
from leadsim.registry.schema import UNITS
from leadsim.results import Store
from leadsim.results.charts import BLOC_DASH, scenario_colours
from leadsim.results.report import render, sections_of
from leadsim.results.report_sections import SECTIONS, Section
from leadsim.results.report_tables import lever_table


@pytest.fixture(scope="module")
def record(compared):
    store = Store(compared["store"])
    return store.load(store.resolve(None), samples=False)


@pytest.fixture(scope="module")
def sections(record):
    return {s.title: s for s in sections_of(record, SECTIONS)}


def figures(sections):
    return [(c.title, c.figure) for s in sections.values() for c in s.charts]


def test_every_scenario_has_one_colour_in_every_chart(record, sections):
    colours = scenario_colours(record)
    assert len(set(colours.values())) == len(colours) == 2
    for title, figure in figures(sections):
        for trace in figure.data:
            name = trace.name or trace.legendgroup or ""
            scenario = next((s for s in colours if name.startswith(s)), None)
            if scenario is None or trace.showlegend is False:
                continue
            colour = trace.marker.color if trace.type == "bar" else trace.line.color
            assert colour == colours[scenario], (title, name)


def test_blocs_are_told_by_line_style(sections):
    styled = 0
    for _, figure in figures(sections):
        for trace in figure.data:
            for bloc, words in (("us", "· US"), ("cn", "· China")):
                if (trace.name or "").endswith(words) and trace.showlegend is not False:
                    assert trace.line.dash == BLOC_DASH[bloc]
                    styled += 1
    assert styled > 20


def test_scenarios_share_the_axes_of_each_chart(record, sections):
    lead = sections["Lead over time"].charts
    assert len(lead) == 1  # one chart for every scenario, not one per scenario
    names = {t.name for t in lead[0].figure.data if t.showlegend is not False}
    assert names == set(record.scenario_names)


def test_axis_titles_are_words(sections):
    codes = (set(UNITS) | {o.unit for o in OUTPUTS}) - {o.axis for o in OUTPUTS}  # "FLOP" is both
    titles = {
        figure.layout[axis].title.text
        for _, figure in figures(sections)
        for axis in figure.layout
        if axis.startswith("yaxis") and figure.layout[axis].title.text
    }
    assert "months" in titles and "US:China ratio" in titles and "share of world AI usage" in titles
    assert not titles & (codes | {"dimensionless", "month", "fraction"})


def test_world_share_by_region_is_small_multiples(sections):
    (chart,) = sections["World share by region"].charts
    panels = [a.text for a in chart.figure.layout.annotations]
    assert panels == ["Allies", "China", "Global South", "Contested"]
    assert chart.figure.layout.yaxis4 is not None  # one pair of axes per region


def test_lever_history_shows_inherited_steps(record):
    html = lever_table(record)
    row = re.search(r"<tr[^>]*><td>chip_export_regime</td>(.*?)</tr>", html).group(1)
    pull_ahead = re.findall(r"<td>(.*?)</td>", row)[record.scenario_names.index("pull-ahead")]
    assert pull_ahead == "from 2026-01: h200; from 2027-01: ban"  # current-policy's licences of 2026, then the ban


def test_a_zero_probability_says_0_of_n_samples(record):
    zeroed = copy.deepcopy(record)
    worlds = zeroed.summary["scenarios"]["catch-up"]["p_lead_at_most_3"]
    for date in worlds:
        worlds[date] = 0.0
    page = render(zeroed, script="plotly.js")
    n = record.samples - record.summary["scenarios"]["catch-up"]["failed_samples"]
    assert f"0 (0 of {n:,} samples)" in page
    assert f"catch-up: P(lead &lt;= 3 months) is 0 at every reported month: 0 of {n:,} samples" in page


def test_the_charts_use_one_estimator_at_every_month(record):
    """The series at a reported month come from the same samples as their neighbours (no jump there)."""
    rows = record.series[record.series["variable"] == "lead_months"]
    assert rows["samples_used"].nunique() == 1


def test_another_stream_can_add_a_section(record):
    def mine(_record) -> Section:
        return Section("Prior against posterior", "A section added by another stream.", "<p>numbers</p>")

    def ready_made(_record) -> Section:  # HTML that brings its own heading
        return Section(html="<h2>Paired differences</h2><table></table>")

    page = render(record, script="plotly.js", sections=(*SECTIONS, mine, ready_made, lambda _r: None))
    assert "<h2>Prior against posterior</h2>" in page and "<p>numbers</p>" in page
    assert "<h2></h2>" not in page and page.count("<h2>Paired differences</h2>") == 1
