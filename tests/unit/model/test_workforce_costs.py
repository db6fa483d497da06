"""Vacancy factor, overtime and employer NI per head, as worked examples on the tiny force:
2,750 officers at £40,000 (issue 11 item 3)."""
from __future__ import annotations

import pytest

import mtfp
from tests.conftest import v

STAFF = {
    "name": "Police staff", "fte": v(1000), "salary": v(25_000), "attrition_rate": v(0.0),
    "redundancy_cost": v(25_000), "pay_award_pct": v(0.0), "drift": v(0.0), "employer_pension_rate": v(0.0),
    "employer_ni_rate": v(15.0), "ni_threshold": v(5_000),
}


def run(make_tiny, officers=None, staff=None, **workforce):
    groups = {"police_officers": officers or {}}
    if staff is not None:
        groups["police_staff"] = {**STAFF, **staff}
    return mtfp.run(make_tiny({"workforce": {"groups": groups, **workforce}}))


def test_a_5_percent_vacancy_factor_pays_the_filled_posts_only(make_tiny):
    # 5% of 2,750 posts unfilled = 137.5 vacancies: pay on 2,612.5 x £40,000 = £104.5m, not £110m.
    # The establishment (the FTE line) stays 2,750; headcount counts the people in post.
    p = run(make_tiny, {"vacancy_factor": v(5.0)})
    assert p["vacancies_police_officers"][0] == pytest.approx([137.5] * 5)
    assert p["pay_police_officers"][0] == pytest.approx([104_500_000] * 5)
    assert p["fte_police_officers"][0] == pytest.approx([2750] * 5)
    assert p["headcount_police_officers"][0] == pytest.approx([2612.5] * 5)


def test_a_vacancy_factor_by_year(make_tiny):
    p = run(make_tiny, {"vacancy_factor": v({"2015/16": 0.0, "2017/18": 2.0})})
    assert p["pay_police_officers"][0] == pytest.approx([110e6, 110e6, 107.8e6, 107.8e6, 107.8e6])


def test_officer_overtime_of_4_percent_carries_employer_ni_but_no_pension(make_tiny):
    # Overtime 4% of £110m of salaries = £4.4m. Employer NI 13.8% on all of it (every officer
    # already earns above the £8,112 threshold) = £607,200. Officer overtime is not pensionable
    # (pensionable pay is the rate of pay: Police Pensions Regulations 2015, reg. 168), so the
    # 24.2% pension is not added: overtime line £5,007,200.
    p = run(make_tiny, {"overtime_pct": v(4.0), "employer_pension_rate": v(24.2), "employer_ni_rate": v(13.8),
                        "ni_threshold": v(8112)})
    assert p["overtime_police_officers"][0] == pytest.approx([5_007_200] * 5)
    assert "overtime_police_officers" in p.totals["total_spending"]


def test_staff_overtime_is_pensionable(make_tiny):
    # LGPS staff: £1m of overtime (£1,000 per head), 18.8% pension on it (overtime is pensionable
    # pay in the LGPS from April 2014) and 15% NI: £1m + £188,000 + £150,000 = £1.338m.
    p = run(make_tiny, staff={"overtime_gbp_m": v(1.0), "employer_pension_rate": v(18.8)})
    assert p["overtime_police_staff"][0] == pytest.approx([1_338_000] * 5)


def test_overtime_counts_in_the_apprenticeship_levy(make_tiny):
    # Levy 0.5% of (salaries £110m + overtime £4.4m) = £572,000, less the £15,000 allowance.
    p = run(make_tiny, {"overtime_pct": v(4.0)}, apprenticeship_levy_rate=v(0.5),
            apprenticeship_levy_allowance=v(0.015))
    assert p["apprenticeship_levy"][0] == pytest.approx([557_000] * 5)


def test_overtime_of_part_timers_below_the_threshold_pays_ni_only_on_what_crosses_it(make_tiny):
    # 1,000 FTE at £12,000 worked by 3,000 people (£4,000 each, under the £5,000 threshold).
    # £1.5m of overtime is £500 a head: £4,500, still under it: no NI on the overtime.
    # £6m is £2,000 a head: £6,000, £1,000 above it: NI 15% x £1,000 x 3,000 = £450,000.
    low = run(make_tiny, staff={"salary": v(12_000), "headcount_per_fte": v(3.0), "overtime_gbp_m": v(1.5)})
    assert low["overtime_police_staff"][0, 0] == pytest.approx(1_500_000)
    high = run(make_tiny, staff={"salary": v(12_000), "headcount_per_fte": v(3.0), "overtime_gbp_m": v(6.0)})
    assert high["overtime_police_staff"][0, 0] == pytest.approx(6_450_000)


def test_employer_ni_threshold_is_per_head_not_per_fte(make_tiny):
    # 1,000 staff FTE at £25,000, 1.25 people per FTE (1,250 people at £20,000 each): NI 15% on
    # £20,000 - £5,000 = £2,250 a head, £2,812.50 per FTE (not 15% x £20,000 = £3,000 per FTE).
    p = run(make_tiny, staff={"headcount_per_fte": v(1.25)})
    assert p["cost_per_fte_police_staff"][0, 0] == pytest.approx(27_812.50)
    assert p["pay_police_staff"][0, 0] == pytest.approx(27_812_500)


def test_both_overtime_forms_are_refused(make_tiny):
    from pydantic import ValidationError

    with pytest.raises(ValidationError, match="at most one of overtime_pct"):
        run(make_tiny, {"overtime_pct": v(4.0), "overtime_gbp_m": v(1.0)})
