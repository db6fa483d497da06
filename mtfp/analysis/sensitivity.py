"""Sensitivity: what moves the gap. The +1 pp table, the tornado, and SALib's Sobol and Morris.

Each method builds all its cases first and runs them as one vectorised ensemble (one draw
per case, draw 0 = the central case), never one model run per case.
"""
from __future__ import annotations

import numpy as np
import pandas as pd
from SALib.analyze import morris as morris_analyze
from SALib.analyze import sobol as sobol_analyze
from SALib.sample import morris as morris_sample
from SALib.sample import sobol as sobol_sample

import mtfp
from mtfp import checks
from mtfp.analysis import assumptions, sampling
from mtfp.analysis.montecarlo import run_rows
from mtfp.scenario import Scenario, ScenarioError, iter_params

RATE_UNITS = ("pct", "pct_per_year")
BAND_D_UNIT = "gbp_per_band_d"


def _bumps(scenario: Scenario) -> list[tuple[str, object, float, str]]:
    """(path, param, step, label of the step): +1 pp on every rate, +£1 on Band D amounts.

    Limits that may be 'none' (referendum limits) are left out: a step on 'no limit' means nothing.
    """
    out = []
    for path, p in iter_params(scenario):
        if p.NULLABLE:
            continue
        if p.UNIT in RATE_UNITS:
            out.append((path, p, 1.0, "+1 pp"))
        elif p.UNIT == BAND_D_UNIT:
            out.append((path, p, 1.0, "+£1"))
    return out


def rate_table(scenario: Scenario, line: str = "funding_gap") -> pd.DataFrame:
    """Effect on each projected year's gap (pounds) of +1 percentage point on each rate
    assumption and +£1 on Band D, one at a time; sorted by the size of the final-year effect.

    A per-year rate moves by 1 pp in every projected year (the base year is actual). Rows
    with no effect at all (e.g. the savings target, an indicator only) are left out.
    Columns: field, assumption, change, then one column per projected year.
    """
    bumps = _bumps(scenario)
    years = scenario.years
    size = len(bumps) + 1
    samples = {}
    for i, (path, p, step, _) in enumerate(bumps, start=1):
        row = assumptions.file_row(p, years)
        if p.PER_YEAR:
            values = np.repeat(row[None, 1:], size, axis=0)
            values[i] += step
        else:
            values = np.full(size, row[0])
            values[i] += step
        samples[path] = values
    projection = mtfp.run_ensemble(scenario, samples)
    effect = projection[line][1:, 1:] - projection[line][:1, 1:]
    frame = pd.DataFrame(effect, columns=years[1:])
    frame.insert(0, "change", [b[3] for b in bumps])
    frame.insert(0, "assumption", [assumptions.label(scenario, b[0]) for b in bumps])
    frame.insert(0, "field", [b[0] for b in bumps])
    frame = frame[np.abs(effect).max(axis=1) > 0.5]  # under 50p in every year: no effect
    frame.attrs.update(_checked(projection))
    order = np.argsort(-np.abs(frame[years[-1]].to_numpy()), kind="stable")
    return frame.iloc[order].reset_index(drop=True)


def _need_uncertain(scenario: Scenario) -> tuple[list[assumptions.Uncertain], str]:
    uncertain, origin = assumptions.for_analysis(scenario)
    if not uncertain:
        raise ScenarioError([f"{scenario.name}: no uncertain assumptions: give some assumptions a "
                             "`distribution` (see docs/scenario-format.md)"])
    return uncertain, origin


def _metric(lines, line: str, year: int) -> np.ndarray:
    return lines[line][:, year]


def _checked(ensemble) -> dict:
    """What a report says about the control checks of the cases run: the worst error of
    each identity over every case, and the one-line verdict."""
    return {"checks": dict(ensemble.checks), "master_check": checks.worst_check_text(ensemble.checks, ensemble.size)}


def tornado(scenario: Scenario, line: str = "funding_gap", year: int = -1) -> pd.DataFrame:
    """Each uncertain assumption at its low and then its high value, the rest central:
    the line's value in one year (default the final-year gap, pounds).

    Low and high are the distribution's low and high (for a normal, its 80% interval).
    Columns: field, assumption, unit, low, central, high (file units), at_low, at_high,
    central_value (pounds), swing = |at_high - at_low|; sorted by swing, largest first.
    """
    uncertain, origin = _need_uncertain(scenario)
    k = len(uncertain)
    central = np.array([x.central for x in uncertain])
    values = np.repeat(central[None, :], 2 * k + 1, axis=0)
    mask = np.zeros(values.shape, dtype=bool)
    for j, x in enumerate(uncertain):
        values[2 * j + 1, j], values[2 * j + 2, j] = x.distribution.low, x.distribution.high
        mask[2 * j + 1, j] = mask[2 * j + 2, j] = True
    lines = run_rows(scenario, [x.path for x in uncertain], values, mask, (line,))
    result = _metric(lines, line, year)
    at_low, at_high = result[1::2], result[2::2]
    frame = pd.DataFrame({
        "field": [x.path for x in uncertain], "assumption": [x.label for x in uncertain],
        "unit": [x.unit_label for x in uncertain],
        "low": [x.distribution.low for x in uncertain], "central": central,
        "high": [x.distribution.high for x in uncertain],
        "at_low": at_low, "at_high": at_high, "central_value": result[0], "swing": np.abs(at_high - at_low),
    })
    frame.attrs.update(origin=origin, year=scenario.years[year], line=line, **_checked(lines))
    return frame.sort_values("swing", ascending=False, kind="stable").reset_index(drop=True)


def _problem(uncertain: list[assumptions.Uncertain]) -> dict:
    # SALib samples the unit hypercube; each column then goes through its own distribution.
    return {"num_vars": len(uncertain), "names": [x.path for x in uncertain], "bounds": [[0.0, 1.0]] * len(uncertain)}


def sobol(scenario: Scenario, n: int = 1024, seed: int = 2015, line: str = "funding_gap", year: int = -1,
          num_resamples: int = 100) -> pd.DataFrame:
    """Sobol indices (SALib): share of the variance of the line in one year that each
    assumption explains alone (S1) and with its interactions (ST), with 95% confidence
    half-widths. Runs n x (k + 2) cases as one ensemble. Sorted by ST, largest first.
    """
    uncertain, origin = _need_uncertain(scenario)
    problem = _problem(uncertain)
    unit = sobol_sample.sample(problem, n, calc_second_order=False, seed=seed)
    values = sampling.map_columns(uncertain, unit)
    lines = run_rows(scenario, problem["names"], values, None, (line,))
    result = _metric(lines, line, year)
    if np.ptp(result) == 0:
        s1 = st = np.zeros(len(uncertain))
        s1_conf = st_conf = np.zeros(len(uncertain))
    else:
        indices = sobol_analyze.analyze(problem, result, calc_second_order=False, num_resamples=num_resamples,
                                        seed=seed)
        s1, s1_conf, st, st_conf = (indices[k] for k in ("S1", "S1_conf", "ST", "ST_conf"))
    frame = pd.DataFrame({"field": problem["names"], "assumption": [x.label for x in uncertain],
                          "S1": s1, "S1_conf": s1_conf, "ST": st, "ST_conf": st_conf})
    frame.attrs.update(origin=origin, year=scenario.years[year], line=line, cases=len(values), **_checked(lines))
    return frame.sort_values("ST", ascending=False, kind="stable").reset_index(drop=True)


def morris(scenario: Scenario, trajectories: int = 50, seed: int = 2015, line: str = "funding_gap",
           year: int = -1, num_levels: int = 4) -> pd.DataFrame:
    """Morris elementary effects (SALib), a quick screen: mu_star is the mean absolute
    change in the line (pounds) when an assumption moves across its range; sigma shows
    non-linearity or interactions. Sorted by mu_star, largest first.
    """
    uncertain, origin = _need_uncertain(scenario)
    problem = _problem(uncertain)
    unit = morris_sample.sample(problem, trajectories, num_levels=num_levels, seed=seed)
    values = sampling.map_columns(uncertain, unit)
    lines = run_rows(scenario, problem["names"], values, None, (line,))
    result = _metric(lines, line, year)
    indices = morris_analyze.analyze(problem, unit, result, num_levels=num_levels, seed=seed)
    frame = pd.DataFrame({"field": problem["names"], "assumption": [x.label for x in uncertain],
                          "mu_star": indices["mu_star"], "mu_star_conf": indices["mu_star_conf"],
                          "mu": indices["mu"], "sigma": indices["sigma"]})
    frame.attrs.update(origin=origin, year=scenario.years[year], line=line, cases=len(values), **_checked(lines))
    return frame.sort_values("mu_star", ascending=False, kind="stable").reset_index(drop=True)
