"""Acting later buys less: model v2's memory (training windows, release lags, chip lifetimes) makes
the timing of a policy matter, as the essay's argument needs.

The pull-ahead bundle enacted in 2028-11 can add almost nothing to the 2028-12 lead: no model
released in December 2028 was trained with November's chips, and distilled students released
then were harvested before deterrence began. The check is on the calibrated ensemble (members).
"""

from __future__ import annotations

from pathlib import Path

import yaml

from leadsim.analysis.compare import compare
from leadsim.engine.spec import RunSpec
from leadsim.scenarios.load import library_directory

SAMPLES = 2000


def late_bundle(folder: Path) -> Path:
    """pull-ahead with every lever it sets enacted in 2028-11 instead of 2027-01."""
    spec = yaml.safe_load((library_directory() / "pull-ahead.yaml").read_text())
    spec["name"], spec["extends"] = "pull-ahead-late", "current-policy"
    for setting in spec["levers"].values():
        setting["enacted"] = "2028-11"
    path = folder / "pull-ahead-late.yaml"
    path.write_text(yaml.safe_dump(spec))
    return path


def test_a_bundle_enacted_a_month_before_gives_at_most_15_percent_of_the_early_gain(registry, tmp_path):
    late = str(late_bundle(tmp_path))
    doc, _ = compare(["current-policy", "pull-ahead", late], RunSpec(samples=SAMPLES, seed=7, at=("2028-12",)),
                     registry=registry)  # fmt: skip
    median = {name: s["lead_months"]["2028-12"]["p50"] for name, s in doc["scenarios"].items()}
    early = median["pull-ahead"] - median["current-policy"]
    delayed = median["pull-ahead-late"] - median["current-policy"]
    assert early > 1.0
    assert delayed <= 0.15 * early, f"2027-01 gains {early:.2f} months, 2028-11 gains {delayed:.2f}"
