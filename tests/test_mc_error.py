"""Monte Carlo errors: known values, the compare JSON's fields, the table's ±, the low-effective-size warning."""

from __future__ import annotations

import json

import numpy as np
import pytest

from leadsim.analysis.mc_error import effective_samples, median_se, probability_se
from leadsim.results.report_tables import with_error


def test_probability_se_known_values():
    assert probability_se(0.5, 100) == pytest.approx(np.sqrt(0.25 / 100 + 1 / 40000) / 1.01)
    assert probability_se(0.5, 1e6) == pytest.approx(0.0005, rel=1e-3)  # the binomial error for large n
    assert probability_se(0.0, 1000) == pytest.approx(1 / (2 * 1001))  # never zero from a finite ensemble
    assert probability_se(1.0, 1000) == probability_se(0.0, 1000)
    assert probability_se(None, 10) is None and probability_se(0.3, 0) is None


def test_median_se_matches_the_normal_theory():
    """For a normal sample the median's standard error is sqrt(pi / 2) sd / sqrt(n)."""
    values = np.random.default_rng(0).normal(size=40_000)
    assert median_se(values, values.size) == pytest.approx(np.sqrt(np.pi / 2) / np.sqrt(values.size), rel=0.1)


def test_effective_samples_is_kish_over_multiplicities():
    assert effective_samples(np.ones(250)) == 250
    assert effective_samples(np.array([2.0, 1.0, 1.0])) == pytest.approx(16 / 6)


@pytest.mark.parametrize(
    ("p", "se", "text"),
    [(0.4312, 0.0123, "0.43 ± 0.01"), (0.0015, 0.0009, "0.0015 ± 0.0009"), (0.97, 0.004, "0.970 ± 0.004"),
     (0.5, None, "0.50"), (None, 0.1, "-"), (0.2, 0.3, "0.2 ± 0.3")],
)  # fmt: skip
def test_probabilities_are_rounded_to_what_their_error_supports(p, se, text):
    assert with_error(p, se) == text


@pytest.fixture(scope="module")
def document(registry):
    from leadsim.analysis.compare import compare
    from leadsim.engine.spec import RunSpec

    doc, _ = compare(["current-policy", "catch-up"], RunSpec(samples=600, seed=1, at=("2026-12", "2028-12")),
                     registry=registry)  # fmt: skip
    return doc


def test_compare_json_carries_effective_samples_and_mc_error_for_every_month(document):
    for data in document["scenarios"].values():
        assert data["effective_samples"] == 600 == data["calibration"]["effective_sample_size"]
        keys = {"p_lead_at_least_12", "p_lead_at_most_3", "p_china_leads_by", "lead_months_p50"}
        assert set(data["mc_error"]) == keys
        for key, by_date in data["mc_error"].items():
            assert set(by_date) == {"2026-12", "2028-12"}
            assert all(se is not None and se > 0 for se in by_date.values()), key
        p = data["p_lead_at_least_12"]["2028-12"]
        assert data["mc_error"]["p_lead_at_least_12"]["2028-12"] == probability_se(p, 600)


def test_few_samples_warn_about_the_effective_sample_size(leadsim_cli):
    code, out, err = leadsim_cli("compare", "current-policy", "--samples", "16", "--format", "json", "--no-store")
    assert code == 0 and json.loads(out)["scenarios"]["current-policy"]["effective_samples"] == 16
    assert "effective sample size 16" in err
    code, _, err = leadsim_cli("compare", "current-policy", "--samples", "16", "--format", "json", "--no-store",
                               "--prior")  # fmt: skip
    assert code == 0 and "effective sample size 16" in err  # the prior too


def test_tables_show_probabilities_with_their_error(leadsim_cli):
    code, out, _ = leadsim_cli("compare", "current-policy", "--samples", "200", "--no-store")
    assert code == 0 and "±" in out
