"""Algorithmic efficiency: progress scaled by research compute, sped up by AI, with spill-over.

``log_efficiency`` is log10 of algorithmic efficiency relative to the supplier bloc in
January 2023 [OOM].
"""

from __future__ import annotations

from numba import njit


@njit(cache=True, error_model="numpy")
def next_log_efficiency(
    log_efficiency, relative_compute, capability_gain, best_log_efficiency, base_rate, elasticity, speedup, spillover
):
    """Algorithmic efficiency one month on [OOM].

    A bloc progresses at ``base_rate`` [OOM/month] scaled by its research compute relative to
    the best-resourced bloc (``relative_compute`` in (0, 1]) to the power ``elasticity``: more
    compute, more experiments. AI helping to build its successors multiplies that by
    ``1 + speedup * capability_gain`` (gain [OOM] above the January-2023 frontier). A follower
    also closes a share ``spillover`` of its gap to the most efficient bloc (papers, open
    weights, talent).
    """
    own = base_rate * relative_compute**elasticity * (1.0 + speedup * max(capability_gain, 0.0))
    return log_efficiency + own + spillover * (best_log_efficiency - log_efficiency)
