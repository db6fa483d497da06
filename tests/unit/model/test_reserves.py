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


# --- the reserves strategy: reserves drawn in order, the minimum held, interest, resilience ---------

def strategy(illustrative, **fields):
    """£10m general reserve (minimum 3%), a £4m budget equalisation reserve and a £2m insurance
    reserve; the gap is £3m, £5m, £6m, £6m (GROWTH)."""
    return dict(general_opening=illustrative(10.0), minimum_pct=illustrative(3.0), earmarked={
        "equalisation": {"name": "Budget equalisation", "opening": illustrative(4.0), "category": "planned_use",
                         "purpose": "smooth the gap while savings are delivered"},
        "insurance": {"name": "Insurance", "opening": illustrative(2.0), "category": "general_contingency"}},
        **fields)


def test_a_reserve_drawn_in_the_stated_order(make_tiny, illustrative):
    # Budget equalisation first: its £4m meets the £3m gap of 2016/17 and £1m of 2017/18; the
    # general reserve then gives the rest (£4m, £6m, £6m): £10m -> 10, 6, 0, -6.
    p = run(make_tiny, **strategy(illustrative, gap_funding_order=["equalisation", "general"]))
    assert p["earmarked_gap_funding_equalisation"][0] == pytest.approx(np.array([0, 3, 1, 0, 0]) * M)
    assert p["earmarked_closing_equalisation"][0] == pytest.approx(np.array([4, 1, 0, 0, 0]) * M)
    assert p["gap_funded_from_reserves"][0] == pytest.approx(np.array([0, 0, 4, 6, 6]) * M)
    assert p["general_reserve_closing"][0] == pytest.approx(np.array([10, 10, 6, 0, -6]) * M)
    assert p["earmarked_closing_insurance"][0] == pytest.approx([2 * M] * 5)  # not in the order: untouched
    assert p["gap_unfunded"][0] == pytest.approx([0] * 5)
    assert p.event_year("usable_reserves_run_out") == "2019/20"  # £2m insurance - £6m general < 0
    assert p.master_check()


def test_a_general_reserve_that_may_not_go_below_its_minimum_leaves_the_rest_unfunded(make_tiny, illustrative):
    # 2016/17: £3m drawn (£10m -> £7m, above the minimum). 2017/18: the minimum is 3% of £125m
    # = £3.75m, so the reserve gives £3.25m and £1.75m of the £5m gap is unfunded. 2018/19: the
    # minimum rises to 3% of £126m = £3.78m, above the £3.75m held: nothing is drawn, the whole
    # £6m is unfunded, and the minimum is breached by its own rise, not by a draw.
    p = run(make_tiny, **strategy(illustrative, gap_funding_order=["general"], general_may_go_below_minimum=False))
    assert p["gap_funded_from_reserves"][0] == pytest.approx(np.array([0, 3, 3.25, 0, 0]) * M)
    assert p["general_reserve_closing"][0] == pytest.approx(np.array([10, 7, 3.75, 3.75, 3.75]) * M)
    assert p["gap_unfunded"][0] == pytest.approx(np.array([0, 0, 1.75, 6, 6]) * M)
    assert p.event_year("minimum_breached") == "2018/19"
    assert p.event_year("reserves_run_out") is None
    assert p.master_check()


def test_an_earmarked_reserve_funds_the_gap_only_with_what_its_planned_uses_do_not_need(make_tiny, illustrative):
    # £4m equalisation reserve with £3m planned for 2018/19: only £1m is free for the gap
    # before then, and the planned £3m is still there in 2018/19.
    fields = strategy(illustrative, gap_funding_order=["equalisation", "general"])
    fields["earmarked"]["equalisation"]["planned_use"] = illustrative({"2015/16": 0.0, "2018/19": 3.0, "2019/20": 0.0})
    p = run(make_tiny, **fields)
    assert p["earmarked_gap_funding_equalisation"][0] == pytest.approx(np.array([0, 1, 0, 0, 0]) * M)
    assert p["earmarked_used_equalisation"][0] == pytest.approx(np.array([0, 0, 0, 3, 0]) * M)
    assert p["earmarked_closing_equalisation"][0] == pytest.approx(np.array([4, 3, 3, 0, 0]) * M)
    assert p.master_check()


def test_interest_is_earned_on_each_opening_balance(make_tiny, illustrative):
    p = run(make_tiny, **strategy(illustrative, interest_rate=illustrative(5.0)))
    # General: 5% of £10m = £0.5m in 2016/17, so 10 + 0.5 - 3 = £7.5m.
    assert p["general_interest"][0, 1] == pytest.approx(0.5 * M)
    assert p["general_reserve_closing"][0, 1] == pytest.approx(7.5 * M)
    assert p["earmarked_interest_insurance"][0, 1:3] == pytest.approx([0.1 * M, 0.105 * M])
    assert p["general_interest"][0, 4] == 0.0  # no interest on a negative balance
    assert p.master_check()


def test_resilience_usable_reserves_as_a_share_of_spending_and_years_they_would_last(make_tiny, illustrative):
    p = run(make_tiny, general_opening=illustrative(10.0), minimum_pct=illustrative(0.0))
    # 2016/17: £7m left after a £3m draw: 7 / 3 = 2.33 years at that rate; £7m of £123m spending.
    assert p["reserves_years_cover"][0, 1] == pytest.approx(7 / 3)
    assert p["reserves_pct_of_net_revenue_expenditure"][0, 1] == pytest.approx(7 / 123)
    assert np.isnan(p["reserves_years_cover"][0, 0])


@pytest.mark.parametrize("fields, words", [
    ({"earmarked": {"e": {"name": "E", "opening": {"value": 1.0, "source": "illustrative"},
                          "planned_use": {"value": {"2016/17": -2.0}, "source": "illustrative"}}}},
     "outside the allowed range 0 to 5000"),
    ({"gap_funding_order": ["nope"]}, "'nope' is not a reserve"),
    ({"gap_funding_order": ["general", "general"]}, "more than once"),
    ({"gap_funding_order": ["general"], "fund_gap_from_reserves": False}, "needs fund_gap_from_reserves"),
    ({"interest_rate": {"value": 30.0, "source": "illustrative"}}, "outside the allowed range"),
    ({"earmarked": {"e": {"name": "E", "opening": {"value": 1.0, "source": "illustrative"}, "category": "rainy_day"}}},
     "planned_use"),
])
def test_a_reserves_strategy_that_cannot_be_right_is_refused(make_tiny, fields, words):
    from mtfp.scenario import ScenarioError

    with pytest.raises((ScenarioError, ValueError), match=words):
        make_tiny({"reserves": fields})
