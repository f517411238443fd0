"""Named positions in the compiled model's arrays: state rows, parameter columns, record fields.

The compiled step takes a few plain arrays rather than many named ones (numba is much
faster that way), so each quantity has a named index here, defined once.
"""

from __future__ import annotations

# A sample's state, an array (field, bloc) updated in place month by month.
STATE = ("capacity", "stock", "log_efficiency", "distilled", "frontier")
CAPACITY, STOCK, LOG_EFFICIENCY, DISTILLED, FRONTIER = range(len(STATE))

# Per-sample scalar parameters, array (sample, column).
SCALARS = (
    "anchor", "retire_rate", "kw0", "log_efficiency_gain", "log_share_growth", "share_max", "flop_per_h100e_run",
    "hbm_dependence", "smuggling_share", "substitution", "open_share", "remote_share", "servicing_effect",
    "servicing_decay", "log_subsidy", "base_rate", "elasticity", "speedup", "spillover", "closure_rate", "transfer",
    "release_lag", "onset", "min_student_compute", "backcast_rate",
)  # fmt: skip
(
    ANCHOR, RETIRE_RATE, KW0, LOG_EFFICIENCY_GAIN, LOG_SHARE_GROWTH, SHARE_MAX, FLOP_PER_H100E_RUN, HBM_DEPENDENCE,
    SMUGGLING_SHARE, SUBSTITUTION, OPEN_SHARE, REMOTE_SHARE, SERVICING_EFFECT, SERVICING_DECAY, LOG_SUBSIDY, BASE_RATE,
    ELASTICITY, SPEEDUP, SPILLOVER, CLOSURE_RATE, TRANSFER, RELEASE_LAG, ONSET, MIN_STUDENT_COMPUTE, BACKCAST_RATE,
) = range(len(SCALARS))  # fmt: skip

# Per-bloc parameters, array (sample, column, bloc).
PER_BLOC = (
    "capacity0", "log_growth_history", "log_growth_future", "stock0", "power0", "log_power_growth", "frontier_share",
    "log_efficiency0",
)  # fmt: skip
CAPACITY0, LOG_GROWTH_HISTORY, LOG_GROWTH_FUTURE, STOCK0, POWER0, LOG_POWER_GROWTH, FRONTIER_SHARE0, LOG_EFFICIENCY0 = (
    range(len(PER_BLOC))
)

# Levers the compiled step reads, array (lever, time, bloc).
KERNEL_LEVERS = (
    "hbm_controls", "smuggling_enforcement", "remote_access_rule", "sme_servicing_ban", "cn_chip_subsidy",
    "distillation_deterrence",
)  # fmt: skip
HBM, ENFORCEMENT, REMOTE_RULE, SERVICING, SUBSIDY, DETERRENCE = range(len(KERNEL_LEVERS))

# What every month records, array (sample, time, field, bloc). Flows to the controlled bloc
# (licensed, smuggled, remote) are recorded on the receiving bloc, zero elsewhere.
RECORD = ("frontier", "usable", "accessible", "training_compute", "production", "licensed", "smuggled", "remote")
R_FRONTIER, R_USABLE, R_ACCESSIBLE, R_TRAINING, R_PRODUCTION, R_LICENSED, R_SMUGGLED, R_REMOTE = range(len(RECORD))
