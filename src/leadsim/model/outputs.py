"""What the model reports: one catalogue of outputs (name, dims, unit, title, description), the
essay's two thresholds, and the named capability levels (security milestones).

Every reader (the Dataset of ``leadsim.run``, the compare JSON, the report, the run store) takes
an output's dims, unit and words from here; the compiled kernel's record fields are generated
from it, so an output is defined once.
"""

from __future__ import annotations

from dataclasses import dataclass

from leadsim.model.params import index


@dataclass(frozen=True)
class Output:
    """One reported quantity over time. ``dims`` follow ``(sample, time)``; ``group`` says where it
    comes from: ``core`` (the switches and capability), ``dial`` or ``headline`` (the lead, ratios)."""

    name: str
    dims: tuple[str, ...]
    unit: str
    axis: str  # the unit in words, for chart axes and tables
    title: str
    description: str
    group: str


OUTPUTS: tuple[Output, ...] = (
    Output("lead_months", (), "month", "months", "US lead over China",
           "Months by which the supplier bloc's frontier is ahead of the controlled bloc's (negative: behind): "
           "the delay d with K_us(t - d) = K_cn(t).", "headline"),
    Output("compute_ratio", (), "ratio", "US:China ratio", "Compute ratio, US to China (accessible)",
           "Accessible compute of the supplier bloc over the controlled bloc's: powered compute, with compute "
           "rented abroad counted with the renter.", "headline"),
    Output("compute_ratio_owned", (), "ratio", "US:China ratio", "Compute ratio, US to China (owned chips)",
           "Installed chips owned by each bloc's firms, powered or not: compute rented out counts with its owner, "
           "chips sold or smuggled into China count as China's.", "headline"),
    Output("frontier", ("bloc",), "OOM", "orders of magnitude of effective compute", "Frontier capability",
           "Capability of the bloc's best released model so far: log10 of effective training compute.", "core"),
    Output("usable", ("bloc",), "H100e", "H100-equivalents", "Powered compute",
           "Installed chips in the bloc that have power to run.", "core"),
    Output("accessible", ("bloc",), "H100e", "H100-equivalents", "Accessible compute",
           "Powered compute the bloc's firms use: their own, less what they rent out, plus what they rent abroad.",
           "core"),
    Output("stock", ("bloc",), "H100e", "H100-equivalents", "Owned compute stock",
           "Installed chips owned by the bloc's firms, powered or not.", "core"),
    Output("training_compute", ("bloc",), "FLOP", "FLOP", "Latest released model's training compute",
           "Training compute of the run behind the bloc's latest released model.", "core"),
    Output("production", ("bloc",), "H100e/month", "H100-equivalents a month", "Accelerator output",
           "Chips the bloc's industry makes a month (the supplier bloc: the allied supply chain).", "core"),
    Output("licensed", ("bloc",), "H100e/month", "H100-equivalents a month", "Licensed sales to China",
           "Chips sold legally to the controlled bloc (recorded on the receiving bloc).", "core"),
    Output("smuggled", ("bloc",), "H100e/month", "H100-equivalents a month", "Chips smuggled to China",
           "Chips smuggled to the controlled bloc (recorded on the receiving bloc).", "core"),
    Output("remote", ("bloc",), "H100e", "H100-equivalents", "Compute rented abroad by China",
           "Overseas compute the controlled bloc's labs rent (recorded on the renter).", "core"),
    Output("adoption", ("bloc",), "fraction", "share of firms", "Domestic adoption",
           "Share of the bloc's firms using AI to produce goods or services (BTOS wording).", "dial"),
    Output("adoption_users", ("bloc",), "fraction", "share of people", "People using generative AI",
           "Share of people using generative AI implied by firm adoption, 1 - (1 - D)^k.", "dial"),
    Output("resilience", ("bloc",), "index", "index (0 to 1)", "Resilience",
           "Absorption over absorption plus displacement; the most speculative dial (docs/dials.md).", "dial"),
    Output("global_share", ("bloc",), "fraction", "share of world AI usage", "World share of AI usage",
           "Usage-weighted share of world AI usage on each bloc's stack.", "dial"),
    Output("global_share_by_region", ("region", "bloc"), "fraction", "share of the region's AI usage",
           "Share of AI usage by region", "Each region's share of AI usage on each bloc's stack.", "dial"),
    Output("safety_margin_months", ("bloc",), "month", "months", "Safety margin",
           "Months of pre-deployment safety work the bloc's leading developer can afford.", "dial"),
    Output("rival_lead_months", ("bloc",), "month", "months", "Lead over the closest rival",
           "Each bloc's lead over its closest rival (negative when behind).", "dial"),
)  # fmt: skip
CATALOGUE: dict[str, Output] = {o.name: o for o in OUTPUTS}

# The kernel's record fields, one array per dims: (time, S) scalars, (time, F, bloc), (time, region, bloc).
S = index(tuple(o.name for o in OUTPUTS if o.dims == ()), "S")
F = index(tuple(o.name for o in OUTPUTS if o.dims == ("bloc",)), "F")
BY_REGION = "global_share_by_region"  # the one (region, bloc) output

LEAD_AT_LEAST = 12.0  # months: the essay's first world (a lead of 12-24 months)
LEAD_AT_MOST = 3.0  # months: the essay's second world (China within a few months)

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
MILESTONE_UNIT = "month index (NaN: not reached by the horizon)"
REGION_WEIGHT_UNIT = "fraction"
