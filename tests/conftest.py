"""Shared fixtures: the shipped registry, loaded once."""

from __future__ import annotations

import pytest

from leadsim.registry import load_registry


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
