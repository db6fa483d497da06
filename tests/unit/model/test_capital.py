"""The capital programme: borrowing is the balance, MRP from the year after use, interest on
the average balance, the CFR corkscrew, and the revenue budget's capital financing line.

The tiny force (tests/conftest.py): base year 2015/16, projected 2016/17 to 2019/20.
"""
from __future__ import annotations

import numpy as np
import pytest

import mtfp
from mtfp.model.capital import mrp_schedule
from mtfp.scenario import ScenarioError
from tests.conftest import tiny, v

M = 1e6


def programme(**capital) -> dict:
    """The tiny force with a capital programme instead of its one capital financing line."""
    base = {"interest_rate": v(4.0), "opening_cfr": v(0.0), "existing_mrp": v(0.0), "existing_debt": v(0.0),
            "existing_interest": v(0.0)}
    return {"non_pay": {"capital_financing": None}, "capital": {**base, **capital}}


HQ = programme(
    schemes={"hq": {"name": "New headquarters", "category": "estates", "spend": v({"2016/17": 10.0}),
                    "asset_life": 40, "in_use_year": "2016/17"}},
    funding={"capital_receipts": v({"2016/17": 2.0})},
)


def test_a_10m_hq_funded_2m_receipts_and_8m_borrowing_charges_mrp_of_200k_from_the_year_after_completion():
    p = mtfp.run(tiny(HQ))
    assert p["capital_spend"][0, 1] == 10 * M
    assert p["capital_funded_receipts"][0, 1] == 2 * M
    assert p["capital_funded_borrowing"][0, 1] == 8 * M  # the balance is borrowed
    # Straight line over 40 years: £8m / 40 = £0.2m a year, nothing in the year it is completed.
    assert p["mrp"][0].tolist() == pytest.approx([0, 0, 0.2 * M, 0.2 * M, 0.2 * M])
    # Interest at 4% on the average new-borrowing balance: (0 + 8) / 2 = £4m in 2016/17 -> £160k;
    # then (8 + 7.8) / 2 = £7.9m -> £316k; (7.8 + 7.6) / 2 = £7.7m -> £308k.
    assert p["capital_interest"][0].tolist() == pytest.approx([0, 0.16 * M, 0.316 * M, 0.308 * M, 0.300 * M])
    # The revenue budget carries MRP + interest (no revenue contribution here).
    assert p["capital_financing"][0].tolist() == pytest.approx(
        [0, 0.16 * M, 0.516 * M, 0.508 * M, 0.500 * M])
    # CFR corkscrew: 0 + 8 - 0 = 8, then 8 - 0.2 = 7.8 ...
    assert p["cfr_closing"][0].tolist() == pytest.approx([0, 8 * M, 7.8 * M, 7.6 * M, 7.4 * M])
    assert p.master_check()


def test_the_programme_makes_the_revenue_budgets_capital_financing_line_and_so_the_gap():
    typed = mtfp.run(tiny())
    p = mtfp.run(tiny(HQ))
    # The tiny force is balanced, so the gap is exactly the capital financing costs.
    assert p["funding_gap"][0, 2] - typed["funding_gap"][0, 2] == pytest.approx(0.516 * M)


def test_revenue_contributions_reserves_and_grant_reduce_borrowing_and_rcco_is_a_revenue_cost():
    overlay = programme(
        schemes={"fleet": {"name": "Fleet replacement", "category": "fleet", "spend": v(3.0), "asset_life": 5}},
        funding={"capital_grant": v(0.5), "revenue_contributions": v(1.0),
                 "earmarked_reserves": {"capital": {"amount": v({"2016/17": 1.5})}}},
    )
    overlay["reserves"] = {"earmarked": {"capital": {"name": "Capital reserve", "opening": v(1.0)}}}
    p = mtfp.run(tiny(overlay))
    # The reserve holds only £1m, so only £1m of the £1.5m wanted is drawn; the rest is borrowed.
    assert p["capital_funded_reserves"][0, 1] == 1 * M
    assert p["earmarked_closing_capital"][0, 1] == 0.0
    assert p["capital_funded_borrowing"][0].tolist() == pytest.approx([0, 0.5 * M, 1.5 * M, 1.5 * M, 1.5 * M])
    # A rolling programme: each year's spend is in use that year; MRP over 5 years from the next.
    assert p["mrp"][0, 2] == pytest.approx(0.5 * M / 5)
    assert p["mrp"][0, 3] == pytest.approx((0.5 + 1.5) * M / 5)
    assert p["capital_financing"][0, 1] == pytest.approx(1 * M + p["capital_interest"][0, 1])
    assert p.master_check()


def test_annuity_mrp_charges_less_first_and_adds_up_to_the_borrowing():
    borrowing = np.array([[0.0, 8 * M, 0.0]])
    start = np.array([1, 2, 3])
    mrp = mrp_schedule(borrowing=borrowing, start=start, life=2, annuity_rate=np.array([[0.05]]))
    # Two years at 5%: payment = 8 x 0.05 / (1 - 1.05^-2) = £4.3024m; principal 3.9024 then 4.0976.
    assert mrp[0, 2] == pytest.approx(8 * M * 0.05 / (1.05 ** 2 - 1))
    long = mrp_schedule(borrowing=np.array([[8 * M] + [0.0] * 49]), start=np.arange(1, 51), life=40,
                        annuity_rate=np.array([[0.05]]))
    assert long.sum() == pytest.approx(8 * M)
    assert long[0, 1] < long[0, 2]


def test_straight_line_mrp_stops_after_the_asset_life():
    mrp = mrp_schedule(borrowing=np.array([[6.0, 0, 0, 0, 0]]), start=np.array([1, 2, 3, 4, 5]), life=2.5)
    assert mrp[0].tolist() == pytest.approx([0, 2.4, 2.4, 1.2, 0])


def test_existing_debt_mrp_and_interest_are_inputs_and_external_debt_falls_by_repayments():
    overlay = programme(opening_cfr=v(50.0), existing_mrp=v(2.0), existing_debt=v(30.0), existing_interest=v(1.2),
                        existing_debt_repaid=v({"2017/18": 5.0}))
    p = mtfp.run(tiny(overlay))
    assert p["cfr_closing"][0].tolist() == pytest.approx([50 * M, 48 * M, 46 * M, 44 * M, 42 * M])
    assert p["external_debt"][0].tolist() == pytest.approx([30 * M, 30 * M, 25 * M, 25 * M, 25 * M])
    assert p["internal_borrowing"][0, 4] == pytest.approx(17 * M)
    assert p["capital_financing_costs"][0, 1] == pytest.approx(3.2 * M)
    # Net revenue stream = grant £100m + precept £20m.
    assert p["financing_costs_pct_of_net_revenue_stream"][0, 1] == pytest.approx(3.2 / 120)


@pytest.mark.parametrize("overlay, words", [
    ({"capital": {"interest_rate": v(4.0), "opening_cfr": v(0.0), "existing_mrp": v(0.0), "existing_debt": v(0.0),
                  "existing_interest": v(0.0)}}, "not both"),
    ({"non_pay": {"capital_financing": None}}, "required unless"),
    (programme(funding={"capital_grant": v({"2016/17": 3.0})}), "more than the capital spend"),
    (programme(schemes={"hq": {"name": "HQ", "category": "estates", "spend": v({"2015/16": 1.0}), "asset_life": 40}}),
     "is the base year"),
    (programme(schemes={"hq": {"name": "HQ", "category": "estates", "spend": v(1.0), "asset_life": 0}}),
     "asset_life"),
    (programme(schemes={"hq": {"name": "HQ", "category": "estates", "spend": v(1.0), "asset_life": 40,
                               "in_use_year": "2030/31"}}), "must be a projected year"),
    (programme(funding={"earmarked_reserves": {"nope": {"amount": v(0.0)}}}), "not one of the earmarked reserves"),
    (programme(mrp_policy="annuity"), "mrp_annuity_rate"),
    (programme(interest_rate=v(25.0)), "outside the allowed range"),
])
def test_a_capital_programme_that_cannot_be_right_is_refused_naming_the_field(overlay, words):
    with pytest.raises((ScenarioError, ValueError), match=words):
        tiny(overlay)


def test_a_line_declared_under_a_capital_total_the_scenario_never_makes_fails_the_master_check(monkeypatch):
    import dataclasses

    from mtfp.model import lines

    spec = lines.SPECS["non_pay_{non_pay_line}"]
    monkeypatch.setitem(lines.SPECS, spec.key, dataclasses.replace(spec, parent="capital_spend"))
    p = mtfp.run(tiny())  # no capital programme: capital_spend is never made
    assert "capital_spend" not in p
    assert p.checks["other_rollups_hold"] == float("inf")
    assert not p.master_check()
