"""The run store's tables, its schema version, and the migrations from older versions.

Version 1 was the first layout, before runs recorded the calibration they used; version 2
adds ``runs.calibration`` (a v1 run drew from the prior, so it migrates as ``"prior"``);
version 3 adds, for runs that keep their samples, each sample's weight (``sample_weights``)
and parameter values (``sample_parameters``), so that an export can be re-weighted and
re-analysed (runs saved before have none: their exports say so). Each migration moves one
version up, inside the caller's transaction.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

APPLICATION = "leadsim-run-store"
CURRENT_VERSION = 3
META_TABLE = "leadsim_store"

_META = f"CREATE TABLE {META_TABLE} (key VARCHAR PRIMARY KEY, value VARCHAR NOT NULL)"

_RUNS_V1 = """
CREATE TABLE runs (
    id VARCHAR PRIMARY KEY,
    created TIMESTAMP NOT NULL,
    command VARCHAR NOT NULL,
    leadsim_version VARCHAR NOT NULL,
    seed BIGINT NOT NULL,
    samples BIGINT NOT NULL,
    horizon VARCHAR NOT NULL,
    "at" JSON NOT NULL,
    summary JSON NOT NULL,
    registry JSON NOT NULL,
    method JSON NOT NULL
)"""

_OTHER_TABLES = (
    """CREATE TABLE run_scenarios (
        run_id VARCHAR NOT NULL, position INTEGER NOT NULL, name VARCHAR NOT NULL,
        digest VARCHAR NOT NULL, definition JSON NOT NULL, PRIMARY KEY (run_id, position))""",
    """CREATE TABLE variables (
        run_id VARCHAR NOT NULL, variable VARCHAR NOT NULL, kind VARCHAR NOT NULL,
        dims JSON NOT NULL, labels JSON NOT NULL, units VARCHAR NOT NULL, PRIMARY KEY (run_id, variable))""",
    """CREATE TABLE series (
        run_id VARCHAR NOT NULL, scenario VARCHAR NOT NULL, variable VARCHAR NOT NULL, coords VARCHAR NOT NULL,
        time VARCHAR NOT NULL, samples_used BIGINT NOT NULL,
        p5 DOUBLE, p25 DOUBLE, p50 DOUBLE, p75 DOUBLE, p95 DOUBLE, mean DOUBLE)""",
    """CREATE TABLE samples (
        run_id VARCHAR NOT NULL, scenario VARCHAR NOT NULL, sample BIGINT NOT NULL, failed BOOLEAN NOT NULL,
        variable VARCHAR NOT NULL, coords VARCHAR NOT NULL, time VARCHAR NOT NULL, value DOUBLE)""",
)

_V3_TABLES = (
    """CREATE TABLE sample_weights (
        run_id VARCHAR NOT NULL, scenario VARCHAR NOT NULL, sample BIGINT NOT NULL, weight DOUBLE NOT NULL)""",
    """CREATE TABLE sample_parameters (
        run_id VARCHAR NOT NULL, scenario VARCHAR NOT NULL, sample BIGINT NOT NULL, parameter VARCHAR NOT NULL,
        value DOUBLE)""",
)

DATA_TABLES = (  # each has a run_id column
    "run_scenarios",
    "variables",
    "series",
    "samples",
    "sample_weights",
    "sample_parameters",
)
KEPT = ("samples", "sample_weights", "sample_parameters")  # per-sample tables, of runs saved with --keep-samples


def create_v1(con: duckdb.DuckDBPyConnection) -> None:
    """The version-1 layout (kept to test the migration path)."""
    for ddl in (_META, _RUNS_V1, *_OTHER_TABLES):
        con.execute(ddl)
    con.execute(f"INSERT INTO {META_TABLE} VALUES ('application', ?), ('schema_version', '1')", [APPLICATION])


def _v1_to_v2(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("""ALTER TABLE runs ADD COLUMN calibration JSON DEFAULT '"prior"'""")


def _v2_to_v3(con: duckdb.DuckDBPyConnection) -> None:
    for ddl in _V3_TABLES:
        con.execute(ddl)


MIGRATIONS: dict[int, Callable[[duckdb.DuckDBPyConnection], None]] = {1: _v1_to_v2, 2: _v2_to_v3}


def create(con: duckdb.DuckDBPyConnection) -> None:
    """A new, empty store at the current version."""
    create_v1(con)
    migrate(con, 1)


def migrate(con: duckdb.DuckDBPyConnection, version: int) -> int:
    """Bring a store from ``version`` up to CURRENT_VERSION, one step at a time; return the new version."""
    while version < CURRENT_VERSION:
        MIGRATIONS[version](con)
        version += 1
        con.execute(f"UPDATE {META_TABLE} SET value = ? WHERE key = 'schema_version'", [str(version)])
    return version
