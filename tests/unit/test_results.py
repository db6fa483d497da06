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
    import json

    p = mtfp.run(edited)  # the exports say so too: key figures, JSON, the long CSV, mtfp run's table
    assert results.key_figures(p)["scenario"] == json.loads(tables.results_json(p))["scenario"] == f"{name} (edited)"
    assert set(results.to_long(p, lines=["funding_gap"])["scenario"]) == {f"{name} (edited)"}
    assert tables.results_text(p).startswith(f"{name} (edited): year by year")
    without_log = edited.model_copy(update={"changes": []})
    assert results.scenario_title(without_log) == f"{name} (edited)"
    renamed = edited.model_copy(update={"name": f"{name} (edited)"})
    assert results.scenario_title(renamed) == f"{name} (edited)"


def test_the_assumptions_register_labels_formats_and_dates_every_input():
    # example-2026: the officers' pay award is the national default (4.2% in 2025/26, then 3.0%
    # a year), the tax base 420,000 Band D equivalents, the levy allowance £15,000 (£15k: £0.0m
    # would misstate it), the LGPS rate the force's own sourced figure.
    from mtfp.ui.editing import edit_scenario
    from tests.conftest import SCENARIOS

    sc = mtfp.load_scenario(SCENARIOS / "example-2026.yaml")
    register = results.assumptions_register(sc).set_index("Field")
    assert list(register.columns[:7]) == ["Section", "Assumption", "Value", "Basis", "Source", "Link", "Note"]
    award = register.loc["workforce.groups.police_officers.pay_award_pct"]
    assert award["Assumption"] == "Police officers, pay award" and award["Basis"] == "national default"
    assert award["Value"] == "4.2% in 2025/26, 3.0% from 2026/27"  # the from-this-year-on rule
    assert [award[y] for y in sc.years] == ["4.2%", "3.0%", "3.0%", "3.0%", "3.0%", "3.0%"]
    assert award["Source"].startswith("National rules for England") and award["Link"].startswith("https://")
    tax_base = register.loc["precept.tax_base"]
    assert (tax_base["Assumption"], tax_base["Value"], tax_base["Section"]) == (
        "Tax base", "420,000 Band D equivalents", "Council tax")
    assert [tax_base[y] for y in sc.years] == [""] * 6  # one base-year figure, not given by year
    assert register.loc["workforce.apprenticeship_levy_allowance", "Value"] == "£15k"
    deflator = register.loc["gdp_deflator"]  # six different rates: first and last
    assert deflator["Value"].startswith("by year, ") and deflator["Value"].count("%") == 2  # its range
    assert register.loc["funding.spending_review.explicit_cash_change", "Assumption"] == \
        "Spending review, cash change a year (explicit profile)"
    assert register.loc["workforce.groups.police_staff.employer_pension_rate", "Basis"] == "force figure"
    # In-year amounts count in the years named only; an entry with no name reads by its key.
    draw = register.loc["capital.funding.earmarked_reserves.capital_reserve.amount"]
    assert (draw["Assumption"], draw["Value"]) == ("Capital reserve, drawn for capital", "£1.5m in 2026/27 and 2027/28")
    assert register.loc["capital.opening_cfr", "Assumption"] == "Capital financing requirement (CFR), opening"
    illustrative = register[register["Basis"] == "illustrative"]
    assert len(illustrative) and (illustrative["Source"] == "").all()  # never "None", never "illustrative" as a title
    assert not register.astype(str).isin(["None", "nan"]).any().any()
    # Edited in mtfp on 1 Dec 2026: the basis says so, the source says what it was.
    edited = results.assumptions_register(edit_scenario(sc, "precept.tax_base", 421_000.0, when="2026-12-01T14:05:00+00:00"))
    row = edited.set_index("Field").loc["precept.tax_base"]
    assert row["Basis"] == "edited in mtfp on 1 Dec 2026" and row["Value"] == "421,000 Band D equivalents"
    assert row["Source"].startswith("Edited in mtfp on 1 Dec 2026 14:05, was 420000 from ")


def test_the_register_filters_by_section_basis_and_a_search():
    from tests.conftest import SCENARIOS

    register = results.assumptions_register(mtfp.load_scenario(SCENARIOS / "example-2026.yaml"))
    national = results.filter_register(register, bases=["national default"])
    assert len(national) and set(national["Basis"]) == {"national default"}
    found = results.filter_register(register, sections=["Workforce and pay"], text="PAY AWARD")
    assert list(found["Assumption"]) == ["Police officers, pay award", "Police staff, pay award", "PCSOs, pay award"]
    home_office = results.filter_register(register, text="home office")  # in the label, source or note
    said = home_office["Assumption"] + home_office["Source"] + home_office["Note"]
    assert len(home_office) > 1 and said.str.contains("Home Office").all()
    assert "Police officers, pay award" not in set(home_office["Assumption"])
    assert len(results.filter_register(register)) == len(register)


def test_the_register_csv_and_workbook_sheet_hold_the_same_text():
    # The CSV download and the workbook's Assumptions sheet are the register, cell for cell, as text.
    import csv
    import io

    import openpyxl

    from mtfp.outputs.xlsx import results_workbook
    from tests.conftest import SCENARIOS

    sc = mtfp.load_scenario(SCENARIOS / "example-2026.yaml")
    register = results.assumptions_register(sc)
    rows = list(csv.reader(io.StringIO(tables.assumptions_csv(sc))))
    assert rows[0] == list(register.columns) and len(rows) == len(register) + 1
    ws = openpyxl.load_workbook(io.BytesIO(results_workbook(mtfp.run(sc))))["Assumptions"]
    cells = [[c.value for c in row] for row in ws.iter_rows(values_only=False)]
    header = next(i for i, r in enumerate(cells) if r[:2] == ["Section", "Assumption"])
    body = [[v or "" for v in r] for r in cells[header + 1:]]
    assert body == register.astype(str).values.tolist()
    assert all(isinstance(v, str) and not v.startswith("=") for r in body for v in r)


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
    # The recurring gap grows to £13.7m by 2030/31 (the base-year award carried into 2026/27 is in
    # it): the general reserve falls below its minimum in 2028/29 and usable reserves run out in 2030/31.
    assert figures["minimum_breached"] == "2028/29" and figures["usable_reserves_run_out"] == "2030/31"
    assert figures["reserves_years_cover"][p.years[0]] is None
