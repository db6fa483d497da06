"""Goal seek: each answer, fed back into the model, meets its target to within £1k."""
from __future__ import annotations

import json

import numpy as np
import pytest

import mtfp
from mtfp.analysis import goalseek
from mtfp.outputs import analysis_text as report
from mtfp.scenario import ScenarioError, dumps_scenario, loads_scenario

POUND_1K = 1_000.0


@pytest.fixture(scope="module")
def csr30():
    return mtfp.load_scenario("scenarios/csr-30.yaml")


def _headroom(p, upto=None):
    stop = None if upto is None else upto + 1
    return p["general_reserve_closing"][0, 1:stop] - p["minimum_general_reserve"][0, 1:stop]


def test_precept_rise_balancing_the_final_year_with_a_referendum(default_scenario):
    answer = goalseek.precept(default_scenario, allow_referendum=True)
    assert answer.feasible and "referendum" in answer.message
    p = mtfp.run(answer.scenario)
    assert abs(p["funding_gap"][0, -1]) < POUND_1K
    assert answer.scenario.precept.band_d_rise_pct.value == pytest.approx(answer.value)


def test_precept_rise_above_the_cap_is_not_feasible_and_says_why(default_scenario):
    """The default force needs a rise of about 3% a year to balance 2019/20, above the 2%
    limit of 2016/17 and 2017/18: not feasible within the limit, and the answer names the years."""
    answer = goalseek.precept(default_scenario)
    assert not answer.feasible
    assert "referendum limit" in answer.message and "2016/17" in answer.message
    assert 2.0 < answer.value < 5.0
    assert answer.details["capped_years"] == ["2016/17", "2017/18"]
    assert answer.details["gap_within_limit"] > 0


def test_precept_rise_balancing_the_whole_plan(make_tiny):
    """Tiny force, 30% cut over four years and no limit: one rise for every year makes the
    gaps of the four years sum to zero."""
    sc = make_tiny({"funding": {"spending_review": {"real_terms_cut": {"value": 10.0, "source": "illustrative"}}}})
    answer = goalseek.precept(sc, whole_plan=True)
    assert answer.feasible
    assert abs(mtfp.run(answer.scenario)["funding_gap"][0, 1:].sum()) < POUND_1K


def test_precept_for_one_chosen_year(make_tiny):
    sc = make_tiny({"funding": {"spending_review": {"real_terms_cut": {"value": 10.0, "source": "illustrative"}}}})
    answer = goalseek.precept(sc, year="2017/18")
    assert answer.feasible
    assert abs(mtfp.run(answer.scenario)["funding_gap"][0, 2]) < POUND_1K


def test_savings_keep_the_reserve_at_its_minimum(csr30):
    answer = goalseek.savings(csr30)
    assert answer.feasible and answer.value > 0
    p = mtfp.run(answer.scenario)
    headroom = _headroom(p)
    assert headroom.min() > -POUND_1K  # at or above the minimum every year
    assert abs(headroom.min()) < POUND_1K  # and no more savings than needed: it binds
    assert sum(answer.details["new_savings_by_year"].values()) == pytest.approx(answer.value)
    # the saved scenario still loads: the new items are ordinary plan items
    assert loads_scenario(dumps_scenario(answer.scenario)).savings.items


def test_no_savings_needed_when_the_reserve_is_safe(make_tiny):
    answer = goalseek.savings(make_tiny())
    assert answer.feasible and answer.value == 0 and "No further savings" in answer.message


def test_staff_reduction_closes_the_gap_split_into_attrition_and_redundancies(default_scenario):
    answer = goalseek.posts(default_scenario, group="police_staff")
    assert answer.feasible
    p = mtfp.run(answer.scenario)
    assert abs(p["funding_gap"][0, -1]) < POUND_1K
    d = answer.details
    assert d["by_attrition_fte"] + d["redundancies_fte"] == pytest.approx(d["reduction_fte"])
    assert d["redundancies_fte"] == pytest.approx(p["redundancies_police_staff"][0].sum())


def test_officer_reduction_needing_redundancies_is_not_feasible(csr30):
    """Under a 30% cut, closing 2019/20 with officers alone needs more than attrition gives,
    and police officers cannot be made redundant: the answer says how far attrition goes
    (5% a year of 1,800 officers not replaced: 1,800 x (1 - 0.95^4) = 334 FTE by 2019/20)."""
    answer = goalseek.posts(csr30)
    assert not answer.feasible
    assert "cannot be made redundant" in answer.message
    assert answer.details["redundancies_fte"] == 0
    assert answer.details["by_attrition_fte"] == pytest.approx(1800 * (1 - 0.95 ** 4))


def test_breakeven_cut_is_where_the_reserve_meets_its_minimum(default_scenario):
    answer = goalseek.breakeven_cut(default_scenario, year="2017/18")
    assert answer.feasible
    p = mtfp.run(answer.scenario)
    assert abs(_headroom(p, upto=2).min()) < POUND_1K
    deeper = mtfp.run(goalseek.with_fields(default_scenario, {"funding.spending_review.real_terms_cut": answer.value + 0.1}))
    assert _headroom(deeper, upto=2).min() < 0


def test_breakeven_cut_not_applicable_to_flat_cash(default_scenario):
    sc = goalseek.with_fields(default_scenario, {}, {"funding.spending_review.profile": "flat_cash"})
    answer = goalseek.breakeven_cut(sc)
    assert not answer.feasible and "flat_cash" in answer.message


def test_a_year_outside_the_plan_is_a_readable_error(default_scenario):
    with pytest.raises(ScenarioError, match="2030/31"):
        goalseek.precept(default_scenario, year="2030/31")
    with pytest.raises(ScenarioError, match="base year"):
        goalseek.breakeven_cut(default_scenario, year="2015/16")
    with pytest.raises(ScenarioError, match="not one of the groups"):
        goalseek.posts(default_scenario, group="detectives")


def test_answers_are_json_ready(default_scenario):
    for solve in goalseek.SOLVERS.values():
        data = json.loads(report.answer_json(solve(default_scenario)))
        assert isinstance(data["feasible"], bool) and data["message"]
    assert np.isfinite(goalseek.breakeven_cut(default_scenario).value)


def test_precept_given_in_pounds_is_solved_as_a_percentage(make_tiny):
    """A scenario giving the Band D rise in £ gets its answer as a % rise (the % field
    replaces the £ one), and it still balances the year."""
    sc = make_tiny({"precept": {"band_d_rise_pct": None, "band_d_rise_gbp": {"value": 5.0, "source": "illustrative"}},
                    "funding": {"spending_review": {"real_terms_cut": {"value": 10.0, "source": "illustrative"}}}})
    answer = goalseek.precept(sc)
    assert answer.feasible
    assert answer.scenario.precept.band_d_rise_gbp is None
    assert abs(mtfp.run(answer.scenario)["funding_gap"][0, -1]) < POUND_1K
