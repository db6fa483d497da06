"""Scenario diff and gap attribution, as worked examples on the CSR scenarios."""
from __future__ import annotations

import math

import pytest

import mtfp
from mtfp.analysis import attribution as compare
from mtfp.scenario import Scenario, with_value
from tests.conftest import SCENARIOS


@pytest.fixture(scope="module")
def default():
    return mtfp.load_scenario(SCENARIOS / "default.yaml")


@pytest.fixture(scope="module")
def csr25():
    return mtfp.load_scenario(SCENARIOS / "csr-25.yaml")


@pytest.fixture(scope="module")
def csr40():
    return mtfp.load_scenario(SCENARIOS / "csr-40.yaml")


def _gap(sc: Scenario, year: int = -1) -> float:
    return float(mtfp.run(sc)["funding_gap"][0, year])


def test_identical_scenarios_have_no_differences_and_no_effects(csr25):
    assert compare.diff_assumptions(csr25, csr25).empty
    effects = compare.attribute_gap_difference(csr25, csr25)
    assert (effects["effect"] == 0.0).all()


def test_csr25_and_csr40_differ_only_in_the_real_terms_cut(csr25, csr40):
    differ = compare.diff_assumptions(csr25, csr40)
    assert differ.to_dict("records") == [
        {"field": "funding.spending_review.real_terms_cut", "unit": "%", "a_value": 25.0, "b_value": 40.0}]


def test_a_cut_alone_is_attributed_wholly_to_the_spending_review(csr25, csr40):
    effects = compare.attribute_gap_difference(csr25, csr40).set_index("driver")["effect"]
    difference = _gap(csr40) - _gap(csr25)
    assert difference > 15e6  # 15 more points of cut on ~£100m of central grant by 2019/20
    assert effects["Spending review"] == pytest.approx(difference, abs=1e-6)
    assert (effects.drop("Spending review").abs() < 1e-6).all()


def test_effects_of_several_drivers_sum_to_the_gap_difference_in_every_year(default, csr40):
    b = with_value(csr40, "precept.band_d_rise_pct", 3.0)
    b = with_value(b, "workforce.groups.police_staff.pay_award_pct", 2.5)
    b = with_value(b, "workforce.groups.pcsos.employer_pension_rate", 20.0)
    b = with_value(b, "non_pay.lines.ict.inflation", 5.0)
    for year in (1, 2, -1):
        effects = compare.attribute_gap_difference(default, b, year=year).set_index("driver")["effect"]
        assert math.fsum(effects) == pytest.approx(_gap(b, year) - _gap(default, year), abs=1e-6)
    # A higher Band D rise brings in more precept: it narrows the gap.
    assert effects["Precept"] < 0
    assert effects["Pay awards"] > 0 and effects["Pensions and NI"] > 0 and effects["Non-pay inflation and growth"] > 0


def test_the_diff_lists_each_changed_assumption_with_its_unit(default, csr40):
    b = with_value(csr40, "workforce.groups.police_staff.pay_award_pct", 2.5)
    differ = compare.diff_assumptions(default, b).set_index("field")
    assert differ.loc["workforce.groups.police_staff.pay_award_pct", "unit"] == "% a year"
    assert differ.loc["workforce.groups.police_staff.pay_award_pct", "b_value"] == 2.5
    assert "name" not in differ.index  # names and descriptions are not assumptions


def test_scenarios_with_different_structure_still_attribute_exactly(default):
    data = default.model_dump(mode="python")
    data["non_pay"]["lines"]["forensics"] = {"name": "Forensics", "base": {"value": 2.0, "source": "illustrative"},
                                            "inflation": {"value": 3.0, "source": "illustrative"}}
    del data["workforce"]["groups"]["pcsos"]
    data["funding"]["grants"]["police_grant"]["base"]["value"] = 65.0
    b = Scenario.model_validate(data)
    differ = compare.diff_assumptions(default, b).set_index("field")
    # A line or group only one scenario has is one row, named on the side that has it.
    assert differ.loc["non_pay.lines.forensics"].tolist() == ["", "(absent)", "Forensics"]
    assert differ.loc["workforce.groups.pcsos"].tolist() == ["", "PCSOs", "(absent)"]
    assert not any(field.startswith("workforce.groups.pcsos.") for field in differ.index)
    assert differ.loc["funding.grants.police_grant.base", "b_value"] == 65.0
    effects = compare.attribute_gap_difference(default, b).set_index("driver")["effect"]
    assert math.fsum(effects) == pytest.approx(_gap(b) - _gap(default), abs=1e-6)
    # £5m less police grant before the cut widens the gap; adding and removing lines is structure.
    assert effects["Grants"] > 0
    assert effects[compare.STRUCTURE] != 0


def test_a_different_base_year_goes_to_structure_but_still_sums(default):
    b = mtfp.load_scenario(SCENARIOS / "example-2026.yaml")
    effects = compare.attribute_gap_difference(default, b)
    assert math.fsum(effects["effect"]) == pytest.approx(_gap(b) - _gap(default), abs=1e-5)


def test_the_year_may_be_given_as_a_label(csr25, csr40):
    by_label = compare.attribute_gap_difference(csr25, csr40, year="2017/18")
    by_index = compare.attribute_gap_difference(csr25, csr40, year=2)
    assert by_label["effect"].tolist() == by_index["effect"].tolist()
    assert by_label.set_index("driver")["effect"]["Spending review"] == pytest.approx(_gap(csr40, 2) - _gap(csr25, 2))
    with pytest.raises(ValueError, match="'2030/31' is not a year"):
        compare.attribute_gap_difference(csr25, csr40, year="2030/31")


def test_driver_of_names_the_group_a_field_belongs_to():
    assert compare.driver_of("workforce.groups.pcsos.drift") == "Pay awards"
    assert compare.driver_of("workforce.groups.pcsos.employer_ni_rate") == "Pensions and NI"
    assert compare.driver_of("workforce.groups.pcsos.attrition_rate") == "Workforce flows"
    assert compare.driver_of("funding.spending_review.real_terms_cut") == "Spending review"
    assert compare.driver_of("savings.items.x.amount") == "Savings"
    assert compare.driver_of("base_year") == compare.STRUCTURE


def test_gap_by_year_aligns_years_and_subtracts_a_from_b(csr25, csr40):
    frame = compare.gap_difference_by_year(mtfp.run(csr25), mtfp.run(csr40))
    assert list(frame["year"]) == csr25.years
    assert frame["difference"].tolist() == (frame["gap_b"] - frame["gap_a"]).tolist()
    assert frame["difference"].iloc[-1] > 0
