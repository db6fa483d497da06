"""Reserves and the gap, as worked examples: the tiny force (base-year gap nil, £10m general
reserve) with a growth item that opens a gap of £3m, £5m and £6m a year."""
from __future__ import annotations

import numpy as np
import pytest

import mtfp
from mtfp.model import reserves

M = 1e6
GROWTH = {"non_pay": {"growth_items": {"demand": {"name": "Demand", "amount": {
    "value": {"2015/16": 0.0, "2016/17": 3.0, "2017/18": 5.0, "2018/19": 6.0}, "source": "illustrative"}}}}}


def run(make_tiny, **reserve_fields):
    return mtfp.run(make_tiny({**GROWTH, "reserves": reserve_fields} if reserve_fields else GROWTH))


def test_annual_incremental_and_cumulative_gap(make_tiny):
    # Growth is recurring, so the whole gap is recurring: the new recurring savings needed each
    # year are its increments, £3m, £2m, £1m, then nothing.
    p = run(make_tiny)
    assert p["funding_gap"][0] == pytest.approx(np.array([0, 3, 5, 6, 6]) * M)
    assert p["recurring_gap"][0] == pytest.approx(np.array([0, 3, 5, 6, 6]) * M)
    assert p["incremental_recurring_gap"][0] == pytest.approx(np.array([0, 3, 2, 1, 0]) * M)
    assert p["cumulative_gap"][0] == pytest.approx(np.array([0, 3, 8, 14, 20]) * M)


def test_key_figures_of_the_gap(make_tiny):
    # £6m recurring gap on £126m of net revenue expenditure = 4.76%; at £40,000 an officer, 150 posts.
    p = run(make_tiny)
    assert p["net_revenue_expenditure"][0, 4] == pytest.approx(126 * M)
    assert p["budget_requirement"][0, 4] == pytest.approx(126 * M)  # no reserve movements
    assert p["gap_pct_of_net_budget"][0, 4] == pytest.approx(6 / 126)
    assert p["officer_post_equivalent"][0, 4] == pytest.approx(150)


def test_the_gap_is_funded_from_the_general_reserve_until_it_runs_out(make_tiny, illustrative):
    # £10m reserve less £3m, £5m, £6m, £6m: £7m, £2m, -£4m, -£10m. Minimum 3% of the net
    # budget (£3.75m in 2017/18) is breached in 2017/18; the reserve runs out in 2018/19.
    p = run(make_tiny, general_opening=illustrative(10.0), minimum_pct=illustrative(3.0))
    assert p["general_reserve_closing"][0] == pytest.approx(np.array([10, 7, 2, -4, -10]) * M)
    assert p["minimum_general_reserve"][0, 2] == pytest.approx(0.03 * 125 * M)
    assert p.event_year("minimum_breached") == "2017/18"
    assert p.event_year("reserves_run_out") == "2018/19"
    assert p.events["minimum_breached"][0] == 2


def test_a_reserve_that_holds_has_no_events(make_tiny, illustrative):
    p = run(make_tiny, general_opening=illustrative(40.0), minimum_pct=illustrative(3.0))
    assert p.event_year("minimum_breached") is None and p.event_year("reserves_run_out") is None


def test_without_funding_the_gap_from_reserves_the_balance_is_untouched(make_tiny, illustrative):
    p = run(make_tiny, general_opening=illustrative(10.0), minimum_pct=illustrative(3.0), fund_gap_from_reserves=False)
    assert p["general_reserve_closing"][0] == pytest.approx([10 * M] * 5)
    assert p["gap_funded_from_reserves"][0].sum() == 0


def test_contributions_add_to_the_reserve_and_to_the_budget_requirement_not_spending(make_tiny, illustrative):
    # £1m a year paid in: a reserve movement below net revenue expenditure, so the budget
    # requirement and the gap after reserves rise £1m, the recurring gap does not, and the
    # reserve gets it back.
    p = run(make_tiny, general_opening=illustrative(10.0), minimum_pct=illustrative(0.0),
            general_contributions=illustrative(1.0))
    assert p["funding_gap"][0] == pytest.approx(np.array([0, 4, 6, 7, 7]) * M)
    assert p["recurring_gap"][0] == pytest.approx(np.array([0, 3, 5, 6, 6]) * M)
    assert p["reserve_movements"][0] == pytest.approx(np.array([0, 1, 1, 1, 1]) * M)
    assert p["budget_requirement"][0] - p["net_revenue_expenditure"][0] == pytest.approx(np.array([0, 1, 1, 1, 1]) * M)
    assert "contributions_to_reserves" not in p.children("total_spending")
    assert p["general_reserve_closing"][0] == pytest.approx(np.array([10, 7, 2, -4, -10]) * M)
    assert p["contributions_to_reserves"][0] == pytest.approx(np.array([0, 1, 1, 1, 1]) * M)


def test_planned_use_of_an_earmarked_reserve_is_limited_to_its_balance(make_tiny, illustrative):
    # £6m transformation reserve; plans to use £1m, £4m, £4m: only £1m is left for the third.
    p = run(make_tiny, general_opening=illustrative(10.0), minimum_pct=illustrative(0.0), earmarked={"transformation": {
        "name": "Transformation", "opening": illustrative(6.0),
        "planned_use": illustrative({"2015/16": 0.0, "2016/17": 1.0, "2017/18": 4.0, "2018/19": 4.0, "2019/20": 0.0})}})
    assert p["earmarked_used_transformation"][0] == pytest.approx(np.array([0, 1, 4, 1, 0]) * M)
    assert p["earmarked_closing_transformation"][0] == pytest.approx(np.array([6, 5, 1, 0, 0]) * M)
    # Planned use reduces the budget requirement, so the gap to fund from general reserve (not
    # the recurring gap: a reserve can be spent once).
    assert p["funding_gap"][0] == pytest.approx(np.array([0, 2, 1, 5, 6]) * M)
    assert p["recurring_gap"][0] == pytest.approx(np.array([0, 3, 5, 6, 6]) * M)


def test_earmarked_contributions_are_spending_and_add_to_the_balance():
    out = reserves.earmarked_roll(opening=np.full((1, 1, 3), 2e6), planned_use=np.zeros((1, 1, 3)),
                                  contributions=np.full((1, 1, 3), 0.5e6))
    assert out["closing"][0, 0] == pytest.approx([2e6, 2.5e6, 3e6])
    assert out["contributions"][0, 0, 0] == 0  # nothing flows in the base year


def test_first_year_below_ignores_the_base_year_and_float_noise():
    balance = np.array([[-1.0, 5.0, 4.999999, 2.0], [5.0, 5.0, 5.0, 5.0]])
    assert reserves.first_year_below(balance=balance, threshold=np.full((2, 4), 5.0)).tolist() == [3, -1]
