"""Progress of a run on stderr: a bar per scenario, and the run's estimated time when it is long.

The estimate measures a chunk and extrapolates to the samples left. The first chunk also
loads the compiled kernels (about a second), so when a run has three chunks or more the
estimate waits for the second chunk; otherwise the first chunk is all there is to measure.
It is announced once, only when the run has more than ANNOUNCE_AFTER seconds to go.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from leadsim.cli.console import err

ANNOUNCE_AFTER = 5.0  # [s] runs with more time than this to go say how long they will take


def duration(seconds: float) -> str:
    """``42 s``, ``3 min``, ``2.5 h``."""
    if seconds < 90:
        return f"{seconds:.0f} s"
    if seconds < 90 * 60:
        return f"{seconds / 60:.0f} min"
    return f"{seconds / 3600:.1f} h"


@dataclass
class Estimate:
    """Counts samples as chunks finish; ``announce`` is called once with the estimate, if it is long."""

    total: int  # samples in the whole run, all scenarios
    chunk_size: int
    announce: Callable[[str], None]
    done: int = 0
    chunks: int = 0
    last: float = field(default_factory=lambda: time.monotonic())
    started: float = field(default_factory=lambda: time.monotonic())
    said: bool = False

    def advance(self, count: int) -> None:
        now = time.monotonic()
        self.done += count
        self.chunks += 1
        seconds, self.last = now - self.last, now
        many = -(-self.total // self.chunk_size) >= 3
        if self.said or (many and self.chunks < 2) or self.done >= self.total:
            return
        self.said = True
        left = seconds / count * (self.total - self.done)
        if left > ANNOUNCE_AFTER:
            spent = now - self.started
            self.announce(
                f"Estimated time: about {duration(spent + left)} in all, {duration(left)} to go "
                f"({self.done:,} of {self.total:,} samples done; the last chunk of {count:,} took {seconds:.1f} s)"
            )


OnStart = Callable[[str], Callable[[int], None]]  # scenario name -> progress callback taking a chunk's size


@contextmanager
def progress(samples: int, scenarios: int, chunk_size: int, *, bar: bool) -> Iterator[OnStart]:
    """Yield the ``on_start`` callback the API calls for each scenario; with ``bar``, draw a bar per scenario
    (on a terminal only: a log gets no bars, only the estimate)."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

    console = err()
    columns = (TextColumn("{task.description:<16}"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn())
    bars = Progress(*columns, console=console, transient=False, disable=not (bar and console.is_terminal))
    estimate = Estimate(
        samples * scenarios, chunk_size, lambda text: console.print(text, markup=False, highlight=False)
    )

    def on_start(name: str) -> Callable[[int], None]:
        task = bars.add_task(name, total=samples)

        def advance(count: int) -> None:
            bars.advance(task, count)
            estimate.advance(count)

        return advance

    with bars:
        yield on_start
