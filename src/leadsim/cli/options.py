"""Options shared by the commands, typed as what they hold, and their checks: one clear message per bad value.

Numbers are typed (``--samples INTEGER``), so the command line itself refuses ``--samples many``;
``cli.app.main`` prints that refusal on one line like every other error. This module imports
nothing heavy: ``leadsim --help`` must start fast.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from leadsim.calendar import Span
from leadsim.errors import LeadsimError, problem

MAX_SAMPLES = 10_000_000  # samples per scenario a run takes without --force (hours of work, gigabytes)

Samples = Annotated[int, typer.Option("--samples", "-n", min=1, help="Number of samples per scenario.")]
Seed = Annotated[int, typer.Option("--seed", min=0, help="Seed of the quasi-random sampler.")]
Chunk = Annotated[int, typer.Option("--chunk-size", min=1, help="Samples simulated at once (memory bound).")]
Horizon = Annotated[str, typer.Option("--horizon", help="Last simulated month, YYYY-MM.")]
Format = Annotated[str, typer.Option("--format", help="table or json.")]
Prior = Annotated[bool, typer.Option("--prior", help="Use the uncalibrated prior ensemble (no history matching).")]
At = Annotated[str, typer.Option("--at", help="Comma-separated months YYYY-MM, each once.")]
ForceSamples = Annotated[bool, typer.Option("--force", help=f"Allow more than {MAX_SAMPLES:,} samples per scenario.")]
Force = Annotated[
    bool,
    typer.Option("--force", help=f"Allow more than {MAX_SAMPLES:,} samples, and overwrite an existing --report file."),
]
StoreOption = Annotated[
    str | None,
    typer.Option("--store", envvar="LEADSIM_STORE", help="Run store file (default: runs.duckdb in the user data dir)."),
]
NoStore = Annotated[bool, typer.Option("--no-store", help="Do not save this run in the store.")]
KeepSamples = Annotated[bool, typer.Option("--keep-samples", help="Also store every sample's values at --at months.")]
Baseline = Annotated[
    str | None,
    typer.Option("--baseline", help="A compared scenario: show every other one's paired difference from it."),
]
ReportFile = Annotated[Path | None, typer.Option("--report", help="HTML report file to write (one offline file).")]
Workers = Annotated[
    int | None, typer.Option("--workers", min=1, help="Run the chunks on a local Dask cluster of N processes.")
]
Scheduler = Annotated[
    str | None,
    typer.Option("--scheduler", help="Run the chunks on the Dask scheduler at ADDRESS, e.g. tcp://127.0.0.1:8786."),
]


def check_samples(samples: int, force: bool) -> int:
    """More than MAX_SAMPLES samples per scenario needs --force (a typo of a few zeros costs hours)."""
    if samples > MAX_SAMPLES and not force:
        allowed = f"at most {MAX_SAMPLES:,} per scenario, or add --force for a larger run (hours of work)"
        raise LeadsimError(problem("option --samples", "value", samples, allowed))
    return samples


def parse_span(horizon: str) -> Span:
    span = Span(horizon)
    try:
        if span.n_months < 24:
            raise ValueError
    except ValueError:
        raise LeadsimError(problem("option --horizon", "value", horizon, "a YYYY-MM month from 2024-12 on")) from None
    return span


def parse_at(text: str, span: Span) -> list[str]:
    """``--at 2027-06,2028-12`` -> months, each checked against the simulated span; a month given twice is an
    error (it would report the same rows twice)."""
    months = [m.strip() for m in text.split(",") if m.strip()]
    if not months:
        raise LeadsimError(problem("option --at", "value", text, "comma-separated YYYY-MM months"))
    for m in months:
        try:
            span.index(m)
        except ValueError:
            raise LeadsimError(problem("option --at", "month", m, span.allowed)) from None
    twice = sorted({m for m in months if months.count(m) > 1})
    if twice:
        raise LeadsimError(problem("option --at", "month", ", ".join(twice), "each month once (given twice)"))
    return months


def check_format(value: str, allowed: tuple[str, ...] = ("table", "json")) -> str:
    if value not in allowed:
        raise LeadsimError(problem("option --format", "value", value, " | ".join(allowed)))
    return value
