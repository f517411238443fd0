"""What the command line prints: tables that fit 80 columns without cutting a word, and the run's estimated time."""

from __future__ import annotations

import pytest

from leadsim.cli import progress
from leadsim.results import Store

WIDTH = 80


@pytest.fixture
def narrow(monkeypatch):
    monkeypatch.setenv("COLUMNS", str(WIDTH))


def fits(text: str) -> None:
    """Every line within 80 columns, and nothing cut short with an ellipsis."""
    long = [line for line in text.splitlines() if len(line) > WIDTH]
    assert not long, long[:3]
    assert "…" not in text


@pytest.mark.parametrize(
    "args",
    [
        ["params"],
        ["scenarios"],
        ["scenarios", "--levers"],
        ["compare", "pull-ahead", "catch-up", "-n", "16", "--prior", "--horizon", "2029-12"],
        ["calibrate", "-n", "32", "--until", "2024-06"],
    ],
)
def test_tables_fit_80_columns(narrow, leadsim_cli, args):
    code, out, err = leadsim_cli(*args)
    assert code == 0, err
    fits(out)


def test_runs_tables_fit_80_columns(narrow, leadsim_cli, tmp_path):
    store = str(tmp_path / "runs.duckdb")
    run = ("compare", "current-policy", "pull-ahead", "catch-up", "-n", "8", "--prior", "--horizon", "2029-12")
    assert leadsim_cli(*run, "--store", store)[0] == 0
    code, out, _ = leadsim_cli("runs", "list", "--store", store)
    assert code == 0 and "current-policy" in out
    fits(out)
    code, out, _ = leadsim_cli("runs", "show", Store(store).resolve(None), "--store", store)
    assert code == 0
    fits(out)


def test_levers_lists_every_lever_with_its_meaning(leadsim_cli):
    from leadsim.scenarios.levers import LEVERS

    code, out, _ = leadsim_cli("scenarios", "--levers")
    assert code == 0
    for name, spec in LEVERS.items():
        assert name in out and spec.sources[0] in out
    assert "regime: ban | h20 | h200 | blackwell" in out and "effect on the US lead: widens" in out


class Clock:
    """A stand-in for ``time.monotonic`` that moves only when told."""

    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch) -> Clock:
    fake = Clock()
    monkeypatch.setattr(progress.time, "monotonic", fake)
    return fake


def run_chunks(clock: Clock, total: int, chunk: int, seconds: list[float]) -> list[str]:
    said: list[str] = []
    estimate = progress.Estimate(total, chunk, said.append)
    for spent in seconds:
        clock.now += spent
        estimate.advance(chunk)
    return said


def test_a_long_run_announces_its_time_from_a_steady_chunk(clock):
    said = run_chunks(clock, total=40_000, chunk=2000, seconds=[3.0, 1.0, 1.0, 1.0])  # the first loads the kernels
    assert len(said) == 1
    assert "18 s to go" in said[0] and "about 22 s in all" in said[0]  # 18 chunks left at 1 s, after 4 s


def test_a_short_run_says_nothing(clock):
    assert run_chunks(clock, total=8000, chunk=2000, seconds=[1.5, 0.5, 0.5, 0.5]) == []


def test_a_run_of_one_or_two_chunks_is_measured_on_the_first(clock):
    said = run_chunks(clock, total=2_000_000, chunk=1_000_000, seconds=[60.0])
    assert len(said) == 1 and "60 s to go" in said[0]
