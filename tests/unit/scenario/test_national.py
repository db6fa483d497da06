"""National rules as data: every figure sourced or labelled, inheritance, the exact referendum rule."""
from __future__ import annotations

import numpy as np
import pytest
import yaml

import mtfp
from mtfp import timeline
from mtfp.data import data_path
from mtfp.model.inputs import param_array
from mtfp.model.precept import capped_rise, max_allowed_rise
from mtfp.scenario import ScenarioError, get_param, load_raw, validate
from mtfp.scenario.national import (
    NATIONS,
    figures_by_basis,
    inherit_national,
    load_rules,
)

ALL_YEARS = timeline.year_labels("2010/11", 20)


@pytest.mark.parametrize("nation", NATIONS)
def test_every_figure_has_a_source_or_an_assumption_label(nation):
    # Read the YAML itself (not only the validated model), so a figure with neither cannot slip in.
    raw = yaml.safe_load(data_path("national", f"{nation}.yaml").read_text(encoding="utf-8"))
    assert list(raw["years"]) == ALL_YEARS
    for year, rules in raw["years"].items():
        assert len(rules) == 9, year
        for name, figure in rules.items():
            has_source = figure.get("source") in raw["sources"]
            has_label = bool(figure.get("assumption"))
            assert has_source != has_label, f"{nation} {year} {name}: needs exactly one of a source or an assumption"
    for key, source in raw["sources"].items():
        assert source["title"] and source["publisher"] and source["date"] and source["url"].startswith("http"), key


def test_a_figure_without_source_or_assumption_is_refused():
    raw = yaml.safe_load(data_path("national", "england.yaml").read_text(encoding="utf-8"))
    del raw["years"]["2025/26"]["employer_ni_rate"]["source"]
    from mtfp.scenario.national import NationalRules
    with pytest.raises(ValueError, match="exactly one of source"):
        NationalRules.model_validate(raw)


def test_the_rules_by_year_match_the_published_principles():
    england = load_rules("england")
    # % principles: "X% or more" is excessive, so equality is not allowed; £ principles: "more than £X".
    assert (england.figure("2015/16", "referendum_principle").kind, england.figure("2015/16", "referendum_principle").value) == ("pct", 2.0)
    assert england.figure("2015/16", "referendum_principle").equal_allowed is False
    assert [england.figure(y, "referendum_principle").value for y in ("2018/19", "2019/20", "2025/26", "2026/27")] == [12, 24, 14, 15]
    assert england.figure("2026/27", "referendum_principle").equal_allowed is True
    assert england.figure("2027/28", "referendum_principle").assumption.startswith("Assumed equal to 2026/27")
    assert england.figure("2022/23", "employer_ni_rate").value == pytest.approx((7 * 15.05 + 5 * 13.8) / 12, abs=0.005)
    assert (england.figure("2025/26", "employer_ni_rate").value, england.figure("2025/26", "ni_threshold").value) == (15.0, 5000.0)
    assert england.figure("2015/16", "employer_ni_rate").value == 10.4  # 13.8% less the 3.4% contracted-out rebate
    assert england.figure("2016/17", "employer_ni_rate").value == 13.8  # rebate ended April 2016
    assert [england.figure(y, "officer_pension_rate").value for y in ("2018/19", "2019/20", "2024/25", "2026/27")] == [24.2, 31, 35.3, 35.3]
    assert england.figure("2026/27", "officer_pension_rate").source is not None
    assert england.figure("2027/28", "officer_pension_rate").assumption  # after March 2027: an assumption
    assert england.figure("2025/26", "officer_pay_award").value == 4.2
    assert england.figure("2026/27", "officer_pay_award").assumption
    wales = load_rules("wales")
    assert all(wales.figure(y, "referendum_principle").kind == "none" for y in ALL_YEARS)


BASE_2025 = {"schema_version": 1, "base_year": "2025/26", "projected_years": 5, "nation": "england",
             "precept": {}, "workforce": {"officer_group": "police_officers",
                                          "groups": {"police_officers": {}, "police_staff": {}, "specialists": {"pay_scheme": "own"}}}}


def test_a_2025_26_force_inherits_the_present_day_rules_for_its_own_years():
    filled = inherit_national(BASE_2025)
    officers = filled["workforce"]["groups"]["police_officers"]
    assert officers["employer_ni_rate"]["value"] == {y: 15.0 for y in timeline.year_labels("2025/26", 5)}
    assert officers["ni_threshold"]["value"]["2027/28"] == 5000.0 and officers["ni_threshold"]["value"]["2028/29"] == 5100.0
    assert officers["employer_pension_rate"]["value"]["2026/27"] == 35.3
    assert "assumption" in officers["employer_pension_rate"]["note"]  # 2027/28 on is labelled
    assert officers["pay_award_pct"]["value"]["2025/26"] == 4.2
    assert filled["precept"]["referendum_limit_gbp"]["value"]["2026/27"] == 15.0
    assert "referendum_limit_pct" not in filled["precept"]  # no % principle in any of these years
    # The levy every year, 0.5% less £15,000.
    assert filled["workforce"]["apprenticeship_levy_rate"]["value"] == {y: 0.5 for y in timeline.year_labels("2025/26", 5)}
    assert filled["workforce"]["apprenticeship_levy_allowance"]["value"] == 0.015
    # Staff: no officer pension inherited (LGPS is set per fund); a group with pay_scheme own: NI only.
    assert "employer_pension_rate" not in filled["workforce"]["groups"]["police_staff"]
    own = filled["workforce"]["groups"]["specialists"]
    assert "pay_award_pct" not in own and own["employer_ni_rate"]["basis"] == "national"
    assert BASE_2025["precept"] == {}  # the input mapping is not changed


def test_a_figure_the_scenario_sets_is_its_own_and_not_overwritten():
    data = yaml.safe_load(yaml.safe_dump(BASE_2025))
    data["workforce"]["groups"]["police_officers"]["employer_ni_rate"] = {"value": 14.0, "source": "illustrative"}
    data["precept"]["referendum_limit_gbp"] = {"value": 20.0, "source": "illustrative"}
    filled = inherit_national(data)
    assert filled["workforce"]["groups"]["police_officers"]["employer_ni_rate"] == {"value": 14.0, "source": "illustrative"}
    assert filled["precept"]["referendum_limit_gbp"]["value"] == 20.0


def test_the_default_scenario_inherits_exactly_the_rules_it_used_to_state():
    # default.yaml no longer states the referendum principle, NI rate or levy: they come from the
    # table and give the same arrays the file gave before (2% to 2017/18, £12 and £24 after).
    sc = mtfp.load_scenario(data_path("scenarios", "default.yaml"))
    years = sc.years
    pct = param_array(get_param(sc, "precept.referendum_limit_pct"), years)[0]
    gbp = param_array(get_param(sc, "precept.referendum_limit_gbp"), years)[0]
    np.testing.assert_allclose(pct[:3], [0.02, 0.02, 0.02])
    assert np.isnan(pct[3:]).all()
    assert np.isnan(gbp[:3]).all() and list(gbp[3:]) == [12.0, 24.0]
    ni = param_array(get_param(sc, "workforce.groups.pcsos.employer_ni_rate"), years)[0]
    np.testing.assert_allclose(ni, [0.104, 0.138, 0.138, 0.138, 0.138])
    levy = param_array(get_param(sc, "workforce.apprenticeship_levy_rate"), years)[0]
    np.testing.assert_allclose(levy, [0, 0, 0.005, 0.005, 0.005])
    groups = figures_by_basis(sc)
    assert len(groups["national"]) == 7 and not groups["estimate"]
    # Its own 1% pay award (the plan of the time) stays the force's figure.
    assert "workforce.groups.police_officers.pay_award_pct" in groups["force"]


def test_a_welsh_force_has_no_referendum_limit():
    raw = load_raw(data_path("scenarios", "default.yaml"))
    raw["nation"] = "wales"
    raw["precept"].pop("referendum_limit_pct", None)
    sc = validate(raw)
    p = mtfp.run(sc)
    assert sc.nation == "wales"
    assert all(v is None for v in sc.precept.referendum_limit_gbp.value.values())
    assert sc.precept.referendum_limit_pct is None
    assert p["precept_capped"].sum() == 0


def test_an_unknown_nation_is_an_error_naming_the_field():
    raw = load_raw(data_path("scenarios", "default.yaml"))
    raw["nation"] = "scotland"
    with pytest.raises(ScenarioError, match="nation"):
        validate(raw)


# --- the exact referendum rule ------------------------------------------------------------------

def test_2015_16_a_rise_of_exactly_2_pct_is_excessive_and_1_99_pct_is_allowed():
    # "2% or more" is excessive: on a £177.00 Band D, 2% is £3.54, so the largest allowed rise is £3.53.
    previous = np.array([177.0, 177.0])
    rise = previous * np.array([0.02, 0.0199])  # £3.54 and £3.5223
    applied, excessive = capped_rise(rise=rise, previous_band_d=previous, limit_pct=np.array(0.02), limit_gbp=np.array(np.nan))
    assert list(excessive) == [1.0, 0.0]
    assert applied[0] == pytest.approx(3.53)
    assert applied[1] == pytest.approx(177 * 0.0199)


def test_2026_27_a_rise_of_15_pounds_is_allowed_and_15_01_capped_and_flagged():
    # "more than £15" is excessive: exactly £15 is allowed.
    previous = np.array([300.0, 300.0])
    applied, excessive = capped_rise(rise=np.array([15.0, 15.01]), previous_band_d=previous,
                                     limit_pct=np.array(np.nan), limit_gbp=np.array(15.0))
    assert list(excessive) == [0.0, 1.0]
    assert list(applied) == [15.0, 15.0]


def test_with_a_referendum_the_excessive_rise_stands_and_is_flagged():
    applied, excessive = capped_rise(rise=np.array([20.0]), previous_band_d=np.array([300.0]),
                                     limit_pct=np.array(np.nan), limit_gbp=np.array(15.0), referendum_held=True)
    assert (applied[0], excessive[0]) == (20.0, 1.0)


def test_the_higher_of_a_pct_and_a_pound_limit_applies_and_no_limit_means_none():
    # 2% of £150 is £3.00 (so £2.99 allowed); the £5 low-precept alternative is higher and allowed in full.
    assert max_allowed_rise(previous_band_d=np.array([150.0]), limit_pct=np.array([0.02]), limit_gbp=np.array([5.0]))[0] == 5.0
    assert max_allowed_rise(previous_band_d=np.array([150.0]), limit_pct=np.array([0.02]), limit_gbp=np.array([np.nan]))[0] \
        == pytest.approx(2.99)
    assert np.isinf(max_allowed_rise(previous_band_d=np.array([150.0]), limit_pct=np.array([np.nan]), limit_gbp=np.array([np.nan]))[0])
    # A 2% limit that is not a whole number of pence: 2% of £177.37 = £3.5474, £3.54 is allowed.
    assert max_allowed_rise(previous_band_d=np.array([177.37]), limit_pct=np.array([0.02]), limit_gbp=np.array([np.nan]))[0] \
        == pytest.approx(3.54)


def test_2025_26_force_ni_is_15_pct_above_5000_per_employee():
    # The national table gives 15% above £5,000: an officer on £40,000 costs £5,250 in employer NI.
    from mtfp.model.workforce import cost_per_fte
    england = load_rules("england")
    rate, threshold = england.figure("2026/27", "employer_ni_rate").value / 100, england.figure("2026/27", "ni_threshold").value
    cost = cost_per_fte(salary=np.array([40_000.0]), pension_rate=np.array([0.0]), ni_rate=np.array([rate]),
                        ni_threshold=np.array([threshold]))
    assert cost[0] - 40_000 == pytest.approx(0.15 * 35_000)


def test_a_figure_edited_in_the_app_becomes_the_forces_own():
    from mtfp.scenario.forces import force_scenario
    from mtfp.ui.editing import edit_fields
    sc = validate(force_scenario("Kent"))
    ni = "workforce.groups.police_officers.employer_ni_rate"
    staff = "workforce.groups.police_staff.fte"
    assert ni in figures_by_basis(sc)["national"] and staff in figures_by_basis(sc)["estimate"]
    edited = edit_fields(sc, {ni: 14.0, staff: 1900.0})
    groups = figures_by_basis(edited)
    assert ni in groups["force"] and staff in groups["force"]
    assert get_param(edited, staff).source.title.endswith(", was 1820.4 from an estimate")
    assert get_param(edited, staff).note == "set in the app"


@pytest.mark.parametrize("nation", NATIONS)
def test_gdp_deflator_is_the_published_path_not_a_placeholder(nation):
    """The OBR's November 2025 Economic and fiscal outlook (detailed forecast tables: economy, Table 1.7)
    gives the financial-year GDP deflator, per cent change on the previous year: ONS outturn 2015/16 0.68,
    2016/17 1.98, 2017/18 1.32, 2018/19 2.23, 2019/20 2.69 (rounded to 2 dp), and its forecast to 2030/31.
    So every outturn year 2010/11 to 2024/25 cites that source with a note saying it is outturn, every
    year from 2025/26 says it is the OBR forecast, and no year is an assumption any more. The deflator is
    UK-wide, so England and Wales carry the same path."""
    rules = load_rules(nation)
    for year in ALL_YEARS:
        figure = rules.figure(year, "gdp_deflator")
        assert figure.assumption is None and figure.source == "obr_efo_nov_2025", year
        expected = "Outturn" if year <= "2024/25" else "Forecast: OBR November 2025"
        assert figure.note.startswith(expected), year
    transcribed = {"2015/16": 0.68, "2016/17": 1.98, "2017/18": 1.32, "2018/19": 2.23, "2019/20": 2.69}
    assert {y: rules.figure(y, "gdp_deflator").value for y in transcribed} == transcribed
    assert rules.figure("2030/31", "gdp_deflator").value == 1.95
    assert "Office for Budget Responsibility" in rules.provenance("2026/27", "gdp_deflator")
