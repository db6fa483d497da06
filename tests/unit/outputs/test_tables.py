"""Exports: CSV and JSON equal the model to full precision; the workbook has the expected
sheets, the model's values (money in £m) and a finance reader's formatting."""
from __future__ import annotations

import io
import json

import numpy as np
import openpyxl
import pandas as pd
import pytest

import mtfp
from mtfp.outputs import tables as export
from tests.conftest import SCENARIOS


@pytest.fixture(scope="module")
def csr25():
    scenario = mtfp.load_scenario(SCENARIOS / "csr-25.yaml")
    return scenario, mtfp.run(scenario)


@pytest.fixture(scope="module")
def csr_set():
    projections = {}
    for cut in (25, 40):
        p = mtfp.run(mtfp.load_scenario(SCENARIOS / f"csr-{cut}.yaml"))
        projections[p.scenario.name] = p
    return projections


@pytest.fixture(scope="module")
def workbook(csr25):
    scenario, p = csr25
    return openpyxl.load_workbook(io.BytesIO(export.results_xlsx(p, scenario)))


def _row_of(ws, label: str) -> int:
    for row in ws.iter_rows(min_row=export.HEADER_ROW + 2, max_col=1):
        if row[0].value == label:
            return row[0].row
    raise AssertionError(f"{label!r} not on sheet {ws.title}")


def test_csv_reads_back_to_the_models_numbers_exactly(csr25):
    _, p = csr25
    frame = pd.read_csv(io.StringIO(export.results_csv(p)))
    assert list(frame["year"]) == p.years
    # Full precision: the 2019/20 gap read from the CSV is the model's float, bit for bit.
    assert frame["funding_gap"].tolist() == p["funding_gap"][0].tolist()
    assert frame["total_funding"].tolist() == p["total_funding"][0].tolist()
    assert frame["fte_police_officers"].tolist() == p["fte_police_officers"][0].tolist()


def test_json_carries_every_line_per_year_and_the_key_figures(csr25):
    _, p = csr25
    payload = json.loads(export.results_json(p))
    assert payload["years"] == p.years
    by_year = {r["year"]: r for r in payload["results"]}
    assert by_year["2019/20"]["funding_gap"] == float(p["funding_gap"][0, -1])
    assert set(by_year["2016/17"]) == {"year", *p.lines}
    assert payload["units"]["funding_gap"] == "gbp"
    assert payload["key_figures"]["cumulative_gap"] == float(p["cumulative_gap"][0, -1])
    assert payload["checks"] == p.checks


def test_json_writes_a_missing_realised_benefit_as_null_not_nan(csr25):
    _, p = csr25
    text = export.results_json(p)
    assert "NaN" not in text
    record = json.loads(text)["results"][0]
    assert record["collaboration_realised_regional_transactional_services"] is None


def test_workbook_has_one_sheet_per_table_plus_key_figures_checks_and_assumptions(workbook):
    assert workbook.sheetnames == ["Summary", "Funding", "Spending", "Savings", "Budget and gap", "Workforce",
                                   "Reserves", "Indicators", "Key figures", "Checks", "Assumptions", "Change log"]


def test_every_result_line_appears_on_a_table_sheet(csr25):
    _, p = csr25
    shown = {k for _, sections in export.TABLES for k in export.table_lines(p, sections)}
    assert shown == set(p.lines)


def test_workbook_money_is_the_models_pounds_in_millions_with_a_one_decimal_format(workbook, csr25):
    _, p = csr25
    ws = workbook["Summary"]
    header = [c.value for c in ws[export.HEADER_ROW + 1]]
    assert header[:2] == ["Line", "Unit"] and header[2:] == p.years
    row = _row_of(ws, "Gap after one-offs and reserves (met from general reserve)")
    cells = [ws.cell(row=row, column=c) for c in range(3, 3 + len(p.years))]
    # Excel keeps 15-16 significant digits: equal to the model's £m well below a penny.
    assert [c.value for c in cells] == pytest.approx((p["funding_gap"][0] / 1e6).tolist(), rel=1e-14, abs=1e-12)
    assert all(c.number_format == "#,##0.0" for c in cells)
    assert ws.cell(row=row, column=2).value == "£m"
    assert ws.cell(row=row, column=1).font.b  # totals in bold
    assert ws.freeze_panes == f"C{export.HEADER_ROW + 2}"
    assert ws.column_dimensions["A"].width > 20


def test_workbook_fte_and_percentages_keep_full_precision_behind_their_formats(workbook, csr25):
    _, p = csr25
    ws = workbook["Indicators"]
    row = _row_of(ws, "Recurring gap as % of net revenue expenditure")
    cell = ws.cell(row=row, column=3 + 4)
    assert cell.value == pytest.approx(float(p["gap_pct_of_net_budget"][0, 4]), rel=1e-15)
    assert cell.number_format == "0.0%"
    ws = workbook["Workforce"]
    cell = ws.cell(row=_row_of(ws, "FTE: Police staff"), column=3)
    assert cell.value == 1150 and cell.number_format == "#,##0"


def test_assumptions_sheet_is_the_assumptions_register(workbook, csr25):
    """CSR 25%: the cut (25%, from the Blueprint 2020 planning scenarios) reads as a finance lead
    writes it; Band D is illustrative; the reserve minimum links to its source; the path is last."""
    scenario, _ = csr25
    ws = workbook["Assumptions"]
    header = [c.value for c in ws[export.HEADER_ROW + 1]]
    assert header == ["Section", "Assumption", "Value", "Basis", "Source", "Link", "Note", *scenario.years,
                      "Unit", "Value in the file", "Field"]
    rows = {r[-1]: r for r in ws.iter_rows(min_row=export.HEADER_ROW + 2, values_only=True)}
    assert len(rows) == len(list(mtfp.scenario.iter_params(scenario)))
    cut = rows["funding.spending_review.real_terms_cut"]
    assert cut[1:5] == ("Spending review, real-terms cut", "25.0%", "force figure",
                        "Blueprint 2020 planning scenarios, 25%-40% real-terms cuts")
    assert cut[-3:] == ("%", "25", "funding.spending_review.real_terms_cut")
    assert rows["precept.band_d"][3] == "illustrative"
    assert rows["reserves.minimum_pct"][5].startswith("https://")
    fields = [c.value for c in ws[ws.cell(1, ws.max_column).column_letter]]  # the last column: field paths
    link = ws.cell(fields.index("reserves.minimum_pct") + 1, 6)
    assert link.hyperlink is not None and link.hyperlink.target == link.value  # a live link, not a formula


def test_key_figures_sheet_states_the_final_year_gap_and_the_master_check(workbook, csr25):
    _, p = csr25
    rows = {r[0]: r[1] for r in workbook["Key figures"].iter_rows(min_row=export.HEADER_ROW + 2, values_only=True)}
    assert rows["Recurring (structural) gap 2019/20"] == pytest.approx(float(p["recurring_gap"][0, -1]) / 1e6, rel=1e-14)
    assert rows["Gap after one-offs and reserves 2019/20"] == pytest.approx(float(p["funding_gap"][0, -1]) / 1e6,
                                                                            rel=1e-14)
    assert rows["Budget requirement 2019/20"] == pytest.approx(float(p["budget_requirement"][0, -1]) / 1e6, rel=1e-14)
    assert rows["Master check"] == "all identities hold"


def test_text_table_rounds_money_to_one_decimal_and_fte_to_whole_numbers(csr25):
    _, p = csr25
    text = export.results_text(p)
    gap_line = next(line for line in text.splitlines() if line.startswith("Gap after one-offs and reserves"))
    assert gap_line.split()[-1] == f"{p['funding_gap'][0, -1] / 1e6:,.1f}"
    fte_line = next(line for line in text.splitlines() if line.startswith("FTE: Police staff"))
    assert fte_line.split()[-1] == "1,150"
    assert "Master check: OK" in text


def test_compare_csv_has_one_row_per_scenario_and_year_at_full_precision(csr_set):
    frame = pd.read_csv(io.StringIO(export.compare_csv(csr_set)))
    assert len(frame) == 2 * 5
    for name, p in csr_set.items():
        assert frame.loc[frame["scenario"] == name, "funding_gap"].tolist() == p["funding_gap"][0].tolist()


def test_compare_json_and_workbook_give_each_scenarios_final_and_cumulative_gap(csr_set):
    payload = json.loads(export.compare_json(csr_set))
    names = [s["scenario"] for s in payload["scenarios"]]
    assert names == list(csr_set)
    for entry in payload["scenarios"]:
        p = csr_set[entry["scenario"]]
        assert entry["final_year_gap"] == float(p["funding_gap"][0, -1])
        assert entry["final_year_recurring_gap"] == float(p["recurring_gap"][0, -1])
        assert entry["cumulative_gap"] == float(p["cumulative_gap"][0, -1])
        assert [y["funding_gap"] for y in entry["years"]] == p["funding_gap"][0].tolist()
    wb = openpyxl.load_workbook(io.BytesIO(export.compare_xlsx(csr_set)))
    assert wb.sheetnames == ["Recurring gap by year", "Gap by year", "Cumulative gap", "Key figures"]
    ws = wb["Gap by year"]
    assert [c.value for c in ws[export.HEADER_ROW + 1]] == ["Year", *csr_set]
    last = [c.value for c in ws[export.HEADER_ROW + 6]]
    assert last[0] == "2019/20"
    assert last[1:] == pytest.approx([float(p["funding_gap"][0, -1]) / 1e6 for p in csr_set.values()], rel=1e-14)
    assert ws.cell(row=export.HEADER_ROW + 6, column=2).number_format == "#,##0.0"


def test_write_output_never_overwrites_without_force(tmp_path):
    target = tmp_path / "out.csv"
    export.write_output(target, "first\n")
    with pytest.raises(FileExistsError):
        export.write_output(target, "second\n")
    assert target.read_text() == "first\n"
    export.write_output(target, b"second\n", force=True)
    assert target.read_text() == "second\n"
    assert [f.name for f in tmp_path.iterdir()] == ["out.csv"]  # no temp files left behind


def test_format_value_shows_people_rounded_figures():
    assert export.format_value(23_449_999.0, "gbp") == "23.4"
    assert export.format_value(-612_345.0, "gbp") == "-0.6"
    assert export.format_value(1149.6, "fte") == "1,150"
    assert export.format_value(0.1549, "fraction") == "15.5%"
    assert export.format_value(np.nan, "gbp") == "-"


def test_the_workbook_change_log_gives_times_as_a_finance_lead_writes_them():
    """The CSR cut moved from 1.3% to 40% at 14:05 on 1 December 2026: the Change log sheet says
    "1 Dec 2026 14:05", the field, and the old and new values, as text (never a formula)."""
    import io

    import openpyxl

    import mtfp
    from mtfp.outputs.xlsx import results_workbook
    from mtfp.scenario import load_scenario
    from mtfp.ui.editing import edit_scenario
    from tests.conftest import DEFAULT

    sc = edit_scenario(load_scenario(DEFAULT), "funding.spending_review.real_terms_cut", 40.0,
                       when="2026-12-01T14:05:00+00:00")
    book = openpyxl.load_workbook(io.BytesIO(results_workbook(mtfp.run(sc))))
    ws = book["Change log"]
    rows = [[c.value for c in row] for row in ws.iter_rows(min_row=1, max_col=4)]
    header = rows.index(["When", "Field", "Old", "New"])
    assert rows[header + 1] == ["1 Dec 2026 14:05", "funding.spending_review.real_terms_cut", "1.3", "40"]
    # Every sheet's title and printed footer say the plan was edited in mtfp, beside its name.
    for sheet in book.worksheets:
        assert sheet["A1"].value.endswith(f": {sc.name} (edited)"), sheet.title
        assert sheet.oddFooter.left.text == f"{sc.name} (edited)", sheet.title
