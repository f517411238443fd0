"""The run store: one DuckDB file holding every saved run, written one whole run per transaction.

DuckDB lets one process at a time open a file for writing, so every operation opens the file,
does its work and closes it at once; a process that finds the file locked waits and retries
with backoff (``LEADSIM_STORE_WAIT`` seconds in all, default 60), then stops with a clear
message. A new store is built in a temporary file and linked into place, so a store file is
either absent or complete. A file that is not a leadsim store is never written to. Every
failure of the file system or of DuckDB (a corrupt or truncated file, a read-only or impossible
folder, a full disk) is one ``StoreError`` line naming the store's path; ``leadsim runs check``
(``results.store_check``) says how to recover.
"""

from __future__ import annotations

import errno
import json
import os
import random
import secrets
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path

import duckdb
import pandas as pd
import platformdirs

from leadsim.errors import LeadsimError, clip, problem
from leadsim.results import schema
from leadsim.results.record import RunRecord

ENV_PATH = "LEADSIM_STORE"
ENV_WAIT = "LEADSIM_STORE_WAIT"
ENV_TEST_HOLD = "LEADSIM_TEST_HOLD_TRANSACTION"  # tests only: seconds to sleep inside the save transaction
DEFAULT_WAIT = 60.0  # [s] how long to wait for another process's lock
MIN_DELETE_PREFIX = 6  # characters of a run id that ``runs delete`` needs (ids have 10)
RUN_COLUMNS = ("id", "created", "command", "leadsim_version", "seed", "samples", "horizon", "at", "calibration")
JSON_COLUMNS = ("at", "calibration", "summary", "registry", "method")
FULL_COLUMNS = (*RUN_COLUMNS, "summary", "registry", "method")


def quoted(columns: tuple[str, ...]) -> str:
    """A SQL column list (``at`` is a keyword)."""
    return ", ".join(f'"{c}"' for c in columns)


class StoreError(LeadsimError):
    """The store cannot be used (not a store, locked too long, no such run, damaged, not writable)."""


def reason(exc: BaseException) -> str:
    """An OS or DuckDB error in a few words (DuckDB's messages can run over several lines)."""
    if isinstance(exc, OSError) and exc.strerror:
        text = exc.strerror if exc.errno != errno.ENOSPC else "no space left on device (disk full)"
        text += f" ({exc.filename})" if exc.filename else ""
    else:
        text = str(exc)
    return clip(" ".join(text.split()), 200)


def default_path() -> Path:
    """``runs.duckdb`` in the user's data directory (platformdirs)."""
    return platformdirs.user_data_path("leadsim") / "runs.duckdb"


def store_path(option: str | os.PathLike | None = None) -> Path:
    """The store to use: ``--store``, else ``$LEADSIM_STORE``, else the default."""
    chosen = option or os.environ.get(ENV_PATH) or default_path()
    return Path(chosen).expanduser()


def is_lock_error(exc: BaseException) -> bool:
    """DuckDB's refusal while another process holds the file (not any message that says "block")."""
    return "could not set lock" in str(exc).lower()


def _wait_seconds() -> float:
    try:
        return float(os.environ.get(ENV_WAIT, DEFAULT_WAIT))
    except ValueError:
        raise StoreError(f"environment {ENV_WAIT}: got {os.environ[ENV_WAIT]!r}; allowed: seconds, e.g. 60") from None


def open_with_retry(path: Path, wait: float) -> duckdb.DuckDBPyConnection:
    """Connect, retrying with jittered backoff while another process holds the file's lock."""
    deadline = time.monotonic() + wait
    delay = 0.05
    while True:
        try:
            return duckdb.connect(str(path))
        except duckdb.IOException as exc:
            if not is_lock_error(exc):
                raise
            if time.monotonic() >= deadline:
                holder = str(exc).split("Conflicting lock is held in", 1)[-1].split(". See", 1)[0].strip()
                raise StoreError(
                    f"run store {path}: another process ({holder}) held its lock for more than {wait:g} s; "
                    f"nothing was written; retry when it has finished, or set {ENV_WAIT} to wait longer"
                ) from None
            time.sleep(delay * (0.5 + random.random()))
            delay = min(delay * 2, 1.0)


class Store:
    """A run store file. Every method opens the file, works, and closes it."""

    def __init__(self, path: str | os.PathLike | None = None) -> None:
        self.path = store_path(path)

    @property
    def exists(self) -> bool:
        return self.path.exists()

    @contextmanager
    def connect(self, *, create: bool = False) -> Iterator[duckdb.DuckDBPyConnection]:
        """An open, checked, migrated connection; ``create`` makes the store if it is absent.

        Any OS or DuckDB error, here or in the caller's block, becomes one StoreError naming the path.
        """
        try:
            if not self.path.exists():
                if not create:
                    raise StoreError(
                        f"run store {self.path}: no such file; `leadsim run` or `leadsim compare` creates it"
                    )
                self._create()
            self._check_header()
            con = open_with_retry(self.path, _wait_seconds())
            try:
                self._check_identity(con)
                yield con
            finally:
                con.close()
        except (OSError, duckdb.Error) as exc:
            raise self.failure(exc) from None

    def failure(self, exc: BaseException) -> StoreError:
        """One line for a store that cannot be read or written, and where to look next."""
        if isinstance(exc, IsADirectoryError):
            return StoreError(
                f"run store {self.path}: is a folder; allowed: a file path, e.g. {self.path / 'runs.duckdb'}"
            )
        hint = "" if isinstance(exc, OSError) else f"; `leadsim runs check --store {self.path}` says how to recover"
        left = "the file was left as it was" if self.path.is_file() else "nothing was written"
        return StoreError(f"run store {self.path}: cannot be used: {reason(exc)}; {left}{hint}")

    def problem(self) -> str | None:
        """Why the store cannot take a run, found without opening it (no lock, no write); None if none is seen."""
        try:
            if self.path.is_dir():
                return "it is a folder"
            if self.path.exists():
                self._check_header()
                return None
            folder = next(p for p in self.path.parents if p.exists())
            return None if folder.is_dir() else f"{folder} is a file, so the store's folder cannot be created"
        except StoreError as exc:
            return str(exc).split(": ", 1)[-1]
        except OSError as exc:
            return reason(exc)

    def _create(self) -> None:
        """Build the empty store in a temporary file, then link it into place (no clobbering)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}-{secrets.token_hex(4)}.tmp")
        try:
            con = duckdb.connect(str(tmp))
            try:
                con.execute("BEGIN TRANSACTION")
                schema.create(con)
                con.execute("COMMIT")
            finally:
                con.close()
            try:
                os.link(tmp, self.path)
            except FileExistsError:
                pass  # another process created it first: use that one
            except OSError:  # no hard links on this file system
                if not self.path.exists():
                    os.replace(tmp, self.path)
        finally:
            tmp.unlink(missing_ok=True)
            tmp.with_name(tmp.name + ".wal").unlink(missing_ok=True)

    def _not_a_store(self, why: str) -> StoreError:
        return StoreError(
            f"run store {self.path}: {why}; it is not a leadsim run store and was left untouched; "
            f"choose another path with --store or {ENV_PATH}"
        )

    def _check_header(self) -> None:
        with open(self.path, "rb") as f:
            head = f.read(12)
        if len(head) < 12 or head[8:12] != b"DUCK":
            raise self._not_a_store("the file is not a DuckDB database")

    def _check_identity(self, con: duckdb.DuckDBPyConnection) -> None:
        tables = {
            r[0]
            for r in con.execute(
                "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database()"
            ).fetchall()
        }
        if schema.META_TABLE not in tables:
            raise self._not_a_store("a DuckDB database without leadsim's tables")
        meta = dict(con.execute(f"SELECT key, value FROM {schema.META_TABLE}").fetchall())
        if meta.get("application") != schema.APPLICATION:
            raise self._not_a_store(f"application {meta.get('application')!r}")
        version = int(meta.get("schema_version", 0))
        if version > schema.CURRENT_VERSION:
            raise StoreError(
                f"run store {self.path}: schema version {version} is newer than this leadsim's "
                f"({schema.CURRENT_VERSION}); upgrade leadsim to read it"
            )
        if version < schema.CURRENT_VERSION:
            with transaction(con):
                schema.migrate(con, version)

    def save(self, record: RunRecord) -> None:
        """Write the whole run in one transaction (all or nothing)."""
        values = [json.dumps(getattr(record, c)) if c in JSON_COLUMNS else getattr(record, c) for c in FULL_COLUMNS]
        scenarios = pd.DataFrame(
            {
                "position": range(len(record.scenarios)),
                "name": record.scenario_names,
                "digest": [s["digest"] for s in record.scenarios],
                "definition": [json.dumps(s) for s in record.scenarios],
            }
        )
        frames = {"run_scenarios": scenarios, "variables": record.variables, "series": record.series}
        kept = {
            "samples": record.samples_table,
            "sample_weights": record.sample_weights,
            "sample_parameters": record.sample_parameters,
        }
        frames |= {table: frame for table, frame in kept.items() if frame is not None}
        try:
            with self.connect(create=True) as con, transaction(con):
                placeholders = ", ".join("?" for _ in FULL_COLUMNS)
                con.execute(f"INSERT INTO runs ({quoted(FULL_COLUMNS)}) VALUES ({placeholders})", values)
                for table, frame in frames.items():
                    insert_frame(con, table, frame.assign(run_id=record.id))
                _hold_for_tests()
        except StoreError as exc:
            raise StoreError(f"{exc}; run {record.id} was not saved") from None

    def runs(self) -> pd.DataFrame:
        """Every run, newest first: metadata and scenario names."""
        if not self.exists:
            return pd.DataFrame(columns=[*RUN_COLUMNS, "scenarios", "kept_samples"])
        with self.connect() as con:
            frame = con.execute(
                f"""SELECT {quoted(RUN_COLUMNS)},
                    (SELECT list(name ORDER BY position) FROM run_scenarios s WHERE s.run_id = r.id) AS scenarios,
                    EXISTS (SELECT 1 FROM samples k WHERE k.run_id = r.id) AS kept_samples
                FROM runs r ORDER BY created DESC, id DESC"""
            ).df()
        for column in ("at", "calibration"):
            frame[column] = frame[column].map(json.loads)
        return frame

    def resolve(self, ref: str | None, *, min_prefix: int = 1) -> str:
        """The id of the run ``ref`` names (a unique id prefix of at least ``min_prefix`` characters);
        None means the latest run."""
        if ref is not None and len(ref) < min_prefix:
            allowed = f"a run id or a unique prefix of at least {min_prefix} characters (`leadsim runs list`)"
            raise StoreError(problem(f"run store {self.path}", "run id", ref, allowed))
        with self.connect() as con:
            if ref is None:
                row = con.execute("SELECT id FROM runs ORDER BY created DESC, id DESC LIMIT 1").fetchone()
                if row is None:
                    raise StoreError(f"run store {self.path}: no runs yet; `leadsim run` saves one")
                return row[0]
            ids = [r[0] for r in con.execute("SELECT id FROM runs WHERE starts_with(id, ?)", [ref]).fetchall()]
        if len(ids) != 1:
            allowed = "a run id or a unique prefix of one (`leadsim runs list`)"
            found = "no such run" if not ids else f"ambiguous: matches {', '.join(sorted(ids))}"
            raise StoreError(problem(f"run store {self.path}", "run id", ref, f"{allowed} ({found})"))
        return ids[0]

    def load(self, run_id: str, *, samples: bool = True) -> RunRecord:
        """One whole run, as it was saved (without the per-sample table unless ``samples``)."""
        with self.connect() as con:
            row = con.execute(f"SELECT {quoted(FULL_COLUMNS)} FROM runs WHERE id = ?", [run_id]).fetchone()
            if row is None:
                raise StoreError(f"run store {self.path}: no run {run_id!r}")
            meta = {c: json.loads(v) if c in JSON_COLUMNS else v for c, v in zip(FULL_COLUMNS, row, strict=True)}
            tables = {t: _run_rows(con, t, run_id) for t in schema.DATA_TABLES if samples or t not in schema.KEPT}
        scenarios = [json.loads(d) for d in tables["run_scenarios"].sort_values("position")["definition"]]
        kept = {t: f if f is not None and len(f) else None for t, f in tables.items()}
        return RunRecord(
            **meta,
            scenarios=scenarios,
            variables=tables["variables"],
            series=tables["series"],
            samples_table=kept.get("samples"),
            sample_weights=kept.get("sample_weights"),
            sample_parameters=kept.get("sample_parameters"),
        )

    def delete(self, run_id: str) -> None:
        """Remove one run and everything stored with it, in one transaction."""
        with self.connect() as con, transaction(con):
            for table in schema.DATA_TABLES:
                con.execute(f"DELETE FROM {table} WHERE run_id = ?", [run_id])
            con.execute("DELETE FROM runs WHERE id = ?", [run_id])


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[None]:
    """BEGIN ... COMMIT, or ROLLBACK on any error (a killed process commits nothing)."""
    con.execute("BEGIN TRANSACTION")
    try:
        yield
    except BaseException:
        with suppress(duckdb.Error):  # a broken connection cannot roll back; DuckDB drops the transaction
            con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> None:
    names = ", ".join(frame.columns)
    con.register("_leadsim_frame", frame)
    try:
        con.execute(f"INSERT INTO {table} ({names}) SELECT {names} FROM _leadsim_frame")
    finally:
        con.unregister("_leadsim_frame")


def _run_rows(con: duckdb.DuckDBPyConnection, table: str, run_id: str) -> pd.DataFrame:
    return con.execute(f"SELECT * EXCLUDE (run_id) FROM {table} WHERE run_id = ? ORDER BY rowid", [run_id]).df()


def _hold_for_tests() -> None:
    """With LEADSIM_TEST_HOLD_TRANSACTION set, say so on stderr and sleep inside the open transaction."""
    seconds = os.environ.get(ENV_TEST_HOLD)
    if seconds:
        sys.stderr.write("leadsim-test: save transaction open\n")
        sys.stderr.flush()
        time.sleep(float(seconds))
