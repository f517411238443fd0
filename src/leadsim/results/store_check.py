"""``leadsim runs check``: verify a run store without changing it, and say how to recover a damaged one.

The check opens the file read-only (no migration, no write), confirms it is a leadsim store of
a version this leadsim reads, reads every row of every table (DuckDB verifies each block's
checksum as it reads), checks that every JSON column parses and that no table holds rows of
a run that ``runs`` does not list. It never repairs: a damaged store is moved aside by the
user, so nothing is lost by a wrong guess.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import duckdb

from leadsim.results import schema
from leadsim.results.store import JSON_COLUMNS, Store, is_lock_error, reason

MOVE_ASIDE = (
    "to recover: move the file aside (mv {path} {path}.damaged); the next `leadsim run` or `leadsim compare` "
    "starts a new store; runs that still read can be exported from the old file with "
    "`leadsim runs export ID --store {path}.damaged`"
)


@dataclass
class Verdict:
    """What the check found: ``ok`` when the store is sound (or absent), facts, and problems with advice."""

    path: str
    ok: bool = True
    facts: list[str] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    advice: str = ""

    def fail(self, found: str, advice: str) -> Verdict:
        self.ok = False
        self.problems.append(found)
        self.advice = advice.format(path=self.path)
        return self


def check_store(store: Store) -> Verdict:
    """Verify ``store`` read-only; see the module docstring."""
    verdict = Verdict(str(store.path))
    if not store.path.exists():
        verdict.facts.append("no store yet: `leadsim run` or `leadsim compare` creates one here")
        return verdict
    if store.path.is_dir():
        return verdict.fail("it is a folder, not a store file", "point --store or LEADSIM_STORE at a file")
    found = store.problem()
    if found:
        return verdict.fail(found, "if the file is not a store, leave it and use another --store; else " + MOVE_ASIDE)
    try:
        con = duckdb.connect(str(store.path), read_only=True)
    except duckdb.Error as exc:
        if is_lock_error(exc):
            return verdict.fail(f"another process is writing it ({reason(exc)})", "retry when that process ends")
        return verdict.fail(f"DuckDB cannot open it: {reason(exc)}", MOVE_ASIDE)
    try:
        return read_everything(con, verdict)
    except duckdb.Error as exc:
        return verdict.fail(f"a table does not read back: {reason(exc)}", MOVE_ASIDE)
    finally:
        con.close()


def read_everything(con: duckdb.DuckDBPyConnection, verdict: Verdict) -> Verdict:
    """Identity and version, every row of every table, JSON columns, rows without their run."""
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if schema.META_TABLE not in tables:
        return verdict.fail("a DuckDB database without leadsim's tables", "leave it; point --store elsewhere")
    meta = dict(con.execute(f"SELECT key, value FROM {schema.META_TABLE}").fetchall())
    version = int(meta.get("schema_version", 0))
    if meta.get("application") != schema.APPLICATION:
        return verdict.fail(f"application {meta.get('application')!r}", "leave it; point --store elsewhere")
    if version > schema.CURRENT_VERSION:
        return verdict.fail(f"schema version {version} is newer than this leadsim's", "upgrade leadsim to read it")
    expected = {"runs", *schema.DATA_TABLES}
    missing = sorted((expected if version == schema.CURRENT_VERSION else {"runs"}) - tables)
    if missing:  # an older store may lack tables its migration adds on the next write
        return verdict.fail(f"tables missing: {', '.join(missing)}", MOVE_ASIDE)
    present = [t for t in ("runs", *schema.DATA_TABLES) if t in tables]
    counts = {t: read_table(con, t) for t in present}
    older = "" if version == schema.CURRENT_VERSION else " (older: the next save migrates it)"
    verdict.facts.append(
        f"schema version {version}{older}; " + ", ".join(f"{t}: {n:,} rows" for t, n in counts.items())
    )
    return check_rows(con, verdict, [t for t in present if t != "runs"])


def read_table(con: duckdb.DuckDBPyConnection, table: str) -> int:
    """Read every row (hashing them reads every block, so DuckDB checks every checksum); the row count."""
    return con.execute(f"SELECT count(*), sum(hash(t)) FROM {table} t").fetchone()[0]


def check_rows(con: duckdb.DuckDBPyConnection, verdict: Verdict, data_tables: list[str]) -> Verdict:
    """JSON columns that parse, and no rows of a run that ``runs`` does not list."""
    columns = {
        r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = 'runs'").fetchall()
    }
    for column in (c for c in JSON_COLUMNS if c in columns):
        bad = con.execute(f'SELECT id FROM runs WHERE NOT json_valid("{column}")').fetchall()
        if bad:
            verdict.fail(f"runs.{column} is not JSON in run(s) {', '.join(r[0] for r in bad)}", MOVE_ASIDE)
    for table in data_tables:
        orphans = con.execute(f"SELECT count(*) FROM {table} WHERE run_id NOT IN (SELECT id FROM runs)").fetchone()[0]
        if orphans:
            verdict.fail(f"{table} holds {orphans:,} rows of runs that `runs` does not list", MOVE_ASIDE)
    return verdict
