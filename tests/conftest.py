"""Shared fixtures: the shipped registry, loaded once."""

from __future__ import annotations

import pytest
from hypothesis import settings

from leadsim.registry import load_registry

# Numba compiles a function on its first call: a per-example deadline would time that, not the test.
settings.register_profile("leadsim", deadline=None)
settings.load_profile("leadsim")


@pytest.fixture(scope="session")
def registry():
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
