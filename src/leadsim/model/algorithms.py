"""Algorithmic efficiency: each bloc's own research, sped up by its own AI, plus spill-over from
what the other bloc has released or published.

``log_efficiency`` is log10 of algorithmic efficiency relative to the supplier bloc in January
2023 [OOM]. Scalar functions of one sample and bloc, compiled with numba.
"""

from __future__ import annotations

import math

from numba import njit

from leadsim.model.minmax import larger

JIT = {"cache": True, "error_model": "numpy", "inline": "always"}


@njit(**JIT)
def research_rate(base_rate, productivity, relative_compute, elasticity, log_uplift, capability_gain):
    """A bloc's own algorithmic progress this month [OOM/month].

    ``base_rate`` [OOM/month] times the bloc's research productivity relative to the supplier
    bloc's (its own research base: a follower can out-innovate), times its research compute
    relative to the best-resourced bloc's (``relative_compute`` in (0, 1], more compute, more
    experiments) to the power ``elasticity``, times the AI R&D uplift: ``exp(log_uplift)`` per OOM
    of the bloc's own released capability above the supplier's January-2023 frontier, so the
    speed-up compounds as AI helps build its successors.
    """
    log_relative = 0.0 if relative_compute == 1.0 else math.log(relative_compute)  # the best-resourced: no log
    return base_rate * productivity * math.exp(elasticity * log_relative + log_uplift * larger(capability_gain, 0.0))


@njit(**JIT)
def next_log_efficiency(log_efficiency, rate, spillover, published):
    """Algorithmic efficiency one month on [OOM]: own progress plus a share ``spillover`` of the gap
    to the best efficiency another bloc has released or published (``published``), if ahead."""
    return log_efficiency + rate + spillover * larger(published - log_efficiency, 0.0)
