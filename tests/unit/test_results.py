"""The plan by year: the MTFP summary a finance lead prints, read from the declared lines."""
from __future__ import annotations

import pytest

import mtfp
from mtfp import results
from mtfp.outputs import tables


def test_the_tiny_forces_plan_reads_funding_spending_gap_reserves_and_fte(make_tiny):
    # Tiny force: funding £100m grant + £20m precept = £120m; spending £110m officer pay +
    # £10m premises = £120m; gap nil; general reserve £10m; 2,750 officers.
    p = mtfp.run(make_tiny())
    rows = {row.key: row for row in results.plan_by_year(p)}
    keys = list(rows)
    assert keys[:keys.index("total_funding") + 1] == ["grant_police_grant", "precept", "collection_fund",
                                                         "other_income", "total_funding"]
    assert keys.index("total_spending") < keys.index("net_budget_requirement") < keys.index("funding_gap")
    assert rows["total_funding"].values[0] == pytest.approx(120e6) and rows["total_funding"].total
    assert rows["pay_police_officers"].values[0] == pytest.approx(110e6)
    assert rows["pay_police_officers"].label == "Pay: Police officers"
    assert rows["funding_gap"].values[0] == pytest.approx(0.0)
    assert rows["general_reserve_closing"].values[0] == pytest.approx(10e6)
    assert rows["fte_police_officers"].values[0] == pytest.approx(2750)
    assert {"incremental_gap", "cumulative_gap", "savings_delivered", "officer_post_equivalent"} <= set(rows)


def test_the_cli_table_prints_the_plan_by_year_rows(default_scenario):
    p = mtfp.run(default_scenario)
    text = tables.results_text(p)
    for row in results.plan_by_year(p):
        assert row.label in text


def test_the_app_table_shows_money_in_millions(make_tiny):
    from mtfp.ui.tables import plan_display_frame

    frame = plan_display_frame(mtfp.run(make_tiny()))
    total = frame[frame["Line"] == "Total funding (£m)"].iloc[0]
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


def test_the_capital_tables_show_the_programme_its_funding_and_the_cfr_corkscrew():

    from tests.conftest import SCENARIOS

    p = mtfp.run(mtfp.load_scenario(SCENARIOS / "example-2026.yaml"))
    programme = results.capital_programme_table(p).set_index("line")
    year = "2026/27"
    # The programme equals its funding, and the schemes add up to the programme.
    assert programme.loc["capital_funding", year] == pytest.approx(programme.loc["capital_spend", year])
    schemes = programme[programme["category"] != ""]
    assert schemes[year].sum() == pytest.approx(programme.loc["capital_spend", year])
    assert programme.loc["capital_spend_custody_suite", "category"] == "estates"
    cfr = results.cfr_table(p).set_index("line")
    assert cfr.loc["cfr_closing", year] == pytest.approx(
        cfr.loc["cfr_opening", year] + cfr.loc["capital_funded_borrowing", year] - cfr.loc["mrp", year])
    figures = results.capital_key_figures(p)
    assert figures["capital_programme_total"] == pytest.approx(p["capital_spend"][0].sum())
    assert 0 < figures["financing_costs_pct_final_year"] < 0.1
    default = mtfp.run(mtfp.load_scenario(SCENARIOS / "default.yaml"))
    assert results.capital_programme_table(default).empty and results.capital_key_figures(default) == {}


def test_the_reserves_strategy_table_lists_every_reserve_with_its_category_and_adds_up():
    from tests.conftest import SCENARIOS

    p = mtfp.run(mtfp.load_scenario(SCENARIOS / "example-2026.yaml"))
    table = results.reserves_strategy_table(p).set_index("line")
    assert table.loc["earmarked_closing_insurance", "category"] == "General contingency (e.g. insurance)"
    final = p.years[-1]
    parts = table.loc[[k for k in table.index if k.startswith(("earmarked_closing_", "general_reserve_closing"))], final]
    assert parts.sum() == pytest.approx(table.loc["total_reserves_closing", final])
    movements = results.reserves_movements_table(p).set_index("line")
    assert "earmarked_gap_funding_budget_resilience" in movements.index
    figures = results.resilience_figures(p)
    assert figures["usable_reserves_final_year"] == pytest.approx(table.loc["total_reserves_closing", final])
    assert figures["minimum_breached"] == "2030/31" and figures["usable_reserves_run_out"] is None
    assert figures["reserves_years_cover"][p.years[0]] is None
