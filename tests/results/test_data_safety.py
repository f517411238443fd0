"""Never destroy data: outputs never overwrite the store or an existing file unasked, deletes are confirmed,
and a store that cannot take a run costs the save, never the results (shown first, then one error line)."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from leadsim.results import Store
from tests.process_helpers import error_lines, leadsim, one_error_line

SMALL = ("compare", "catch-up", "-n", "8", "--horizon", "2029-12", "--prior", "--format", "json")


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def one_line(err: str) -> str:
    assert "Traceback" not in err
    lines = error_lines(err)
    assert len(lines) == 1, err
    return lines[0]


@pytest.fixture
def store(tmp_path, leadsim_cli) -> Path:
    """A store holding one small run."""
    path = tmp_path / "store" / "runs.duckdb"
    code, _, err = leadsim_cli(*SMALL, "--store", str(path))
    assert code == 0, err
    return path


def run_id(store: Path) -> str:
    return Store(store).resolve(None)


def test_outputs_never_write_the_store(store, leadsim_cli, tmp_path):
    before, found = digest(store), run_id(store)
    link = tmp_path / "link.duckdb"
    link.symlink_to(store)
    targets = (store, link, store.parent / ".." / "store" / "runs.duckdb", Path(f"{store}.wal"))
    for target in targets:
        for command in (["runs", "export", found, "--format", "json"], ["report"]):
            for force in ([], ["--force"]):
                code, _, err = leadsim_cli(*command, "-o", str(target), *force, "--store", str(store))
                assert code == 2 and "is the run store" in one_line(err), (command, target, force)
    assert digest(store) == before and len(Store(store).runs()) == 1


@pytest.mark.parametrize("command", [["runs", "export", "ID", "--format", "csv"], ["report", "ID"]])
def test_an_existing_file_needs_force(store, leadsim_cli, tmp_path, command):
    mine = tmp_path / "mine.txt"
    mine.write_text("my notes\n")
    args = [c.replace("ID", run_id(store)) for c in command]
    code, _, err = leadsim_cli(*args, "-o", str(mine), "--store", str(store))
    assert code == 2 and "exists" in one_line(err) and "--force" in err
    assert mine.read_text() == "my notes\n"
    code, out, err = leadsim_cli(*args, "-o", str(mine), "--force", "--store", str(store))
    assert code == 0, err
    assert out.strip() == str(mine) and mine.read_text() != "my notes\n"


def test_the_default_export_file_is_protected_too(store, leadsim_cli, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    found = run_id(store)
    mine = tmp_path / f"leadsim-run-{found}.json"
    mine.write_text("{}")
    code, _, err = leadsim_cli("runs", "export", found, "--format", "json", "--store", str(store))
    assert code == 2 and "exists" in one_line(err) and mine.read_text() == "{}"


def test_a_folder_as_output(store, leadsim_cli, tmp_path):
    for command in (["runs", "export", run_id(store), "--format", "csv"], ["report"]):
        code, _, err = leadsim_cli(*command, "-o", str(tmp_path), "--store", str(store))
        assert code == 2 and "is a folder" in one_line(err)


def test_an_output_in_a_read_only_folder(store, tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    for command in (["runs", "export", run_id(store), "--format", "csv"], ["report"]):
        line = one_error_line(leadsim(*command, "-o", str(folder / "out"), "--store", str(store), drop_root=True))
        assert "Permission denied" in line and str(folder / "out") in line
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize("command", [["runs", "export", "ID", "--format", "json"], ["report", "ID"]])
def test_an_output_on_a_full_disk(store, tmp_path, command):
    args = [c.replace("ID", run_id(store)) for c in command]
    line = one_error_line(leadsim(*args, "-o", "/dev/full", "--force", "--store", str(store)))
    assert "/dev/full" in line and "No space left on device" in line
    mine = tmp_path / "mine.txt"
    mine.write_text("my notes\n")
    done = leadsim(*args, "-o", str(mine), "--force", "--store", str(store), file_limit=100_000)
    assert "File too large" in one_error_line(done)
    assert mine.read_text() == "my notes\n" and sorted(p.name for p in tmp_path.iterdir()) == ["mine.txt", "store"]


def test_delete_needs_six_characters_and_a_confirmation(store):
    found = run_id(store)
    where = ("--store", str(store))
    line = one_error_line(leadsim("runs", "delete", found[:5], "--yes", *where))
    assert "at least 6 characters" in line
    no = leadsim("runs", "delete", found[:6], *where, input="n\n")
    assert no.returncode == 1 and f"Kept run {found}" in no.stderr
    assert "no answer" in one_error_line(leadsim("runs", "delete", found[:6], *where, stdin=subprocess.DEVNULL))
    assert len(Store(store).runs()) == 1
    yes = leadsim("runs", "delete", found[:6], *where, input="y\n")
    assert yes.returncode == 0 and f"Deleted run {found}" in yes.stderr
    assert len(Store(store).runs()) == 0


def results_then_one_line(done, store: Path) -> str:
    """The JSON was printed in full; stderr is one error line naming the store; exit 2."""
    assert json.loads(done.stdout)["scenarios"]["catch-up"]["failed_samples"] == 0
    line = one_error_line(done)
    assert str(store) in line
    return line


def test_an_impossible_store_folder_keeps_the_results(tmp_path):
    afile = tmp_path / "a-file"
    afile.write_text("")
    store = afile / "sub" / "runs.duckdb"
    line = results_then_one_line(leadsim(*SMALL, "--store", str(store)), store)
    assert "Not a directory" in line


def test_a_folder_as_store_keeps_the_results(tmp_path):
    results_then_one_line(leadsim(*SMALL, "--store", str(tmp_path)), tmp_path)
    assert "is a folder" in one_error_line(leadsim("runs", "list", "--store", str(tmp_path)))


def damage(path: Path, how: str) -> None:
    """Cut the file short, or overwrite its first data blocks (DuckDB's checksums catch it)."""
    if how == "truncated":
        os.truncate(path, 12288)
    else:
        with open(path, "r+b") as f:
            f.seek(4096)
            f.write(bytes(range(256)) * 32)


@pytest.mark.parametrize("how", ["truncated", "corrupt"])
def test_a_damaged_store_keeps_the_results_and_is_left_as_it_was(store, how):
    damage(store, how)
    before = digest(store)
    line = results_then_one_line(leadsim(*SMALL, "--store", str(store)), store)
    assert "runs check" in line
    assert digest(store) == before
    for command in (["runs", "list"], ["runs", "show", "abcdef"], ["report"]):
        assert str(store) in one_error_line(leadsim(*command, "--store", str(store)))


def test_a_read_only_store_folder_keeps_the_results(tmp_path):
    folder = tmp_path / "read-only"
    folder.mkdir()
    folder.chmod(0o555)
    line = results_then_one_line(leadsim(*SMALL, "--store", str(folder / "runs.duckdb"), drop_root=True), folder)
    assert "Permission denied" in line


def test_a_full_disk_keeps_the_results_and_the_saved_runs(store):
    limit = 65_536  # [bytes]: no file may grow past this; the run's log (WAL) needs more
    line = results_then_one_line(leadsim(*SMALL, "--store", str(store), file_limit=limit), store)
    assert "File too large" in line and "was not saved" in line
    assert len(Store(store).runs()) == 1


def test_runs_check_says_how_to_recover(store, tmp_path):
    healthy = leadsim("runs", "check", "--store", str(store))
    assert healthy.returncode == 0 and "OK" in healthy.stdout and "runs: 1 rows" in healthy.stdout
    for how in ("truncated", "corrupt"):
        damaged = tmp_path / f"{how}.duckdb"
        shutil.copy(store, damaged)
        damage(damaged, how)
        before = digest(damaged)
        done = leadsim("runs", "check", "--store", str(damaged))
        assert done.returncode == 1 and "DAMAGED" in done.stdout and f"mv {damaged} {damaged}.damaged" in done.stdout
        assert digest(damaged) == before
    foreign = tmp_path / "foreign.duckdb"
    with duckdb.connect(str(foreign)) as con:
        con.execute("CREATE TABLE accounts (id INTEGER)")
    done = leadsim("runs", "check", "--store", str(foreign))
    assert done.returncode == 1 and "without leadsim's tables" in done.stdout
    absent = leadsim("runs", "check", "--store", str(tmp_path / "none.duckdb"))
    assert absent.returncode == 0 and "no store yet" in absent.stdout


def test_runs_check_on_a_store_another_process_writes(store):
    hold = "import duckdb, sys, time; con = duckdb.connect(sys.argv[1]); print('locked', flush=True); time.sleep(30)"
    holder = subprocess.Popen([sys.executable, "-c", hold, str(store)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        done = leadsim("runs", "check", "--store", str(store))
    finally:
        holder.kill()
        holder.wait()
    assert done.returncode == 1 and "another process is writing it" in done.stdout and "retry" in done.stdout


def test_runs_check_reads_an_older_store_without_changing_it(tmp_path):
    from leadsim.results import schema

    path = tmp_path / "old.duckdb"
    with duckdb.connect(str(path)) as con:
        schema.create_v1(con)
    before = digest(path)
    done = leadsim("runs", "check", "--store", str(path))
    assert done.returncode == 0 and "schema version 1 (older" in done.stdout
    assert digest(path) == before


def test_runs_check_finds_rows_of_an_unlisted_run(store):
    with duckdb.connect(str(store)) as con:
        con.execute("DELETE FROM runs")  # as a partial write would leave them
    done = leadsim("runs", "check", "--store", str(store))
    assert done.returncode == 1 and "rows of runs that `runs` does not list" in done.stdout
