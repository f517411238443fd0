"""Algorithmic efficiency: progress scaled by research compute, sped up by AI, with spill-over.

``log_efficiency`` is log10 of algorithmic efficiency relative to the supplier bloc in
January 2023 [OOM]; shapes ``(sample, bloc)``.
"""

from __future__ import annotations

import numpy as np


def next_log_efficiency(log_efficiency, research_compute, capability_gain, base_rate, elasticity, speedup, spillover):
    """Algorithmic efficiency one month on [OOM].

    A bloc progresses at ``base_rate`` [OOM/month] scaled by its research compute relative to
    the best-resourced bloc to the power ``elasticity`` (more compute, more experiments),
    times ``1 + speedup * capability_gain`` (AI helping to build its successors, with
    ``capability_gain`` [OOM] above the January-2023 frontier). A follower also closes a share
    ``spillover`` of its gap to the most efficient bloc (papers, open weights, talent).
    """
    relative = research_compute / research_compute.max(axis=1, keepdims=True)
    own = base_rate[:, None] * relative ** elasticity[:, None]
    own = own * (1.0 + speedup[:, None] * np.maximum(capability_gain, 0.0))
    gap = log_efficiency.max(axis=1, keepdims=True) - log_efficiency
    return log_efficiency + own + spillover[:, None] * gap
