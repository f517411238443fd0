"""Months: the model's time axis runs monthly from 2023-01; a month index counts from there."""

from __future__ import annotations

import re
from dataclasses import dataclass

START_YEAR = 2023  # the first simulated month is January of this year (history, for calibration)
DEFAULT_HORIZON = "2032-12"
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def parse_month(text: object) -> int:
    """Return the month index of a ``YYYY-MM`` string (0 = 2023-01); raise ValueError if malformed."""
    match = _MONTH.match(str(text).strip()) if isinstance(text, str) else None
    if match is None or not 1 <= int(match.group(2)) <= 12:
        raise ValueError(f"{text!r} is not a YYYY-MM month")
    return (int(match.group(1)) - START_YEAR) * 12 + int(match.group(2)) - 1


def format_month(index: int) -> str:
    """Return the ``YYYY-MM`` string of a month index."""
    year, month = divmod(int(index), 12)
    return f"{START_YEAR + year:04d}-{month + 1:02d}"


@dataclass(frozen=True)
class Span:
    """The simulated months, 2023-01 to the horizon inclusive."""

    horizon: str = DEFAULT_HORIZON

    @property
    def n_months(self) -> int:
        return parse_month(self.horizon) + 1

    @property
    def first(self) -> str:
        return format_month(0)

    def labels(self) -> list[str]:
        return [format_month(i) for i in range(self.n_months)]

    def index(self, text: object) -> int:
        """Month index of ``text``; ValueError if malformed or outside the span."""
        i = parse_month(text)
        if not 0 <= i < self.n_months:
            raise ValueError(f"{text!r} is outside the simulated span {self.first}..{self.horizon}")
        return i

    @property
    def allowed(self) -> str:
        return f"a YYYY-MM month from {self.first} to {self.horizon}"
