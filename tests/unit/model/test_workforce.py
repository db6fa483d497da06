"""Workforce flows, as worked examples: 2,750 officers at £40,000 in the tiny force, and a
police staff group of 1,000 FTE added where a test needs redundancies."""
from __future__ import annotations

import numpy as np
import pytest

import mtfp
from mtfp.model import workforce

STAFF = {
    "name": "Police staff", "fte": {"value": 1000, "source": "illustrative"},
    "salary": {"value": 25_000, "source": "illustrative"}, "attrition_rate": {"value": 3.0, "source": "illustrative"},
    "redundancy_cost": {"value": 25_000, "source": "illustrative"}, "pay_award_pct": {"value": 0.0, "source": "illustrative"},
    "drift": {"value": 0.0, "source": "illustrative"}, "employer_pension_rate": {"value": 0.0, "source": "illustrative"},
    "employer_ni_rate": {"value": 0.0, "source": "illustrative"}, "ni_threshold": {"value": 0, "source": "illustrative"},
}


def officers(make_tiny, **fields):
    return mtfp.run(make_tiny({"workforce": {"groups": {"police_officers": fields}}}))


def staff(make_tiny, **fields):
    return mtfp.run(make_tiny({"workforce": {"groups": {"police_staff": {**STAFF, **fields}}}}))


def test_a_planned_reduction_of_50_with_30_leavers_needs_20_redundancies(make_tiny, illustrative):
    # 3% of 1,000 = 30 leave; none is replaced (30 of the 50) and 20 are made redundant at
    # £25,000 each = £500,000 one-off, charged to revenue in 2016/17.
    p = staff(make_tiny, planned_reduction_fte=illustrative({"2016/17": 50, "2017/18": 0}))
    assert p["leavers_police_staff"][0, 1] == pytest.approx(30)
    assert p["recruits_police_staff"][0, 1] == pytest.approx(0)
    assert p["redundancies_police_staff"][0, 1] == pytest.approx(20)
    assert p["fte_police_staff"][0, :3] == pytest.approx([1000, 950, 950])
    assert p["redundancy_cost_police_staff"][0, 1] == pytest.approx(500_000)
    assert p["one_off_costs"][0, 1] == pytest.approx(500_000)
    # 2017/18: no further reduction, so the 28.5 leavers are replaced again.
    assert p["recruits_police_staff"][0, 2] == pytest.approx(28.5)


def test_a_reduction_attrition_can_deliver_needs_no_redundancies(make_tiny, illustrative):
    p = staff(make_tiny, planned_reduction_fte=illustrative({"2016/17": 20, "2017/18": 0}))
    assert p["recruits_police_staff"][0, 1] == pytest.approx(10)  # 30 leave, 10 replaced
    assert p["redundancies_police_staff"][0, 1] == 0
    assert p["one_off_costs"][0, 1] == 0


def test_replacing_leavers_keeps_fte_flat(make_tiny, illustrative):
    p = officers(make_tiny, attrition_rate=illustrative(5.0))
    assert p["fte_police_officers"][0] == pytest.approx([2750] * 5)
    assert p["leavers_police_officers"][0, 1:] == pytest.approx([137.5] * 4)
    assert p["recruits_police_officers"][0, 1:] == pytest.approx([137.5] * 4)


def test_a_freeze_loses_attrition_every_year(make_tiny, illustrative):
    p = officers(make_tiny, attrition_rate=illustrative(10.0), recruitment="freeze")
    assert p["fte_police_officers"][0] == pytest.approx(2750 * 0.9 ** np.arange(5))


def test_replacing_a_share_of_leavers(make_tiny, illustrative):
    # 10% leave, half are replaced: FTE falls 5% a year.
    p = officers(make_tiny, attrition_rate=illustrative(10.0), recruitment="replace_share", replace_share=illustrative(50.0))
    assert p["fte_police_officers"][0] == pytest.approx(2750 * 0.95 ** np.arange(5))


def test_a_target_path_recruits_to_the_target(make_tiny, illustrative):
    # Year 1: 137.5 leave, 2,612.5 remain, 187.5 recruited to reach 2,800; year 2: 140 leave, 40 recruited to 2,700.
    p = officers(make_tiny, attrition_rate=illustrative(5.0), recruitment="target",
                 target_fte=illustrative({"2016/17": 2800, "2017/18": 2700}))
    assert p["fte_police_officers"][0] == pytest.approx([2750, 2800, 2700, 2700, 2700])
    assert p["recruits_police_officers"][0, 1:3] == pytest.approx([187.5, 40])
    assert p["redundancies_police_officers"][0].sum() == 0


def test_a_target_below_what_attrition_delivers_needs_redundancies(make_tiny, illustrative):
    p = officers(make_tiny, attrition_rate=illustrative(5.0), recruitment="target", target_fte=illustrative(2500))
    assert p["redundancies_police_officers"][0, 1] == pytest.approx(112.5)
    assert p["fte_police_officers"][0, 1] == pytest.approx(2500)


def test_a_floor_protects_officer_numbers_under_a_freeze(make_tiny, illustrative):
    p = officers(make_tiny, attrition_rate=illustrative(5.0), recruitment="freeze", floor_fte=illustrative(2700))
    assert p["recruits_police_officers"][0, 1] == pytest.approx(87.5)
    assert p["fte_police_officers"][0] == pytest.approx([2750, 2700, 2700, 2700, 2700])


def test_a_floor_cancels_redundancies_before_recruiting(make_tiny, illustrative):
    # Cut 200 with 137.5 leavers: 62.5 redundancies would take FTE to 2,550. A floor of 2,650
    # cancels all 62.5 redundancies and recruits 37.5.
    without = officers(make_tiny, attrition_rate=illustrative(5.0), planned_reduction_fte=illustrative(200))
    assert without["redundancies_police_officers"][0, 1] == pytest.approx(62.5)
    p = officers(make_tiny, attrition_rate=illustrative(5.0), planned_reduction_fte=illustrative(200),
                 floor_fte=illustrative(2650))
    assert p["redundancies_police_officers"][0, 1] == pytest.approx(0)
    assert p["recruits_police_officers"][0, 1] == pytest.approx(37.5)
    assert p["fte_police_officers"][0, 1] == pytest.approx(2650)


def test_pay_uses_average_fte_in_the_year(make_tiny, illustrative):
    # A freeze with 10% attrition: 2,750 open, 2,475 close, 2,612.5 on average x £40,000.
    p = officers(make_tiny, attrition_rate=illustrative(10.0), recruitment="freeze")
    assert p["fte_average_police_officers"][0, 1] == pytest.approx(2612.5)
    assert p["pay_police_officers"][0, 1] == pytest.approx(2612.5 * 40_000)


def test_fte_flows_never_go_negative_even_with_huge_reductions():
    shape = (2, 1, 4)
    flows = workforce.fte_flows(
        opening_fte=np.full(shape, 100.0), attrition_rate=np.full(shape, 0.2), replace_share=np.ones(shape),
        follows_target=np.array([False]), target_fte=np.zeros(shape), planned_reduction_fte=np.full(shape, 500.0),
        floor_fte=np.full(shape, np.nan))
    assert flows["fte_closing"][:, 0, 1:] == pytest.approx(np.zeros((2, 3)))
    assert (flows["redundancies"] >= 0).all() and (flows["recruits"] >= 0).all()
    assert flows["redundancies"][0, 0, 1] == pytest.approx(80)  # 20 leave, the other 80 are redundant


def test_headcount_is_closing_fte_times_heads_per_fte(make_tiny, illustrative):
    # 1,000 staff FTE at 1.08 people per FTE (part-timers) = 1,080 people; 3% leave and are
    # replaced, so the headcount stays 1,080. Officers give no ratio: headcount = FTE.
    p = staff(make_tiny, headcount_per_fte=illustrative(1.08))
    assert p["headcount_police_staff"][0] == pytest.approx([1080] * 5)
    assert p["headcount_police_officers"][0] == pytest.approx(p["fte_police_officers"][0])
    assert p.lines["headcount_police_staff"].unit == "headcount"


def test_headcount_follows_a_reduction_and_a_ratio_by_year(make_tiny, illustrative):
    # 50 staff posts go in 2016/17: 950 FTE; the ratio rises to 1.1 from 2017/18: 1,045 people.
    p = staff(make_tiny, planned_reduction_fte=illustrative({"2016/17": 50, "2017/18": 0}),
              headcount_per_fte=illustrative({"2015/16": 1.0, "2017/18": 1.1}))
    assert p["headcount_police_staff"][0, :3] == pytest.approx([1000, 950, 1045])


def test_headcount_per_fte_below_one_is_refused(make_tiny, illustrative):
    from mtfp.scenario import ScenarioError

    with pytest.raises((ScenarioError, ValueError), match="headcount_per_fte"):
        make_tiny({"workforce": {"groups": {"police_officers": {"headcount_per_fte": illustrative(0.9)}}}})
