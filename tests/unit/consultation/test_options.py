"""The options file: a strict schema; a malformed file gives one clear message per problem,
naming the file, the field (and the option's id) and the value."""
from __future__ import annotations

import textwrap

import pytest

from mtfp.consultation.options import load_consultation, load_options, parse_options
from mtfp.scenario import ScenarioError
from tests.conftest import OPTIONS

GOOD = textwrap.dedent("""\
    schema_version: 1
    title: Balance the budget
    scenario: ../scenarios/default.yaml
    precept: {band_d_rises: [0, 5]}
    savings:
      - {id: fleet, name: Fleet, description: Fewer cars, consequence: Waits, kind: on_off, saving: 0.3,
         posts: 0, source: illustrative}
      - {id: pcsos, name: PCSOs, description: Fewer PCSOs, consequence: Less patrol, kind: range,
         min: 0, max: 1.5, step: 0.25, posts: 45, source: illustrative}
""")


def problems(text: str) -> list[str]:
    with pytest.raises(ScenarioError) as err:
        parse_options(text, "options.yaml")
    return err.value.problems


def test_the_shipped_options_file_applies_to_the_default_scenario(consultation):
    assert consultation.scenario.name == "Illustrative force 2015/16"
    assert consultation.year == "2019/20"
    assert all(s.source == "illustrative" for s in consultation.options.savings)
    assert consultation.options.precept.band_d_rises == [0, 2, 4, 6, 8, 10]


def test_a_good_file_parses():
    options = parse_options(GOOD)
    assert [s.id for s in options.savings] == ["fleet", "pcsos"]
    assert options.saving("pcsos").full_saving == 1.5


def test_unknown_key_is_named():
    found = problems(GOOD.replace("title: Balance the budget", "title: Balance the budget\ntitel: typo"))
    assert found == ["options.yaml: titel: unknown key (not part of the options format; see consultation/options.yaml)"
                     " (value: 'typo')"]


def test_bad_value_names_option_id_field_and_value():
    found = problems(GOOD.replace("saving: 0.3", "saving: -2"))
    assert len(found) == 1
    assert found[0].startswith("options.yaml: savings.0 (fleet).saving:") and "-2" in found[0]


def test_range_option_needs_min_below_max():
    found = problems(GOOD.replace("min: 0, max: 1.5", "min: 2, max: 1.5"))
    assert any("savings.1 (pcsos)" in p and "min (2) must be below max (1.5)" in p for p in found)


def test_on_off_option_without_saving():
    found = problems(GOOD.replace("saving: 0.3,", ""))
    assert any("savings.0 (fleet)" in p and "an on_off option needs saving" in p for p in found)


def test_duplicate_ids_and_duplicate_keys():
    assert any("repeated: fleet" in p for p in problems(GOOD.replace("id: pcsos", "id: fleet")))
    assert any("duplicate key 'title'" in p for p in problems(GOOD + "title: again\n"))


def test_precept_rise_out_of_range_and_missing_field():
    assert any("precept.band_d_rises" in p and "-5" in p for p in problems(GOOD.replace("[0, 5]", "[0, -5]")))
    assert any("scenario: required field is missing" in p
               for p in problems(GOOD.replace("scenario: ../scenarios/default.yaml\n", "")))


def test_not_yaml_and_not_a_mapping():
    assert problems("savings: [unclosed")[0].startswith("options.yaml: not valid YAML")
    assert problems("- a list") == ["options.yaml: an options file must be a mapping of fields, got list"]


def test_year_outside_the_scenario_and_missing_files(tmp_path):
    path = tmp_path / "options.yaml"
    path.write_text(GOOD.replace("../scenarios/default.yaml", str(OPTIONS.parent.parent / "scenarios/default.yaml"))
                    + "year: 2030/31\n")
    with pytest.raises(ScenarioError) as err:
        load_consultation(path)
    assert "year: '2030/31' is not a projected year" in err.value.problems[0]
    assert "2016/17, 2017/18, 2018/19, 2019/20" in err.value.problems[0]
    with pytest.raises(ScenarioError, match="file not found"):
        load_options(tmp_path / "missing.yaml")
