"""Every command and exit code of `python -m mtfp`, run through mtfp.cli.main with capsys,
plus one subprocess run that proves the entry point works."""
from __future__ import annotations

import io
import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

import mtfp
from mtfp.cli import main
from tests.conftest import ROOT, SCENARIOS

CSR = [str(SCENARIOS / f"csr-{cut}.yaml") for cut in (25, 30, 35, 40)]
DEFAULT = str(SCENARIOS / "default.yaml")


@pytest.fixture(scope="module")
def csr25():
    return mtfp.run(mtfp.load_scenario(CSR[0]))


def _run(capsys, *argv):
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def _write(tmp_path, name, text) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- run -------------------------------------------------------------------------------------

def test_run_prints_the_year_by_year_table_key_figures_and_master_check(capsys, csr25):
    code, out, err = _run(capsys, "run", CSR[0])
    assert code == 0 and err == ""
    header = next(line for line in out.splitlines() if line.startswith("Line"))
    assert header.split()[1:] == ["2015/16", "2016/17", "2017/18", "2018/19", "2019/20"]
    for label in ("Police main grant (Home Office) (£m)", "Pay: Police staff (£m)", "Savings delivered (in gap) (£m)",
                  "Net revenue expenditure (£m)", "Budget requirement (£m)",
                  "Recurring (structural) gap, before one-offs and reserves (£m)",
                  "New recurring savings needed in year (£m)",
                  "General reserve closing (£m)", "FTE: PCSOs (FTE)", "Recurring gap in officer posts (FTE)"):
        assert label in out
    recurring, gap = (f"{csr25[k][0, -1] / 1e6:,.1f}" for k in ("recurring_gap", "funding_gap"))
    assert f"Recurring (structural) gap 2019/20: £{recurring}m" in out
    assert f"Gap after one-offs and reserves 2019/20: £{gap}m" in out
    assert "Master check: OK" in out


def test_run_warns_when_an_officer_reduction_cannot_be_met_by_attrition(capsys, tmp_path):
    # The default force (1,800 officers, 5% attrition) asked to lose 300 officers in 2017/18:
    # 90 leave that year, 210 are carried forward (officers cannot be made redundant).
    path = _write(tmp_path, "cut.yaml", f"extends: {DEFAULT}\nname: Officer cut\nworkforce:\n  groups:\n"
                  "    police_officers:\n      planned_reduction_fte:\n"
                  "        value: {2015/16: 0, 2016/17: 0, 2017/18: 300, 2018/19: 0}\n        source: illustrative\n")
    code, _, err = _run(capsys, "run", path)
    assert code == 0
    assert ("warning: Police officers: a reduction of 300 FTE in 2017/18 cannot be met by attrition (this group "
            "cannot be made redundant): 90 achieved, 210 carried forward to 2018/19") in err


def test_run_writes_csv_to_stdout_at_full_precision(capsys, csr25):
    code, out, _ = _run(capsys, "run", CSR[0], "--format", "csv")
    assert code == 0
    frame = pd.read_csv(io.StringIO(out))
    assert frame["funding_gap"].tolist() == csr25["funding_gap"][0].tolist()


def test_run_writes_json_and_xlsx_files_and_never_overwrites_without_force(capsys, tmp_path, csr25):
    target = tmp_path / "csr25.json"
    assert _run(capsys, "run", CSR[0], "--format", "json", "--out", target)[0] == 0
    assert json.loads(target.read_text())["results"][-1]["funding_gap"] == float(csr25["funding_gap"][0, -1])
    code, _, err = _run(capsys, "run", CSR[1], "--format", "json", "--out", target)
    assert code == 2 and "already exists; use --force" in err
    assert json.loads(target.read_text())["scenario"] == "CSR 25% real-terms cut"  # untouched
    assert _run(capsys, "run", CSR[1], "--format", "json", "--out", target, "--force")[0] == 0
    assert json.loads(target.read_text())["scenario"] == "CSR 30% real-terms cut"
    book = tmp_path / "csr25.xlsx"
    assert _run(capsys, "run", CSR[0], "--format", "xlsx", "--out", book)[0] == 0
    assert "Assumptions" in openpyxl.load_workbook(book).sheetnames


def test_an_output_path_that_cannot_be_written_exits_2(capsys, tmp_path):
    code, _, err = _run(capsys, "run", CSR[0], "--format", "csv", "--out", tmp_path, "--force")
    assert code == 2 and "cannot write the file" in err


def test_xlsx_needs_an_output_file(capsys):
    code, out, err = _run(capsys, "run", CSR[0], "--format", "xlsx")
    assert code == 2 and out == "" and "--format xlsx needs --out PATH" in err


# --- bad input: exit 2, a message naming file, field, value; never a traceback -------------------

BAD_FILES = {
    "bad-yaml.yaml": ("schema_version: 1\nname: [unclosed\n", "not valid YAML"),
    "unknown-key.yaml": ("extends: {default}\nprecept:\n  band_d_rise_percent: 2\n",
                         "precept.band_d_rise_percent: unknown key"),
    "out-of-range.yaml": ("extends: {default}\nprecept:\n  band_d: {{value: 5000, source: illustrative}}\n",
                          "precept.band_d.value: 5000 is outside the allowed range 10 to 2000 £ per Band D"),
    "wrong-year.yaml": ("extends: {default}\ngdp_deflator: {{value: {{2016/18: 2.0}}, source: illustrative}}\n",
                        "'2016/18' is not a financial year"),
    "bad-extends.yaml": ("extends: no-such-base.yaml\nname: x\n", "no-such-base.yaml: file not found"),
}


@pytest.mark.parametrize("name", sorted(BAD_FILES))
@pytest.mark.parametrize("command", ["run", "validate"])
def test_bad_files_exit_2_with_the_file_field_and_reason(capsys, tmp_path, name, command):
    text, expected = BAD_FILES[name]
    path = _write(tmp_path, name, text.format(default=DEFAULT))
    code, out, err = _run(capsys, command, path)
    assert code == 2
    # The file named is the one at fault (for a bad extends, the base it cannot find).
    assert expected in err and (name in err or name == "bad-extends.yaml")
    assert "Traceback" not in err and out == ""


def test_a_missing_file_exits_2(capsys, tmp_path):
    code, _, err = _run(capsys, "run", tmp_path / "nope.yaml")
    assert code == 2 and err.strip() == f"error: {tmp_path / 'nope.yaml'}: file not found"


def test_validate_reports_every_problem_one_line_each(capsys, tmp_path):
    path = _write(tmp_path, "two-problems.yaml", (
        f"extends: {DEFAULT}\n"
        "precept:\n  band_d: {value: 5000, source: illustrative}\n"
        "reserves:\n  minimum_pct: {value: 3, source: illustrative, notes: typo}\n"))
    code, out, err = _run(capsys, "validate", path)
    lines = err.strip().splitlines()
    assert code == 2 and len(lines) == 2
    assert all(line.startswith(f"error: {path}: ") for line in lines)
    assert "precept.band_d.value" in err and "reserves.minimum_pct.notes: unknown key" in err


def test_validate_says_valid_and_exits_0(capsys):
    code, out, err = _run(capsys, "validate", *CSR)
    assert code == 0 and err == ""
    # Each file's verdict, then what it inherits from the national rules (listed under it).
    verdicts = [line for line in out.splitlines() if line.endswith(": valid")]
    assert verdicts == [f"{f}: valid" for f in CSR]
    assert out.splitlines()[0] == f"{CSR[0]}: valid"


# --- compare and diff ---------------------------------------------------------------------------

def test_compare_prints_the_csr_gaps_side_by_side_in_rising_order(capsys):
    code, out, _ = _run(capsys, "compare", *CSR)
    assert code == 0
    final = next(line for line in out.splitlines() if line.startswith("2019/20"))
    gaps = [float(x) for x in final.split()[1:]]
    assert len(gaps) == 4 and gaps == sorted(gaps) and gaps[0] < gaps[-1]
    assert "CSR 40% real-terms cut" in out and "Cumulative gap after one-offs and reserves £m" in out


def test_compare_csv_and_xlsx(capsys, tmp_path):
    code, out, _ = _run(capsys, "compare", *CSR, "--format", "csv")
    frame = pd.read_csv(io.StringIO(out))
    assert code == 0 and set(frame["scenario"]) == {f"CSR {c}% real-terms cut" for c in (25, 30, 35, 40)}
    book = tmp_path / "compare.xlsx"
    assert _run(capsys, "compare", *CSR, "--format", "xlsx", "--out", book)[0] == 0
    assert openpyxl.load_workbook(book).sheetnames == ["Recurring gap by year", "Gap by year", "Cumulative gap",
                                                       "Key figures"]


def test_compare_reports_problems_of_every_bad_file(capsys, tmp_path):
    code, _, err = _run(capsys, "compare", CSR[0], tmp_path / "a.yaml", tmp_path / "b.yaml")
    assert code == 2 and "a.yaml: file not found" in err and "b.yaml: file not found" in err


def test_diff_lists_the_changed_assumption_the_gap_by_year_and_the_attribution(capsys):
    code, out, _ = _run(capsys, "diff", CSR[0], CSR[3])
    assert code == 0
    changed = next(line for line in out.splitlines() if line.startswith("funding.spending_review.real_terms_cut"))
    assert changed.split()[1:] == ["%", "25", "40", "Spending", "review"]
    assert "Gap A  Gap B  B - A" in out
    total = next(line for line in out.splitlines() if line.startswith("Total (gap B - gap A)"))
    final = next(line for line in out.splitlines() if line.startswith("2019/20"))
    assert total.split()[-1] == final.split()[-1]  # attribution adds up to the final-year difference


def test_diff_of_a_scenario_with_itself_finds_nothing(capsys):
    code, out, _ = _run(capsys, "diff", CSR[0], CSR[0])
    assert code == 0 and "No assumptions differ." in out


# --- template ---------------------------------------------------------------------------------

def test_template_round_trip_writes_a_scenario_that_runs(capsys, tmp_path):
    book, scenario = tmp_path / "baseline.xlsx", tmp_path / "force.yaml"
    assert _run(capsys, "template", book)[0] == 0
    code, _, err = _run(capsys, "template", book)
    assert code == 2 and "already exists" in err
    assert _run(capsys, "template", "--read", book, "--out", scenario)[0] == 0
    loaded = mtfp.load_scenario(scenario)
    assert loaded.precept.band_d.source.document == "baseline workbook baseline.xlsx"
    assert _run(capsys, "run", scenario)[0] == 0


def test_template_reports_a_bad_cell_by_its_address(capsys, tmp_path):
    book = tmp_path / "baseline.xlsx"
    _run(capsys, "template", book)
    wb = openpyxl.load_workbook(book)
    wb["Workforce"]["C5"] = "eighteen hundred"
    wb.save(book)
    code, _, err = _run(capsys, "template", "--read", book, "--out", tmp_path / "x.yaml")
    assert code == 2
    assert err.strip() == "error: Workforce!C5: FTE in the base year: expected a number, got 'eighteen hundred'"
    assert not (tmp_path / "x.yaml").exists()


def test_template_read_needs_out(capsys, tmp_path):
    code, _, err = _run(capsys, "template", "--read", tmp_path / "x.xlsx")
    assert code == 2 and "--read needs --out" in err


# --- the entry point ----------------------------------------------------------------------------

def test_python_dash_m_mtfp_run_works_as_a_program():
    done = subprocess.run([sys.executable, "-m", "mtfp", "run", CSR[0], "--format", "json"],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["scenario"] == "CSR 25% real-terms cut"
    bad = subprocess.run([sys.executable, "-m", "mtfp", "run", "no-such.yaml"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert bad.returncode == 2 and "Traceback" not in bad.stderr and "no-such.yaml: file not found" in bad.stderr
