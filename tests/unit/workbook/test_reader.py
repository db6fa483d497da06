"""The Excel baseline template: written, filled in, read back into a scenario that runs."""
from __future__ import annotations

import io

import openpyxl
import pytest

import mtfp
from mtfp.analysis.attribution import diff_assumptions
from mtfp.scenario import ScenarioError
from mtfp.workbook import reader as baseline
from tests.unit.workbook.workbooks import edited as _filled


@pytest.fixture(scope="module")
def template() -> bytes:
    return baseline.template_xlsx()


@pytest.fixture(scope="module")
def default():
    return mtfp.load_scenario(baseline.DEFAULT_SCENARIO)



def _problems(data: bytes) -> list[str]:
    with pytest.raises(ScenarioError) as caught:
        baseline.scenario_from_baseline(data, "force.xlsx")
    return caught.value.problems


def test_template_has_the_six_sheets_with_units_in_the_headings(template):
    wb = openpyxl.load_workbook(io.BytesIO(template))
    assert wb.sheetnames == ["Force", "Grants", "Precept", "Workforce", "NonPay", "Reserves"]
    headings = [c.value for c in wb["Workforce"][baseline.HEADER_ROW]]
    assert "Average salary (£ per FTE)" in headings and "FTE in the base year" in headings
    assert wb["Workforce"].freeze_panes == f"B{baseline.HEADER_ROW + 1}"
    assert "Rates in %" in wb["Workforce"]["A2"].value  # instructions above the table


def test_unchanged_template_reads_back_to_the_default_scenarios_numbers(template, default):
    # Opting in to the illustrative default for what the workbook does not hold.
    scenario = baseline.scenario_from_baseline(template, "force.xlsx", default)
    assert diff_assumptions(default, scenario).empty
    assert mtfp.run(scenario)["funding_gap"].tolist() == mtfp.run(default)["funding_gap"].tolist()
    staff = scenario.workforce.groups["police_staff"]
    assert staff.fte.source.document == "baseline workbook force.xlsx"
    assert staff.fte.source.title == "Baseline workbook, Workforce!C6"
    # Not covered by the template: taken from the default with its own source.
    assert scenario.funding.spending_review == default.funding.spending_review


def test_a_filled_workbook_changes_the_base_year_figures_and_runs(template, default):
    def edit(wb):
        wb["Workforce"]["C5"] = 1700  # police officers FTE
        wb["Grants"]["C5"] = 65.0  # police grant £m
        wb["Precept"]["B7"] = 190.0  # Band D £
        wb["Reserves"]["C5"] = 12.0  # general reserve opening £m
    scenario = baseline.scenario_from_baseline(_filled(template, edit), "force.xlsx")
    assert scenario.workforce.groups["police_officers"].fte.value == 1700
    assert scenario.funding.grants["police_grant"].base.value == 65.0
    assert scenario.precept.band_d.value == 190.0
    assert scenario.reserves.general_opening.value == 12.0
    p = mtfp.run(scenario)
    # 100 fewer officers cost less; £5m less grant and a higher Band D: the base-year gap moves by
    # exactly the pay saved, less the grant lost, plus the extra precept; and by the default's
    # £0.3m base-year collection fund, since the workbook's cell is the budget year's amount only.
    q = mtfp.run(default)
    assert p["collection_fund"][0, 0] == 0 and q["collection_fund"][0, 0] == 0.3e6
    expected = ((p["pay_police_officers"][0, 0] - q["pay_police_officers"][0, 0])
                + 5e6 - (p["precept"][0, 0] - q["precept"][0, 0]) + 0.3e6)
    assert p["funding_gap"][0, 0] - q["funding_gap"][0, 0] == pytest.approx(expected, abs=0.01)
    assert p.checks and mtfp.checks.master_check(p.checks)


def test_bad_cells_are_all_reported_with_their_address(template):
    def edit(wb):
        wb["Workforce"]["C6"] = "lots"
        wb["Workforce"]["D5"] = -5
        wb["Workforce"]["A7"] = "Bad Id"
        wb["Force"]["B6"] = "2026/28"
        wb["Reserves"]["D5"] = 70
        wb["Grants"]["E5"] = "maybe"
    problems = _problems(_filled(template, edit))
    assert problems == [
        "Force!B6: Base year: '2026/28' is not a financial year: the second part must be 27",
        "Grants!E5: Spending-review cut applies (yes or no): expected yes or no, got 'maybe'",
        "Workforce!D5: Average salary (£ per FTE): -5 is outside the allowed range 1000 to 500000 £ per FTE",
        "Workforce!C6: FTE in the base year: expected a number, got 'lots'",
        "Workforce!A7: id 'Bad Id' must start with a letter and use only lower-case letters, digits and _ "
        "(e.g. police_staff)",
        "Reserves!D5: Minimum (% of net budget; general reserve only): 70 is outside the allowed range 0 to 50 % a year",
    ]


def test_empty_required_cells_duplicate_ids_and_changed_headings_are_reported(template):
    def edit(wb):
        wb["NonPay"]["C5"] = None
        wb["Grants"]["A6"] = "police_grant"
        wb["Reserves"]["C4"] = "Balance"
    problems = _problems(_filled(template, edit))
    assert "NonPay!C5: Base-year budget (£m) is required; the cell is empty" in problems
    assert "Grants!A6: id 'police_grant' is used twice (also Grants!A5)" in problems
    assert any(p.startswith("Reserves!C4: expected the heading 'Opening balance (£m)'") for p in problems)


def test_a_rate_typed_as_an_excel_percentage_is_read_as_a_percent(template):
    def edit(wb):
        cell = wb["Workforce"]["H6"]  # police staff attrition
        cell.value = 0.09
        cell.number_format = "0%"
    scenario = baseline.scenario_from_baseline(_filled(template, edit), "force.xlsx")
    assert scenario.workforce.groups["police_staff"].attrition_rate.value == pytest.approx(9.0)


def test_a_file_that_is_not_a_workbook_or_lacks_a_sheet_is_refused(template):
    assert _problems(b"not a workbook")[0].startswith("force.xlsx: not an Excel workbook")

    def edit(wb):
        del wb["NonPay"]
    assert _problems(_filled(template, edit)) == [
        "force.xlsx: sheet 'NonPay' is missing; start from `python -m mtfp template`"]


def test_the_band_d_rise_is_a_percent_or_pounds_not_both(template):
    def edit(wb):
        wb["Precept"]["B9"] = 5.0  # £ rise as well as the % rise on B8
    assert _problems(_filled(template, edit)) == ["Precept!B9: give the Band D rise as a % or as £, exactly one of the two"]

    def pounds_only(wb):
        wb["Precept"]["B8"] = None
        wb["Precept"]["B9"] = 5.0
    scenario = baseline.scenario_from_baseline(_filled(template, pounds_only), "force.xlsx")
    assert scenario.precept.band_d_rise_pct is None and scenario.precept.band_d_rise_gbp.value == 5.0


def test_a_new_group_on_a_target_policy_without_a_path_is_reported_at_its_row(template):
    def edit(wb):
        ws = wb["Workforce"]
        for column, value in zip("ABCDEFGHIJKL", ["specials", "Special constables", 50, 2000, 0, 0, 0, 10, 0, 0, 0,
                                                  "target"]):
            ws[f"{column}8"] = value
    assert _problems(_filled(template, edit)) == [
        "Workforce!A8: recruitment 'target' needs target_fte (FTE at the end of each year)"]


def test_the_present_day_example_round_trips_through_its_own_template():
    example = mtfp.load_scenario(baseline.DEFAULT_SCENARIO.parent / "example-2026.yaml")
    scenario = baseline.scenario_from_baseline(baseline.template_xlsx(example), "force.xlsx", example)
    assert diff_assumptions(example, scenario).empty
    assert scenario.years == example.years


def test_the_collection_fund_cell_is_the_budget_years_amount_only(template):
    # A finance lead types the £1.2m surplus the billing authorities declared for the budget
    # year (2016/17 in the default template): it funds 2016/17 and no later year.
    scenario = baseline.scenario_from_baseline(_filled(template, lambda wb: wb["Precept"].__setitem__("B10", 1.2)),
                                               "force.xlsx")
    assert scenario.precept.collection_fund.value == {"2016/17": 1.2}
    assert mtfp.run(scenario)["collection_fund"][0] == pytest.approx([0, 1.2e6, 0, 0, 0])


def test_the_collection_fund_cell_replaces_the_defaults_budget_year_only(template, default):
    # Opted in to the default (£0.3m every year): the cell sets 2016/17, the other years keep £0.3m.
    scenario = baseline.scenario_from_baseline(_filled(template, lambda wb: wb["Precept"].__setitem__("B10", 1.2)),
                                               "force.xlsx", default)
    assert mtfp.run(scenario)["collection_fund"][0] == pytest.approx([0.3e6, 1.2e6, 0.3e6, 0.3e6, 0.3e6])
