"""Shared fixtures: user data kept out of reach, the shipped registry loaded once, the CLI in-process."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import settings

# Numba compiles a function on its first call: a per-example deadline would time that, not the test.
settings.register_profile("leadsim", deadline=None)
settings.load_profile("leadsim")

PRIVATE = ("LEADSIM_STORE", "XDG_DATA_HOME", "XDG_CACHE_HOME")  # where leadsim writes user data, cache included
OUTSIDE = {name: os.environ.get(name) for name in PRIVATE}  # as the suite found them: the paths it must not touch
FOLDER = pytest.StashKey[Path]()


def private_values(folder: Path) -> dict[str, str]:
    return {
        "LEADSIM_STORE": str(folder / "data" / "leadsim" / "runs.duckdb"),
        "XDG_DATA_HOME": str(folder / "data"),
        "XDG_CACHE_HOME": str(folder / "cache"),
    }


def pytest_configure(config: pytest.Config) -> None:
    """Point the user folders at a temporary one before any test module is imported: some paths are read at
    import (a helper loads the registry, whose cache goes to the cache folder). Processes the tests start
    inherit the environment."""
    config.stash[FOLDER] = Path(tempfile.mkdtemp(prefix="leadsim-tests-"))
    os.environ.update(private_values(config.stash[FOLDER]))


def pytest_unconfigure(config: pytest.Config) -> None:
    for name, value in OUTSIDE.items():
        if value is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = value
    shutil.rmtree(config.stash[FOLDER], ignore_errors=True)


@pytest.fixture(scope="session", autouse=True)
def private_user_folders(pytestconfig: pytest.Config) -> Iterator[Path]:
    """The temporary folder that holds the store, data and cache of every test and every process a test starts
    (set by ``pytest_configure``); every test runs with the environment pointing there."""
    folder = pytestconfig.stash[FOLDER]
    with pytest.MonkeyPatch.context() as patch:  # in case an imported module changed them
        for name, value in private_values(folder).items():
            patch.setenv(name, value)
        yield folder


@pytest.fixture(scope="session")
def registry(private_user_folders):
    from leadsim.registry import load_registry

    return load_registry()


@pytest.fixture
def leadsim_cli(monkeypatch, capsys):
    """Run the ``leadsim`` entry point in-process: ``(exit status, stdout, stderr)``."""
    import sys

    from leadsim import cli

    def invoke(*args: str) -> tuple[int, str, str]:
        monkeypatch.setattr(sys, "argv", ["leadsim", *args])
        try:
            cli.main()
            code = 0
        except SystemExit as exc:
            code = exc.code or 0
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return invoke
