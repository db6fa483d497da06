"""The app's pure helpers: field edits with their change log, table edits, file names, uploads."""
from __future__ import annotations

import pandas as pd
import pytest

import mtfp
from mtfp.results import is_edited
from mtfp.scenario import ScenarioError, load_scenario
from mtfp.ui.editing import edit_fields, edit_scenario, year_value
from mtfp.ui.files import read_upload, safe_name, save_as
from mtfp.ui.state import DEFAULT_FILE
from mtfp.ui.tables import apply_section, section_frame
from mtfp.ui.widgets import every_projected_year

WHEN = "2026-11-22T10:00:00+00:00"


@pytest.fixture(scope="module")
def default():
    return load_scenario(DEFAULT_FILE)


def test_edit_logs_old_and_new_and_says_where_the_figure_came_from(default):
    """Tax base growth typed as 1.5 on 22 Nov 2026 at 10:00: the source says so, what it was
    (1% a year, illustrative) and the input is the force's own figure from now on."""
    edited = edit_scenario(default, "precept.tax_base_growth", 1.5, when=WHEN)
    param = edited.precept.tax_base_growth
    assert param.value == 1.5 and param.basis == "force" and is_edited(param)
    assert param.source.title == "Edited in mtfp on 22 Nov 2026 10:00, was 1 from illustrative"
    # Edited again: the published origin is kept once, never "from Edited in mtfp ... from ...".
    again = edit_scenario(edited, "precept.tax_base_growth", 2.0, when="2026-11-22T10:05:00+00:00").precept.tax_base_growth
    assert again.source.title == "Edited in mtfp on 22 Nov 2026 10:05, was 1.5 from illustrative"
    assert [c.model_dump() for c in edited.changes] == [
        {"when": WHEN, "field": "precept.tax_base_growth", "old": 1.0, "new": 1.5, "old_source": "illustrative"}]
    assert default.precept.tax_base_growth.value == 1.0  # the original is untouched
    assert edit_scenario(default, "precept.tax_base_growth", 1.0) is default  # no change, no log entry


def test_the_change_log_keeps_the_published_source_an_edit_replaced(default):
    """The CSR cut (1.3%, from the published Spending Review) moved to 40%: the log entry says
    where 1.3 came from, title and link, so the published figure is never lost."""
    published = default.funding.spending_review.real_terms_cut.source
    edited = edit_scenario(default, "funding.spending_review.real_terms_cut", 40.0, when=WHEN)
    (entry,) = edited.changes
    assert entry.old == 1.3 and entry.old_source == f"{published.title} ({published.url})"
    assert published.url.startswith("https://")


def test_edit_out_of_range_names_field_value_and_range(default):
    with pytest.raises(ScenarioError) as info:
        edit_scenario(default, "funding.spending_review.real_terms_cut", 95.0)
    assert info.value.problems == ["scenario: funding.spending_review.real_terms_cut.value: 95 is outside the "
                                   "allowed range -50 to 90 % (value: 95.0)"]


def test_optional_assumptions_are_created_as_illustrative_and_removed_with_none(default):
    floor = edit_scenario(default, "workforce.groups.police_officers.floor_fte", 1700.0)
    assert floor.workforce.groups["police_officers"].floor_fte.value == 1700.0
    assert floor.workforce.groups["police_officers"].floor_fte.source == "illustrative"
    assert edit_scenario(floor, "workforce.groups.police_officers.floor_fte", None) \
        .workforce.groups["police_officers"].floor_fte is None


def test_fields_that_change_together(default):
    # The Band D rise is a % or a £, never both: switching is one validated edit of two fields.
    with pytest.raises(ScenarioError):
        edit_scenario(default, "precept.band_d_rise_pct", None)
    both = edit_fields(default, {"precept.band_d_rise_pct": None, "precept.band_d_rise_gbp": 5.0}, when=WHEN)
    assert both.precept.band_d_rise_gbp.value == 5.0 and len(both.changes) == 2


def test_per_year_values():
    years = ["2015/16", "2016/17", "2017/18", "2018/19"]
    ni = {"2015/16": 10.4, "2016/17": 13.8}
    assert year_value(ni, "2018/19", years) == 13.8
    assert year_value(ni, "2015/16", years) == 10.4
    assert every_projected_year(ni, 14.0, years) == {"2015/16": 10.4, "2016/17": 14.0}
    assert every_projected_year({"2016/17": 2.0, "2018/19": None}, 3.0, years) == {"2016/17": 3.0}
    assert every_projected_year(2.5, 3.0, years) == 3.0


def test_savings_table_round_trip_changes_only_what_was_edited(default):
    frame = section_frame(default, "items")
    assert list(frame["key"]) == ["support_services_review", "estates_rationalisation"]
    assert apply_section(default, "items", frame, when=WHEN) is default
    frame.loc[0, "amount_gbp_m"] = 1.5
    edited = apply_section(default, "items", frame, when=WHEN)
    item = edited.savings.items["support_services_review"]
    assert item.amount.value == 1.5 and item.amount.note == "set in the app"
    assert item.confidence.value == 80.0
    assert [(c.field, c.old, c.new) for c in edited.changes] == [
        ("savings.items.support_services_review.amount", 1.2, 1.5)]
    # The planned saving in 2017/18 (ramped over two years, fully in year 2) follows the table.
    p = mtfp.run(edited)
    assert p["saving_planned_support_services_review"][0, 2] == pytest.approx(1.5e6)


def test_savings_table_adds_and_removes_rows(default):
    frame = section_frame(default, "items").iloc[:1]
    new = {"key": None, "name": "Digital case files", "theme": "digital", "reduces": "non_pay", "group": None,
           "fte": None, "amount_gbp_m": 0.4, "start_year": "2017/18", "ramp_years": 1, "confidence_pct": 60.0,
           "one_off_cost_gbp_m": None}
    frame = pd.concat([frame, pd.DataFrame([new])], ignore_index=True)
    edited = apply_section(default, "items", frame, when=WHEN)
    assert list(edited.savings.items) == ["support_services_review", "digital_case_files"]
    assert {(c.field, c.new) for c in edited.changes} == {("savings.items.digital_case_files", "added"),
                                                          ("savings.items.estates_rationalisation", None)}


def test_savings_table_rejects_bad_cells_naming_the_field(default):
    frame = section_frame(default, "collaboration")
    frame.loc[0, "confidence_pct"] = 150.0
    with pytest.raises(ScenarioError) as info:
        apply_section(default, "collaboration", frame)
    assert any("savings.collaboration.regional_transactional_services.confidence" in p and "150" in p
               for p in info.value.problems)


def test_safe_names_and_no_silent_overwrite(default, tmp_path):
    assert safe_name("CSR 30% (Autumn)") == "csr-30-autumn"
    assert safe_name("../../etc/passwd") == "etc-passwd"
    assert safe_name("my_plan-2") == "my_plan-2"
    path = save_as(default, "Autumn plan", tmp_path)
    assert path == tmp_path / "autumn-plan.yaml" and load_scenario(path).name == "Autumn plan"
    with pytest.raises(FileExistsError):
        save_as(default, "autumn plan", tmp_path)
    with pytest.raises(ScenarioError):
        save_as(default, "%%%", tmp_path)


def test_read_upload_limits():
    with pytest.raises(ScenarioError, match="at most 1,000,000 bytes"):
        read_upload(b"x" * 1_000_001, "big.yaml")
    with pytest.raises(ScenarioError, match="not a UTF-8 text file"):
        read_upload(b"\xff\xfe", "bin.yaml")
    with pytest.raises(ScenarioError, match="extends: not allowed"):
        read_upload(b"extends: default.yaml\n", "x.yaml")
