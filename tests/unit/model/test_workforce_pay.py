"""Pay per FTE, as worked examples on a £40,000 police officer salary."""
from __future__ import annotations

import numpy as np
import pytest

import mtfp
from mtfp import timeline
from mtfp.model import workforce


def officers(make_tiny, **fields):
    return mtfp.run(make_tiny({"workforce": {"groups": {"police_officers": fields}}}))


@pytest.mark.parametrize("month,share", [(9, 7 / 12), (4, 1.0), (3, 1 / 12), (1, 3 / 12)])
def test_share_of_an_award_paid_in_its_first_year(month, share):
    assert timeline.in_year_fraction(month) == pytest.approx(share)


def test_a_3_percent_september_award_adds_1_75_percent_then_1_25_percent_more(make_tiny, illustrative):
    # 7/12 of 3% = 1.75% in 2016/17; the other 5/12 (1.25% of the base) falls in 2017/18.
    p = officers(make_tiny, pay_award_pct=illustrative({"2016/17": 3.0, "2017/18": 0.0}))
    salary = p["salary_police_officers"][0]
    assert salary[1] == pytest.approx(40_000 * 1.0175)
    assert salary[2] - salary[1] == pytest.approx(40_000 * 0.0125)
    assert salary[2:] == pytest.approx([41_200] * 3)
    assert p["pay_police_officers"][0, 1] == pytest.approx(2750 * 40_700)


def test_an_april_award_is_paid_in_full_in_its_year(make_tiny, illustrative):
    p = officers(make_tiny, pay_award_pct=illustrative(2.0), award_month=4)
    assert p["salary_police_officers"][0] == pytest.approx(40_000 * 1.02 ** np.arange(5))


def test_drift_from_april_then_a_september_award_on_the_drifted_rate(make_tiny, illustrative):
    # Drift 1%: £40,400 from April; 3% of that (£1,212) from September: 40,400 + 1,212 x 7/12.
    p = officers(make_tiny, drift=illustrative(1.0), pay_award_pct=illustrative(3.0))
    salary = p["salary_police_officers"][0]
    assert salary[1] == pytest.approx(40_400 + 1_212 * 7 / 12)
    assert salary[2] == pytest.approx(41_612 * 1.01 * (1 + 0.03 * 7 / 12))


def test_a_flat_1900_pound_award_per_fte(make_tiny, illustrative):
    # The 2022/23 officer award was £1,900 on every pay point (Hansard, written ministerial
    # statement on the PRRB eighth report, 19 July 2022).
    p = officers(make_tiny, pay_award_pct=None, pay_award_gbp=illustrative({"2016/17": 1900, "2017/18": 0}))
    assert p["salary_police_officers"][0, 1:] == pytest.approx([40_000 + 1900 * 7 / 12, 41_900, 41_900, 41_900])


def test_employer_cost_is_salary_plus_pension_plus_ni_per_head_above_the_threshold(make_tiny, illustrative):
    # £40,000 + 24.2% pension (£9,680) + 13.8% NI on £40,000 - £8,112 (£4,400.544) = £54,080.544.
    p = officers(make_tiny, employer_pension_rate=illustrative(24.2), employer_ni_rate=illustrative(13.8),
                 ni_threshold=illustrative(8112))
    assert p["cost_per_fte_police_officers"][0, 0] == pytest.approx(54_080.544)
    assert p["pay_police_officers"][0, 0] == pytest.approx(2750 * 54_080.544)


def test_no_ni_below_the_threshold():
    cost = workforce.cost_per_fte(salary=np.array([[[4_000.0]]]), pension_rate=np.zeros((1, 1, 1)),
                                  ni_rate=np.full((1, 1, 1), 0.15), ni_threshold=np.full((1, 1, 1), 5_000.0))
    assert cost[0, 0, 0] == 4_000.0


def test_employer_rates_change_by_year(make_tiny, illustrative):
    # Officer pension 24.2% (Home Office Circular 009/2017) then 31% from 2019/20
    # (Police Pensions (Employer Contributions) (Amendment) Regulations 2019, SI 2019/1049).
    p = officers(make_tiny, employer_pension_rate=illustrative({"2015/16": 24.2, "2019/20": 31.0}))
    assert p["cost_per_fte_police_officers"][0] == pytest.approx([49_680] * 4 + [52_400])


def test_apprenticeship_levy_is_half_a_percent_of_the_pay_bill_less_the_allowance(make_tiny, illustrative):
    # Pay bill £110m: 0.5% = £550,000 less the £15,000 allowance = £535,000, from 2017/18.
    p = mtfp.run(make_tiny({"workforce": {"apprenticeship_levy_rate": illustrative({"2015/16": 0.0, "2017/18": 0.5}),
                                          "apprenticeship_levy_allowance": illustrative(0.015)}}))
    assert p["apprenticeship_levy"][0] == pytest.approx([0, 0, 535_000, 535_000, 535_000])
    assert "apprenticeship_levy" in p.totals["total_spending"]


def test_levy_is_never_negative_and_skips_groups_outside_it():
    levy = workforce.apprenticeship_levy(pay_bill=np.array([[2e6]]), levy_rate=np.array([[0.005]]), allowance=np.array([[15_000.0]]))
    assert levy[0, 0] == 0.0


def test_a_group_outside_the_levy_adds_nothing_to_it(make_tiny, illustrative):
    p = mtfp.run(make_tiny({"workforce": {"apprenticeship_levy_rate": illustrative(0.5),
                                          "groups": {"police_officers": {"levy_applies": False}}}}))
    assert p["apprenticeship_levy"][0] == pytest.approx([0] * 5)
