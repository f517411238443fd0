"""Data safety: a killed writer leaves no partial run, concurrent writers both land, foreign files stay untouched."""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import time

import duckdb
import pytest
from typer.testing import CliRunner

from leadsim.analysis.compare import compare
from leadsim.calendar import Span
from leadsim.cli import app
from leadsim.engine.spec import RunSpec
from leadsim.results import Capture, Store, StoreError, schema
from leadsim.results.store import ENV_TEST_HOLD

SMALL = ("compare", "catch-up", "--samples", "16", "--horizon", "2029-12", "--format", "json")


def start(store, *extra: str, env: dict | None = None) -> subprocess.Popen:
    """A saving ``leadsim compare`` in its own process."""
    return subprocess.Popen(
        [sys.executable, "-c", "from leadsim.cli import main; main()", *SMALL, "--store", str(store), *extra],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, **(env or {})},
    )


def wait_for_open_transaction(process: subprocess.Popen) -> None:
    """Read the writer's stderr until the test hook says the save transaction is open."""
    deadline = time.monotonic() + 120
    for line in process.stderr:
        if "save transaction open" in line:
            return
        assert time.monotonic() < deadline
    raise AssertionError(f"writer ended without opening its transaction: {process.wait()}")


def stored_ids(store) -> dict[str, set[str]]:
    """Run ids found in every table: a partial run would show up in one table and not in ``runs``."""
    with duckdb.connect(str(store), read_only=True) as con:
        return {
            table: {
                r[0]
                for r in con.execute(f"SELECT DISTINCT {'id' if table == 'runs' else 'run_id'} FROM {table}").fetchall()
            }
            for table in ("runs", *schema.DATA_TABLES)
        }


def digest(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def small_record(seed: int):
    """A small compare run's record, computed in this process (faster than a CLI process)."""
    span = Span("2029-12")
    capture = Capture(span, ["2028-12"])
    document, _ = compare(
        ["catch-up"], RunSpec(samples=16, seed=seed, span=span, at=["2028-12"]), observe=capture.observe
    )
    return capture.record("compare", document)


def save_small_run(store, seed: int) -> None:
    Store(store).save(small_record(seed))


def test_sigkill_mid_save_leaves_no_partial_run(tmp_path):
    store = tmp_path / "runs.duckdb"
    save_small_run(store, 1)
    writer = start(store, "--seed", "2", "--keep-samples", env={ENV_TEST_HOLD: "60"})
    wait_for_open_transaction(writer)
    writer.send_signal(signal.SIGKILL)
    assert writer.wait(timeout=30) == -signal.SIGKILL
    ids = stored_ids(store)
    assert len(ids["runs"]) == 1
    for table, found in ids.items():
        assert found <= ids["runs"], f"{table} holds rows of a run that was never committed"
    assert ids["samples"] == set()  # only the killed run kept samples
    save_small_run(store, 3)  # the store still takes runs
    assert len(Store(store).runs()) == 2


def test_two_writers_at_once_both_save(tmp_path):
    store = tmp_path / "runs.duckdb"
    record = small_record(2)  # computed first, so only the save is timed, however loaded the machine
    first = start(store, "--seed", "1", env={ENV_TEST_HOLD: "3"})
    wait_for_open_transaction(first)  # the CLI process holds the lock now: this process must wait for it
    started = time.monotonic()
    Store(store).save(record)
    waited = time.monotonic() - started
    stdout, stderr = first.communicate(timeout=120)
    assert first.returncode == 0, stderr
    assert json.loads(stdout)["seed"] == 1
    assert sorted(Store(store).runs()["seed"]) == [1, 2]
    assert waited > 1.0  # it really waited for the other writer's lock


def test_a_store_locked_too_long_gives_a_clear_message(tmp_path, monkeypatch):
    store = tmp_path / "runs.duckdb"
    save_small_run(store, 1)
    hold = "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('locked', flush=True); time.sleep(30)"
    holder = subprocess.Popen([sys.executable, "-c", hold, str(store)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        monkeypatch.setenv("LEADSIM_STORE_WAIT", "0.5")
        started = time.monotonic()
        with pytest.raises(StoreError, match=r"held its lock for more than 0.5 s; nothing was written"):
            Store(store).runs()
        assert time.monotonic() - started >= 0.5
    finally:
        holder.kill()
        holder.wait()
    assert len(Store(store).runs()) == 1  # free again once the holder is gone


def test_a_foreign_duckdb_file_is_refused_and_untouched(tmp_path):
    path = tmp_path / "theirs.duckdb"
    with duckdb.connect(str(path)) as con:
        con.execute("CREATE TABLE accounts (id INTEGER, balance DOUBLE)")
        con.execute("INSERT INTO accounts VALUES (1, 10.5)")
    before = digest(path)
    done = CliRunner().invoke(app, [*SMALL, "--store", str(path)])
    assert done.exit_code != 0 and "not a leadsim run store" in str(done.exception)
    with pytest.raises(StoreError, match="left untouched"):
        Store(path).runs()
    assert digest(path) == before


@pytest.mark.parametrize("content", [b"", b"hello, not a database\n", b"\x00" * 4096])
def test_a_file_that_is_not_duckdb_is_refused_and_untouched(tmp_path, content):
    path = tmp_path / "store.duckdb"
    path.write_bytes(content)
    with pytest.raises(StoreError, match="not a DuckDB database"):
        Store(path).runs()
    assert path.read_bytes() == content


def test_migration_from_version_1(tmp_path):
    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        schema.create_v1(con)
        con.execute(
            """INSERT INTO runs VALUES ('0123456789', TIMESTAMP '2026-01-02 03:04:05', 'compare', '0.0.1', 7, 100,
            '2032-12', '["2028-12"]', '{}', '{}', '{}')"""
        )
    runs = Store(path).runs()
    assert list(runs["id"]) == ["0123456789"] and runs["calibration"].iloc[0] == "prior"
    with duckdb.connect(str(path), read_only=True) as con:
        version = con.execute(f"SELECT value FROM {schema.META_TABLE} WHERE key = 'schema_version'").fetchone()
    assert version == (str(schema.CURRENT_VERSION),)


def test_a_newer_store_is_refused(tmp_path):
    path = tmp_path / "new.duckdb"
    with Store(path).connect(create=True):
        pass
    with duckdb.connect(str(path)) as con:
        con.execute(f"UPDATE {schema.META_TABLE} SET value = '99' WHERE key = 'schema_version'")
    with pytest.raises(StoreError, match="upgrade leadsim"):
        Store(path).runs()
