"""The ``leadsim calibrate`` command: history matching in waves, the backtest, and ``--write`` (the members)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from leadsim.calendar import Span, format_month, parse_month
from leadsim.cli.console import err, new_table, out
from leadsim.cli.options import Chunk, ForceSamples, Scheduler, Seed, Workers, check_format, check_samples
from leadsim.engine.spec import DEFAULT_CHUNK
from leadsim.errors import LeadsimError, problem

ANALYSIS_SAMPLES = 10_000  # wave 1 of a calibrate report
WRITE_SAMPLES = 2**18  # wave 1 of ``--write``: the large prior ensemble the members are drawn from
MEMBERS = 10_000  # accepted members ``--write`` ships
SHOWN_INDUCED = 5  # undeclared correlations shown in the table (JSON lists more)


def parse_until(text: str | None) -> int | None:
    """``--until YYYY-MM`` -> month index, within the observed period."""
    from leadsim.calibration.observations import LAST_OBSERVED  # imported when the command runs: it loads scipy

    if text is None:
        return None
    allowed = f"a YYYY-MM month from {format_month(0)} to {LAST_OBSERVED}"
    try:
        month = parse_month(text)
    except ValueError:
        raise LeadsimError(problem("option --until", "value", text, allowed)) from None
    if not 0 <= month <= parse_month(LAST_OBSERVED):
        raise LeadsimError(problem("option --until", "value", text, allowed))
    return month


def calibrate(
    until: Annotated[str | None, typer.Option("--until", help="Calibrate on observations up to YYYY-MM.")] = None,
    samples: Annotated[
        int | None,
        typer.Option("--samples", "-n", min=1, help="Prior samples of wave 1 (default 10000; 262144 with --write)."),
    ] = None,
    seed: Seed = 0,
    scenario: Annotated[str, typer.Option("--scenario", help="Shipped name or YAML path.")] = "current-policy",
    observations: Annotated[
        Path | None, typer.Option("--observations", help="Observations YAML (default: the shipped file).")
    ] = None,
    chunk_size: Chunk = DEFAULT_CHUNK,
    format: Annotated[str, typer.Option("--format", help="table or json.")] = "table",
    write: Annotated[bool, typer.Option("--write", help="Write the accepted members that runs draw from.")] = False,
    members: Annotated[int, typer.Option("--members", min=1, help="Members --write keeps.")] = MEMBERS,
    output: Annotated[Path | None, typer.Option("--output", help="Members file (default: the shipped one).")] = None,
    force: ForceSamples = False,
    workers: Workers = None,
    scheduler: Scheduler = None,
) -> None:
    """History matching in waves on the observed race (2023-2025): prior vs posterior, parameters, backtest;
    --write ships the accepted members as the calibrated ensemble every run draws from."""
    from leadsim.analysis.calibrate import calibrate as run_calibration
    from leadsim.calibration.observations import load_observations
    from leadsim.calibration.waves import Plan
    from leadsim.engine.executor import open_executor
    from leadsim.registry import load_registry
    from leadsim.sampling.members import default_path
    from leadsim.scenarios import load_scenario

    check_format(format)
    samples = check_samples((WRITE_SAMPLES if write else ANALYSIS_SAMPLES) if samples is None else samples, force)
    keep = members if write else None
    month = parse_until(until)
    check_write(write, month, until, observations, output)
    registry = load_registry()
    found = load_observations(registry, observations)
    resolved = load_scenario(scenario, registry, Span())
    plan = Plan(samples=samples, seed=seed, keep=keep, chunk_size=chunk_size)
    target = (output or default_path()) if write else None
    with open_executor(workers=workers, scheduler=scheduler) as executor, progress(format == "table") as advance:
        document = run_calibration(
            registry, resolved, found, plan, until=month, advance=advance, write=target, executor=executor
        )
    if format == "json":
        sys.stdout.write(json.dumps(document, indent=2) + "\n")
    else:
        print_tables(document, out())


def check_write(write: bool, month: int | None, until: str | None, observations: Path | None, output: Path | None):
    """``--write`` uses every observation, and writes members for other observations only beside the shipped ones."""
    if write and month is not None:
        raise LeadsimError(
            problem("option --until", "value", until, "no --until with --write (members use every observation)")
        )
    if write and observations is not None and output is None:
        raise LeadsimError(problem("option --observations", "value", str(observations), "--output PATH with --write "
                                   "(the shipped members must match the shipped observations)"))  # fmt: skip


@contextmanager
def progress(show: bool) -> Iterator[Callable[[int], None] | None]:
    """A count of the samples streamed so far on a terminal's stderr (the waves' sizes are not known in advance)."""
    from rich.progress import Progress, TextColumn, TimeElapsedColumn

    console = err()
    if not (show and console.is_terminal):
        yield None
        return
    bar = Progress(TextColumn("history matching"), TextColumn("{task.completed} samples"), TimeElapsedColumn(),
                   console=console, transient=True)  # fmt: skip
    with bar:
        task = bar.add_task("waves", total=None)
        yield lambda n: bar.advance(task, n)


def fmt(x: float | None) -> str:
    return "-" if x is None else f"{x:.3g}"


def band(q: dict) -> str:
    return escape(f"{fmt(q['p50'])} [{fmt(q['p5'])}, {fmt(q['p95'])}]")


def right_aligned(title: str, columns: tuple[str, ...]) -> Table:
    """A table whose first column (names a user types) is left-aligned and never wrapped, the rest right-aligned."""
    return new_table(title, columns, right=columns[1:], keep=columns[:1])


def bounded(row: dict) -> str:
    return {"upper": "<= ", "lower": ">= "}.get(row.get("bound"), "") + fmt(row["observed"])


def print_tables(document: dict, out: Console) -> None:
    """Observations, narrowed parameters and the backtest, as rich tables."""
    head = f"{document['scenario']}: {document['samples']} samples, seed {document['seed']}"
    columns = ("observation", "date", "observed", "prior p50 [p5, p95]", "posterior p50 [p5, p95]", "I", "used")
    table = right_aligned(f"Observations ({head}; until {document['until'] or 'all'})", columns)
    for row in document["observations"]:
        table.add_row(
            row["name"],
            row["date"],
            bounded(row),
            band(row["prior"]),
            band(row["posterior"]),
            fmt(row["implausibility"]),
            "yes" if row["used"] else "no",
        )
    out.print(table)
    out.print(
        f"Effective sample size {document['effective_sample_size']:.0f} (accepted, equally weighted); wave 1 "
        f"ruled out {document['ruled_out']} of {document['samples']} (implausibility > {document['cutoff']:g}); "
        "I: implausibility of the posterior median."
    )
    out.print(waves_table(document))
    columns = ("parameter", "prior p50 [p5, p95]", "posterior p50 [p5, p95]", "width ratio", "shift")
    params = right_aligned("Every uncertain parameter, prior against posterior (most narrowed first)", columns)
    for row in document["parameters"]:
        params.add_row(
            row["name"], band(row["prior"]), band(row["posterior"]), fmt(row["width_ratio"]), fmt(row["shift"])
        )
    out.print(params)
    out.print("Width ratio: posterior over prior 90% width; shift: move of the median in prior 90% widths.")
    out.print(correlation_table(document["correlations"]))
    if document["backtest"]:
        print_backtest(document, out)
    if "members" in document:
        made = document["members"]["stamp"]
        out.print(f"Wrote {made['members']} members to {document['members']['path']} "
                  f"(streamed {made['streamed']} samples in {len(made['waves'])} waves).", soft_wrap=True)  # fmt: skip


def waves_table(document: dict) -> Table:
    """Each wave: samples streamed, accepted, and the volume of the box it sampled (1: the whole prior)."""
    table = right_aligned("History matching in waves", ("wave", "samples", "accepted", "failed", "box volume"))
    for w in document["waves"]:
        table.add_row(str(w["wave"]), str(w["samples"]), str(w["accepted"]), str(w["failed"]), fmt(w["box_volume"]))
    return table


def correlation_table(found: dict) -> Table:
    """Declared rank correlations, and the strongest ones the observations induced, prior against posterior."""
    table = right_aligned("Rank correlations (Spearman)", ("parameters", "declared", "prior", "posterior"))
    for row in found["declared"]:
        table.add_row("\n~ ".join(row["parameters"]), fmt(row["declared"]), fmt(row["prior"]), fmt(row["posterior"]))
    for row in found["induced"][:SHOWN_INDUCED]:
        table.add_row("\n~ ".join(row["parameters"]), "-", fmt(row["prior"]), fmt(row["posterior"]))
    return table


def print_backtest(document: dict, out: Console) -> None:
    columns = ("observation", "date", "observed", "predicted p50 [p5, p95]", "covered", "error")
    table = right_aligned(f"Backtest: observations after {document['until']}", columns)
    bounds = {row["name"]: row["bound"] for row in document["observations"]}
    for row in document["backtest"]:
        covered = "yes" if row["covered"] else "no"
        observed = bounded({**row, "bound": bounds[row["name"]]})
        table.add_row(row["name"], row["date"], observed, band(row["predicted"]), covered, fmt(row["error"]))
    out.print(table)
    out.print(f"90% intervals cover {document['backtest_coverage']:.0%} of the later observations.")
