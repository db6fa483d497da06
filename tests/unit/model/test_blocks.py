"""Each block of the projection as a worked example, called directly on its typed inputs."""
from __future__ import annotations

import numpy as np
import pytest

import mtfp
from mtfp.model import budget, costs, funding, indicators, precept, reserves, savings, workforce
from mtfp.model.typed import typed_inputs

M = 1e6


def row(*values) -> np.ndarray:
    return np.array([values], dtype=float)


def test_funding_block_a_10_percent_real_cut_over_two_years_even_with_2_percent_inflation():
    # £100m grant, 10% real cut reached evenly over 2 years, GDP deflator 2%:
    # year 1 = 100 x 0.9^0.5 x 1.02 = £96.767m; year 2 = 100 x 0.9 x 1.0404 = £93.636m.
    inputs = funding.FundingInputs(
        gdp_deflator=row(0, 0.02, 0.02), profile="even", over_years=2, real_terms_cut=row(0.1, 0.1, 0.1),
        explicit_cash_change=row(0, 0, 0), grants=(funding.GrantInput("police_grant", "Police grant", row(100 * M, 0, 0), None),),
        specific_grants=(funding.GrantInput("pensions", "Pensions grant", row(5 * M, 0, 0), row(0, 0.1, 0)),),
        other_income_base=row(2 * M, 0, 0), other_income_growth=row(0, 0.5, 0.5))
    out = funding.project_funding(inputs)
    assert out.grants["police_grant"][0] / M == pytest.approx([100, 100 * 0.9 ** 0.5 * 1.02, 90 * 1.0404])
    assert out.specific_grants["pensions"][0] / M == pytest.approx([5, 5.5, 5.5])
    assert out.other_income[0] / M == pytest.approx([2, 3, 4.5])


def test_precept_block_a_2_percent_rise_on_200_pounds_and_a_growing_tax_base():
    # Band D £200 rising 2% a year: £204, £208.08; tax base 100,000 growing 1%: precept
    # 101,000 x £204 = £20.604m in year 1.
    inputs = precept.PreceptInputs(
        tax_base=row(1e5, 0, 0), tax_base_growth=row(0, 0.01, 0.01), band_d=row(200, 0, 0), rise_pct=row(0, 0.02, 0.02),
        rise_gbp=None, limit_pct=row(np.nan, np.nan, np.nan), limit_gbp=row(np.nan, np.nan, np.nan),
        referendum_held=False, collection_fund=row(0, 0.5 * M, 0))
    out = precept.project_precept(inputs)
    assert out.band_d[0] == pytest.approx([200, 204, 208.08])
    assert out.precept[0, 1] == pytest.approx(101_000 * 204)
    assert out.collection_fund[0, 1] == 0.5 * M and not out.precept_capped.any()


def test_workforce_block_leavers_replaced_half_and_a_september_award(make_tiny):
    # 2,750 officers at £40,000, 10% attrition, half of leavers replaced: 275 leave and 137.5
    # join, closing 2,612.5, average 2,681.25. A 2% award every September, the base year's
    # included: £40,000 is the base-year average (7/12 of its award in it), the 5/12 carries
    # in and 7/12 of year 1's award is added: average salary 40,000 x 1.02 = £40,800.
    scenario = make_tiny({"workforce": {"groups": {"police_officers": {
        "attrition_rate": {"value": 10.0, "source": "illustrative"}, "recruitment": "replace_share",
        "replace_share": {"value": 50.0, "source": "illustrative"},
        "pay_award_pct": {"value": 2.0, "source": "illustrative"}, "award_month": 9}}}})
    out = workforce.project_workforce(typed_inputs(mtfp.compile_inputs(scenario)).workforce)
    assert out.leavers[0, 0, 1] == pytest.approx(275) and out.recruits[0, 0, 1] == pytest.approx(137.5)
    assert out.fte_closing[0, 0, 1] == pytest.approx(2612.5) and out.fte_average[0, 0, 1] == pytest.approx(2681.25)
    assert out.salary[0, 0, 1] == pytest.approx(40_800)
    assert out.pay[0, 0, 1] == pytest.approx(2681.25 * 40_800)


def test_non_pay_block_inflates_each_line_from_its_base_year():
    inputs = costs.NonPayInputs(lines=(costs.NonPayLineInput("premises", "Premises", row(10 * M, 0, 0), row(0, 0.03, 0.03)),),
                                growth_items=(costs.GrowthItemInput("ict", "ICT", row(0, 1 * M, 1 * M)),),
                                capital_financing=row(2 * M, 2 * M, 2 * M))
    out = costs.project_non_pay(inputs)
    assert out.lines["premises"][0] / M == pytest.approx([10, 10.3, 10.609])
    assert out.growth_items["ict"][0, 1] == 1 * M and out.capital_financing[0, 2] == 2 * M


def test_savings_block_a_pay_saving_removing_posts_and_a_collaboration(make_tiny):
    # £1m pay saving from 2016/17 at 50% confidence, 20 posts; a collaboration saving 10% of a
    # £20m joint cost base, our share 25% (£0.5m), 80% confidence (£0.4m risk-adjusted).
    scenario = make_tiny({"savings": {
        "items": {"cut": {"name": "Cut", "reduces": "pay", "group": "police_officers", "fte": {"value": 20, "source": "illustrative"},
                          "amount": {"value": 1.0, "source": "illustrative"}, "start_year": "2016/17",
                          "confidence": {"value": 50, "source": "illustrative"}}},
        "collaboration": {"region": {"name": "Region", "partners": ["A"], "joint_cost_base": {"value": 20.0, "source": "illustrative"},
                                     "saving_pct": {"value": 10, "source": "illustrative"}, "force_share": {"value": 25, "source": "illustrative"},
                                     "start_year": "2016/17", "implementation_cost": {"value": 2.0, "source": "illustrative"},
                                     "confidence": {"value": 80, "source": "illustrative"}}}}})
    m = typed_inputs(mtfp.compile_inputs(scenario))
    w = workforce.project_workforce(m.workforce)
    out = savings.project_savings(m.savings, fte_average=w.fte_average, fte_closing=w.fte_closing)
    assert out.planned[0, 1] == pytest.approx(1.5 * M) and out.risk_adjusted[0, 1] == pytest.approx(0.9 * M)
    assert out.pay[0, 1] == pytest.approx(0.5 * M) and out.non_pay[0, 1] == pytest.approx(0.4 * M)
    assert out.posts_removed[0, 0, 1] == pytest.approx(20) and out.fte_after_savings[0, 0, 1] == pytest.approx(2730)
    assert out.collaboration_one_off_costs[0].tolist() == [0, 0.5 * M, 0, 0, 0]  # our 25% of £2m


def test_budget_block_requirement_and_gap():
    # Spending £120m - savings £2m + one-off £1m - specific grants and income £4m = net revenue
    # expenditure £115m; + £0.2m paid into reserves - £0.5m used = budget requirement £114.7m;
    # general grants and precept £110m + collection fund £0.3m: gap after one-offs and reserves £4.4m.
    # Recurring gap = £120m - £2m - £4m - £110m = £4m; one-off items £1m - £0.3m = £0.7m; reserve
    # movements £0.2m - £0.5m = -£0.3m: £4m + £0.7m - £0.3m = £4.4m.
    out = budget.project_budget(spending_lines=[row(0, 120 * M)], savings_delivered=row(0, 2 * M),
                                one_off_lines=[row(0, 1 * M)], income_lines=[row(0, 3 * M), row(0, 1 * M)],
                                contributions_to_reserves=row(0, 0.2 * M), use_of_earmarked_reserves=row(0, 0.5 * M),
                                funding_lines=[row(0, 100 * M), row(0, 10 * M)], one_off_funding_lines=[row(0, 0.3 * M)],
                                projected=np.array([0.0, 1.0]), shape=(1, 2))
    assert out.net_revenue_expenditure[0, 1] == pytest.approx(115 * M)
    assert out.budget_requirement[0, 1] == pytest.approx(114.7 * M)
    assert out.total_funding[0, 1] == pytest.approx(110.3 * M)
    assert out.funding_gap[0, 1] == pytest.approx(4.4 * M) and out.cumulative_gap[0, 1] == pytest.approx(4.4 * M)
    assert out.recurring_gap[0, 1] == pytest.approx(4 * M) and out.incremental_recurring_gap[0, 1] == pytest.approx(4 * M)
    assert out.one_off_items[0, 1] == pytest.approx(0.7 * M) and out.reserve_movements[0, 1] == pytest.approx(-0.3 * M)


def test_reserves_block_the_gap_drawn_from_the_general_reserve_and_earmarked_use_limited_to_the_balance():
    inputs = reserves.ReservesInputs(
        earmarked=("estates",), earmarked_names=("Estates",), earmarked_opening=np.array([[[1 * M, 0, 0]]]),
        planned_use=np.array([[[0, 0.8 * M, 0.8 * M]]]), earmarked_contributions=np.zeros((1, 1, 3)),
        general_opening=row(10 * M, 0, 0), general_contributions=row(0, 0, 0), minimum_pct=row(0.05, 0.05, 0.05),
        fund_gap_from_reserves=True)
    e = reserves.project_earmarked(inputs)
    assert e.used[0, 0].tolist() == [0, 0.8 * M, pytest.approx(0.2 * M)]  # only £0.2m left in year 2
    general = reserves.project_general_reserve(inputs, funding_gap=row(0, 4 * M, 4 * M),
                                               net_revenue_expenditure=row(100 * M, 100 * M, 100 * M),
                                               projected=np.array([0.0, 1.0, 1.0]), size=1)
    assert general.closing[0].tolist() == [10 * M, 6 * M, 2 * M]  # below the £5m minimum in year 2
    assert general.minimum_breached.tolist() == [2] and general.reserves_run_out.tolist() == [reserves.NEVER]


def test_key_figures_block_the_gap_in_officer_posts_and_as_a_share_of_the_budget():
    # A £5m recurring gap at £50,000 per officer is 100 posts; on £200m of net revenue expenditure it is 2.5%.
    out = indicators.project_key_figures(recurring_gap=row(0, 5 * M), net_budget=row(200 * M, 200 * M),
                                         savings_delivered=row(0, 1 * M), cost_per_officer=row(50_000, 50_000),
                                         target_rate=None, projected=np.array([0.0, 1.0]))
    assert out.officer_post_equivalent[0, 1] == pytest.approx(100)
    assert out.gap_pct_of_net_budget[0, 1] == pytest.approx(0.025)
    assert out.new_savings_in_year[0].tolist() == [0, 1 * M] and out.savings_target is None
