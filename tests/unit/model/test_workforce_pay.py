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
    # No award in the base year, so £40,000 is both the base-year average and the rate in
    # payment. 7/12 of 3% = 1.75% in 2016/17; the other 5/12 (1.25% of the base) in 2017/18.
    p = officers(make_tiny, pay_award_pct=illustrative({"2015/16": 0.0, "2016/17": 3.0, "2017/18": 0.0}))
    salary = p["salary_police_officers"][0]
    assert salary[1] == pytest.approx(40_000 * 1.0175)
    assert salary[2] - salary[1] == pytest.approx(40_000 * 0.0125)
    assert salary[2:] == pytest.approx([41_200] * 3)
    assert p["pay_police_officers"][0, 1] == pytest.approx(2750 * 40_700)


def test_an_april_award_is_paid_in_full_in_its_year(make_tiny, illustrative):
    p = officers(make_tiny, pay_award_pct=illustrative(2.0), award_month=4)
    assert p["salary_police_officers"][0] == pytest.approx(40_000 * 1.02 ** np.arange(5))


def test_drift_from_april_then_a_september_award_on_the_drifted_rate(make_tiny, illustrative):
    # No base-year award: drift 1% gives £40,400 from April; 3% of that (£1,212) from
    # September: 40,400 + 1,212 x 7/12.
    p = officers(make_tiny, drift=illustrative(1.0), pay_award_pct=illustrative({"2015/16": 0.0, "2016/17": 3.0}))
    salary = p["salary_police_officers"][0]
    assert salary[1] == pytest.approx(40_400 + 1_212 * 7 / 12)
    assert salary[2] == pytest.approx(41_612 * 1.01 * (1 + 0.03 * 7 / 12))


def test_a_flat_1900_pound_award_per_fte(make_tiny, illustrative):
    # The 2022/23 officer award was £1,900 on every pay point (Hansard, written ministerial
    # statement on the PRRB eighth report, 19 July 2022).
    p = officers(make_tiny, pay_award_pct=None, pay_award_gbp=illustrative({"2015/16": 0, "2016/17": 1900, "2017/18": 0}))
    assert p["salary_police_officers"][0, 1:] == pytest.approx([40_000 + 1900 * 7 / 12, 41_900, 41_900, 41_900])


def test_the_base_year_salary_is_the_budgeted_average_and_5_12_of_its_award_carries_into_year_1(make_tiny, illustrative):
    # A finance lead budgets an average of £40,000 for 2015/16, a year with a 4.2% award from
    # 1 September (paid for 7 of its 12 months). Before the award the rate was
    # 40,000 / (1 + 4.2% x 7/12) = 40,000 / 1.0245 = £39,043.44; after it 39,043.44 x 1.042 =
    # £40,683.26 is in payment at 31 March 2016: the 5/12 of the award not in the average
    # (£683.26) carries into 2016/17. 2016/17: drift 1% from April, 41,090.09; a 3% award from
    # September (£1,232.70) pays 7/12 = £719.08: average £41,809.17 (not 40,000 x 1.01 + 7/12
    # x 3% of that = £41,107, which would drop the carried-in £683 x 1.01 every year after).
    p = officers(make_tiny, drift=illustrative({"2015/16": 0.0, "2016/17": 1.0}),
                 pay_award_pct=illustrative({"2015/16": 4.2, "2016/17": 3.0}))
    salary = p["salary_police_officers"][0]
    assert salary[0] == pytest.approx(40_000)
    in_payment = 40_000 / (1 + 0.042 * 7 / 12) * 1.042
    assert in_payment == pytest.approx(40_683.26, abs=0.01)
    assert salary[1] == pytest.approx(41_809.17, abs=0.01)
    assert salary[1] == pytest.approx(in_payment * 1.01 * (1 + 0.03 * 7 / 12))


def test_the_base_year_salary_is_worded_the_same_in_the_docs_the_template_and_the_app():
    from mtfp.scenario.schema import SALARY_DEFINITION
    from mtfp.workbook.template import WORKFORCE
    from tests.conftest import ROOT

    assert f"| `workforce.groups.<id>.salary` | {SALARY_DEFINITION} (single) |" in (ROOT / "docs" / "scenario-format.md").read_text()
    assert "The base-year salary S_0 is the budgeted\naverage salary for the base year" in (ROOT / "docs" / "model.md").read_text()
    salary = next(c for c in WORKFORCE if c.key == "salary")
    assert salary.help == SALARY_DEFINITION[0].upper() + SALARY_DEFINITION[1:]
    assert "help=SALARY_DEFINITION" in (ROOT / "mtfp" / "ui" / "sidebar.py").read_text()


def test_a_flat_base_year_award_carries_its_5_12_into_year_1(make_tiny, illustrative):
    # The 2022/23 officer award was a flat £1,900 from September: a base-year average of
    # £40,000 holds 7/12 of it, so 40,000 - 1,900 x 7/12 = £38,891.67 was paid before it and
    # £40,791.67 after: year 1 (no award, no drift) pays £40,791.67, £791.67 (5/12) more.
    p = officers(make_tiny, pay_award_pct=None, pay_award_gbp=illustrative({"2015/16": 1900, "2016/17": 0}))
    assert p["salary_police_officers"][0, :3] == pytest.approx([40_000, 40_791.67, 40_791.67], abs=0.01)


def test_a_steady_award_grows_the_average_by_the_award_each_year(make_tiny, illustrative):
    # With the same 2% every September and no drift, each year's average is the last one x
    # 1.02: the carried-in 5/12 plus the new 7/12 make a full year's award.
    p = officers(make_tiny, pay_award_pct=illustrative(2.0))
    assert p["salary_police_officers"][0] == pytest.approx(40_000 * 1.02 ** np.arange(5))


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
