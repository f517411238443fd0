"""What the model reports: each output's unit and notes, and the named capability levels (milestones)."""

from __future__ import annotations

UNITS = {
    "frontier": "OOM",
    "usable": "H100e",
    "accessible": "H100e",
    "training_compute": "FLOP",
    "production": "H100e/month",
    "licensed": "H100e/month",
    "smuggled": "H100e/month",
    "remote": "H100e",
    "lead_months": "month",
    "compute_ratio": "dimensionless",
    "rival_lead_months": "month",
    "adoption": "fraction",
    "adoption_users": "fraction",
    "resilience": "fraction",
    "global_share_by_region": "fraction",
    "global_share": "fraction",
    "safety_margin_months": "month",
    "milestone_month": "month index (NaN: not reached by the horizon)",
    "region_weight": "fraction",
}
LEAD_AT_LEAST = 12.0  # months: the essay's first world (a lead of 12-24 months)
LEAD_AT_MOST = 3.0  # months: the essay's second world (China within a few months)
NOTES = {"resilience": "index in [0, 1] of absorption against displacement; the most speculative dial (docs/dials.md)"}

# Named capability levels. "us-frontier-2026-04" is the supplier bloc's frontier in April 2026,
# when Mythos Preview shipped (anthropic-2028-essay), taken per sample from that sample's own
# trajectory: the capability index is log10 effective compute, whose absolute level differs from
# sample to sample, so a fixed number would mean a different model in each sample. The higher
# levels add whole orders of magnitude of effective compute: at 10-15x a year of frontier growth
# (evidence.md §3) each is about one more year of frontier progress. These are definitions of what
# is reported (like the essay's 12-month threshold above), not facts about the world.
MILESTONE_ANCHOR = "2026-04"
MILESTONES: dict[str, float] = {  # name -> OOM above the anchor level
    "us-frontier-2026-04": 0.0,
    "us-frontier-2026-04+1oom": 1.0,
    "us-frontier-2026-04+2oom": 2.0,
}
