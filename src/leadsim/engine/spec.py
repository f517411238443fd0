"""What a run is: how many samples, from which seed, over which months, in what chunks, reported when."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field

from leadsim.calendar import Span

DEFAULT_CHUNK = 2000  # samples simulated at once: bounds memory, never changes a number
DEFAULT_AT = ("2026-12", "2027-12", "2028-12")  # months reported by default


@dataclass(frozen=True)
class RunSpec:
    """One frozen description of a run, passed instead of long argument lists.

    ``prior`` runs the uncalibrated prior ensemble; ``at`` are the reported months (``YYYY-MM``,
    inside ``span``).
    """

    samples: int = 1000
    seed: int = 0
    span: Span = field(default_factory=Span)
    chunk_size: int = DEFAULT_CHUNK
    prior: bool = False
    at: tuple[str, ...] = DEFAULT_AT

    def __post_init__(self) -> None:
        object.__setattr__(self, "at", tuple(self.at))
        for month in self.at:
            self.span.index(month)  # ValueError if outside the span

    @property
    def months(self) -> list[int]:
        """Month indexes of the reported months."""
        return [self.span.index(m) for m in self.at]

    def chunk_bounds(self) -> Iterator[tuple[int, int]]:
        """``(start, count)`` of each chunk, in sample order."""
        for start in range(0, self.samples, self.chunk_size):
            yield start, min(self.chunk_size, self.samples - start)
