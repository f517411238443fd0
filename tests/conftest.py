"""Shared fixtures: the shipped registry, loaded once."""

from __future__ import annotations

import pytest

from leadsim.registry import load_registry


@pytest.fixture(scope="session")
def registry():
    return load_registry()
