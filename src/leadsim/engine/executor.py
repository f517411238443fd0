"""Where chunks run: in this process, on a local Dask cluster, or on an existing Dask scheduler.

A job is a function ``fn(context, item)`` applied to each item (for an ensemble, a chunk's
``(start, count)``); the context (registry, scenario, what to keep of each chunk) goes to every
worker once. Results come back in item order, whichever finishes first, so a caller that merges
them as they come gets the same bytes on every executor. Jobs return compact partial results
(values at the reported months, counts), never whole trajectories, and only the main process
writes the run store. The analyses submit their own jobs the same way: a design's rows in
chunks through ``engine.ensemble.simulate_draws``, merged by their own reducer.

Dask is imported only when a cluster is asked for, so serial runs start fast.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from leadsim.errors import LeadsimError, problem

C = TypeVar("C")
T = TypeVar("T")
R = TypeVar("R")

CONNECT_TIMEOUT = "10s"  # how long to try to reach a scheduler given by address
# the scheduler's own HTTP server (health, metrics) on a free local port, not 8787, which may be taken
QUIET_SCHEDULER = {"dashboard": False, "dashboard_address": "127.0.0.1:0"}
# Dask's workers hand freed memory back to the system above 64 kB, so each chunk's temporaries
# (~50 kB a sample) are mapped afresh: 25-55% slower here. Keep up to 256 MB of freed memory instead.
WORKER_ENVIRONMENT = {"MALLOC_TRIM_THRESHOLD_": str(2**28)}
IN_FLIGHT_PER_WORKER = 2  # tasks queued per worker: keeps workers busy, bounds results waiting to merge


class Executor:
    """Runs ``fn(context, item)`` for every item, in this process; results in item order."""

    @property
    def workers(self) -> int:
        """Processes simulating at once."""
        return 1

    def map(self, fn: Callable[[C, T], R], context: C, items: Iterable[T]) -> Iterator[R]:
        """``fn(context, item)`` for each item, lazily and in item order."""
        for item in items:
            yield fn(context, item)


class DaskExecutor(Executor):
    """Runs jobs on a Dask cluster; at most ``IN_FLIGHT_PER_WORKER`` tasks per worker wait at a time."""

    def __init__(self, client: Any) -> None:
        self.client = client

    @property
    def workers(self) -> int:
        """Workers connected to the scheduler now (at least 1: tasks wait for the first to connect)."""
        return max(1, len(self.client.scheduler_info()["workers"]))

    def map(self, fn: Callable[[C, T], R], context: C, items: Iterable[T]) -> Iterator[R]:
        [shared] = self.client.scatter([context], broadcast=True, hash=False)
        pending: deque = deque()
        try:
            for item in items:
                pending.append(self.client.submit(fn, shared, item, pure=False))
                if len(pending) >= IN_FLIGHT_PER_WORKER * self.workers:  # workers may join or leave
                    yield pending.popleft().result()
            while pending:
                yield pending.popleft().result()
        finally:
            for future in pending:
                future.cancel()


def check_choice(workers: int | None, scheduler: str | None) -> None:
    """One executor at a time, and a whole number of workers."""
    if workers is not None and scheduler is not None:
        raise LeadsimError(
            problem("option --workers", "value", workers, "--workers or --scheduler, not both (--scheduler given)")
        )
    if workers is not None and (isinstance(workers, bool) or not isinstance(workers, int) or workers < 1):
        raise LeadsimError(problem("option --workers", "value", workers, "a whole number >= 1"))


def connect(scheduler: str) -> Any:
    """A client of the scheduler at ``scheduler``, or one clear error line."""
    from distributed import Client

    try:
        return Client(scheduler, timeout=CONNECT_TIMEOUT)
    except (OSError, ValueError, TypeError) as exc:
        allowed = "the address of a running Dask scheduler, e.g. tcp://127.0.0.1:8786"
        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise LeadsimError(f"{problem('option --scheduler', 'value', scheduler, allowed)} ({reason})") from None


@contextmanager
def open_executor(*, workers: int | None = None, scheduler: str | None = None) -> Iterator[Executor]:
    """This process (neither given), a local cluster of ``workers`` processes, or the scheduler at an address.

    The local cluster runs one thread per worker process and no dashboard; it closes on exit.
    A scheduler given by address is left running; only this client closes.
    """
    check_choice(workers, scheduler)
    if workers is None and scheduler is None:
        yield Executor()
        return
    with connect(scheduler) if scheduler is not None else local_cluster(workers) as client:
        yield DaskExecutor(client)


@contextmanager
def local_cluster(workers: int) -> Iterator[Any]:
    """A client of a new cluster of ``workers`` processes on this machine; this process's environment is
    restored afterwards (Dask's nannies set variables in it for the processes they start)."""
    import dask
    from distributed import Client, LocalCluster

    saved = dict(os.environ)
    try:
        with (
            dask.config.set({f"distributed.nanny.pre-spawn-environ.{k}": v for k, v in WORKER_ENVIRONMENT.items()}),
            LocalCluster(
                n_workers=workers,
                threads_per_worker=1,
                processes=True,
                dashboard_address=None,
                scheduler_kwargs=QUIET_SCHEDULER,
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
    finally:
        os.environ.clear()
        os.environ.update(saved)
