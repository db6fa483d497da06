"""The present-day baseline workbook: a 2025/26 template, read back with the national rules for the
plan's own years, nothing from the illustrative force, and a base year that must balance."""
from __future__ import annotations

import pytest

import mtfp
from mtfp.cli import main
from mtfp.scenario.national import figures_by_basis, load_rules
from mtfp.workbook import reader as baseline
from mtfp.workbook.balance import BALANCE_TOLERANCE_GBP, balance_message
from mtfp.workbook.template import present_day_template
from tests.unit.workbook.workbooks import edited as _edit


@pytest.fixture(scope="module")
def kent_book() -> bytes:
    return present_day_template("2025/26", "Kent")


def test_a_2025_26_workbook_reads_back_with_nothing_from_the_illustrative_force(kent_book):
    scenario = baseline.scenario_from_baseline(kent_book, "kent.xlsx")
    assert scenario.base_year == "2025/26" and scenario.years[-1] == "2030/31"
    # None of the illustrative 2015/16 plan's items: savings, collaboration, productivity, growth, earmarked draws.
    assert not scenario.savings.items and not scenario.savings.collaboration and not scenario.savings.productivity
    assert not scenario.non_pay.growth_items
    assert all(r.planned_use is None for r in scenario.reserves.earmarked.values())
    assert scenario.funding.spending_review.profile == "flat_cash"
    assert "East Midlands" not in scenario.model_dump_json() and "Derbyshire" not in scenario.model_dump_json()
    assert "nothing is taken from an illustrative force" in scenario.description


def test_the_national_figures_for_2026_27_onward_are_the_tables(kent_book):
    scenario = baseline.scenario_from_baseline(kent_book, "kent.xlsx")
    england = load_rules("england")
    officers = scenario.workforce.groups["police_officers"]
    for year in scenario.years[1:]:
        assert officers.employer_ni_rate.value[year] == england.figure(year, "employer_ni_rate").value
        assert officers.ni_threshold.value[year] == england.figure(year, "ni_threshold").value
        assert officers.employer_pension_rate.value[year] == england.figure(year, "officer_pension_rate").value
        assert officers.pay_award_pct.value[year] == england.figure(year, "officer_pay_award").value
        assert scenario.precept.referendum_limit_gbp.value[year] == england.figure(year, "referendum_principle").value
        assert scenario.workforce.apprenticeship_levy_rate.value[year] == 0.5
    # 15% above £5,000, not the 2015/16 default's 13.8%; £15 in 2026/27, not 2%.
    assert officers.employer_ni_rate.value["2026/27"] == 15.0 and officers.ni_threshold.value["2026/27"] == 5000.0
    assert scenario.precept.referendum_limit_pct is None
    assert officers.employer_ni_rate.basis == "national"
    assert "workforce.groups.police_officers.pay_award_pct" in figures_by_basis(scenario)["national"]


def test_the_template_has_rows_for_other_income_specific_grants_and_earmarked_reserves(kent_book):
    def edit(wb):
        force = wb["Force"]
        labels = {force.cell(row=r, column=1).value: r for r in range(5, 15)}
        force.cell(row=labels["Other income (£m)"], column=2).value = 6.5
        grants = wb["Grants"]
        grants.append(["pensions_grant", "Police pension grant", 3.2, "specific", "no", None])
        reserves = wb["Reserves"]
        reserves.append(["transformation", "Transformation reserve", 4.0, None])
    scenario = baseline.scenario_from_baseline(_edit(kent_book, edit), "kent.xlsx")
    assert scenario.funding.other_income.base.value == 6.5
    assert scenario.funding.specific_grants["pensions_grant"].base.value == 3.2
    assert scenario.reserves.earmarked["transformation"].opening.value == 4.0


def test_a_balanced_base_year_says_nothing_and_an_unbalanced_one_gives_the_amount(kent_book):
    balanced = baseline.scenario_from_baseline(kent_book, "kent.xlsx")
    assert balance_message(mtfp.run(balanced)) is None

    def more_grant(wb):
        wb["Grants"]["C5"] = wb["Grants"]["C5"].value + 13.7  # £13.7m more grant than spending
    unbalanced = baseline.scenario_from_baseline(_edit(kent_book, more_grant), "kent.xlsx")
    message = balance_message(mtfp.run(unbalanced))
    assert "does not balance" in message and "funding exceeds spending by £13.70m" in message
    assert BALANCE_TOLERANCE_GBP == 50_000


def test_the_cli_reports_an_unbalanced_base_year_before_the_projection(kent_book, tmp_path, capsys):
    book = tmp_path / "kent.xlsx"
    book.write_bytes(_edit(kent_book, lambda wb: wb["Grants"].__setitem__("C5", wb["Grants"]["C5"].value - 2.0)))
    assert main(["template", "--read", str(book), "--out", str(tmp_path / "kent.yaml")]) == 0
    err = capsys.readouterr().err
    warning, wrote = err.index("does not balance"), err.index("funding gap")
    assert warning < wrote
    assert "spending exceeds funding by £2.00m" in err


def test_the_cli_writes_a_present_day_template(tmp_path, capsys):
    out = tmp_path / "t.xlsx"
    assert main(["template", "--base-year", "2025/26", "--force-name", "south wales", str(out)]) == 0
    scenario = baseline.scenario_from_baseline(out.read_bytes(), "t.xlsx")
    assert scenario.nation == "wales" and "welsh_government" in scenario.funding.grants
    assert all(v is None for v in scenario.precept.referendum_limit_gbp.value.values())
    assert main(["template", "--base-year", "2015/16", str(tmp_path / "old.xlsx")]) == 2
    assert "2025/26" in capsys.readouterr().err


def test_opting_in_to_a_scenario_keeps_its_figures_but_not_its_national_defaults(tmp_path):
    default = mtfp.load_scenario(baseline.DEFAULT_SCENARIO)

    def to_2025(wb):
        wb["Force"]["B6"] = "2025/26"
        wb["Force"]["B7"] = 4
    scenario = baseline.scenario_from_baseline(_edit(baseline.template_xlsx(default), to_2025), "force.xlsx", default)
    # The default's own 1% award is kept (opted in); its NI rule is re-read for 2025/26 onwards.
    assert scenario.workforce.groups["police_staff"].employer_ni_rate.value["2026/27"] == 15.0
    assert "scenario chosen to supply them" in scenario.description
