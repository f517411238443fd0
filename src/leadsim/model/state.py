"""Named rows of one sample's working arrays in the compiled step (what the outputs do not record).

``st`` (field, bloc) is the state carried from month to month; ``hist`` (time, field, bloc) keeps
what later months read back at a lag; ``work`` (field, bloc) holds one month's intermediate
values; ``clk`` (field, bloc) the exogenous paths (model/clock.py). Rows are named once here and
read by name (``st[ST.stock, b]``).
"""

from __future__ import annotations

from leadsim.model.params import index

ST = index(
    (
        "capacity",  # chip-making capacity [H100e/month], before HBM cuts and investment
        "stock",  # owned installed chips [H100e]
        "desired",  # the stock the bloc's demand would have built (controlled bloc) [H100e]
        "log_efficiency",  # algorithmic efficiency [OOM]
        "distilled",  # the distilled model's capability [OOM]
        "frontier",  # best released capability so far [OOM]
        "adoption",  # share of firms using AI [fraction]
        "smoothed_share",  # world usage share as investment sees it (lagged) [fraction]
        "anchor_share",  # the smoothed share at the anchor month [fraction]
    ),
    "ST",
)
HIST = index(
    (
        "flow",  # training compute used by the bloc's largest run this month [FLOP/month]
        "cumulative",  # that flow integrated from the distant past [FLOP]
        "log_efficiency",  # algorithmic efficiency reached by the end of the month [OOM]
        "deterrence",  # strength of distillation deterrence on the bloc's models this month
    ),
    "HIST",
)
WORK = index(
    (
        "invest",  # investment factor from the share of world usage [dimensionless]
        "powered",  # chips the bloc's power can run [H100e]
        "start",  # month the run behind the bloc's latest release started [month index]
        "own",  # own capability of the latest released model [OOM]
        "scarce",  # scarcity of inference compute [fraction]
        "utility",  # the region-free part of the utility of the bloc's stack [utility]
        "log_list_price",  # log of the stack's list price relative to the US stack's, once cheap weights are out
    ),
    "WORK",
)
CL = index(
    (
        "power",  # chips the bloc's installed power can run, before investment [H100e]
        "share",  # share of accessible compute in the largest run, before its cap [fraction]
        "window",  # duration of the run behind a release this month, before its cap [month]
        "demand",  # the controlled bloc's demand for chips, before investment [H100e/month]
    ),
    "CL",
)
