"""The report's sections, in order: each a function of the run record (see ``results.report`` to add one)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from leadsim.results.charts import Chart, chart_of, scenario_colours, worlds_at_dates, worlds_over_time
from leadsim.results.record import RunRecord
from leadsim.results.report_calibration import calibration_section, differences_section
from leadsim.results.report_tables import (
    facts_table,
    headline_table,
    lever_table,
    override_table,
    parameter_tables,
    plain,
    record_note,
    zero_notes,
)
from leadsim.results.series import WORLDS

WORLD_WORDS = {"p_lead_at_least_12": "P(lead >= 12 months)", "p_lead_at_most_3": "P(lead <= 3 months)"}
COMPUTE = ("compute_ratio", "compute_ratio_owned", "accessible", "stock", "training_compute")
DIALS = ("adoption", "global_share", "safety_margin_months", "resilience")
REGIONAL = ("global_share_by_region",)
PLACED = {"lead_months", *COMPUTE, *DIALS, *REGIONAL}  # variables the "every other output" section leaves out
STYLE_NOTE = "Each scenario has one colour in every chart; the US is drawn solid, China dashed."


@dataclass
class Section:
    """One part of the report: a title, a note in words, HTML (already escaped), then charts. Without a title
    the section adds no heading (HTML that brings its own ``<h2>``)."""

    title: str = ""
    note: str = ""
    html: str = ""
    charts: list[Chart] = field(default_factory=list)


SectionBuilder = Callable[[RunRecord], Section | None]


def quantile_variables(record: RunRecord) -> list[str]:
    return [v for v, k in zip(record.variables["variable"], record.variables["kind"], strict=True) if k == "quantiles"]


def charts_of(record: RunRecord, names: tuple[str, ...]) -> list[Chart]:
    """The charts of those variables the run stored, in the order given."""
    stored = set(quantile_variables(record))
    return [chart_of(record, name) for name in names if name in stored]


def facts(record: RunRecord) -> Section:
    note = ("Every number is conditional on the model and on the assumptions listed below; leadsim makes the "
            "essay's claims testable, it does not predict the future.")  # fmt: skip
    return Section("The run", note, facts_table(record))


def headline(record: RunRecord) -> Section:
    note = (f"Quantiles and probabilities over all {record.samples:,} samples of each scenario (calibration-weighted "
            "when calibrated). The swatch is the scenario's colour in the charts.")  # fmt: skip
    return Section("Headline: lead at the reported months", note, headline_table(record, scenario_colours(record)))


def differences(record: RunRecord) -> Section | None:
    """Paired differences from the run's baseline (``compare --baseline``), when it had one."""
    html = differences_section(record)
    return Section(html=html) if html else None


def calibration(record: RunRecord) -> Section | None:
    """Every parameter's prior against the calibrated members, and the correlations, for a calibrated run."""
    html = calibration_section(record)
    return Section(html=html) if html else None


def lead(record: RunRecord) -> Section:
    note = (
        "Months by which the US frontier is ahead of China's (negative: China ahead): median, 25-75% and 5-95% "
        "bands, every scenario on the same axes. Scenarios share their history until their levers differ, so "
        "their lines coincide before that (the last one drawn shows). Dotted lines mark the reported months."
    )
    charts = charts_of(record, ("lead_months",))
    for chart in charts:
        chart.wide = True
    return Section("Lead over time", note, charts=charts)


def worlds(record: RunRecord) -> Section:
    """The essay's two worlds over time and at the reported months; where a probability is 0, what that means."""
    notes = zero_notes(record, WORLD_WORDS)
    html = "<ul>" + "".join(f'<li class="note">{plain(n)}</li>' for n in notes) + "</ul>" if notes else ""
    charts = [Chart("over time", worlds_over_time(record), wide=True)]
    charts += [Chart(WORLD_WORDS[name], worlds_at_dates(record, name)) for name in WORLDS]
    note = ("Probability of a lead of at least 12 months (the essay's first world, solid) and of at most 3 months "
            "(its second, dashed), over all samples at every month.")  # fmt: skip
    return Section("The essay's two worlds", note, html, charts)


def compute(record: RunRecord) -> Section | None:
    charts = charts_of(record, COMPUTE)
    note = (f"The compute ratios (accessible compute, and owned chips), each bloc's accessible compute and owned "
            f"stock, and its latest model's training compute. {STYLE_NOTE}")  # fmt: skip
    return Section("Compute", note, charts=charts) if charts else None


def dials(record: RunRecord) -> Section | None:
    charts = charts_of(record, DIALS)
    note = (f"Adoption, world share of AI usage, the safety margin a lead affords, and resilience (the most "
            f"speculative dial; docs/dials.md). Median and 5-95% band. {STYLE_NOTE}")  # fmt: skip
    return Section("The dials", note, charts=charts) if charts else None


def regions(record: RunRecord) -> Section | None:
    charts = charts_of(record, REGIONAL)
    note = f"Each region's share of AI usage on each bloc's stack, one panel per region. {STYLE_NOTE}"
    return Section("World share by region", note, charts=charts) if charts else None


def other(record: RunRecord) -> Section | None:
    names = tuple(v for v in quantile_variables(record) if v not in PLACED)
    charts = charts_of(record, names)
    note = f"Every other recorded output over time (an output added later appears here). {STYLE_NOTE}"
    return Section("Every other output", note, charts=charts) if charts else None


def levers(record: RunRecord) -> Section:
    return Section("Lever history by scenario", record_note(), lever_table(record))


def overrides(record: RunRecord) -> Section:
    return Section("Parameter overrides by scenario", "", override_table(record))


def parameters(record: RunRecord) -> Section:
    return Section("Parameters", "The registry as the run used it.", parameter_tables(record)[0])


def sources(record: RunRecord) -> Section:
    note = "Addresses are plain text without their scheme; the file loads nothing from outside."
    return Section("Sources", note, parameter_tables(record)[1])


SECTIONS: tuple[SectionBuilder, ...] = (
    facts,
    headline,
    differences,
    lead,
    worlds,
    compute,
    dials,
    regions,
    other,
    levers,
    overrides,
    parameters,
    calibration,
    sources,
)
