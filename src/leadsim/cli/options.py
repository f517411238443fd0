"""Parsing of command-line options shared by every command: one clear message per bad value."""

from __future__ import annotations

from typing import Annotated

import typer

from leadsim.calendar import Span
from leadsim.errors import LeadsimError, problem


def parse_count(option: str, text: str, low: int) -> int:
    """A whole-number option, with a message that names the option and value when it is not one."""
    try:
        value = int(text)
    except ValueError:
        value = None
    if value is None or value < low:
        raise LeadsimError(problem(f"option {option}", "value", text, f"a whole number >= {low}"))
    return value


Workers = Annotated[
    str | None, typer.Option("--workers", help="Run the chunks on a local Dask cluster of N processes.")
]
Scheduler = Annotated[
    str | None,
    typer.Option("--scheduler", help="Run the chunks on the Dask scheduler at ADDRESS, e.g. tcp://127.0.0.1:8786."),
]


def parse_workers(workers: str | None) -> int | None:
    """``--workers N`` -> N (None: run in this process)."""
    return None if workers is None else parse_count("--workers", workers, 1)


def parse_counts(samples: str, seed: str, chunk_size: str) -> tuple[int, int, int]:
    return (
        parse_count("--samples", samples, 1),
        parse_count("--seed", seed, 0),
        parse_count("--chunk-size", chunk_size, 1),
    )


def parse_span(horizon: str) -> Span:
    span = Span(horizon)
    try:
        if span.n_months < 24:
            raise ValueError
    except ValueError:
        raise LeadsimError(problem("option --horizon", "value", horizon, "a YYYY-MM month from 2024-12 on")) from None
    return span


def parse_at(text: str, span: Span) -> list[str]:
    """``--at 2027-06,2028-12`` -> months, each checked against the simulated span."""
    months = [m.strip() for m in text.split(",") if m.strip()]
    if not months:
        raise LeadsimError(problem("option --at", "value", text, "comma-separated YYYY-MM months"))
    for m in months:
        try:
            span.index(m)
        except ValueError:
            raise LeadsimError(problem("option --at", "month", m, span.allowed)) from None
    return months


def check_format(value: str, allowed: tuple[str, ...] = ("table", "json")) -> str:
    if value not in allowed:
        raise LeadsimError(problem("option --format", "value", value, " | ".join(allowed)))
    return value
