"""Golden cases: figures published in source documents, reproduced by a projection.

Each file in tests/golden/cases/ is one case, read like a worked example:

    name, source          what is reproduced, and where it was published (title,
                          publisher, date, and a URL or a document reference)
    figures, why          the published figures in words, and how the scenario produces them
    base, overlay         the scenario: `tiny` (the tiny force of tests/conftest.py) or a
                          bundled scenario file (e.g. default.yaml), with `overlay` merged in
                          the way `extends` merges files
    tolerance             absolute, per unit of the line (gbp, fraction, gbp_per_band_d...):
                          how far the published rounding lets the model be from the figure
    expect                the figures, each one of
                            {line, year, value}              one line in one year
                            {line, years: [from, to], value} the line summed over those years
                            {lines: [a, b], year, value}     several lines added together
                            {of: TERM, over: TERM, value}    one term divided by another
                          with an optional `tolerance` of its own.

The scenario runs through `mtfp.run`, so each figure comes from the model's lines (the net
budget requirement, the savings target, the precept...), not from one indicator function.
"""
from __future__ import annotations

import copy
from pathlib import Path

import pytest
import yaml

import mtfp
from mtfp import checks
from mtfp.scenario import Scenario, load_scenario, merge
from tests.conftest import SCENARIOS, tiny_data

CASES_DIR = Path(__file__).resolve().parent / "cases"
CASES = sorted(CASES_DIR.glob("*.yaml"))
CASE_KEYS = {"name", "source", "figures", "why", "base", "overlay", "tolerance", "expect"}
SOURCE_KEYS = {"title", "publisher", "date"}


def load_case(path: Path) -> dict:
    case = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert set(case) == CASE_KEYS, f"{path.name}: keys {sorted(case)}, expected {sorted(CASE_KEYS)}"
    return case


def case_scenario(case: dict) -> Scenario:
    """The case's scenario: its base (the tiny force or a bundled file) with the overlay merged."""
    overlay = case["overlay"] or {}
    if case["base"] == "tiny":
        return Scenario.model_validate(tiny_data(overlay))
    base = load_scenario(SCENARIOS / case["base"]).model_dump(mode="json", exclude_none=True)
    return Scenario.model_validate(merge(base, copy.deepcopy(overlay)))


def term(projection, spec: dict) -> tuple[float, str, str]:
    """A line's (or several lines') central value in one year, or summed over a range of
    years (inclusive): (value, unit, description)."""
    keys = spec["lines"] if "lines" in spec else [spec["line"]]
    for key in keys:
        if key not in projection.lines:
            raise AssertionError(f"no line {key!r} in the projection")
    units = {projection.lines[key].unit for key in keys}
    if len(units) != 1:
        raise AssertionError(f"lines {keys} have different units {sorted(units)}: they cannot be added")
    years = projection.years
    if "year" in spec:
        first = last = spec["year"]
    else:
        first, last = spec["years"]
    for year in (first, last):
        if year not in years:
            raise AssertionError(f"{keys[0]}: year {year} is not in the projection ({years[0]}-{years[-1]})")
    start, stop = years.index(first), years.index(last) + 1
    value = sum(float(projection.lines[key].values[0, start:stop].sum()) for key in keys)
    where = first if first == last else f"{first} to {last}"
    return value, units.pop(), f"{' + '.join(keys)} {where}"


def failures(case: dict, projection) -> list[str]:
    """Every expected figure the projection misses, one message each (empty when all match)."""
    missed = []
    for spec in case["expect"]:
        if "of" in spec:
            numerator, _, top = term(projection, spec["of"])
            denominator, _, bottom = term(projection, spec["over"])
            actual, unit, what = numerator / denominator, "fraction", f"{top} / {bottom}"
        else:
            actual, unit, what = term(projection, spec)
        tolerance = spec.get("tolerance", case["tolerance"].get(unit))
        if tolerance is None:
            missed.append(f"{what}: no tolerance for unit {unit!r}")
        elif not abs(actual - spec["value"]) <= tolerance:
            missed.append(f"{what}: model {actual:,.6g}, published {spec['value']:,.6g} (tolerance {tolerance:g} {unit})")
    return missed


def test_there_are_golden_cases():
    assert len(CASES) >= 3, f"expected the golden cases in {CASES_DIR}"


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_each_case_names_its_published_source(path):
    case = load_case(path)
    source = case["source"]
    assert SOURCE_KEYS <= set(source) and all(source[k] for k in SOURCE_KEYS), source
    assert source.get("url") or source.get("document"), f"{path.name}: a source needs a url or a document"
    assert str(source.get("url", "https://")).startswith("https://")
    assert case["figures"].strip() and case["why"].strip() and case["expect"]


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_the_projection_reproduces_the_published_figures(path):
    case = load_case(path)
    projection = mtfp.run(case_scenario(case))
    assert checks.master_check(projection.checks), checks.failed_checks(projection.checks)
    missed = failures(case, projection)
    assert not missed, f"{case['name']} ({path.name}):\n" + "\n".join(missed)


def test_a_figure_the_model_misses_is_reported_with_line_year_and_both_values():
    # Warwickshire's Band D is £289.71; claim £289.72 and the case must fail, saying so.
    case = load_case(CASES_DIR / "warwickshire-2024-25.yaml")
    projection = mtfp.run(case_scenario(case))
    wrong = copy.deepcopy(case)
    wrong["expect"] = [{"line": "band_d", "year": "2024/25", "value": 289.72},
                       {"of": {"line": "band_d_rise", "year": "2024/25"}, "over": {"line": "band_d", "year": "2023/24"},
                        "value": 0.05}]
    missed = failures(wrong, projection)
    assert len(missed) == 2
    assert missed[0].startswith("band_d 2024/25: model 289.71, published 289.72")
    assert missed[1].startswith("band_d_rise 2024/25 / band_d 2023/24: model 0.04698")


def test_a_line_or_year_the_projection_lacks_is_an_error_not_a_pass():
    case = load_case(CASES_DIR / "cambridgeshire-2013-15.yaml")
    projection = mtfp.run(case_scenario(case))
    with pytest.raises(AssertionError, match="no line 'savings_made'"):
        term(projection, {"line": "savings_made", "year": "2016/17"})
    with pytest.raises(AssertionError, match="year 2031/32 is not in the projection"):
        term(projection, {"line": "savings_delivered", "years": ["2016/17", "2031/32"]})
