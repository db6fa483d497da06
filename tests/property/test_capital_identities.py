"""Property tests of the capital programme: over random programmes and funding, capital spend
equals its funding sources, the CFR corkscrew holds (closing = opening + borrowing - MRP),
borrowing is never negative, and MRP over an asset's whole life repays what was borrowed.
"""
from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mtfp
from mtfp import checks
from mtfp.model.capital import mrp_schedule
from tests.conftest import tiny, v

PROFILE = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YEARS = ["2016/17", "2017/18", "2018/19", "2019/20"]
money = st.floats(0, 50, allow_nan=False, allow_infinity=False)


@st.composite
def programmes(draw) -> dict:
    schemes = {}
    for i in range(draw(st.integers(1, 4))):
        spend = {y: draw(money) for y in draw(st.lists(st.sampled_from(YEARS), min_size=1, max_size=4, unique=True))}
        scheme = {"name": f"Scheme {i}", "category": draw(st.sampled_from(["estates", "ict", "fleet", "equipment"])),
                  "spend": v(spend), "asset_life": draw(st.integers(1, 60))}
        if draw(st.booleans()):
            scheme["in_use_year"] = draw(st.sampled_from(YEARS))
        schemes[f"s{i}"] = scheme
    total = {y: sum(s["spend"]["value"].get(y, 0.0) for s in schemes.values()) for y in YEARS}
    # Funding sources each take a share of the spend, so together they never exceed it.
    shares = draw(st.lists(st.floats(0, 0.25), min_size=4, max_size=4))
    funding = {name: v({y: total[y] * share for y in YEARS})
               for name, share in zip(("capital_grant", "capital_receipts", "revenue_contributions"), shares)}
    funding["earmarked_reserves"] = {"capital": {"amount": v({y: total[y] * shares[3] for y in YEARS})}}
    capital = {"schemes": schemes, "funding": funding, "interest_rate": v(draw(st.floats(0, 20))),
               "opening_cfr": v(draw(money)), "existing_mrp": v(draw(st.floats(0, 5))),
               "existing_debt": v(draw(money)), "existing_interest": v(draw(st.floats(0, 5))),
               "mrp_policy": draw(st.sampled_from(["straight_line", "annuity"])),
               "mrp_annuity_rate": v(draw(st.floats(0, 20)))}
    return {"non_pay": {"capital_financing": None}, "capital": capital,
            "reserves": {"earmarked": {"capital": {"name": "Capital reserve", "opening": v(draw(money))}}}}


@PROFILE
@given(programmes())
def test_capital_spend_equals_funding_and_the_cfr_corkscrew_holds(overlay):
    p = mtfp.run(tiny(overlay))
    sources = sum(p[k] for k in ("capital_funded_grant", "capital_funded_receipts", "capital_funded_revenue",
                                 "capital_funded_reserves", "capital_funded_borrowing"))
    np.testing.assert_allclose(p["capital_spend"], sources, atol=0.01)
    assert (p["capital_funded_borrowing"] >= -0.01).all()
    closing = p["cfr_opening"][:, 1:] + p["capital_funded_borrowing"][:, 1:] - p["mrp"][:, 1:]
    np.testing.assert_allclose(p["cfr_closing"][:, 1:], closing, atol=0.01)
    np.testing.assert_allclose(p["cfr_opening"][:, 1:], p["cfr_closing"][:, :-1], atol=0.01)
    for name in ("capital_spend_equals_funding", "cfr_corkscrew", "capital_financing_is_mrp_interest_revenue",
                 "earmarked_reserve_corkscrew", "other_rollups_hold", "spending_is_sum_of_lines"):
        assert p.checks[name] <= checks.TOLERANCE["gbp"], name


@PROFILE
@given(borrowed=st.floats(0.01, 100), life=st.integers(1, 40), rate=st.one_of(st.none(), st.floats(0, 0.2)))
def test_mrp_over_the_whole_asset_life_repays_the_borrowing(borrowed, life, rate):
    years = life + 2
    mrp = mrp_schedule(borrowing=np.array([[borrowed] + [0.0] * (years - 1)]), start=np.arange(1, years + 1),
                       life=float(life), annuity_rate=None if rate is None else np.array([[rate]]))
    assert mrp[0, 0] == 0.0  # nothing in the year it is borrowed
    assert mrp.sum() == pytest.approx(borrowed, rel=1e-9)
