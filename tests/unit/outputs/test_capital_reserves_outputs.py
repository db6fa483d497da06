"""`mtfp run` and the exports show the capital programme, reserves resilience and the
risk-based reserve when the scenario has them (example-2026 has all three)."""
from __future__ import annotations

import io
import json

import openpyxl
import pytest

import mtfp
from mtfp import results
from mtfp.outputs import tables, xlsx
from mtfp.units import fmt_gbp_m
from tests.conftest import SCENARIOS, tiny


@pytest.fixture(scope="module")
def example():
    return mtfp.run(mtfp.load_scenario(SCENARIOS / "example-2026.yaml"))


def test_the_run_text_states_the_risk_based_reserve_beside_the_reserve_held_and_the_minimum(example):
    text = tables.results_text(example)
    risk = results.risk_based_reserve(example)
    assert f"Needed: {fmt_gbp_m(risk['risk_based_reserve'])}; held at the start of 2026/27: £12.0m" in text
    assert "Risk-based general reserve (90.0% confidence, 100,000 simulated years, seed 2026)" in text
    capital = results.capital_key_figures(example)
    assert f"of which borrowed {fmt_gbp_m(capital['borrowing_total'])}" in text
    plain = tables.results_text(mtfp.run(tiny()))
    assert "Capital programme" not in plain and "Risk-based" not in plain and "Usable reserves" in plain


def test_the_workbook_has_a_capital_sheet_and_a_risk_register_sheet_of_values(example):
    wb = openpyxl.load_workbook(io.BytesIO(xlsx.results_workbook(example)))
    assert {"Capital", "Risk register"} <= set(wb.sheetnames)
    labels = [row[0].value for row in wb["Capital"].iter_rows(min_row=5)]
    assert "Capital financing requirement closing" in labels and "Financing costs as % of net revenue stream" in labels
    cells = [c.value for row in wb["Risk register"].iter_rows() for c in row if c.value is not None]
    assert not any(isinstance(c, str) and c.startswith("=") for c in cells)
    assert pytest.approx(results.risk_based_reserve(example)["risk_based_reserve"] / 1e6) in cells
    assert "Risk register" not in openpyxl.load_workbook(io.BytesIO(xlsx.results_workbook(mtfp.run(tiny())))).sheetnames


def test_json_carries_the_risk_based_reserve_and_csv_every_capital_line(example):
    payload = json.loads(tables.results_json(example))
    assert payload["risk_based_reserve"]["risk_based_reserve"] == pytest.approx(
        results.risk_based_reserve(example)["risk_based_reserve"])
    assert len(payload["risk_register"]) == 6
    header = tables.results_csv(example).splitlines()[0].split(",")
    assert {"cfr_closing", "mrp", "capital_spend", "reserves_years_cover"} <= set(header)
