"""The suite never touches the user's data: its store, data and cache folders are temporary, for this process
and every process it starts (``conftest.private_user_folders``)."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs

from leadsim.registry import cache
from leadsim.results.store import Store
from tests.conftest import OUTSIDE, PRIVATE
from tests.process_helpers import leadsim


def user_paths() -> list[Path]:
    """Where leadsim would write for the user who started the suite (their environment, else the defaults)."""
    home = Path.home()
    data = Path(OUTSIDE["XDG_DATA_HOME"] or home / ".local" / "share") / "leadsim"
    cache_folder = Path(OUTSIDE["XDG_CACHE_HOME"] or home / ".cache") / "leadsim"
    store = Path(OUTSIDE["LEADSIM_STORE"]) if OUTSIDE["LEADSIM_STORE"] else data / "runs.duckdb"
    return [store, store.parent / "reports", data, cache_folder]


def snapshot(paths: list[Path]) -> dict:
    """Every file under those paths with its size and modification time (absent paths: None)."""
    state = {}
    for path in paths:
        files = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        state[str(path)] = {str(f): (f.stat().st_size, f.stat().st_mtime_ns) for f in files if f.is_file()} or None
    return state


def test_the_suite_points_every_user_folder_at_a_temporary_one(private_user_folders):
    for name in PRIVATE:
        assert os.environ[name].startswith(str(private_user_folders)), name
        assert os.environ[name] != OUTSIDE[name]
    assert Store().path.is_relative_to(private_user_folders)
    assert platformdirs.user_data_path("leadsim").is_relative_to(private_user_folders)
    assert cache.folder().is_relative_to(private_user_folders)


def test_a_run_started_by_a_test_writes_nothing_at_the_users_paths(private_user_folders):
    paths = user_paths()
    before = snapshot(paths)
    done = leadsim("run", "-n", "8", "--horizon", "2029-12", "--prior")  # saves a run and writes a report
    assert done.returncode == 0, done.stderr
    assert snapshot(paths) == before
    store = Path(os.environ["LEADSIM_STORE"])
    assert store.is_file() and any((store.parent / "reports").glob("leadsim-run-*.html"))
    assert any(cache.folder().glob("registry-*.pickle"))  # the cache went to the temporary cache folder
