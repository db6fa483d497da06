"""The declared result lines: every line a projection makes is declared once, keys cannot
collide, and the control checks derive each total from the declared parents."""
from __future__ import annotations

import dataclasses

import pytest

import mtfp
from mtfp import checks
from mtfp.model import lines
from mtfp.scenario import ScenarioError


def test_every_line_of_the_default_force_is_declared_with_its_label_and_unit(default_scenario):
    p = mtfp.run(default_scenario)
    for key, line in p.lines.items():
        assert line.spec in lines.LINES and line.key == key
        assert line.unit == line.spec.unit and line.unit in lines.UNITS
    assert p.lines["pay_police_officers"].label == "Pay: Police officers"
    assert p.lines["pay_police_officers"].spec.key == "pay_{group}"


def test_the_funding_total_is_the_sum_of_the_lines_declared_under_it(make_tiny):
    # Tiny force: police grant £100m + precept 100,000 x £200 = £20m (+ collection fund £0).
    p = mtfp.run(make_tiny())
    assert p.children("total_funding") == ["grant_police_grant", "precept", "collection_fund"]
    assert p["total_funding"][0, 0] == pytest.approx(120e6)
    assert checks.rollup_error(p, "total_funding") == 0.0


def test_a_line_declared_under_the_wrong_total_fails_the_master_check(make_tiny, monkeypatch):
    # Declare other income (here £5m a year) as spending: specific grants and income, computed by
    # the budget block from its own lines, no longer equal the lines declared under them.
    wrong = dataclasses.replace(lines.SPECS["other_income"], parent="total_spending")
    monkeypatch.setitem(lines.SPECS, "other_income", wrong)
    p = mtfp.run(make_tiny({"funding": {"other_income": {"base": {"value": 5.0, "source": "illustrative"}}}}))
    errors = checks.run_checks(p)
    assert errors["other_rollups_hold"] == pytest.approx(5e6)
    assert errors["spending_is_sum_of_lines"] == pytest.approx(5e6)
    assert not checks.master_check(errors)


def test_a_group_whose_key_collides_with_another_groups_line_is_refused(make_tiny):
    # Group `staff` makes fte_average_staff (its average FTE); group `average_staff` makes
    # fte_average_staff too (its closing FTE): one would overwrite the other.
    ids = {"group": ["staff", "average_staff"]}
    clashes = lines.colliding_keys(ids)
    assert set(clashes) == {"fte_average_staff"}
    assert clashes["fte_average_staff"] == ["workforce group 'average_staff' (fte_{group})",
                                            "workforce group 'staff' (fte_average_{group})"]
    officers = make_tiny().workforce.groups["police_officers"].model_dump()
    scenario = make_tiny({"workforce": {"officer_group": "staff", "groups": {"staff": officers, "average_staff": officers}}})
    with pytest.raises(ScenarioError) as refused:
        mtfp.run(scenario)
    assert "fte_average_staff" in str(refused.value) and "'staff'" in str(refused.value)
    assert "'average_staff'" in str(refused.value)


def test_the_bundled_scenarios_have_no_colliding_keys(default_scenario):
    assert lines.colliding_keys(lines.ids_by_kind(default_scenario)) == {}


def test_every_declared_parent_is_itself_a_declared_line():
    assert {spec.parent for spec in lines.LINES if spec.parent} <= set(lines.SPECS)
    assert len(lines.SPECS) == len(lines.LINES)  # no key declared twice
