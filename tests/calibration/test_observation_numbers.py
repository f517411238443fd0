"""An observation's numbers are numbers: a boolean where a value belongs is one clear error, not 1.0."""

from __future__ import annotations

import pytest

from leadsim.calibration.observations import default_path, load_observations
from leadsim.errors import InputError


def test_a_boolean_value_is_refused(registry, tmp_path):
    text = default_path().read_text().replace("    value: 13\n", "    value: true\n", 1)
    path = tmp_path / "observations.yaml"
    path.write_text(text)
    with pytest.raises(InputError, match=r"gap-2023\.value: got True; allowed: .*number"):
        load_observations(registry, path)
