"""The compare JSON contract, its determinism, and its independence of chunk size."""

from __future__ import annotations

import json

import numpy as np
import pytest

from leadsim.analysis.compare import compare
from leadsim.engine import ensemble
from leadsim.engine.spec import RunSpec

Q = {"p5", "p25", "p50", "p75", "p95", "mean"}


def compare_json(leadsim_cli, *args: str) -> dict:
    code, out, _ = leadsim_cli("compare", *args, "--format", "json")
    assert code == 0
    return json.loads(out)


def test_json_contract(leadsim_cli):
    doc = compare_json(leadsim_cli, "pull-ahead", "catch-up", "--samples", "64", "--seed", "7",
                       "--at", "2027-06,2028-12")  # fmt: skip
    assert {"leadsim_version", "samples", "seed", "at", "scenarios", "provenance"} <= set(doc)
    assert doc["samples"] == 64 and doc["seed"] == 7 and doc["at"] == ["2027-06", "2028-12"]
    assert set(doc["scenarios"]) == {"pull-ahead", "catch-up"}
    for summary in doc["scenarios"].values():
        for key in ("lead_months", "compute_ratio", "compute_ratio_owned"):
            assert set(summary[key]) == {"2027-06", "2028-12"}
            assert all(set(q) == Q for q in summary[key].values())
        for key in ("p_lead_at_least_12", "p_lead_at_most_3"):
            assert all(0 <= p <= 1 for p in summary[key].values())
        assert summary["failed_samples"] == 0
    assert set(doc["provenance"]["scenarios"]) == {"pull-ahead", "catch-up"}
    assert doc["provenance"]["registry"]


def test_same_inputs_same_bytes(leadsim_cli):
    args = ("compare", "current-policy", "catch-up", "--samples", "50", "--seed", "3", "--format", "json")
    assert leadsim_cli(*args)[1] == leadsim_cli(*args)[1]


def test_chunk_size_does_not_change_numbers(registry):
    whole, _ = compare(["pull-ahead"], RunSpec(samples=300, seed=5, chunk_size=300), registry=registry)
    pieces, _ = compare(["pull-ahead"], RunSpec(samples=300, seed=5, chunk_size=37), registry=registry)
    assert whole == pieces


def test_seed_changes_numbers(registry):
    a, _ = compare(["current-policy"], RunSpec(samples=64, seed=1), registry=registry)
    b, _ = compare(["current-policy"], RunSpec(samples=64, seed=2), registry=registry)
    assert a["scenarios"] != b["scenarios"]


def test_memory_is_bounded_by_the_chunk(registry, monkeypatch):
    """No chunk simulates more samples than the chunk size, whatever the sample count."""
    seen = []
    original = ensemble.simulate_chunk

    def spy(*args, **kwargs):
        seen.append(kwargs["count"])
        return original(*args, **kwargs)

    monkeypatch.setattr(ensemble, "simulate_chunk", spy)
    doc, summaries = compare(["current-policy"], RunSpec(samples=1000, seed=0, chunk_size=128), registry=registry)
    assert max(seen) == 128 and sum(seen) == 1000
    assert summaries[0].values["lead_months"].shape == (1000, 3)  # only the reported months are kept


def test_failed_samples_are_counted_not_dropped_silently(registry, monkeypatch):
    """A sample whose numbers turn non-finite is reported in failed_samples."""
    original = ensemble.draws

    def poisoned(*args, **kwargs):
        draws = original(*args, **kwargs)
        draws["algorithms.efficiency_growth"][0] = np.nan  # the first sample of each chunk
        return draws

    monkeypatch.setattr(ensemble, "draws", poisoned)
    doc, _ = compare(["current-policy"], RunSpec(samples=40, seed=0, chunk_size=20), registry=registry)
    assert doc["scenarios"]["current-policy"]["failed_samples"] == 2


@pytest.mark.parametrize("fmt", ["table", "json"])
def test_params_lists_every_parameter_with_sources(leadsim_cli, registry, fmt):
    code, out, _ = leadsim_cli("params", "--format", fmt)
    assert code == 0
    if fmt == "json":
        doc = json.loads(out)
        assert [p["name"] for p in doc["parameters"]] == registry.names
        keys = {"name", "description", "unit", "default", "distribution", "bounds", "sources"}
        assert all(set(p) == keys for p in doc["parameters"])
        assert all(set(s) == {"title", "organisation", "date", "url", "note"} for s in doc["sources"].values())
    else:
        assert "distillation.transfer_fraction" in out


def test_scenarios_lists_shipped(leadsim_cli):
    code, out, _ = leadsim_cli("scenarios")
    assert code == 0
    assert all(name in out for name in ("current-policy", "pull-ahead", "catch-up"))


def test_run_prints_a_table_per_scenario(leadsim_cli):
    code, out, _ = leadsim_cli("run", "--samples", "32")
    assert code == 0
    for name in ("current-policy", "pull-ahead", "catch-up"):
        assert name in out
    assert "2028-12" in out and "P(>=12)" in out
