"""The plan by year: the MTFP summary a finance lead prints, read from the declared lines."""
from __future__ import annotations

import pytest

import mtfp
from mtfp import results
from mtfp.outputs import tables


def test_the_tiny_forces_plan_reads_as_a_panel_report(make_tiny):
    # Tiny force: spending £110m officer pay + £10m premises = £120m = net revenue expenditure
    # = budget requirement (no specific grants, income or reserve movements); funded by £100m
    # grant + £20m precept = £120m; recurring gap and gap after reserves nil; general reserve
    # £10m; 2,750 officers.
    p = mtfp.run(make_tiny())
    rows = {row.key: row for row in results.plan_by_year(p)}
    keys = list(rows)
    order = ["total_spending", "savings_delivered", "one_off_costs", "specific_grants_and_income",
             "net_revenue_expenditure", "contributions_to_reserves", "use_of_earmarked_reserves", "budget_requirement",
             "grant_police_grant", "precept", "collection_fund", "total_funding", "recurring_gap",
             "incremental_recurring_gap", "one_off_items", "reserve_movements", "funding_gap", "cumulative_gap"]
    assert [k for k in keys if k in order] == order
    assert keys.index("other_income") < keys.index("specific_grants_and_income")
    assert rows["net_revenue_expenditure"].values[0] == pytest.approx(120e6)
    assert rows["budget_requirement"].values[0] == pytest.approx(120e6) and rows["budget_requirement"].total
    assert rows["total_funding"].values[0] == pytest.approx(120e6) and rows["total_funding"].total
    assert rows["pay_police_officers"].values[0] == pytest.approx(110e6)
    assert rows["pay_police_officers"].label == "Pay: Police officers"
    assert rows["funding_gap"].values[0] == pytest.approx(0.0) and rows["recurring_gap"].values[0] == pytest.approx(0.0)
    assert rows["general_reserve_closing"].values[0] == pytest.approx(10e6)
    assert rows["fte_police_officers"].values[0] == pytest.approx(2750)
    assert "incremental_gap" not in p.lines  # replaced by the new recurring savings needed
    assert {"cumulative_gap", "savings_delivered", "officer_post_equivalent"} <= set(rows)


def test_the_cli_table_prints_the_plan_by_year_rows(default_scenario):
    p = mtfp.run(default_scenario)
    text = tables.results_text(p)
    for row in results.plan_by_year(p):
        assert row.label in text


def test_the_app_table_shows_money_in_millions(make_tiny):
    from mtfp.ui.tables import plan_display_frame

    frame = plan_display_frame(mtfp.run(make_tiny()))
    total = frame[frame["Line"] == "Budget requirement (£m)"].iloc[0]
    assert total["2015/16"] == "120.0"
    assert frame[frame["Line"] == "FTE: Police officers (FTE)"].iloc[0]["2019/20"] == "2,750"


def test_an_edited_scenario_is_titled_edited_wherever_its_name_is_shown(default_scenario):
    # The built-in default as published: its own name. Moved once in mtfp (the CSR cut to 40%):
    # "<name> (edited)", read from its change log; saved and reloaded without the log, the
    # edited provenance on the input still says so; titled twice, never "(edited) (edited)".
    from mtfp.ui.editing import edit_scenario

    name = default_scenario.name
    assert results.scenario_title(default_scenario) == name and not results.edited_in_mtfp(default_scenario)
    edited = edit_scenario(default_scenario, "funding.spending_review.real_terms_cut", 40.0,
                           when="2026-12-01T14:05:00+00:00")
    assert results.scenario_title(edited) == f"{name} (edited)"
    assert results.scenario_title(mtfp.run(edited)) == f"{name} (edited)"  # a projection: its scenario
    without_log = edited.model_copy(update={"changes": []})
    assert results.scenario_title(without_log) == f"{name} (edited)"
    renamed = edited.model_copy(update={"name": f"{name} (edited)"})
    assert results.scenario_title(renamed) == f"{name} (edited)"
