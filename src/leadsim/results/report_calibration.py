"""The report's calibration sections: paired differences from a baseline, and prior against posterior.

The posterior is the calibrated members the run drew from; the report reads them from the
members file only while its stamp is the one the run recorded (otherwise it says so), so a
report never describes members other than the run's.
"""

from __future__ import annotations

from leadsim.calibration.members import provenance
from leadsim.calibration.posterior import correlation_rows, member_draws, parameter_rows, prior_draws
from leadsim.errors import LeadsimError
from leadsim.registry import load_registry
from leadsim.results.record import RunRecord
from leadsim.results.report_tables import fmt, table
from leadsim.sampling import load_members


def band(q: dict, digits: int = 3) -> str:
    return f"{q['p50']:.{digits}g} [{q['p5']:.{digits}g}, {q['p95']:.{digits}g}]" if q["p50"] is not None else "-"


def differences_section(record: RunRecord) -> str:
    """Paired differences of every scenario from the run's baseline (empty when it had none)."""
    document = record.summary
    if "differences" not in document:
        return ""
    rows = []
    for name, diff in document["differences"].items():
        for date in record.at:
            lead, ratio = diff["lead_months"][date], diff["compute_ratio"][date]
            rows.append((name, date, fmt(lead["p5"]), fmt(lead["p50"]), fmt(lead["p95"]),
                         fmt(diff["p_positive"][date], 2), fmt(ratio["p50"], 2) + "x"))  # fmt: skip
    header = ("scenario", "month", "lead diff p5", "p50", "p95", "P(diff > 0)", "compute ratio x p50")
    return (
        f"<h2>Paired differences from {document['baseline']}</h2>"
        "<p class=\"note\">Per sample, the scenario's lead minus the baseline's on the same sample (the same "
        "calibrated member or prior point), and its compute ratio divided by the baseline's; samples that failed "
        "in either are left out.</p>" + table(header, rows)
    )


def calibration_section(record: RunRecord) -> str:
    """Every uncertain parameter's prior and posterior, and the rank correlations, for a calibrated run."""
    recorded = (record.calibration or {}).get("members") if isinstance(record.calibration, dict) else None
    if not recorded:
        return ""
    head = "<h2>Calibration: prior against the calibrated members</h2>"
    try:
        registry, members = load_registry(), load_members()
    except LeadsimError:
        return head + "<p>The members file cannot be read.</p>"
    if provenance(members)["stamp"] != recorded.get("stamp") or registry.names != list(members.names):
        return head + "<p>The members file has been regenerated since this run; rerun it to see them here.</p>"
    prior, posterior = prior_draws(registry), member_draws(members)
    params = [
        (r["name"], r["unit"], band(r["prior"]), band(r["posterior"]), fmt(r["width_ratio"], 2), fmt(r["shift"], 2))
        for r in parameter_rows(registry, prior, posterior)
    ]
    found = correlation_rows(registry, prior, posterior)
    pairs = [(" ~ ".join(r["parameters"]), f"{r['declared']:+.2f}", fmt(r["prior"], 2), fmt(r["posterior"], 2))
             for r in found["declared"]]  # fmt: skip
    pairs += [(" ~ ".join(r["parameters"]), "-", fmt(r["prior"], 2), fmt(r["posterior"], 2)) for r in found["induced"]]
    return (
        head + f'<p class="note">{members.count} members accepted by history matching in waves '
        f"({members.stamp.get('streamed')} samples streamed; docs/calibration.md). Width ratio: posterior over prior "
        "90% width; shift: move of the median in prior 90% widths.</p>"
        + table(("parameter", "unit", "prior p50 [p5, p95]", "posterior p50 [p5, p95]", "width ratio", "shift"), params)
        + "<h3>Rank correlations (Spearman)</h3>"
        + '<p class="note">Declared in registry/correlations.yaml (the prior), then the strongest ones the '
        "observations tie together among the members.</p>"
        + table(("parameters", "declared", "prior", "members"), pairs)
    )
