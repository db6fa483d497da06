"""Outputs for conditional grants and billing authorities: `mtfp run`'s text, the workbook
sheets and the CSV of the precept by billing authority."""
from __future__ import annotations

import io
import json

import openpyxl

import mtfp
from mtfp import results
from mtfp.outputs import tables
from tests.conftest import tiny, v

AUTHORITIES = {"north": {"name": "North District", "tax_base": v(40_000.0)},
               "south": {"name": "South District", "tax_base": v(60_000.0)}}
PCSOS = {"name": "PCSOs", "fte": v(100), "salary": v(30_000), "attrition_rate": v(10.0), "recruitment": "freeze",
         "redundancy_cost": v(0), "pay_award_pct": v(0.0), "drift": v(0.0), "employer_pension_rate": v(0.0),
         "employer_ni_rate": v(0.0), "ni_threshold": v(0)}
CONDITION = {"groups": ["pcsos"], "target": v(100), "tested_from": "2016/17", "source": "illustrative",
             "schedule": [{"at_least_pct": 100, "paid_pct": 100}, {"at_least_pct": 90, "paid_pct": 80}]}


def projection():
    return mtfp.run(tiny({
        "precept": {"billing_authorities": AUTHORITIES},
        "workforce": {"groups": {"pcsos": PCSOS}},
        "funding": {"specific_grants": {"npg": {"name": "Neighbourhood grant", "base": v(2.0), "condition": CONDITION}}},
    }))


def test_run_prints_the_grant_test_and_the_precept_by_authority():
    text = tables.results_text(projection())
    # 100 PCSOs lose 10% a year, none recruited: 90 at 31 March 2017 = 90% -> 80% paid, £0.4m withheld.
    assert "Neighbourhood grant 2016/17: 90% of target (90 of 100 headcount): 80% paid, £0.4m withheld" in text
    assert "Neighbourhood grant 2017/18: 81% of target (81 of 100 headcount): nothing paid, £2.0m withheld" in text
    assert "North District" in text and "8,000,000.00" in text  # 40,000 x £200


def test_the_workbook_has_a_grant_conditions_sheet_and_a_precept_by_authority_sheet():
    p = projection()
    book = openpyxl.load_workbook(io.BytesIO(tables.results_xlsx(p)), read_only=True)
    assert "Grant conditions" in book.sheetnames and "Precept by authority" in book.sheetnames
    rows = [r for r in book["Precept by authority"].iter_rows(values_only=True) if r and r[0]]
    assert ("North District", "2016/17", 40_000.0, 200.0, 8_000_000.0, 0.0) in rows
    assert ("Total", "2016/17", 100_000.0, 200.0, 20_000_000.0, 0.0) in rows
    plain = openpyxl.load_workbook(io.BytesIO(tables.results_xlsx(mtfp.run(tiny()))), read_only=True)
    assert "Precept by authority" not in plain.sheetnames and "Grant conditions" not in plain.sheetnames


def test_the_precept_by_authority_as_csv():
    lines = tables.billing_authorities_csv(projection()).splitlines()
    assert lines[0] == "authority,name,year,tax_base,band_d,precept,collection_fund"
    assert lines[1] == "north,North District,2015/16,40000.0,200.0,8000000.0,0.0"
    assert lines[3].startswith("total,Total,2015/16,100000.0,200.0,20000000.0")


def test_the_key_figures_carry_the_grant_condition_sentences_into_json_and_the_workbook():
    p = projection()
    assert results.key_figures(p)["grant_conditions"][0].startswith("Neighbourhood grant 2016/17: 90% of target")
    assert json.loads(tables.results_json(p))["key_figures"]["grant_conditions"][1].startswith(
        "Neighbourhood grant 2017/18: 81% of target")
    book = openpyxl.load_workbook(io.BytesIO(tables.results_xlsx(p)), read_only=True)
    rows = [r for r in book["Key figures"].iter_rows(values_only=True) if r and r[0] == "Grant condition"]
    assert len(rows) == 4 and rows[0][1].endswith("80% paid, £0.4m withheld")
