"""Sampling: reproducible by seed, matching the requested distributions, draw 0 = central case."""
from __future__ import annotations

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import mtfp
from mtfp.analysis import assumptions, montecarlo, sampling
from mtfp.scenario import Distribution, ScenarioError, dumps_scenario, loads_scenario, with_value

CUT = "funding.spending_review.real_terms_cut"
AWARD = "workforce.groups.police_officers.pay_award_pct"
SUPPLIES = "non_pay.lines.supplies_services.inflation"


def _column(sample, path):
    return sample.values[1:, sample.paths.index(path)]


@pytest.mark.parametrize("sampler", ["lhs", "sobol", "random"])
def test_same_seed_same_draws_other_seed_other_draws(uncertain_scenario, sampler):
    unc = assumptions.from_file(uncertain_scenario)
    a = sampling.draw_sample(uncertain_scenario, unc, 500, seed=11, sampler=sampler)
    b = sampling.draw_sample(uncertain_scenario, unc, 500, seed=11, sampler=sampler)
    c = sampling.draw_sample(uncertain_scenario, unc, 500, seed=12, sampler=sampler)
    assert np.array_equal(a.values, b.values)
    assert not np.array_equal(a.values[1:], c.values[1:])


def test_draws_match_the_requested_distributions(uncertain_scenario):
    """20,000 Latin-hypercube draws: the triangular cut -2/3/15 has mean (-2+3+15)/3 = 5.33;
    the uniform 1-3% inflation has mean 2 and variance 2^2/12 = 0.333; the normal pay award
    given as the 80% interval 0.5-2.5 has P10 = 0.5, median 1.5 and P90 = 2.5."""
    unc = assumptions.from_file(uncertain_scenario)
    s = sampling.draw_sample(uncertain_scenario, unc, 20_001, seed=3)
    cut, inflation, award = _column(s, CUT), _column(s, SUPPLIES), _column(s, AWARD)
    assert cut.mean() == pytest.approx(16 / 3, abs=0.01)
    assert cut.min() >= -2 and cut.max() <= 15
    assert inflation.mean() == pytest.approx(2.0, abs=0.005)
    assert inflation.var() == pytest.approx(4 / 12, rel=0.01)
    assert np.percentile(award, [10, 50, 90]) == pytest.approx([0.5, 1.5, 2.5], abs=0.01)


def test_draw_zero_is_the_central_case(uncertain_scenario):
    s = sampling.draw_sample(uncertain_scenario, assumptions.from_file(uncertain_scenario), 10, seed=1)
    assert s.values[0, s.paths.index(CUT)] == 3.0
    assert s.values[0, s.paths.index(AWARD)] == 1.0


def test_bernoulli_delivery_follows_confidence(uncertain_scenario):
    """Support services review has 80% confidence: about 80% of draws deliver it in full (100)
    and the rest deliver nothing (0); the central case keeps 80% (risk-adjusted counting)."""
    s = sampling.draw_sample(uncertain_scenario, [], 10_001, seed=5, savings_delivery="bernoulli")
    column = _column(s, "savings.items.support_services_review.confidence")
    assert set(np.unique(column)) == {0.0, 100.0}
    assert (column == 100).mean() == pytest.approx(0.80, abs=0.005)
    assert s.values[0, s.paths.index("savings.items.support_services_review.confidence")] == 80.0


def test_zero_width_distribution_reproduces_the_deterministic_run_exactly(default_scenario):
    """Every assumption given a distribution of zero width (low = high = its value, including
    a per-year mapping such as employer NI 10.4% then 13.8%): every draw is the central case."""
    data = default_scenario.model_dump(mode="json", exclude_none=True)
    group = data["workforce"]["groups"]["police_officers"]
    group["pay_award_pct"]["distribution"] = {"kind": "uniform", "low": 1.0, "high": 1.0}
    group["employer_ni_rate"]["distribution"] = {"kind": "normal", "low": 13.8, "high": 13.8}
    data["funding"]["spending_review"]["real_terms_cut"]["distribution"] = {
        "kind": "triangular", "low": 1.3, "mode": 1.3, "high": 1.3}
    sc = loads_scenario(yaml.safe_dump(data, sort_keys=False))
    mc = montecarlo.simulate(sc, draws=64, seed=1)
    deterministic = mtfp.run(sc)  # run() ignores distributions: the scenario as written
    for line in ("funding_gap", "general_reserve_closing", "minimum_general_reserve"):
        assert np.array_equal(mc.lines[line], np.broadcast_to(deterministic[line], mc.lines[line].shape)), line


def test_a_per_year_draw_keeps_the_base_year_actual(default_scenario):
    """A drawn pay award applies to the projected years; the base year is actual."""
    p = default_scenario.workforce.groups["police_officers"].pay_award_pct
    samples = sampling.to_samples(default_scenario, [AWARD], np.array([[1.0], [3.0]]))
    assert samples[AWARD].shape == (2, 4)
    assert np.all(samples[AWARD][1] == 3.0) and p.value == 1.0


def test_distribution_outside_the_field_range_is_refused(default_scenario):
    data = default_scenario.model_dump(mode="json", exclude_none=True)
    data["funding"]["spending_review"]["real_terms_cut"]["distribution"] = {"kind": "uniform", "low": 0, "high": 95}
    with pytest.raises(ScenarioError) as err:
        loads_scenario(yaml.safe_dump(data), "force.yaml")
    message = "\n".join(err.value.problems)
    assert "force.yaml" in message and "real_terms_cut" in message and "95" in message and "-50 to 90" in message


@pytest.mark.parametrize("bad, words", [
    ({"kind": "triangular", "low": 0, "high": 2}, "mode"),
    ({"kind": "uniform", "low": 3, "high": 2}, "above high"),
    ({"kind": "lognormal", "low": 0, "high": 2}, "kind"),
])
def test_malformed_distributions_are_refused(default_scenario, bad, words):
    data = default_scenario.model_dump(mode="json", exclude_none=True)
    data["gdp_deflator"]["distribution"] = bad
    with pytest.raises(ScenarioError) as err:
        loads_scenario(yaml.safe_dump(data))
    assert words in "\n".join(err.value.problems)


def test_files_without_distributions_still_load_and_save_unchanged(default_scenario):
    text = dumps_scenario(default_scenario)
    assert "distribution" not in text and "uncertainty" not in text
    assert loads_scenario(text) == default_scenario


def test_planning_ranges_cover_the_main_drivers_when_the_file_gives_none(default_scenario):
    unc, origin = assumptions.for_analysis(default_scenario)
    paths = {u.path for u in unc}
    assert origin == assumptions.PLANNING_RANGES
    assert {CUT, AWARD, "gdp_deflator", "precept.tax_base_growth"} <= paths
    assert 15 <= len(unc) <= 25
    cut = next(u for u in unc if u.path == CUT)
    assert (cut.distribution.low, cut.distribution.mode, cut.distribution.high) == (-8.7, 1.3, 11.3)


def test_inverse_cdf_clips_normal_draws_to_the_allowed_range():
    d = Distribution(kind="normal", low=0.0, high=10.0)
    values = sampling.inverse_cdf(d, np.array([1e-12, 0.5, 1 - 1e-12]), low_bound=0.0, high_bound=12.0)
    assert values[0] == 0.0 and values[1] == pytest.approx(5.0) and values[2] == 12.0


def test_with_value_keeps_the_distribution(uncertain_scenario):
    changed = with_value(uncertain_scenario, CUT, 4.0)
    assert changed.funding.spending_review.real_terms_cut.distribution.high == 15.0


def test_uncertainty_section_is_checked(default_scenario):
    data = default_scenario.model_dump(mode="json", exclude_none=True)
    data["uncertainty"] = {"seed": 1, "draws": 1, "sampler": "halton"}
    with pytest.raises(ScenarioError) as err:
        loads_scenario(yaml.safe_dump(data), "force.yaml")
    message = "\n".join(err.value.problems)
    assert "uncertainty.draws" in message and "uncertainty.sampler" in message


@settings(max_examples=200, deadline=None)
@given(low=st.floats(-50, 50), width=st.floats(0, 40), mode_share=st.floats(0, 1), u=st.floats(0, 1, exclude_max=True),
       kind=st.sampled_from(["uniform", "triangular"]))
def test_bounded_draws_stay_within_low_and_high(low, width, mode_share, u, kind):
    """Uniform and triangular draws never leave [low, high], whatever the shape."""
    high = low + width
    d = Distribution(kind=kind, low=low, high=high, mode=low + mode_share * width if kind == "triangular" else None)
    value = float(sampling.inverse_cdf(d, np.array([u]))[0])
    assert low - 1e-9 <= value <= high + 1e-9
