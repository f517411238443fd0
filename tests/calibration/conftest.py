"""Fixtures for the calibration tests: the shipped observations, and changed copies of them."""

from __future__ import annotations

import pytest
import yaml

from leadsim.calendar import Span
from leadsim.calibration import load_observations
from leadsim.calibration.observations import default_path
from leadsim.scenarios import load_scenario


@pytest.fixture(scope="session")
def observations(registry):
    return load_observations(registry)


@pytest.fixture(scope="session")
def scenario(registry):
    return load_scenario("current-policy", registry, Span())


@pytest.fixture
def observations_file(tmp_path):
    """Write the shipped observations file, changed by ``change(document)``, and return its path."""

    def write(change=None, name="observations.yaml"):
        document = yaml.safe_load(default_path().read_text())
        if change:
            change(document)
        path = tmp_path / name
        path.write_text(yaml.safe_dump(document, sort_keys=False))
        return path

    return write
