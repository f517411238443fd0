"""Shared fixtures: user data kept out of reach, the shipped registry loaded once, the CLI in-process."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

# Numba compiles a function on its first call: a per-example deadline would time that, not the test.
settings.register_profile("leadsim", deadline=None)
settings.load_profile("leadsim")

PRIVATE = ("LEADSIM_STORE", "XDG_DATA_HOME", "XDG_CACHE_HOME")  # where leadsim writes user data, cache included
OUTSIDE = {name: os.environ.get(name) for name in PRIVATE}  # as the suite found them: the paths it must not touch


@pytest.fixture(scope="session", autouse=True)
def private_user_folders(tmp_path_factory):
    """Every test, and every process a test starts, writes its store, data and cache in a temporary folder.

    Set in ``os.environ`` for the whole session (subprocesses inherit it), before any other fixture.
    """
    home = tmp_path_factory.mktemp("user")
    values = {
        "LEADSIM_STORE": str(home / "data" / "leadsim" / "runs.duckdb"),
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CACHE_HOME": str(home / "cache"),
    }
    with pytest.MonkeyPatch.context() as patch:
        for name, value in values.items():
            patch.setenv(name, value)
        yield home


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
