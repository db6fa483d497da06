"""Reductions a group cannot make by redundancy, as worked examples: sworn officers are office
holders, not employees, so a force loses them only as fast as they leave (issue 11 item 3)."""
from __future__ import annotations

import numpy as np
import pytest

import mtfp
from mtfp import checks, results
from mtfp.scenario import Scenario
from tests.conftest import SCENARIOS, v


def example_2026(**officers) -> Scenario:
    data = mtfp.load_scenario(SCENARIOS / "example-2026.yaml").model_dump(mode="json", exclude_none=True)
    data["workforce"]["groups"]["police_officers"].update(officers)
    return Scenario.model_validate(data)


# 300 posts to go in 2027/28 only (the base and budget years named 0 so the rule for per-year
# values cannot spread it to other years).
CUT_300 = v({"2025/26": 0, "2026/27": 0, "2027/28": 300, "2028/29": 0})


def test_300_officer_posts_cut_in_2027_28_with_5_percent_attrition_on_2100():
    # 2,100 officers, 5% attrition: 105 leave in 2026/27 and are replaced (2,100 again). In
    # 2027/28 105 leave and none is replaced; the other 195 cannot be made redundant, so they
    # are carried forward: 2028/29 asks for 195, 5% of 1,995 = 99.75 leave, 95.25 carried on,
    # and so on until attrition has delivered all 300. No redundancy, no redundancy cost.
    p = mtfp.run(example_2026(attrition_rate=v(5.0), planned_reduction_fte=CUT_300))
    officers = "police_officers"
    assert p[f"leavers_{officers}"][0, 2] == pytest.approx(105)
    assert p[f"recruits_{officers}"][0, 2] == 0
    assert p[f"redundancies_{officers}"][0].sum() == 0 and p[f"redundancy_cost_{officers}"][0].sum() == 0
    assert p[f"reduction_required_{officers}"][0, 2:4] == pytest.approx([300, 195])
    assert p[f"reduction_deferred_{officers}"][0, 2:4] == pytest.approx([195, 95.25])
    assert p[f"fte_{officers}"][0, :4] == pytest.approx([2100, 2100, 1995, 1895.25])
    # Every post goes in the end: 2,100 - 300 = 1,800 by 2030/31, leavers replaced again after.
    assert p[f"fte_{officers}"][0, -1] == pytest.approx(1800)
    assert p[f"reduction_deferred_{officers}"][0, -1] == pytest.approx(0)
    assert p.checks["no_redundancies_where_not_allowed"] == 0 and p.master_check()


def test_the_deferral_is_flagged_with_a_sentence_per_year():
    p = mtfp.run(example_2026(planned_reduction_fte=CUT_300))  # 6% attrition: 126 leave in 2027/28
    texts = results.warnings(p)
    assert texts[0] == ("Police officers: a reduction of 300 FTE in 2027/28 cannot be met by attrition (this group "
                        "cannot be made redundant): 126 achieved, 174 carried forward to 2028/29")
    assert texts[1].startswith("Police officers: a reduction of 174 FTE in 2028/29 (174 of it carried forward)")


def test_a_group_allowed_redundancies_makes_them_and_pays_for_them():
    # The same cut where the force says the group can be made redundant (at £20,000 each):
    # 126 by not recruiting, 174 redundancies costing £3.48m in 2027/28, nothing carried.
    p = mtfp.run(example_2026(planned_reduction_fte=CUT_300, redundancy_allowed=True,
                              redundancy_cost=v(20_000)))
    assert p["redundancies_police_officers"][0, 2] == pytest.approx(174)
    assert p["redundancy_cost_police_officers"][0, 2] == pytest.approx(3_480_000)
    assert p["reduction_deferred_police_officers"][0].sum() == 0 and results.warnings(p) == []


def test_staff_are_redundant_by_default_and_officers_are_not(make_tiny):
    from mtfp.model.typed import typed_inputs

    staff = {"name": "Police staff", "fte": v(1000), "salary": v(25_000), "attrition_rate": v(3.0),
             "redundancy_cost": v(25_000), "pay_award_pct": v(0.0), "drift": v(0.0), "employer_pension_rate": v(0.0),
             "employer_ni_rate": v(0.0), "ni_threshold": v(0)}
    # A group on the officer pay scheme (e.g. special constables kept apart) is not redundant either.
    sworn = {**staff, "name": "Seconded officers", "pay_scheme": "police_officers"}
    sc = make_tiny({"workforce": {"groups": {"police_staff": staff, "seconded": sworn}}})
    w = typed_inputs(mtfp.compile_inputs(sc)).workforce
    assert dict(zip(w.groups, w.redundancy_allowed.tolist())) == {
        "police_officers": False, "police_staff": True, "seconded": False}


def test_an_officer_target_below_what_attrition_leaves_is_reached_as_people_leave(make_tiny):
    # 2,750 officers, 5% attrition, target 2,500: 137.5 leave in 2016/17 (2,612.5), 112.5 stay
    # above the target (flagged); 130.6 leave in 2017/18 and the target is reached, 18.1 recruited.
    p = mtfp.run(make_tiny({"workforce": {"groups": {"police_officers": {
        "attrition_rate": v(5.0), "recruitment": "target", "target_fte": v(2500)}}}}))
    assert p["redundancies_police_officers"][0].sum() == 0
    assert p["fte_police_officers"][0, :3] == pytest.approx([2750, 2612.5, 2500])
    assert p["reduction_deferred_police_officers"][0, 1:3] == pytest.approx([112.5, 0])
    assert p["recruits_police_officers"][0, 2] == pytest.approx(2500 - 2612.5 * 0.95)
    assert "112 carried forward to 2017/18" in results.warnings(p)[0]


def test_a_floor_drops_what_is_owed_below_it(make_tiny):
    # 400 officer posts to go in 2016/17 with 5% attrition and a floor of 2,700: attrition
    # takes 2,750 to 2,612.5, the floor recruits 87.5 back to 2,700, and the 350 posts below
    # the floor are dropped, not carried forward (the floor is the force's own limit).
    p = mtfp.run(make_tiny({"workforce": {"groups": {"police_officers": {
        "attrition_rate": v(5.0), "floor_fte": v(2700),
        "planned_reduction_fte": v({"2015/16": 0, "2016/17": 400, "2017/18": 0})}}}}))
    assert p["fte_police_officers"][0, 1:] == pytest.approx([2700] * 4)
    assert p["recruits_police_officers"][0, 1] == pytest.approx(87.5)
    assert p["reduction_deferred_police_officers"][0].sum() == 0
    assert p["redundancies_police_officers"][0].sum() == 0


def test_the_redundancy_check_fails_when_a_not_redundant_group_shows_redundancies(make_tiny):
    p = mtfp.run(make_tiny())
    p.lines["redundancies_police_officers"].values = np.full((1, 5), 3.0)
    assert checks.no_redundancies_where_not_allowed(p) == 3.0
    assert "no_redundancies_where_not_allowed" in checks.failed_checks(checks.run_checks(p))
