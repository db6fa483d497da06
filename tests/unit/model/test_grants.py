"""Grant and income kinds (issue 11 item 4): amounts as published, a national total x the
force's share, ring-fenced grants with their matching spending, and grants conditional on a
workforce test, followed by the gap bridge, the Monte Carlo and the goal seek."""
from __future__ import annotations

import numpy as np
import pytest

import mtfp
from mtfp import checks, results
from mtfp.analysis import goalseek
from mtfp.model.funding import paid_share
from mtfp.model.inputs import apply_samples, compile_inputs
from mtfp.scenario import ScenarioError, loads_scenario
from tests.conftest import tiny, tiny_data, v

M = 1e6
SURREY = [{"at_least_pct": 100, "paid_pct": 100}, {"at_least_pct": 95, "paid_pct": 90},
          {"at_least_pct": 75.01, "paid_pct": 50}]


def pcsos(fte=1000, **extra) -> dict:
    return {"name": "PCSOs", "fte": v(fte), "salary": v(30_000), "attrition_rate": v(0.0), "redundancy_cost": v(0),
            "pay_award_pct": v(0.0), "drift": v(0.0), "employer_pension_rate": v(0.0), "employer_ni_rate": v(0.0),
            "ni_threshold": v(0), **extra}


def with_neighbourhood_grant(pcso_extra=None, condition_extra=None, overlay=None) -> dict:
    """The tiny force with 1,000 PCSOs (funded by £30m more police grant) and a £4m grant paid on
    a PCSO headcount target of 1,000 from 2016/17, with the Surrey 2022/23 schedule."""
    data = {
        "workforce": {"groups": {"pcsos": pcsos(**(pcso_extra or {}))}},
        "funding": {"grants": {"police_grant": {"name": "Police grant", "base": v(126.0)}},
                    "specific_grants": {"neighbourhood": {
                        "name": "Neighbourhood grant", "base": v(4.0),
                        "condition": {"groups": ["pcsos"], "measure": "headcount", "target": v(1000),
                                      "tested_from": "2016/17", "schedule": SURREY, "source": "illustrative",
                                      **(condition_extra or {})}}}},
    }
    return tiny_data(mtfp.scenario.merge(data, overlay or {}))


def run(data):
    return mtfp.run(mtfp.scenario.Scenario.model_validate(data))


# --- (a) amounts as published, (b) national total x share ------------------------------------

def test_a_grant_first_paid_in_the_second_year_is_nil_in_the_base_year_then_as_published():
    p = mtfp.run(tiny({"funding": {"specific_grants": {"precept_grant": {
        "name": "Precept Grant", "base": v(0.0), "amounts": v({"2016/17": 2.0, "2017/18": 2.5})}}}}))
    assert p["specific_grant_precept_grant"][0] / M == pytest.approx([0, 2.0, 2.5, 2.5, 2.5])


def test_a_settlement_typed_as_published_then_a_cash_change_after_its_last_year():
    # £100m core grant typed for 2016/17 (£102m) and 2017/18 (£103m), then +1% a year (an assumption).
    p = mtfp.run(tiny({"funding": {"grants": {"police_grant": {
        "name": "Police grant", "base": v(100.0), "amounts": v({"2016/17": 102.0, "2017/18": 103.0}),
        "cash_change": v(1.0)}}}}))
    assert p["grant_police_grant"][0] / M == pytest.approx([100, 102, 103, 104.03, 105.0703])


def test_a_grant_as_a_national_total_times_the_forces_share():
    # 0.5% of a £1,000m national total rising to £1,100m: £5m then £5.5m.
    p = mtfp.run(tiny({"funding": {"specific_grants": {"uplift": {
        "name": "Uplift", "base": v(4.0), "national_total": v({"2016/17": 1000.0, "2018/19": 1100.0}),
        "formula_share": v(0.5)}}}}))
    assert p["specific_grant_uplift"][0] / M == pytest.approx([4, 5, 5, 5.5, 5.5])


def test_other_income_by_year_as_budgeted_then_growth_after():
    p = mtfp.run(tiny({"funding": {"other_income": {"base": v(2.0), "growth": v(10.0),
                                                    "amounts": v({"2016/17": 3.0, "2017/18": 2.5})}}}))
    assert p["other_income"][0] / M == pytest.approx([2.0, 3.0, 2.5, 2.75, 3.025])


@pytest.mark.parametrize("grant, message", [
    ({"amounts": v(1.0), "national_total": v(10.0), "formula_share": v(1.0)}, "not both"),
    ({"national_total": v(10.0)}, "needs both national_total"),
    ({"national_total": v(10.0), "formula_share": v(1.0), "cash_change": v(1.0)}, "has no cash_change"),
])
def test_a_grant_path_given_two_ways_is_refused(grant, message):
    with pytest.raises(Exception, match=message):
        tiny({"funding": {"specific_grants": {"g": {"name": "G", "base": v(1.0), **grant}}}})


# --- (c) ring-fenced ------------------------------------------------------------------------------

def test_a_ring_fenced_grant_moves_its_spending_with_it_and_leaves_the_gap_unchanged():
    plain = mtfp.run(tiny({"non_pay": {"lines": {"premises": {"name": "Premises", "base": v(11.0)}}}}))
    ring = mtfp.run(tiny({"non_pay": {"lines": {"premises": {"name": "Premises", "base": v(11.0)}}},
                          "funding": {"specific_grants": {"vru": {
                              "name": "VRU grant", "base": v(0.0), "amounts": v({"2016/17": 1.2, "2018/19": 0.8}),
                              "ring_fenced_to": "Violence Reduction Unit programme"}}}}))
    assert ring["funding_gap"] == pytest.approx(plain["funding_gap"])
    assert ring["ring_fenced_spending_vru"][0] / M == pytest.approx([0, 1.2, 1.2, 0.8, 0.8])
    assert ring.lines["ring_fenced_spending_vru"].label == "Ring-fenced spending: Violence Reduction Unit programme"
    assert ring.checks["ring_fenced_grants_net_to_zero"] == 0.0 and ring.master_check()
    bridge = results.gap_bridge(ring).set_index("step")["value"]
    # the grant and its spending appear apart from the rest of the bridge, and cancel
    assert bridge["Ring-fenced grants"] == pytest.approx(-0.8 * M)
    assert bridge["Ring-fenced spending"] == pytest.approx(0.8 * M)
    assert bridge["Grant change"] == pytest.approx(results.gap_bridge(plain).set_index("step")["value"]["Grant change"])
    assert bridge.iloc[:-1].sum() == pytest.approx(bridge.iloc[-1])


def test_a_bridge_without_ring_fenced_grants_has_no_ring_fenced_rows():
    assert "Ring-fenced grants" not in set(results.gap_bridge(mtfp.run(tiny()))["step"])


# --- (d) conditional on a workforce test -----------------------------------------------------------

@pytest.mark.parametrize("achieved, paid", [(1.2, 1.0), (1.0, 1.0), (0.9999, 0.9), (0.95, 0.9), (0.9, 0.5),
                                            (0.7501, 0.5), (0.75, 0.0), (0.5, 0.0)])
def test_the_surrey_schedule_full_at_target_10_percent_withheld_from_95_nil_at_75_or_less(achieved, paid):
    share = paid_share(achieved=np.full((1, 2), achieved), at_least=(100, 95, 75.01), paid=(1.0, 0.9, 0.5),
                       tested_from=1)
    assert share[0].tolist() == [1.0, paid]  # the base year is before the first test: paid in full


def test_cutting_50_pcsos_below_target_costs_0_4m_of_a_4m_grant():
    # 50 PCSOs cut in 2017/18 (none before or after): 950 of 1,000 = 95% -> 90% paid.
    p = run(with_neighbourhood_grant({"recruitment": "freeze",
                                      "planned_reduction_fte": v({"2016/17": 0, "2017/18": 50, "2018/19": 0})}))
    assert p["grant_paid_share_neighbourhood"][0].tolist() == [1.0, 1.0, 0.9, 0.9, 0.9]
    assert p["grant_withheld_neighbourhood"][0, 2] == pytest.approx(0.4 * M)
    assert p["specific_grant_neighbourhood"][0, 2] == pytest.approx(3.6 * M)
    assert p.master_check()
    sentences = results.grant_condition_sentences(p)
    assert sentences[0] == "Neighbourhood grant 2016/17: condition met (1,000 of 1,000 headcount, 100% of target): paid in full"
    assert sentences[1] == "Neighbourhood grant 2017/18: 95% of target (950 of 1,000 headcount): 90% paid, £0.4m withheld"


def test_a_condition_on_several_groups_by_fte_counts_them_together():
    # Officers 2,750 + PCSOs 1,000 = 3,750 against a target of 3,900: 96.2% -> 90% paid.
    p = run(with_neighbourhood_grant(condition_extra={"groups": ["police_officers", "pcsos"], "measure": "fte",
                                                      "target": v(3900)}))
    assert p["grant_target_share_neighbourhood"][0, 1] == pytest.approx(3750 / 3900)
    assert p["grant_paid_share_neighbourhood"][0, 1] == 0.9
    assert "96.1% of target (3,750 of 3,900 fte)" in results.grant_condition_sentences(p)[0]


def test_years_before_the_test_are_paid_in_full():
    p = run(with_neighbourhood_grant({"attrition_rate": v(10.0), "recruitment": "freeze"},
                                     {"tested_from": "2018/19"}))
    # 900 at 31 March 2017 and 810 at 31 March 2018 are not tested; 729 (72.9%) in 2018/19 is: nil.
    assert p["grant_paid_share_neighbourhood"][0].tolist() == [1.0, 1.0, 1.0, 0.0, 0.0]
    assert results.grant_condition_sentences(p)[0].startswith("Neighbourhood grant 2018/19: 72.9% of target")


def test_a_what_if_taking_pcsos_below_target_shows_the_grant_loss_in_the_monte_carlo():
    # Three draws of PCSO attrition with no recruitment: 0% (1,000 stay), 5% (950) and 30% (700).
    data = with_neighbourhood_grant({"recruitment": "freeze"}, overlay={"projected_years": 1})
    scenario = mtfp.scenario.Scenario.model_validate(data)
    inputs = apply_samples(compile_inputs(scenario), {"workforce.groups.pcsos.attrition_rate": np.array([0.0, 5.0, 30.0])})
    p = mtfp.run(inputs)
    assert p["grant_paid_share_neighbourhood"][:, 1].tolist() == [1.0, 0.9, 0.0]
    assert p["grant_withheld_neighbourhood"][:, 1] / M == pytest.approx([0.0, 0.4, 4.0])
    assert checks.master_check(p.checks)
    one = mtfp.run(mtfp.scenario.Scenario.model_validate(
        mtfp.scenario.merge(data, {"workforce": {"groups": {"pcsos": {"attrition_rate": v(5.0)}}}})))
    assert p["funding_gap"][1] == pytest.approx(one["funding_gap"][0])


def test_the_posts_goal_seek_counts_the_grant_a_pcso_reduction_loses():
    # A £1m gap closed by PCSO posts removed in 2016/17 (each saves £15,000 that year: half a year
    # of £30,000). Without the condition that is 66.7 posts. With it, any cut loses grant: 93 posts
    # would be 90.7% of target (50% paid, £2m lost), so the seek settles on 200 posts (80% of
    # target, still 50% paid): £1m + £2m = 200 x £15,000.
    extra = {"non_pay": {"lines": {"premises": {"name": "Premises", "base": v(11.0)}}}}
    with_condition = mtfp.scenario.Scenario.model_validate(with_neighbourhood_grant(overlay=extra))
    without = mtfp.scenario.Scenario.model_validate(
        with_neighbourhood_grant(overlay={**extra, "funding": {"specific_grants": {"neighbourhood": {"condition": None}}}}))
    answer = goalseek.posts(with_condition, group="pcsos", year="2016/17")
    plain = goalseek.posts(without, group="pcsos", year="2016/17")
    assert answer.feasible and plain.feasible
    p = mtfp.run(answer.scenario)
    assert p["grant_withheld_neighbourhood"][0, 1] == pytest.approx(2.0 * M)
    assert abs(p["funding_gap"][0, 1]) < 1.0
    assert plain.value == pytest.approx(1 * M / 15_000)
    assert answer.value == pytest.approx(3 * M / 15_000)


def test_a_condition_names_groups_that_exist_and_a_projected_year():
    with pytest.raises(ScenarioError, match=r"condition.groups: 'pcso' is not one of the groups"):
        loads_scenario(_yaml(with_neighbourhood_grant(condition_extra={"groups": ["pcso"]})))
    with pytest.raises(ScenarioError, match=r"condition.tested_from: '2015/16' must be a projected year"):
        loads_scenario(_yaml(with_neighbourhood_grant(condition_extra={"tested_from": "2015/16"})))


@pytest.mark.parametrize("schedule, message", [
    ([{"at_least_pct": 95, "paid_pct": 90}, {"at_least_pct": 100, "paid_pct": 100}], "from the highest at_least_pct down"),
    ([{"at_least_pct": 100, "paid_pct": 50}, {"at_least_pct": 95, "paid_pct": 90}], "a lower band cannot pay more"),
    ([{"at_least_pct": 100, "paid_pct": 150}], "less than or equal to 100"),
    ([], "at least 1 item"),
])
def test_a_schedule_out_of_order_or_out_of_range_is_refused(schedule, message):
    with pytest.raises(ScenarioError, match=message):
        loads_scenario(_yaml(with_neighbourhood_grant(condition_extra={"schedule": schedule})))


def _yaml(data) -> str:
    import yaml

    return yaml.safe_dump(data, sort_keys=False)


def test_a_headcount_test_counts_people_not_fte():
    # 950 PCSO FTE at 31 March 2017 (5% leave, none recruited) with 1.06 people per FTE = 1,007
    # people: the headcount target of 1,000 is met although the FTE is 95% of it.
    heads = run(with_neighbourhood_grant({"attrition_rate": v(5.0), "recruitment": "freeze",
                                          "headcount_per_fte": v(1.06)}))
    assert heads["grant_tested_neighbourhood"][0, 1] == pytest.approx(1007.0)
    assert heads["grant_paid_share_neighbourhood"][0, 1] == 1.0
    fte = run(with_neighbourhood_grant({"attrition_rate": v(5.0), "recruitment": "freeze",
                                        "headcount_per_fte": v(1.06)}, {"measure": "fte"}))
    assert fte["grant_paid_share_neighbourhood"][0, 1] == 0.9
