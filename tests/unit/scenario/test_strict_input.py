"""Worked examples of the strict loader and schema: what is refused, what the message says,
and that a message never quotes more than a short, safe piece of the value."""
from __future__ import annotations

import pytest

from mtfp.scenario import (
    MAX_SHOWN_CHARS,
    Scenario,
    ScenarioError,
    dumps_scenario,
    loads_scenario,
    read_yaml,
    shown,
    validate,
)
from mtfp.scenario.params import number_text


def problems_of(data) -> str:
    with pytest.raises(ScenarioError) as refused:
        validate(data, "f.yaml")
    return "\n".join(refused.value.problems)


def test_a_value_in_a_message_is_short_and_safe():
    long = shown("x" * 10_000)
    assert len(long) <= MAX_SHOWN_CHARS and long.startswith("'xxx") and "..." in long
    assert len(shown(list(range(10**6)))) <= MAX_SHOWN_CHARS  # reprlib: the million items are never joined
    assert shown("red \x1b[31m text") == "'red \\x1b[31m text'"
    assert shown("rtl \u202e") == "'rtl \\u202e'"
    assert shown(10**5000) == "a whole number of about 5000 digits"  # repr() itself would raise here
    assert (shown(True), shown(None)) == ("true", "null")  # as YAML spells them, not Python


def test_a_number_too_large_for_a_float_is_described_not_an_overflow():
    assert number_text(1e39) == "1e+39"
    assert number_text(10**400).startswith("a whole number of about 40")


def test_an_integer_too_large_for_a_float_given_directly_is_refused_with_a_message(make_tiny_data):
    text = problems_of(make_tiny_data({"precept": {"band_d": {"value": 10**400, "source": "illustrative"}}}))
    assert "precept.band_d.value: a whole number of about 400 digits is outside the allowed range 10 to 2000" in text


@pytest.mark.parametrize("field,value,expected", [
    ("projected_years", True, "Input should be a valid integer"),
    ("projected_years", 4.0, "Input should be a valid integer"),
    ("projected_years", "4", "Input should be a valid integer"),
    ("schema_version", True, "not supported"),
    ("schema_version", 1.0, "not supported"),
])
def test_whole_numbers_are_not_coerced(make_tiny_data, field, value, expected):
    assert expected in problems_of(make_tiny_data({field: value}))


def test_award_month_ramp_years_and_flags_are_strict(make_tiny_data):
    data = make_tiny_data({"workforce": {"groups": {"police_officers": {"award_month": 9.0, "levy_applies": "no"}}},
                           "funding": {"grants": {"police_grant": {"csr_applies": 0}}}})
    text = problems_of(data)
    assert "workforce.groups.police_officers.award_month: Input should be a valid integer" in text
    assert "workforce.groups.police_officers.levy_applies: Input should be a valid boolean" in text
    assert "funding.grants.police_grant.csr_applies: Input should be a valid boolean" in text


@pytest.mark.parametrize("base_year,allowed", [("1989/90", False), ("1990/91", True), ("2090/91", True),
                                               ("2091/92", False)])
def test_the_base_year_is_from_1990_91_to_2090_91(make_tiny_data, base_year, allowed):
    data = make_tiny_data({"base_year": base_year})
    if allowed:
        assert validate(data).years[0] == base_year
    else:
        assert "base_year: Value error, " not in problems_of(data)
        assert "the base year must be from 1990/91 to 2090/91" in problems_of(data)


def test_no_projected_years_is_a_field_error_not_a_crash_of_the_cross_checks(make_tiny_data):
    data = make_tiny_data({"projected_years": 0, "savings": {"items": {"a": {
        "name": "A", "reduces": "non_pay", "amount": {"value": 1.0, "source": "illustrative"},
        "start_year": "2016/17", "confidence": {"value": 50.0, "source": "illustrative"}}}}})
    assert "projected_years: Input should be greater than or equal to 1" in problems_of(data)


def test_the_change_log_holds_json_like_values_only(make_tiny_data):
    entry = {"when": "2026-12-01", "field": "gdp_deflator", "old": 1.0}
    for bad, said in ((b"\xff", "bytes"), ({1, 2}, "set"), (float("inf"), "finite number"), ([[[[[[[[1]]]]]]]], "6 deep")):
        assert said in problems_of(make_tiny_data({"changes": [{**entry, "new": bad}]}))
    good = make_tiny_data({"changes": [{**entry, "new": {"value": [1, 2.5, None, True, "x"]}}]})
    scenario = validate(good)
    assert loads_scenario(dumps_scenario(scenario)).changes == scenario.changes  # Save and reload work


def test_an_unquoted_date_is_text_and_a_tagged_one_is_refused():
    assert read_yaml("when: 2026-12-01\n") == {"when": "2026-12-01"}
    with pytest.raises(ScenarioError, match="timestamp"):
        read_yaml("when: !!timestamp 2026-12-01\n", "f.yaml")


def test_a_yaml_error_keeps_its_lines_and_the_caret_under_the_column():
    with pytest.raises(ScenarioError) as refused:
        read_yaml("schema_version: 1\nname: Tiny: force\n", "f.yaml")
    first, line, caret = refused.value.problems[0].split("\n")
    assert first == "f.yaml: not valid YAML at line 2, column 11: mapping values are not allowed here"
    assert line.strip() == "name: Tiny: force"
    assert line[caret.index("^")] == ":" and caret.index("^") == line.index("Tiny:") + 4


def test_a_control_character_in_a_name_is_refused(make_tiny_data):
    assert "name: Value error, a name may not hold control characters" not in problems_of(
        make_tiny_data({"name": "\x1b[2J"}))
    assert "a name may not hold control characters" in problems_of(make_tiny_data({"name": "\x1b[2J"}))
    assert Scenario.model_validate(make_tiny_data({"name": "Café — 2026/27 (£m)"})).name.startswith("Café")
