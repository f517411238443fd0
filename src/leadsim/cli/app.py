"""The ``leadsim`` command line: thin over the Python API.

Heavy modules (numba, scipy, xarray, pandas, duckdb, plotly) are imported inside the commands
that need them, so ``leadsim --help`` starts in the time of a small script. Every error, a
usage error of the command line included, ends as one line on stderr and exit status 2.
"""

from __future__ import annotations

import json
import sys
import warnings
from collections.abc import Callable
from typing import Annotated

import typer

from leadsim.calendar import DEFAULT_HORIZON
from leadsim.cli.calibrate import calibrate
from leadsim.cli.console import out, say
from leadsim.cli.delay import delay_cmd
from leadsim.cli.discover import discover_cmd
from leadsim.cli.levers import levers_cmd
from leadsim.cli.options import (
    At,
    Baseline,
    Chunk,
    Force,
    ForceSamples,
    Format,
    Horizon,
    KeepSamples,
    NoStore,
    Prior,
    ReportFile,
    Samples,
    Scheduler,
    Seed,
    StoreOption,
    Workers,
    check_format,
    check_samples,
    parse_at,
    parse_span,
)
from leadsim.cli.paths import check_output
from leadsim.cli.progress import progress
from leadsim.cli.reference import params, scenarios
from leadsim.cli.runs import report, report_path, runs_app, saved, warn_store, write_report
from leadsim.cli.sensitivity import sensitivity_cmd
from leadsim.engine.spec import DEFAULT_AT, DEFAULT_CHUNK, RunSpec
from leadsim.errors import LeadsimError, LeadsimWarning, problem

try:  # typer vendors click from 0.24 on
    from typer._click.exceptions import ClickException
except ImportError:  # pragma: no cover - older typer with click installed
    from click.exceptions import ClickException

app = typer.Typer(
    help="Who leads frontier AI in 2028, and why: a calibrated Monte Carlo model.",
    pretty_exceptions_enable=False,
    no_args_is_help=True,
    add_completion=False,
)
SHIPPED = ("current-policy", "pull-ahead", "catch-up")
DEFAULT_AT_TEXT = ",".join(DEFAULT_AT)
NOTES = (
    "Lead in months (p5/p50/p95); P: probability of the essay's two worlds; US:CN: compute ratio.",
    "Dials: share of firms using AI; share of world AI usage on each bloc's stack; *resilience, an index of "
    "absorption against displacement, is the most speculative dial; months of pre-deployment safety work a "
    "bloc's lead affords (docs/dials.md).",
    "Lead: months by which the US frontier is ahead of China's (negative: China ahead). Every number is "
    "conditional on the model's assumptions: `leadsim params` lists them.",
)


def show_version(value: bool) -> None:
    if value:
        from importlib.metadata import version

        out().print(f"leadsim {version('leadsim')}", markup=False, highlight=False)
        raise typer.Exit()


@app.callback()
def options(
    version: Annotated[
        bool, typer.Option("--version", callback=show_version, is_eager=True, help="Print leadsim's version and exit.")
    ] = False,
) -> None:
    """Who leads frontier AI in 2028, and why: a calibrated Monte Carlo model."""


@app.command()
def run(
    samples: Samples = 10000,
    seed: Seed = 0,
    chunk_size: Chunk = DEFAULT_CHUNK,
    horizon: Horizon = DEFAULT_HORIZON,
    prior: Prior = False,
    store: StoreOption = None,
    no_store: NoStore = False,
    keep_samples: KeepSamples = False,
    report_file: ReportFile = None,
    force: Force = False,
    workers: Workers = None,
    scheduler: Scheduler = None,
) -> None:
    """The main job: the three shipped scenarios side by side at the end of 2026-2028; saves the run and a report."""
    from leadsim.api import run_and_save
    from leadsim.cli.summaries import print_summaries
    from leadsim.results.store import Store

    check_samples(samples, force)
    span = parse_span(horizon)
    where = Store(store)
    target = check_output(report_file, force=force, store=where.path, option="--report") if report_file else None
    if not no_store:
        warn_store(where)

    def show(document: dict, record) -> None:
        print_summaries(document)
        for note in NOTES:
            out().print(note, markup=False, highlight=False)
        path = write_report(record, target or report_path(where, record.id), shared=target is None)
        out().print(f"Report: {path}", soft_wrap=True, markup=False, highlight=False)

    _, record = run_and_save(
        "run", list(SHIPPED), RunSpec(samples, seed, span, chunk_size, prior, DEFAULT_AT), show=show,
        progress=lambda n, k: progress(n, k, chunk_size, bar=True), store=None if no_store else where,
        keep_samples=keep_samples, keep_record=True, workers=workers, scheduler=scheduler,
    )  # fmt: skip
    if not no_store:
        saved(record, where)


@app.command("compare")
def compare_cmd(
    scenarios: Annotated[list[str], typer.Argument(help="Shipped names or YAML paths, each name once.")],
    samples: Samples = 10000,
    seed: Seed = 0,
    at: At = DEFAULT_AT_TEXT,
    chunk_size: Chunk = DEFAULT_CHUNK,
    horizon: Horizon = DEFAULT_HORIZON,
    format: Format = "table",
    prior: Prior = False,
    baseline: Baseline = None,
    store: StoreOption = None,
    no_store: NoStore = False,
    keep_samples: KeepSamples = False,
    force: ForceSamples = False,
    workers: Workers = None,
    scheduler: Scheduler = None,
) -> None:
    """Scenarios side by side: lead, the essay's two worlds, compute ratio, at chosen months; saves the run."""
    from leadsim.api import run_and_save
    from leadsim.cli.summaries import print_summaries
    from leadsim.results.store import Store

    check_format(format)
    check_samples(samples, force)
    span = parse_span(horizon)
    months = parse_at(at, span)
    where = None if no_store else Store(store)
    if where is not None and format == "table":  # a warning for people watching; JSON's stderr stays one error line
        warn_store(where)

    def show(document: dict, _record) -> None:
        if format == "json":
            sys.stdout.write(json.dumps(document, indent=2, sort_keys=False) + "\n")
            sys.stdout.flush()
        else:
            print_summaries(document)

    _, record = run_and_save(
        "compare", scenarios, RunSpec(samples, seed, span, chunk_size, prior, tuple(months)), show=show,
        progress=lambda n, k: progress(n, k, chunk_size, bar=format == "table"), store=where,
        keep_samples=keep_samples, baseline=baseline, workers=workers, scheduler=scheduler,
    )  # fmt: skip
    if where is not None:
        saved(record, where)


app.command()(params)
app.command()(scenarios)
app.command()(calibrate)
app.command("delay")(delay_cmd)
app.command("levers")(levers_cmd)
app.command("discover")(discover_cmd)
app.command("sensitivity")(sensitivity_cmd)
app.add_typer(runs_app, name="runs")
app.command("report")(report)


def usage_line(exc: ClickException) -> str:
    """A usage error on one line: ``leadsim compare: option --samples: got '0'; allowed: ...`` for a bad value
    (typer keeps the value on the error's cause), the command line's own words for anything else."""
    message = " ".join(exc.format_message().split())
    if not message:
        return ""
    command = exc.ctx.command_path if getattr(exc, "ctx", None) is not None else "leadsim"
    param, errors = getattr(exc, "param", None), getattr(exc.__cause__, "errors", None)
    if param is not None and getattr(param, "opts", None) and callable(errors) and errors():
        reason = " ".join(str(exc.message).split())
        allowed = reason[:1].lower() + reason[1:]
        option = max(param.opts, key=len)
        return f"{command}: {problem(f'option {option}', 'value', errors()[0].get('input'), allowed)}"
    return f"{command}: {message}; see `{command} --help`"


def warning_printer(original: Callable) -> Callable:
    """Show a LeadsimWarning as one line on stderr, any other warning as ``original`` does."""

    def show(message, category, filename, lineno, file=None, line=None) -> None:
        if issubclass(category, LeadsimWarning):
            say(f"warning: {' '.join(str(message).split())}")
        else:
            original(message, category, filename, lineno, file, line)

    return show


def main() -> None:
    """Entry point: bad input ends with one clear line on stderr and exit status 2, never a traceback;
    warnings about the results go to stderr, one line each."""
    with warnings.catch_warnings():
        warnings.simplefilter("always", LeadsimWarning)
        warnings.showwarning = warning_printer(warnings.showwarning)
        code = guarded()
    sys.exit(code)


def guarded() -> int:
    """Run the command line; every error becomes one line on stderr and its exit status."""
    try:
        code = app(standalone_mode=False)
    except ClickException as exc:  # a usage error of the command line: click prints several lines
        line = usage_line(exc)
        if line:  # empty when the command line printed its help instead (`leadsim` alone)
            say(line)
        return 2
    except typer.Abort:
        say("leadsim: stopped")
        return 1
    except LeadsimError as exc:
        say(exc.one_line())
        return 2
    return code if isinstance(code, int) else 0
