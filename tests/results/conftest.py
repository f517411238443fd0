"""A run store with one saved comparison, made once through the CLI."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from leadsim.cli import app


def invoke(*args: str):
    """The CLI in this process (typer's runner), which must succeed."""
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return result


@pytest.fixture(scope="session")
def cli():
    """``cli(*args)``: run the CLI in this process; it must succeed."""
    return invoke


@pytest.fixture(scope="session")
def compared(tmp_path_factory) -> dict:
    """``leadsim compare pull-ahead catch-up --samples 2000 --seed 3`` saved in a fresh store."""
    store = tmp_path_factory.mktemp("store") / "runs.duckdb"
    done = invoke(
        "compare",
        "pull-ahead",
        "catch-up",
        "--samples",
        "2000",
        "--seed",
        "3",
        "--format",
        "json",
        "--store",
        str(store),
    )
    listed = json.loads(invoke("runs", "list", "--format", "json", "--store", str(store)).stdout)
    return {"store": store, "summary": json.loads(done.stdout), "stderr": done.stderr, "runs": listed}
