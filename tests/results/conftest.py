"""A run store with one saved comparison, made once by the real CLI in a subprocess."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest


def leadsim(*args: str, env: dict | None = None, check: bool = True) -> subprocess.CompletedProcess:
    """Run the CLI in a fresh process (as a user would)."""
    done = subprocess.run(
        [sys.executable, "-c", "from leadsim.cli import main; main()", *args],
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )
    if check and done.returncode != 0:
        raise AssertionError(f"leadsim {' '.join(args)} failed ({done.returncode}): {done.stderr}")
    return done


@pytest.fixture(scope="session")
def run_cli():
    """The CLI in a fresh process: ``run_cli(*args, env=None, check=True)``."""
    return leadsim


@pytest.fixture(scope="session")
def compared(tmp_path_factory) -> dict:
    """``leadsim compare pull-ahead catch-up --samples 2000 --seed 3`` saved in a fresh store."""
    store = tmp_path_factory.mktemp("store") / "runs.duckdb"
    done = leadsim(
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
    listed = json.loads(leadsim("runs", "list", "--format", "json", "--store", str(store)).stdout)
    return {"store": store, "summary": json.loads(done.stdout), "stderr": done.stderr, "runs": listed}
