"""The ``--where`` condition of scenario discovery: ``OUTPUT@YYYY-MM<=X`` (or ``>=``), parsed strictly.

``OUTPUT`` is a catalogue output named as in ``analysis/output_at.py`` (``lead_months``,
``adoption.cn``, ``global_share_by_region.china.cn``).
Every reading of the text is checked before anything runs, and a bad one is one error line naming
the option, the value and what is allowed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from leadsim.analysis.output_at import locate
from leadsim.calendar import Span, format_month, parse_month
from leadsim.errors import LeadsimError, problem

OPTION = "option --where"
SHAPE = "OUTPUT@YYYY-MM<=X or OUTPUT@YYYY-MM>=X, e.g. lead_months@2028-12<=6"
_PATTERN = re.compile(r"^\s*([A-Za-z_][\w.]*)\s*@\s*(\d{4}-\d{2})\s*(<=|>=)\s*([^\s].*?)\s*$")


@dataclass(frozen=True)
class Condition:
    """Which output (and where on its bloc/region axes), at which month index, on which side of a threshold."""

    text: str  # normalised: ``lead_months@2028-12<=6``
    output: str
    position: tuple[int, ...]  # indexes on the output's axes after (sample, time): () | (bloc,) | (region, bloc)
    month: int
    at_most: bool  # ``<=`` (else ``>=``)
    threshold: float

    def values(self, outputs: dict[str, np.ndarray]) -> np.ndarray:
        """The output's value at the month for every sample ``(sample,)``, from a chunk's outputs."""
        return outputs[self.output][(slice(None), self.month, *self.position)]

    def holds(self, values: np.ndarray) -> np.ndarray:
        """Whether each value meets the condition (False for NaN: callers set failed samples apart)."""
        return values <= self.threshold if self.at_most else values >= self.threshold


def parse_where(text: str, span: Span) -> Condition:
    """``lead_months@2028-12<=6`` -> a Condition; a LeadsimError (one line) for anything else."""
    match = _PATTERN.match(text)
    if match is None:
        raise LeadsimError(problem(OPTION, "value", text, SHAPE))
    name, month, sign, number = match.groups()
    output, position = locate(name, OPTION)
    try:
        threshold = float(number)
    except ValueError:
        threshold = float("nan")
    if not np.isfinite(threshold):
        raise LeadsimError(problem(OPTION, "threshold", number, "a finite number"))
    try:
        index = span.index(month)
    except ValueError:
        raise LeadsimError(problem(OPTION, "month", month, span.allowed)) from None
    normal = f"{name}@{format_month(parse_month(month))}{sign}{number}"
    return Condition(normal, output, position, index, sign == "<=", threshold)
