"""`python -m mtfp mc | sensitivity | solve`: outputs, reproducibility and exit codes."""
from __future__ import annotations

import json
import subprocess
import sys

import openpyxl
import pytest

from mtfp.cli import main
from tests.conftest import ROOT, SCENARIOS
from tests.conftest import UNCERTAIN as UNCERTAIN_FILE

DEFAULT = str(SCENARIOS / "default.yaml")
UNCERTAIN = str(UNCERTAIN_FILE)


def run_cli(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_mc_same_seed_same_numbers(capsys):
    first = run_cli(capsys, "mc", UNCERTAIN, "--draws", "500", "--format", "json")
    second = run_cli(capsys, "mc", UNCERTAIN, "--draws", "500", "--format", "json")
    other = run_cli(capsys, "mc", UNCERTAIN, "--draws", "500", "--seed", "8", "--format", "json")
    assert first[0] == 0 and first[1] == second[1] and first[1] != other[1]
    data = json.loads(first[1])
    assert data["summary"]["draws"] == 500 and data["summary"]["seed"] == 7
    assert [row["year"] for row in data["gap_percentiles"]] == ["2015/16", "2016/17", "2017/18", "2018/19", "2019/20"]
    assert data["discovery"]["summary"]
    assert "Infinity" not in first[1] and "NaN" not in first[1]  # strict JSON
    assert all(len(box) == 2 for rule in data["discovery"]["rules"] for box in rule["bounds"].values())


def test_mc_table_csv_and_threshold(capsys):
    code, out, _ = run_cli(capsys, "mc", DEFAULT, "--draws", "300", "--threshold", "5")
    assert code == 0 and "P(gap in 2019/20 above £5.0m)" in out
    assert "illustrative planning ranges (mtfp/data/planning_ranges.yaml" in out  # says where the ranges came from
    code, out, _ = run_cli(capsys, "mc", DEFAULT, "--draws", "300", "--format", "csv")
    header = out.splitlines()[0].split(",")
    assert code == 0 and header[0] == "year" and "gap_p95" in header and "p_run_out_by_year" in header


def test_mc_xlsx_needs_out_and_writes_sheets(capsys, tmp_path):
    code, _, err = run_cli(capsys, "mc", DEFAULT, "--draws", "300", "--format", "xlsx")
    assert code == 2 and "--out" in err
    out = tmp_path / "mc.xlsx"
    code, _, _ = run_cli(capsys, "mc", DEFAULT, "--draws", "300", "--format", "xlsx", "--out", str(out))
    assert code == 0
    sheets = openpyxl.load_workbook(out).sheetnames
    assert {"About", "By year", "gap_percentiles", "reserve_probabilities"} <= set(sheets)
    code, _, err = run_cli(capsys, "mc", DEFAULT, "--draws", "300", "--format", "xlsx", "--out", str(out))
    assert code == 2 and "already exists" in err


@pytest.mark.parametrize("argv, words", [
    (["mc", "missing.yaml"], "missing.yaml: file not found"),
    (["mc", DEFAULT, "--draws", "1"], "--draws 1"),
    (["mc", DEFAULT, "--seed", "-3"], "--seed -3"),
    (["sensitivity", DEFAULT, "--method", "sobol", "--n", "100"], "power of two"),
    (["sensitivity", DEFAULT, "--year", "2031/32"], "2031/32"),
    (["solve", DEFAULT, "--for", "posts", "--group", "detectives"], "detectives"),
])
def test_bad_input_exits_2_with_a_message(capsys, argv, words):
    code, _, err = run_cli(capsys, *argv)
    assert code == 2 and words in err and "Traceback" not in err


@pytest.mark.parametrize("method, words", [("table", "+1 pp"), ("tornado", "Swing"), ("morris", "mu*")])
def test_sensitivity_methods(capsys, method, words):
    code, out, _ = run_cli(capsys, "sensitivity", DEFAULT, "--method", method)
    assert code == 0 and words in out


def test_sensitivity_sobol_json(capsys):
    code, out, _ = run_cli(capsys, "sensitivity", UNCERTAIN, "--method", "sobol", "--n", "64", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["rows"][0]["field"] == "funding.spending_review.real_terms_cut"
    assert {"S1", "S1_conf", "ST", "ST_conf"} <= set(data["rows"][0])


def test_solve_exit_codes_say_feasible_or_not(capsys, tmp_path):
    code, out, _ = run_cli(capsys, "solve", DEFAULT, "--for", "precept")
    assert code == 1 and "referendum limit" in out
    saved = tmp_path / "solved.yaml"
    code, out, err = run_cli(capsys, "solve", DEFAULT, "--for", "savings", "--save", str(saved))
    assert code == 0 and out.startswith("Feasible.") and saved.exists()
    code, out, _ = run_cli(capsys, "solve", str(saved), "--for", "savings", "--format", "json")
    assert code == 0 and json.loads(out)["value"] == pytest.approx(0.0, abs=1.0)  # already solved


def test_solve_speaks_finance_not_keys_and_pounds(capsys):
    """The default scenario cannot balance 2019/20 within the referendum limit: the answer says
    "Not feasible" (never "Feasible." first) and the gap left is £m to 1 dp, the figure the
    headline would show, not "gap_within_limit: 1,430,169.5449"."""
    import re

    from mtfp.analysis import goalseek
    from mtfp.scenario import load_scenario
    from mtfp.units import fmt_gbp_m

    code, out, _ = run_cli(capsys, "solve", DEFAULT, "--for", "precept")
    left = goalseek.precept(load_scenario(DEFAULT)).details["gap_within_limit"]
    assert code == 1 and out.startswith("Not feasible") and "Feasible." not in out
    assert f"  Gap left within the limit: {fmt_gbp_m(left)}" in out
    assert "_" not in out and not re.search(r"\d\.\d{3,}", out)  # no keys, no raw pounds
    code, out, _ = run_cli(capsys, "solve", DEFAULT, "--for", "savings")
    assert code == 0 and out.startswith("Feasible. ")
    assert re.search(r"  New recurring savings in 2018/19: £\d+\.\dm\n", out)


def test_progress_bar_goes_to_stderr_for_long_runs():
    """A 12,000-draw run (two chunks) shows a progress bar on stderr; stdout stays clean JSON."""
    done = subprocess.run([sys.executable, "-m", "mtfp", "mc", DEFAULT, "--draws", "12000", "--format", "json"],
                          capture_output=True, text=True, check=False, cwd=ROOT)
    assert done.returncode == 0
    assert "Monte Carlo [" in done.stderr and "12,000/12,000 draws" in done.stderr
    assert json.loads(done.stdout)["summary"]["draws"] == 12000
