"""`mtfp new --force NAME`: every one of the 43 forces starts from its published figures."""
from __future__ import annotations

import csv

import pytest

import mtfp
from mtfp.checks import master_check, run_checks
from mtfp.cli import main
from mtfp.data import data_path
from mtfp.scenario.forces import find_force, normalise
from mtfp.scenario.national import figures_by_basis


def _csv(name: str) -> list[dict[str, str]]:
    with data_path("forces", name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


CODES = [row["pfa_code"] for row in _csv("police-officers-fte-31mar2010-and-2026-rounded.csv")]
# The shipped figures, read straight from the CSVs (matched by name through aliases.csv).
ALIAS = {normalise(r["name"]): r["pfa_code"] for r in _csv("aliases.csv")}
GRANT = {ALIAS[normalise(r["force"])]: float(r["pgr_2025_26_overall_total_gbp"])
         for r in _csv("police-grant-report-2025-26-overall-total.csv")}
PRECEPT = {ALIAS[normalise(r["force"])]: float(r["council_tax_precept_2025_26_gbp"])
           for r in _csv("police-precept-2025-26-partial.csv")
           if r["council_tax_precept_2025_26_gbp"] and "2026/27 figure" not in r["note"]}
BAND_D_STATED = {ALIAS[normalise(r["force"])] for r in _csv("police-band-d-precept-2024-25-to-2026-27.csv")
                 if r["status_2025_26"] == "stated"}
ALWAYS_ESTIMATED = {
    "funding.specific_grants.specific_grants.base", "funding.other_income.base", "precept.tax_base",
    "workforce.groups.police_officers.salary", "workforce.groups.police_staff.fte", "workforce.groups.police_staff.salary",
    "workforce.groups.police_staff.employer_pension_rate", "workforce.groups.pcsos.fte", "workforce.groups.pcsos.salary",
    "workforce.groups.pcsos.employer_pension_rate", "non_pay.lines.non_pay.base", "non_pay.capital_financing",
    "reserves.general_opening",
}


def test_the_shipped_data_covers_43_forces_as_the_sources_say():
    assert len(CODES) == 43 and len(GRANT) == 43
    assert len(PRECEPT) == 37  # 41 published, less the four Welsh rows that are 2026/27 figures
    assert sum(GRANT.values()) == 9_806_553_487


@pytest.mark.parametrize("code", CODES)
def test_new_for_every_force_validates_runs_and_carries_the_published_figures(code, tmp_path, capsys):
    force = find_force(code)
    out = tmp_path / "force.yaml"
    assert main(["new", "--force", force.name, "--base-year", "2025/26", "--out", str(out)]) == 0
    scenario = mtfp.load_scenario(out)
    p = mtfp.run(scenario)
    assert master_check(run_checks(p))
    assert p["grant_core_grant"][0, 0] == pytest.approx(GRANT[code], abs=0.5)  # to the pound
    if code in PRECEPT:
        assert p["precept"][0, 0] == pytest.approx(PRECEPT[code], abs=0.5)
    welsh = code.startswith("W")
    assert scenario.nation == ("wales" if welsh else "england")
    expected = set(ALWAYS_ESTIMATED)
    if code not in BAND_D_STATED:
        expected.add("precept.band_d")
    if welsh:
        expected.add("funding.grants.welsh_government.base")
    groups = figures_by_basis(scenario)
    assert set(groups["estimate"]) == expected
    assert "workforce.groups.police_officers.employer_pension_rate" in groups["national"]
    # Neutral: no savings plan, collaboration, productivity or growth items from the illustrative force.
    assert not scenario.savings.items and not scenario.savings.collaboration and not scenario.savings.productivity
    assert not scenario.non_pay.growth_items and not scenario.reserves.earmarked
    # The base year balances wherever the placeholders allow (every force in the shipped data).
    assert abs(p["funding_gap"][0, 0]) < 1.0
    if welsh:
        assert scenario.precept.referendum_limit_pct is None
        assert all(v is None for v in scenario.precept.referendum_limit_gbp.value.values())
    else:
        assert scenario.precept.referendum_limit_gbp.value["2026/27"] == 15.0
    err = capsys.readouterr().err
    assert f"{len(expected)} figures are estimates awaiting your force's figure" in err


def test_officer_fte_is_the_31_march_2026_figure_with_its_source(tmp_path):
    out = tmp_path / "leics.yaml"
    assert main(["new", "--force", "Leicestershire", "--out", str(out)]) == 0
    officers = mtfp.load_scenario(out).workforce.groups["police_officers"]
    row = next(r for r in _csv("police-officers-fte-31mar2010-and-2026-rounded.csv") if r["force"] == "Leicestershire")
    assert officers.fte.value == float(row["police_officers_fte_31mar2026_rounded"])
    assert "31 March 2026" in officers.fte.source.title


@pytest.mark.parametrize("spelling", ["avon & somerset", "Avon and Somerset Constabulary", "AVON AND SOMERSET POLICE",
                                      "Avon, Somerset"])
def test_names_are_forgiving(spelling):
    assert find_force(spelling).code == "E23000036"


def test_city_of_london_in_either_spelling():
    assert find_force("City of London Police").code == find_force("London, City of").code == "E23000034"


def test_an_unknown_name_lists_the_closest_matches(tmp_path, capsys):
    assert main(["new", "--force", "Leicester", "--out", str(tmp_path / "x.yaml")]) == 2
    err = capsys.readouterr().err
    assert "no force called 'Leicester'" in err and "closest: Leicestershire" in err
    assert not (tmp_path / "x.yaml").exists()


def test_an_existing_file_is_never_overwritten(tmp_path, capsys):
    out = tmp_path / "mine.yaml"
    out.write_text("my own work\n")
    assert main(["new", "--force", "Kent", "--out", str(out)]) == 2
    assert out.read_text() == "my own work\n"
    assert "already exists" in capsys.readouterr().err


def test_validate_lists_the_placeholders_and_run_says_the_plan_is_incomplete(tmp_path, capsys):
    out = tmp_path / "gwent.yaml"
    assert main(["new", "--force", "Gwent", "--out", str(out)]) == 0
    capsys.readouterr()
    assert main(["validate", str(out)]) == 0
    text = capsys.readouterr().out
    assert "15 figures are estimates awaiting your force's figure" in text
    assert "funding.grants.welsh_government.base" in text
    assert "figures inherited from the national rules (Wales)" in text
    assert main(["run", str(out)]) == 0
    assert "the plan is incomplete: 15 figures are estimates" in capsys.readouterr().err
