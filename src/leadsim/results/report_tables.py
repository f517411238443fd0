"""The report's HTML tables: run facts, headline numbers, lever histories, overrides, parameters, sources."""

from __future__ import annotations

import html
import math
import re
from collections.abc import Callable, Iterable, Sequence

from leadsim.calendar import format_month
from leadsim.results.record import RunRecord
from leadsim.scenarios.history import regime_history

SCHEME = re.compile(r"(?i)(https?)://")


def plain(text: object) -> str:
    """Text for the page: web addresses lose their scheme (plain text, never a resource), HTML-escaped."""
    return html.escape(SCHEME.sub("", str(text)))


def table(header: Sequence[str], rows: Iterable[Sequence[object]], differs: Iterable[bool] | None = None) -> str:
    """An HTML table of plain-text cells; rows flagged in ``differs`` are highlighted."""
    flags = list(differs) if differs is not None else None
    head = "".join(f"<th>{plain(h)}</th>" for h in header)
    body = []
    for i, row in enumerate(rows):
        cls = ' class="differs"' if flags and flags[i] else ""
        body.append(f"<tr{cls}>" + "".join(f"<td>{plain(c)}</td>" for c in row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def fmt(x: float | None, digits: int = 1) -> str:
    return "-" if x is None else f"{x:.{digits}f}"


HEADLINE = ("lead p5", "p50", "p95", "P(>=12)", "P(<=3)", "US:CN p50")


def with_error(p: float | None, se: float | None) -> str:
    """``0.43 ± 0.02``: a probability rounded to the first significant digit of its Monte Carlo error
    (two decimals when there is no error to go by, at most four)."""
    if p is None:
        return "-"
    if se is None or not se > 0:
        return fmt(p, 2)
    digits = int(min(max(-math.floor(math.log10(se)), 1), 4))
    return f"{p:.{digits}f} ± {se:.{digits}f}"


def probability_cell(data: dict, key: str, date: str) -> str:
    """A probability of a compare JSON with its Monte Carlo error, when the run recorded one."""
    return with_error(data[key][date], data.get("mc_error", {}).get(key, {}).get(date))


def headline_cells(data: dict, date: str) -> list[str]:
    """One scenario's headline numbers at one month (its compare JSON), as text; columns: HEADLINE."""
    lead = data["lead_months"][date]
    return [
        fmt(lead["p5"]),
        fmt(lead["p50"]),
        fmt(lead["p95"]),
        probability_cell(data, "p_lead_at_least_12", date),
        probability_cell(data, "p_lead_at_most_3", date),
        fmt(data["compute_ratio"][date]["p50"]) + "x",
    ]


def calibration_text(calibration: object) -> str:
    """The run's calibration in words: the prior, or the members drawn and each scenario's check against history."""
    if not isinstance(calibration, dict) or not calibration.get("calibrated"):
        return "none: the prior ensemble" if not isinstance(calibration, str) or calibration == "prior" else calibration
    parts = [
        f"{name}: {fmt(c.get('effective_sample_size'), 0)} effective samples"
        + (f", {100 * c['implausible_history']:.0f}% with an implausible history" if "implausible_history" in c else "")
        for name, c in calibration.get("scenarios", {}).items()
    ]
    members = calibration.get("members") or {}
    stamp = f" (members {members.get('stamp')})" if members else ""
    return f"calibrated members{stamp}, observations {calibration.get('observations')} ({'; '.join(parts)})"


def facts_table(record: RunRecord) -> str:
    method = record.method  # as the run recorded it, so an older run is described as it was reduced
    series = (f"charts: monthly quantiles over the first {method.get('prefix_samples', '?')} samples of the Sobol "
              f"sequence (all samples when the run has fewer); at the reported months: {method.get('reported_months')}"
              f"; headline table: all samples; probabilities {method.get('probabilities')}")  # fmt: skip
    if "prefix_samples" not in method:  # an analysis run: no monthly series
        series = method.get("series", "")
    rows = [
        ("run", record.id),
        ("created (UTC)", record.created.strftime("%Y-%m-%d %H:%M:%S")),
        ("command", record.command),
        ("leadsim version", record.leadsim_version),
        ("scenarios", ", ".join(record.scenario_names)),
        ("samples per scenario", record.samples),
        ("seed", record.seed),
        ("horizon", record.horizon),
        ("reported months", ", ".join(record.at)),
        ("calibration", calibration_text(record.calibration)),
        ("series method", series),
        ("registry digest", record.registry.get("digest", "")),
    ]
    return table(("fact", "value"), rows)


def counted(record: RunRecord, scenario: str) -> tuple[int, float]:
    """Samples that did not fail, and the effective sample size (the same number for the prior)."""
    data = record.summary["scenarios"][scenario]
    n = record.samples - data["failed_samples"]
    return n, data.get("effective_samples") or data.get("calibration", {}).get("effective_sample_size") or n


def probability_text(data: dict, key: str, date: str, n: int) -> str:
    """A probability with its Monte Carlo error; where it is 0 or 1 at this sample size, the count that says so."""
    p = data[key][date]
    if p == 0:
        return f"0 (0 of {n:,} samples)"
    if p == 1:
        return f"1 (all {n:,} samples)"
    return probability_cell(data, key, date)


def swatch(colour: str) -> str:
    """A small square of a scenario's colour, the colour of its lines in every chart."""
    return f'<span class="swatch" style="background:{html.escape(colour)}"></span>'


def headline_table(record: RunRecord, colours: dict[str, str]) -> str:
    """The summary's numbers at the reported months (all samples); a zero probability says "0 of N samples"."""
    head = "".join(f"<th>{plain(h)}</th>" for h in ("scenario", "month", *HEADLINE, "failed"))
    body = []
    for name in record.scenario_names:
        data = record.summary["scenarios"][name]
        n, _ = counted(record, name)
        for date in record.at:
            cells = headline_cells(data, date)
            cells[3:5] = [probability_text(data, w, date, n) for w in ("p_lead_at_least_12", "p_lead_at_most_3")]
            row = [swatch(colours[name]) + plain(name), *(plain(c) for c in (date, *cells, data["failed_samples"]))]
            body.append("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def zero_notes(record: RunRecord, worlds: dict[str, str]) -> list[str]:
    """For each scenario and world whose probability is 0 at every reported month: what that means at this size."""
    notes = []
    for name in record.scenario_names:
        n, ess = counted(record, name)
        for key, words in worlds.items():
            if all(p == 0 for p in record.summary["scenarios"][name][key].values()):
                notes.append(f"{name}: {words} is 0 at every reported month: 0 of {n:,} samples. At this size a "
                             f"probability below about {3 / ess:.2g} (3 / effective sample size) shows as 0; "
                             "more samples measure smaller ones.")  # fmt: skip
    return notes


def side_by_side(record: RunRecord, key: str, text: Callable[[dict], str]) -> str:
    """One row per lever (or override), one column per scenario; differing rows highlighted."""
    names = sorted({n for s in record.scenarios for n in s.get(key, {})})
    if not names:
        return "<p>None.</p>"
    rows = [[n, *(text(s[key][n]) if n in s.get(key, {}) else "-" for s in record.scenarios)] for n in names]
    return table(("", *record.scenario_names), rows, (len(set(r[1:])) > 1 for r in rows))


def step_text(setting: dict) -> str:
    level = setting["regime"] if "regime" in setting else f"strength {setting.get('strength', 0):g}"
    return f"from {setting['enacted']}: {level}"


def lever_history(setting: dict) -> str:
    """Every step of a lever, oldest first: the steps inherited from the scenario it extends, then its own."""
    steps = [step_text(s) for s in (*setting.get("earlier", []), setting) if s.get("enacted") is not None]
    return "; ".join(steps) if steps else "off"


def lever_table(record: RunRecord) -> str:
    return side_by_side(record, "levers", lever_history)


def record_note() -> str:
    """What holds before a scenario's first step of the export regime: the policy record."""
    steps = ", ".join(f"{regime} from {format_month(month)}" for month, regime in regime_history())
    return ("Each cell lists every step of a lever, oldest first, including the steps a scenario inherits from the "
            f"one it extends. Before its first step a lever is off; chips are then sold under the policy record: "
            f"{steps}.")  # fmt: skip


def distribution_text(dist: dict) -> str:
    args = ", ".join(f"{k}={v:g}" if isinstance(v, float | int) else f"{k}={v}" for k, v in dist.items() if k != "kind")
    return f"{dist.get('kind', '?')}({args})"


def override_table(record: RunRecord) -> str:
    return side_by_side(record, "parameters", distribution_text)


def parameter_tables(record: RunRecord) -> tuple[str, str]:
    """The registry as the run used it, and its sources (addresses as plain text)."""
    params = [
        (
            p["name"],
            p["description"],
            p["unit"],
            f"{p['default']:g}",
            distribution_text(p["distribution"]),
            f"[{p['bounds'][0]:g}, {p['bounds'][1]:g}]",
            ", ".join(p["sources"]),
            p.get("note", ""),
        )
        for p in record.registry.get("parameters", [])
    ]
    sources = [
        (key, s["title"], s["organisation"], s["date"], s["url"], s.get("note", ""))
        for key, s in record.registry.get("sources", {}).items()
    ]
    return (
        table(("parameter", "description", "unit", "default", "distribution", "bounds", "sources", "note"), params),
        table(("id", "title", "organisation", "date", "address", "note"), sources),
    )
