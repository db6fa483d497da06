"""Property tests for the grant and precept identities of the control sheet: ring-fenced grants
net to nil on the gap, billing authorities reconcile to total tax base x Band D within the
rounding, and a conditional grant's share paid stays within 0..1 and follows its schedule."""
from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import mtfp
from mtfp import checks
from mtfp.model.funding import paid_share
from mtfp.scenario import Scenario
from tests.conftest import tiny_data, v

PROFILE = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
YEARS = ["2016/17", "2017/18", "2018/19", "2019/20"]
money = st.floats(0, 50, allow_nan=False).map(lambda x: round(x, 3))


@PROFILE
@given(amounts=st.lists(money, min_size=4, max_size=4), base=money, premises=st.floats(5, 30))
def test_a_ring_fenced_grant_never_changes_the_gap(amounts, base, premises):
    plain = tiny_data({"non_pay": {"lines": {"premises": {"name": "Premises", "base": v(premises)}}}})
    ring = tiny_data({"non_pay": {"lines": {"premises": {"name": "Premises", "base": v(premises)}}},
                      "funding": {"specific_grants": {"vru": {
                          "name": "VRU", "base": v(base), "amounts": v(dict(zip(YEARS, amounts))),
                          "ring_fenced_to": "VRU programme"}}}})
    a, b = mtfp.run(Scenario.model_validate(plain)), mtfp.run(Scenario.model_validate(ring))
    assert np.abs(a["funding_gap"] - b["funding_gap"]).max() <= 1e-6
    assert b.checks["ring_fenced_grants_net_to_zero"] == 0.0 and checks.master_check(b.checks)


@PROFILE
@given(bases=st.lists(st.floats(1_000, 500_000).map(lambda x: round(x, 2)), min_size=1, max_size=8),
       band_d=st.floats(10, 2000).map(lambda x: round(x, 2)), rise=st.floats(-5, 15), growth=st.floats(-3, 5))
def test_billing_authorities_reconcile_within_half_a_penny_each(bases, band_d, rise, growth):
    authorities = {f"a{i}": {"name": f"Authority {i}", "tax_base": v(b), "tax_base_growth": v(growth if i % 2 else 0.0)}
                   for i, b in enumerate(bases)}
    data = tiny_data({"precept": {"tax_base": v(sum(bases)), "band_d": v(band_d), "band_d_rise_pct": v(rise),
                                  "referendum_limit_pct": v({"2016/17": None}), "referendum_limit_gbp": v({"2016/17": None}),
                                  "billing_authorities": authorities}})
    p = mtfp.run(Scenario.model_validate(data))
    parts = sum(p[f"authority_precept_{k}"] for k in authorities)
    assert np.abs(parts - p["precept"]).max() <= 1e-6 * max(1.0, float(p["precept"].max()))
    assert np.abs(p["precept"] - p["tax_base"] * p["band_d"]).max() <= 0.005 * len(bases) + 1e-6
    for key in authorities:  # each part is whole pence
        pence = p[f"authority_precept_{key}"] * 100
        assert np.abs(pence - np.round(pence)).max() <= 1e-4
    assert p.checks["billing_authorities_reconcile"] <= checks.TOLERANCE["gbp"]


bands = st.lists(st.tuples(st.floats(0, 200), st.floats(0, 100)), min_size=1, max_size=5).map(
    lambda pairs: sorted({round(a, 2): round(b, 2) for a, b in pairs}.items(), reverse=True))


@PROFILE
@given(schedule=bands, achieved=st.lists(st.floats(0, 2.5), min_size=2, max_size=6))
def test_the_share_paid_is_within_0_and_1_follows_the_bands_and_never_falls_as_the_workforce_rises(schedule, achieved):
    at_least = tuple(a for a, _ in schedule)
    paid = tuple(sorted((b / 100 for _, b in schedule), reverse=True))  # a valid schedule: pays less lower down
    values = np.array([sorted(achieved)])
    share = paid_share(achieved=values, at_least=at_least, paid=paid, tested_from=0)
    assert ((share >= 0) & (share <= 1)).all()
    assert (np.diff(share[0]) >= 0).all()
    for x, s in zip(values[0], share[0]):
        reached = [pay for low, pay in zip(at_least, paid) if x * 100 >= low - 1e-9]
        assert s == (reached[0] if reached else 0.0)


@PROFILE
@given(attrition=st.floats(0, 40), target=st.floats(500, 1500), tested=st.sampled_from(YEARS))
def test_a_conditional_grant_passes_the_schedule_check_on_any_projected_workforce(attrition, target, tested):
    pcsos = {"name": "PCSOs", "fte": v(1000), "salary": v(30_000), "attrition_rate": v(attrition), "recruitment": "freeze",
             "redundancy_cost": v(0), "pay_award_pct": v(0.0), "drift": v(0.0), "employer_pension_rate": v(0.0),
             "employer_ni_rate": v(0.0), "ni_threshold": v(0)}
    schedule = [{"at_least_pct": 100, "paid_pct": 100}, {"at_least_pct": 95, "paid_pct": 90},
                {"at_least_pct": 75.01, "paid_pct": 50}]
    data = tiny_data({"workforce": {"groups": {"pcsos": pcsos}}, "funding": {"specific_grants": {"g": {
        "name": "G", "base": v(4.0), "condition": {"groups": ["pcsos"], "target": v(target), "tested_from": tested,
                                                   "schedule": schedule, "source": "illustrative"}}}}})
    p = mtfp.run(Scenario.model_validate(data))
    assert p.checks["grant_paid_share_follows_schedule"] <= checks.TOLERANCE["fraction"]
    assert np.abs(p["specific_grant_g"] + p["grant_withheld_g"] - 4e6).max() <= 1e-6
    assert checks.master_check(p.checks)
