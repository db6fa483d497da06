"""Funding, as worked examples on the tiny force (tests/conftest.py): a £100m police grant,
a £20m precept (100,000 Band D x £200), no other income, every rate 0% unless set."""
from __future__ import annotations

import numpy as np
import pytest

import mtfp
from mtfp.model import funding


def grant(p):
    return p["grant_police_grant"][0]


def test_even_cut_is_the_same_real_percentage_every_year_and_reaches_the_cut(make_tiny, illustrative):
    # 20% real-terms over 4 years, 2% GDP deflator: real grant falls by 1 - 0.8**(1/4) = 5.43% a year.
    p = mtfp.run(make_tiny({"gdp_deflator": illustrative(2.0),
                            "funding": {"spending_review": {"real_terms_cut": illustrative(20.0)}}}))
    real = grant(p) / 1.02 ** np.arange(5)
    yearly = real[1:] / real[:-1]
    assert yearly == pytest.approx([0.8 ** 0.25] * 4, rel=1e-12)
    assert real[4] == pytest.approx(80e6, rel=1e-12)
    assert grant(p)[4] == pytest.approx(100e6 * 0.8 * 1.02 ** 4, rel=1e-12)  # £86.59m cash


@pytest.mark.parametrize("profile", ["even", "front_loaded", "back_loaded"])
def test_every_profile_reaches_exactly_the_cut_after_n_years_then_holds_in_real_terms(make_tiny, illustrative, profile):
    # 30% over 3 years of a 4-year plan: year 3 is exactly 70% real, year 4 holds 70% real.
    p = mtfp.run(make_tiny({"gdp_deflator": illustrative(1.5), "funding": {"spending_review": {
        "real_terms_cut": illustrative(30.0), "over_years": 3, "profile": profile}}}))
    real = grant(p) / 1.015 ** np.arange(5)
    assert real[3] == pytest.approx(70e6, rel=1e-12)
    assert real[4] == pytest.approx(70e6, rel=1e-12)
    assert np.all(np.diff(real[:4]) < 0)


def test_front_loaded_cuts_deepest_first_back_loaded_last(make_tiny, illustrative):
    def real(profile):
        p = mtfp.run(make_tiny({"funding": {"spending_review": {"real_terms_cut": illustrative(40.0), "profile": profile}}}))
        return grant(p)

    front, even, back = real("front_loaded"), real("even"), real("back_loaded")
    # Share of the cut reached after year 1: front 4/10, even 1/4, back 1/10 (in logs).
    assert front[1] == pytest.approx(100e6 * 0.6 ** 0.4)
    assert even[1] == pytest.approx(100e6 * 0.6 ** 0.25)
    assert back[1] == pytest.approx(100e6 * 0.6 ** 0.1)
    assert front[1] < even[1] < back[1]
    assert front[4] == pytest.approx(even[4]) == pytest.approx(back[4]) == pytest.approx(60e6)


def test_cut_weights_are_shares_of_the_cut_reached():
    assert funding.cut_weights("front_loaded", 4, 6) == pytest.approx([0, 0.4, 0.7, 0.9, 1.0, 1.0])
    assert funding.cut_weights("back_loaded", 2, 4) == pytest.approx([0, 1 / 3, 1.0, 1.0])
    assert funding.cut_weights("even", 5, 3) == pytest.approx([0, 0.2, 0.4])  # plan shorter than the review


def test_flat_cash_holds_cash_grant_whatever_the_deflator(make_tiny, illustrative):
    p = mtfp.run(make_tiny({"gdp_deflator": illustrative(3.0), "funding": {"spending_review": {
        "real_terms_cut": illustrative(25.0), "profile": "flat_cash"}}}))
    assert grant(p) == pytest.approx([100e6] * 5)


def test_explicit_cash_path_applies_each_years_cash_change(make_tiny, illustrative):
    p = mtfp.run(make_tiny({"funding": {"spending_review": {"profile": "explicit", "explicit_cash_change": illustrative(
        {"2016/17": -5.0, "2017/18": -3.0, "2018/19": 0.0, "2019/20": 1.0})}}}))
    assert grant(p) == pytest.approx([100e6, 95e6, 92.15e6, 92.15e6, 93.0715e6])


def test_a_grant_outside_the_cut_follows_its_own_cash_change_or_flat_cash(make_tiny, illustrative):
    p = mtfp.run(make_tiny({"funding": {
        "spending_review": {"real_terms_cut": illustrative(25.0)},
        "grants": {
            "freeze_grant": {"name": "Council tax freeze grant", "base": illustrative(5.0), "csr_applies": False},
            "legacy": {"name": "Legacy grant", "base": illustrative(4.0), "csr_applies": False,
                       "cash_change": illustrative(-10.0)},
        }}}))
    assert p["grant_freeze_grant"][0] == pytest.approx([5e6] * 5)
    assert p["grant_legacy"][0] == pytest.approx(4e6 * 0.9 ** np.arange(5))
    assert grant(p)[4] == pytest.approx(75e6)


def test_specific_grant_has_its_own_cash_path(make_tiny, illustrative):
    p = mtfp.run(make_tiny({"funding": {"specific_grants": {"pensions": {
        "name": "Police pensions grant", "base": illustrative(1.825), "cash_change": illustrative({"2015/16": 0.0, "2018/19": 10.0})}}}}))
    assert p["specific_grant_pensions"][0] == pytest.approx([1.825e6, 1.825e6, 1.825e6, 2.0075e6, 2.20825e6])
    # A specific grant is netted off spending (net revenue expenditure), not general funding.
    assert "specific_grant_pensions" in p.totals["specific_grants_and_income"]
    assert "specific_grant_pensions" not in p.totals["total_funding"]


def test_precept_is_tax_base_times_band_d_with_tax_base_growth(make_tiny, illustrative):
    # Tax base +1% a year, Band D +2% a year: precept grows by 1.01 x 1.02 a year.
    p = mtfp.run(make_tiny({"precept": {"tax_base_growth": illustrative(1.0), "band_d_rise_pct": illustrative(2.0)}}))
    assert p["tax_base"][0] == pytest.approx(100_000 * 1.01 ** np.arange(5))
    assert p["band_d"][0] == pytest.approx(200 * 1.02 ** np.arange(5))
    assert p["precept"][0] == pytest.approx(20e6 * (1.01 * 1.02) ** np.arange(5))


def test_collection_fund_surplus_and_deficit_are_funding_lines_in_their_year_only(make_tiny, illustrative):
    # A surplus or deficit is paid in the year it is distributed: 0 in the years not named.
    p = mtfp.run(make_tiny({"precept": {"collection_fund": illustrative({"2015/16": 0.3, "2017/18": -0.054})}}))
    assert p["collection_fund"][0] == pytest.approx([0.3e6, 0, -0.054e6, 0, 0])
    assert p["total_funding"][0, 2] == pytest.approx(120e6 - 0.054e6)


def test_other_income_grows_at_its_own_rate(make_tiny, illustrative):
    p = mtfp.run(make_tiny({"funding": {"other_income": {"base": illustrative(2.5), "growth": illustrative(4.0)}}}))
    assert p["other_income"][0] == pytest.approx(2.5e6 * 1.04 ** np.arange(5))


def test_total_funding_is_the_sum_of_its_lines(default_scenario):
    p = mtfp.run(default_scenario)
    lines = sum(p[k] for k in p.totals["total_funding"])
    assert np.array_equal(p["total_funding"], lines)
    assert set(p.totals["total_funding"]) >= {"grant_police_grant", "precept", "collection_fund"}
    assert set(p.totals["specific_grants_and_income"]) >= {"other_income"}
