"""The results workbook prints as a finance reader files it: every sheet A4 landscape, one page
wide, the heading rows and line labels repeated on each page, and a footer naming the scenario,
the plan date and the page ("Page 1 of 2"). Read back with openpyxl, as Excel would."""
from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pandas as pd
import pytest

import mtfp
from mtfp.outputs import analysis_text, xlsx
from mtfp.outputs.tables import HEADER_ROW
from tests.conftest import SCENARIOS

PLAN_DATE = dt.date(2026, 12, 1)


@pytest.fixture(scope="module")
def csr25():
    scenario = mtfp.load_scenario(SCENARIOS / "csr-25.yaml")
    return scenario, mtfp.run(scenario)


@pytest.fixture(scope="module")
def workbook(csr25):
    scenario, p = csr25
    return openpyxl.load_workbook(io.BytesIO(xlsx.results_workbook(p, scenario, as_of=PLAN_DATE)))


def _assert_prints_one_page_wide_landscape(ws):
    assert ws.page_setup.orientation == "landscape", ws.title
    assert ws.sheet_properties.pageSetUpPr.fitToPage, ws.title
    # One page wide (1 is the file format's default, so it may be left out), as many pages tall
    # as the sheet needs (0 = automatic).
    assert ws.page_setup.fitToWidth in (None, 1, "1"), ws.title
    assert int(ws.page_setup.fitToHeight) == 0, ws.title
    assert str(ws.page_setup.paperSize) == "9", ws.title  # A4


def test_every_sheet_prints_landscape_one_page_wide(workbook):
    assert len(workbook.worksheets) >= 10
    for ws in workbook.worksheets:
        _assert_prints_one_page_wide_landscape(ws)


def test_title_heading_rows_and_line_labels_repeat_on_every_printed_page(workbook):
    # Rows 1-4: the sheet title, the "Produced by" note, a gap and the year headings.
    heading_rows = f"$1:${HEADER_ROW + 1}"
    for ws in workbook.worksheets:
        assert ws.print_title_rows.replace("$", "") == heading_rows.replace("$", ""), ws.title
    # Line sheets repeat the line label and unit columns; the others their first column.
    assert workbook["Summary"].print_title_cols.replace("$", "") == "A:B"
    assert workbook["Funding"].print_title_cols.replace("$", "") == "A:B"
    assert workbook["Assumptions"].print_title_cols.replace("$", "") == "A:B"  # section and assumption


def test_the_footer_names_the_scenario_the_plan_date_and_the_page(workbook, csr25):
    scenario, _ = csr25
    for ws in workbook.worksheets:
        footer = ws.oddFooter
        assert footer.left.text == scenario.name, ws.title
        assert footer.center.text == "Plan date: 1 December 2026", ws.title
        assert footer.right.text == "Page &P of &N", ws.title


def test_an_ampersand_in_a_scenario_name_prints_as_written():
    # '&' starts a footer code in Excel ('&P' is the page number): doubled, it prints as '&'.
    assert xlsx.footer_text("Avon & Somerset", PLAN_DATE).startswith("&LAvon && Somerset&C")


def test_the_compare_workbook_prints_the_same_way():
    projections = {}
    for cut in (25, 40):
        p = mtfp.run(mtfp.load_scenario(SCENARIOS / f"csr-{cut}.yaml"))
        projections[p.scenario.name] = p
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.compare_workbook(projections, as_of=PLAN_DATE)))
    for ws in wb.worksheets:
        _assert_prints_one_page_wide_landscape(ws)
        assert ws.oddFooter.left.text.startswith("Comparison: ")
        assert ws.oddFooter.center.text == "Plan date: 1 December 2026"


def test_analysis_workbooks_print_one_page_wide_with_their_heading_row():
    frame = pd.DataFrame({"input": ["Pay award"], "effect": [1_250_000.0]})
    wb = openpyxl.load_workbook(io.BytesIO(analysis_text.xlsx({"oat": frame}, {"scenario": "Northshire"})))
    for ws in wb.worksheets:
        _assert_prints_one_page_wide_landscape(ws)
        assert ws.print_title_rows.replace("$", "") == "1:1"
        assert ws.oddFooter.left.text == "Northshire"
        assert ws.oddFooter.center.text.startswith("Analysis run: ")
