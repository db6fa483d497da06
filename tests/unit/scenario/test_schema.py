"""One test per schema rule: a bad scenario file written to tmp_path must be refused with a
message naming the file, the field path, the bad value and what is allowed."""
from __future__ import annotations

import pytest
import yaml

from mtfp.scenario import ScenarioError, load_scenario


def write(tmp_path, data, name="bad.yaml"):
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return path


def problems(path) -> str:
    with pytest.raises(ScenarioError) as caught:
        load_scenario(path)
    text = "\n".join(caught.value.problems)
    assert str(path) in text, "every message names the file"
    return text


def test_the_tiny_force_itself_is_valid(tmp_path, make_tiny_data):
    scenario = load_scenario(write(tmp_path, make_tiny_data(), "good.yaml"))
    assert scenario.name == "Tiny force"


def test_unknown_key_at_top_level_is_an_error(tmp_path, make_tiny_data):
    data = make_tiny_data({"gdp_deflater": {"value": 2.0, "source": "illustrative"}})
    text = problems(write(tmp_path, data))
    assert "gdp_deflater: unknown key" in text


def test_unknown_key_nested_is_an_error(tmp_path, make_tiny_data):
    data = make_tiny_data({"workforce": {"groups": {"police_officers": {"atrition_rate": {"value": 5, "source": "illustrative"}}}}})
    text = problems(write(tmp_path, data))
    assert "workforce.groups.police_officers.atrition_rate: unknown key" in text


def test_out_of_range_value_names_field_value_and_allowed_range(tmp_path, make_tiny_data):
    data = make_tiny_data({"workforce": {"groups": {"police_officers": {"attrition_rate": {"value": 75, "source": "illustrative"}}}}})
    text = problems(write(tmp_path, data))
    assert "workforce.groups.police_officers.attrition_rate.value" in text
    assert "75 is outside the allowed range 0 to 50 % a year" in text


def test_out_of_range_value_in_a_year_mapping_names_the_year(tmp_path, make_tiny_data):
    data = make_tiny_data({"gdp_deflator": {"value": {"2015/16": 2.0, "2017/18": 25.0}, "source": "illustrative"}})
    text = problems(write(tmp_path, data))
    assert "25 for 2017/18 is outside the allowed range -5 to 20 % a year" in text


def test_text_where_a_number_is_expected(tmp_path, make_tiny_data):
    data = make_tiny_data({"precept": {"band_d": {"value": "two hundred", "source": "illustrative"}}})
    text = problems(write(tmp_path, data))
    assert "precept.band_d.value: expected a number" in text and "two hundred" in text


@pytest.mark.parametrize("label", ["2016/18", "2016", "16/17"])
def test_bad_year_label_in_a_mapping(tmp_path, make_tiny_data, label):
    data = make_tiny_data({"gdp_deflator": {"value": {label: 2.0}, "source": "illustrative"}})
    text = problems(write(tmp_path, data))
    assert f"{label!r} is not a financial year" in text


def test_bad_base_year_label(tmp_path, make_tiny_data):
    text = problems(write(tmp_path, make_tiny_data({"base_year": "2015-16"})))
    assert "base_year" in text and "'2015-16' is not a financial year label" in text


def test_a_year_outside_the_plan(tmp_path, make_tiny_data):
    data = make_tiny_data({"gdp_deflator": {"value": {"2015/16": 2.0, "2030/31": 1.0}, "source": "illustrative"}})
    text = problems(write(tmp_path, data))
    assert "gdp_deflator: year 2030/31 is outside the plan 2015/16 to 2019/20" in text


def test_missing_source(tmp_path, make_tiny_data):
    data = make_tiny_data()
    data["gdp_deflator"] = {"value": 2.0}
    text = problems(write(tmp_path, data))
    assert "gdp_deflator.source: required field is missing" in text


def test_source_without_url_or_document(tmp_path, make_tiny_data):
    data = make_tiny_data({"gdp_deflator": {"value": 2.0, "source": {"title": "OBR forecast"}}})
    text = problems(write(tmp_path, data))
    assert "gdp_deflator.source" in text and "a source needs a url or a document" in text


def test_source_that_is_neither_a_source_nor_illustrative(tmp_path, make_tiny_data):
    data = make_tiny_data({"gdp_deflator": {"value": 2.0, "source": "made up"}})
    text = problems(write(tmp_path, data))
    assert "gdp_deflator.source" in text


def test_band_d_rise_given_both_ways(tmp_path, make_tiny_data):
    data = make_tiny_data({"precept": {"band_d_rise_gbp": {"value": 5, "source": "illustrative"}}})
    text = problems(write(tmp_path, data))
    assert "precept: give the Band D rise as exactly one of band_d_rise_pct or band_d_rise_gbp" in text


def test_band_d_rise_given_neither_way(tmp_path, make_tiny_data):
    data = make_tiny_data({"precept": {"band_d_rise_pct": None}})
    text = problems(write(tmp_path, data))
    assert "exactly one of band_d_rise_pct or band_d_rise_gbp" in text


def test_pay_award_given_neither_way(tmp_path, make_tiny_data):
    # A group on its own pay scheme inherits no national award, so it must give one.
    data = make_tiny_data({"workforce": {"groups": {"police_officers": {"pay_award_pct": None, "pay_scheme": "own"}}}})
    text = problems(write(tmp_path, data))
    assert "workforce.groups.police_officers: give the pay award as exactly one of" in text


def test_recruitment_replace_share_needs_its_share(tmp_path, make_tiny_data):
    data = make_tiny_data({"workforce": {"groups": {"police_officers": {"recruitment": "replace_share"}}}})
    text = problems(write(tmp_path, data))
    assert "recruitment 'replace_share' needs replace_share" in text


def test_recruitment_target_needs_a_target_path(tmp_path, make_tiny_data):
    data = make_tiny_data({"workforce": {"groups": {"police_officers": {"recruitment": "target"}}}})
    text = problems(write(tmp_path, data))
    assert "recruitment 'target' needs target_fte" in text


def test_unknown_recruitment_policy(tmp_path, make_tiny_data):
    data = make_tiny_data({"workforce": {"groups": {"police_officers": {"recruitment": "hire_everyone"}}}})
    text = problems(write(tmp_path, data))
    assert "workforce.groups.police_officers.recruitment" in text and "hire_everyone" in text


def test_explicit_profile_needs_its_cash_path(tmp_path, make_tiny_data):
    data = make_tiny_data({"funding": {"spending_review": {"profile": "explicit"}}})
    text = problems(write(tmp_path, data))
    assert "profile 'explicit' needs explicit_cash_change" in text


def test_savings_item_naming_a_missing_group(tmp_path, make_tiny_data):
    data = make_tiny_data({"savings": {"items": {"review": {
        "name": "Review", "reduces": "pay", "group": "police_staff", "amount": {"value": 1.0, "source": "illustrative"},
        "start_year": "2016/17", "confidence": {"value": 80, "source": "illustrative"}}}}})
    text = problems(write(tmp_path, data))
    assert "savings.items.review.group: 'police_staff' is not one of the groups ['police_officers']" in text


def test_officer_group_naming_a_missing_group(tmp_path, make_tiny_data):
    text = problems(write(tmp_path, make_tiny_data({"workforce": {"officer_group": "constables"}})))
    assert "workforce.officer_group: 'constables' is not one of the groups" in text


def test_productivity_naming_a_missing_group(tmp_path, make_tiny_data):
    data = make_tiny_data({"savings": {"productivity": {"devices": {
        "name": "Devices", "group": "pcsos", "minutes_per_day": {"value": 65, "source": "illustrative"},
        "productive_minutes_per_day": {"value": 480, "source": "illustrative"}, "start_year": "2016/17"}}}})
    text = problems(write(tmp_path, data))
    assert "savings.productivity.devices.group: 'pcsos' is not one of the groups" in text


@pytest.mark.parametrize("start", ["2015/16", "2020/21"])
def test_savings_start_year_outside_the_projected_years(tmp_path, make_tiny_data, start):
    data = make_tiny_data({"savings": {"items": {"estates": {
        "name": "Estates", "reduces": "non_pay", "amount": {"value": 1.0, "source": "illustrative"},
        "start_year": start, "confidence": {"value": 80, "source": "illustrative"}}}}})
    text = problems(write(tmp_path, data))
    assert f"savings.items.estates.start_year: {start!r} must be a projected year, 2016/17 to 2019/20" in text


@pytest.mark.parametrize("version", [2, 0, "one"])
def test_bad_schema_version(tmp_path, make_tiny_data, version):
    text = problems(write(tmp_path, make_tiny_data({"schema_version": version})))
    assert f"schema_version: {version!r} is not supported; this mtfp reads version 1" in text


def test_projected_years_beyond_ten(tmp_path, make_tiny_data):
    text = problems(write(tmp_path, make_tiny_data({"projected_years": 11})))
    assert "projected_years" in text and "11" in text


def test_duplicate_yaml_key(tmp_path):
    path = write(tmp_path, "schema_version: 1\nname: A\nname: B\n")
    text = problems(path)
    assert "duplicate key 'name'" in text


@pytest.mark.parametrize("content,said", [
    ("- a\n- b\n", "this is not an mtfp scenario: it is a list"),
    ("just text\n", "this is not an mtfp scenario: it is a single value"),
    ("", "this file is empty"),
    ("# only a comment\n", "this file is empty"),
    ("title: My notes\nitems: [1, 2]\n", "this is not an mtfp scenario: it has no `schema_version`"),
])
def test_file_that_is_not_a_scenario_says_so_in_a_sentence(tmp_path, content, said):
    text = problems(write(tmp_path, content))
    assert said in text
    assert "NoneType" not in text and "Keys should be strings" not in text


def test_circular_extends(tmp_path):
    write(tmp_path, "extends: b.yaml\nname: A\n", "a.yaml")
    write(tmp_path, "extends: a.yaml\nname: B\n", "b.yaml")
    text = problems(tmp_path / "a.yaml")
    assert "extends: circular chain" in text


def test_extends_a_missing_file(tmp_path):
    path = write(tmp_path, "extends: nowhere.yaml\nname: A\n")
    text = problems(path)  # names the file that extends, the missing base and "not found"
    assert "extends" in text and "nowhere.yaml" in text and "not found" in text


def test_extends_that_is_not_a_file_name(tmp_path):
    text = problems(write(tmp_path, "extends: [a.yaml]\nname: A\n"))
    assert "extends: expected a file name" in text


def test_python_object_tag_is_refused_by_the_safe_loader(tmp_path):
    marker = tmp_path / "pwned"
    path = write(tmp_path, f"name: !!python/object/apply:os.system ['touch {marker}']\n")
    text = problems(path)
    assert "not valid YAML" in text
    assert not marker.exists(), "the safe loader never runs code from a file"


def test_missing_file(tmp_path):
    with pytest.raises(ScenarioError) as caught:
        load_scenario(tmp_path / "absent.yaml")
    assert caught.value.problems == [f"{tmp_path / 'absent.yaml'}: file not found"]


def test_every_problem_is_reported_not_just_the_first(tmp_path, make_tiny_data):
    data = make_tiny_data({"gdp_deflator": {"value": 99, "source": "illustrative"}, "colour": "blue"})
    text = problems(write(tmp_path, data))
    assert "gdp_deflator.value" in text and "colour: unknown key" in text


def test_field_errors_and_cross_field_errors_come_in_one_pass(tmp_path, make_tiny_data):
    # A finance lead fixing a file sees every problem at once: an out-of-range value (a field
    # rule) and a year outside the plan plus a missing group (rules spanning fields).
    data = make_tiny_data({
        "gdp_deflator": {"value": 99, "source": "illustrative"},
        "precept": {"tax_base_growth": {"value": {"2016/17": 1.0, "2025/26": 2.0}, "source": "illustrative"}},
        "savings": {"productivity": {"devices": {
            "name": "Devices", "group": "detectives", "minutes_per_day": {"value": 65, "source": "illustrative"},
            "productive_minutes_per_day": {"value": 480, "source": "illustrative"}, "start_year": "2016/17"}}},
    })
    with pytest.raises(ScenarioError) as caught:
        load_scenario(write(tmp_path, data))
    found = caught.value.problems
    assert len(found) == 3, found
    assert "gdp_deflator.value: 99 is outside the allowed range -5 to 20 % a year" in found[0]
    assert "precept.tax_base_growth: year 2025/26 is outside the plan 2015/16 to 2019/20" in found[1]
    assert "savings.productivity.devices.group: 'detectives' is not one of the groups" in found[2]
