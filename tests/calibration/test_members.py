"""The calibrated members: shipped and current, written reproducibly, refused when stale, drawn by every run."""

from __future__ import annotations

import json

import numpy as np
import pytest

from leadsim.calibration.members import code_digest
from leadsim.calibration.observations import default_path as observations_path
from leadsim.registry.distributions import Uniform
from leadsim.sampling import load_members, members
from leadsim.sampling.members import default_path

SHIPPED_MEMBERS = 10_000  # the issue: at least 10,000 distinct parameter sets
SHIPPED_STREAMED = 200_000  # ... from a prior ensemble of at least 200,000 samples


@pytest.fixture(scope="module")
def shipped():
    return load_members()


def test_shipped_members_match_the_registry_and_observations(shipped, registry, observations):
    """Regenerate with ``leadsim calibrate --write`` when this fails."""
    assert shipped.stamp["registry"] == registry.prior_digest
    assert list(shipped.names) == registry.names
    assert shipped.stamp["observations"] == observations.digest


def test_shipped_members_match_the_model_and_engine_code(shipped):
    """Whoever changes ``model/`` or ``engine/`` regenerates the members (``leadsim calibrate --write``)."""
    assert shipped.stamp["code"] == code_digest(), "stale members: run `leadsim calibrate --write`"


def test_shipped_members_are_a_large_constrained_ensemble(shipped):
    assert shipped.count >= SHIPPED_MEMBERS == shipped.stamp["members"]
    assert shipped.stamp["streamed"] >= SHIPPED_STREAMED
    assert len(np.unique(shipped.values, axis=0)) == shipped.count  # distinct parameter sets
    assert np.isfinite(shipped.values).all()


def test_members_are_ruled_in_by_the_shipped_observations(shipped, registry, scenario, observations):
    """A sample of the members, re-simulated, passes every observation's cutoff."""
    from leadsim.calendar import Span
    from leadsim.calibration import Calibration
    from leadsim.calibration.observations import LAST_OBSERVED
    from leadsim.engine.ensemble import simulate_draws

    rows = np.arange(0, shipped.count, shipped.count // 200)
    draws = {name: shipped.values[rows, i] for i, name in enumerate(shipped.names)}
    chunk = simulate_draws(draws, scenario, Span(LAST_OBSERVED))
    calibration = Calibration(observations)
    assert calibration.accepted(calibration.values(chunk)).all()


def write_small(leadsim_cli, path, *extra):
    code, out, err = leadsim_cli("calibrate", "--write", "--output", str(path), "-n", "512", "--members", "40",
                                 "--format", "json", *extra)  # fmt: skip
    assert code == 0, err
    return json.loads(out)


def test_write_is_reproducible_and_round_trips(leadsim_cli, tmp_path, registry):
    first = write_small(leadsim_cli, tmp_path / "a.npz")
    write_small(leadsim_cli, tmp_path / "b.npz")
    assert (tmp_path / "a.npz").read_bytes() == (tmp_path / "b.npz").read_bytes()
    read = load_members(tmp_path / "a.npz")
    assert read.count == 40 and list(read.names) == registry.names
    assert read.stamp == first["members"]["stamp"]
    assert read.stamp["seed"] == 0 and read.stamp["streamed"] == sum(w["samples"] for w in first["waves"])
    write_small(leadsim_cli, tmp_path / "c.npz", "--seed", "1")
    assert not np.array_equal(load_members(tmp_path / "c.npz").values, read.values)


def test_write_refuses_until(leadsim_cli, tmp_path):
    code, out, err = leadsim_cli("calibrate", "--write", "--until", "2024-12", "--output", str(tmp_path / "m.npz"))
    assert code == 2 and out == "" and err.count("\n") == 1 and "--until" in err
    assert not (tmp_path / "m.npz").exists()


def test_write_keeps_other_observations_away_from_the_shipped_members(leadsim_cli):
    before = default_path().read_bytes()
    code, out, err = leadsim_cli("calibrate", "--write", "--observations", str(observations_path()), "-n", "64")
    assert code == 2 and out == "" and err.count("\n") == 1 and "--output" in err
    assert default_path().read_bytes() == before


@pytest.fixture
def stale(monkeypatch, tmp_path, leadsim_cli):
    """Point runs at a members file written for a registry whose prior then changes, or observations that change."""
    path = tmp_path / "members.npz"
    write_small(leadsim_cli, path)
    monkeypatch.setattr(members, "default_path", lambda: path)
    return path


def test_a_run_on_members_from_another_prior_fails_in_one_line(stale, leadsim_cli, monkeypatch, registry):
    from leadsim.analysis import compare as compare_module

    changed = dict(registry.parameters)
    changed["distillation.closure_rate"] = changed["distillation.closure_rate"].model_copy(
        update={"distribution": Uniform(kind="uniform", low=0.1, high=0.4)}
    )
    other = type(registry)(changed, registry.sources, registry.digest, registry.correlations)
    monkeypatch.setattr(compare_module, "load_registry", lambda: other)
    from leadsim import api

    monkeypatch.setattr(api, "load_registry", lambda: other)
    code, out, err = leadsim_cli("compare", "current-policy", "-n", "8", "--no-store")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "leadsim calibrate --write" in err and str(stale) in err and "stamp.registry" in err


def test_a_run_on_members_from_other_observations_fails_in_one_line(stale, leadsim_cli, monkeypatch, tmp_path):
    from leadsim.calibration import observations as observations_module

    edited = tmp_path / "observations.yaml"
    edited.write_text(observations_path().read_text().replace("cutoff: 3.0", "cutoff: 3.5"))
    monkeypatch.setattr(observations_module, "default_path", lambda: edited)
    code, out, err = leadsim_cli("compare", "current-policy", "-n", "8", "--no-store")
    assert code == 2 and out == "" and err.count("\n") == 1
    assert "leadsim calibrate --write" in err and "stamp.observations" in err


def test_missing_members_fail_in_one_line(leadsim_cli, monkeypatch, tmp_path):
    monkeypatch.setattr(members, "default_path", lambda: tmp_path / "nowhere.npz")
    code, _, err = leadsim_cli("compare", "current-policy", "-n", "8", "--no-store")
    assert code == 2 and err.count("\n") == 1 and "leadsim calibrate --write" in err
    code, _, err = leadsim_cli("compare", "current-policy", "-n", "8", "--no-store", "--prior")
    assert code == 0  # the prior needs no members


def test_default_path_is_inside_the_package():
    assert default_path().parent.name == "members" and default_path().parent.parent.name == "leadsim"


def test_more_samples_than_members_are_capped_with_a_warning(leadsim_cli, shipped):
    args = ("compare", "current-policy", "-n", str(shipped.count + 1), "--at", "2026-06", "--horizon", "2026-06")
    code, out, err = leadsim_cli(*args, "--format", "json", "--no-store")
    assert code == 0 and json.loads(out)["samples"] == shipped.count
    assert f"more than the {shipped.count} calibrated members" in err


def test_the_api_says_which_member_each_sample_is(registry, shipped):
    import leadsim
    from leadsim.errors import LeadsimWarning

    result = leadsim.run("current-policy", samples=64, seed=3, horizon="2026-06", registry=registry)
    np.testing.assert_array_equal(result.dataset["member"].values, shipped.order(3)[:64])
    assert result.summary(at=["2025-12"])["calibration"]["calibrated"]
    prior = leadsim.run("current-policy", samples=64, seed=3, horizon="2026-06", registry=registry, prior=True)
    assert "member" not in prior.dataset and not prior.summary(at=["2025-12"])["calibration"]["calibrated"]
    with pytest.warns(LeadsimWarning, match="calibrated members"):
        capped = leadsim.run("current-policy", samples=shipped.count + 5, seed=3, horizon="2026-06", registry=registry)
    assert capped.dataset.sizes["sample"] == shipped.count
