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

AT_IMPORT = {name: os.environ.get(name) for name in PRIVATE}


def test_the_suite_points_every_user_folder_at_a_temporary_one(private_user_folders):
    for name in PRIVATE:
        assert os.environ[name].startswith(str(private_user_folders)), name
        assert os.environ[name] != OUTSIDE[name]
    assert Store().path.is_relative_to(private_user_folders)
    assert platformdirs.user_data_path("leadsim").is_relative_to(private_user_folders)
    assert cache.folder().is_relative_to(private_user_folders)


def test_the_folders_were_private_before_the_test_modules_were_imported(private_user_folders):
    """Some paths are read at import (a test helper loads the registry, which writes its cache)."""
    assert {name: os.environ[name] for name in PRIVATE} == AT_IMPORT


def test_a_run_started_by_a_test_writes_nothing_at_the_users_paths(private_user_folders, tmp_path):
    """A ``leadsim run`` (it saves a run, writes a report and the registry cache) in a process started with the
    suite's environment and a home folder of its own: had it used the user's defaults, it would write there.
    (The real home is shared with other processes on a machine, so it cannot be watched reliably.)"""
    home = tmp_path / "home"
    home.mkdir()
    done = leadsim("run", "-n", "8", "--horizon", "2029-12", "--prior", env={**os.environ, "HOME": str(home)})
    assert done.returncode == 0, done.stderr
    assert list(home.rglob("*")) == []
    store = Path(os.environ["LEADSIM_STORE"])
    assert store.is_file() and any((store.parent / "reports").glob("leadsim-run-*.html"))
    assert any(cache.folder().glob("registry-*.pickle"))  # the cache went to the temporary cache folder
