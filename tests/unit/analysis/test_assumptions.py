"""Planning ranges come from a data file (mtfp/data/planning_ranges.yaml), not from code:
each range names its source or says it is illustrative and why, and each applies to a real
field of the scenario schema."""
from __future__ import annotations

import pytest
from pydantic import ValidationError

from mtfp.analysis import assumptions
from mtfp.data import data_path
from mtfp.scenario import iter_params


def test_the_shipped_file_is_found_through_the_package_and_gives_every_range_a_reason():
    assert data_path(assumptions.PLANNING_RANGES_FILE).is_file()
    table = assumptions.planning_range_table()
    assert {"real_terms_cut", "pay_award_pct", "gdp_deflator", "inflation"} <= set(table.ranges)
    for name, planned in table.ranges.items():
        assert planned.source == "illustrative" or planned.source.url or planned.source.document, name
        assert len(planned.reason) > 40, f"{name}: say why this width"


def test_every_range_names_a_field_the_default_force_has_in_the_sections_listed(default_scenario):
    # A misspelt field name would silently vary nothing: each must match a real assumption.
    table = assumptions.planning_range_table()
    fields = {path.split(".")[-1] for path, _ in iter_params(default_scenario) if path.startswith(table.sections)}
    assert set(table.ranges) <= fields, sorted(set(table.ranges) - fields)


def test_the_cut_range_is_ten_points_either_side_of_the_scenarios_own_cut(default_scenario):
    # The default force's SR2015 cut is 1.3%: the planning range is -8.7% to 11.3%, most likely 1.3%.
    assert assumptions.planning_range_table().ranges["real_terms_cut"].half_width == 10.0
    cut = next(u for u in assumptions.planning_ranges(default_scenario) if u.path.endswith("real_terms_cut"))
    assert (cut.distribution.kind, cut.distribution.low, cut.distribution.high) == ("triangular", -8.7, 11.3)


def test_a_range_without_a_reason_or_with_a_negative_width_is_refused_naming_the_field():
    good = {"half_width": 1.0, "source": "illustrative", "reason": "A judgement."}
    with pytest.raises(ValidationError, match=r"ranges\.drift\.reason"):
        assumptions.PlanningRanges.model_validate({"sections": ["precept."], "ranges": {"drift": {**good, "reason": ""}}})
    with pytest.raises(ValidationError, match=r"ranges\.drift\.half_width"):
        assumptions.PlanningRanges.model_validate({"sections": ["precept."], "ranges": {"drift": {**good, "half_width": -1}}})
    with pytest.raises(ValidationError, match=r"ranges\.drift\.source"):
        assumptions.PlanningRanges.model_validate({"sections": ["precept."], "ranges": {"drift": {**good, "source": "a hunch"}}})
