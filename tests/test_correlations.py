"""Correlated priors: the registry's declared pairs, validated at load time, shown by ``params`` with the members'."""

from __future__ import annotations

import json
import shutil

import pytest
import yaml

from leadsim.errors import InputError
from leadsim.registry import load_registry
from leadsim.registry.load import default_directory


def registry_with(tmp_path, pairs):
    """A copy of the shipped registry whose correlations file holds ``pairs``."""
    shutil.copytree(default_directory(), tmp_path / "registry", ignore=shutil.ignore_patterns("*.py", "__pycache__"))
    path = tmp_path / "registry" / "correlations.yaml"
    path.write_text(yaml.safe_dump(pairs))
    return tmp_path / "registry", path


def pair(a="compute.power_growth_us", b="compute.power_growth_cn", rho=0.5, **extra):
    return {"parameters": [a, b], "spearman": rho, "note": "test", "sources": ["iea-energy-ai-2025"]} | extra


@pytest.mark.parametrize(
    ("pairs", "expected"),
    [
        ([pair(a="compute.nothing")], "'compute.nothing'; allowed: a registry parameter"),
        ([pair(a="compute.anchor_month")], "an uncertain parameter"),
        ([pair(rho=1.0)], "spearman"),
        ([pair(), pair(a="compute.power_growth_cn", b="compute.power_growth_us")], "each pair once"),
        ([pair(b="compute.power_growth_us")], "two different parameters"),
        ([pair(colour="blue")], "colour: got 'blue'; allowed: no such key"),
        ([pair(sources=["nowhere"])], "sources: got 'nowhere'"),
        (
            [pair(rho=0.9), pair(b="compute.production_growth_us", rho=0.9),
             pair(a="compute.power_growth_cn", b="compute.production_growth_us", rho=-0.9)],
            "positive definite",
        ),
        ({"a": 1}, "a list of pairs"),
    ],
)  # fmt: skip
def test_bad_correlations_name_the_file_and_the_problem(tmp_path, pairs, expected):
    directory, path = registry_with(tmp_path, pairs)
    with pytest.raises(InputError) as info:
        load_registry(directory)
    assert expected in str(info.value) and all(str(path) in p for p in info.value.problems)


def test_no_correlations_file_means_independent_priors(tmp_path):
    directory, path = registry_with(tmp_path, [])
    path.unlink()
    assert load_registry(directory).correlations == ()


def test_the_prior_digest_follows_the_prior_only(tmp_path, registry):
    directory, path = registry_with(tmp_path, [pair(rho=0.4)])
    assert load_registry(directory).prior_digest != registry.prior_digest
    path.write_text((default_directory() / "correlations.yaml").read_text())
    sources = directory / "sources.yaml"
    sources.write_text(sources.read_text() + "\nextra-source:\n  title: t\n  organisation: o\n  date: 2025\n  url: u\n")
    assert load_registry(directory).prior_digest == registry.prior_digest  # a new source changes no sample


def test_params_json_keeps_its_shape_and_adds_correlations(leadsim_cli, registry):
    code, out, _ = leadsim_cli("params", "--format", "json")
    assert code == 0
    doc = json.loads(out)
    assert {p["distribution"]["kind"] for p in doc["parameters"]} <= {"fixed", "uniform", "triangular", "normal",
                                                                       "beta", "lognormal"}  # fmt: skip
    declared = doc["correlations"]["declared"]
    assert [r["parameters"] for r in declared] == [list(p.parameters) for p in registry.correlations]
    for row in declared:
        assert {"declared", "prior", "posterior", "note", "sources"} <= set(row)
        assert row["prior"] == pytest.approx(row["declared"], abs=0.03)
        assert -1 <= row["posterior"] <= 1
    assert doc["correlations"]["members"] and len(doc["correlations"]["induced"]) == 10


def test_params_table_shows_both_correlations(leadsim_cli):
    code, out, _ = leadsim_cli("params")
    assert code == 0 and "Rank correlations" in out and "members" in out
