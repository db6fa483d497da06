"""The uncertain assumptions of a scenario: which ones, their ranges and their plain names.

An assumption is uncertain when the scenario file gives it a `distribution` (uniform,
triangular, or normal given as an 80% interval; file units). A scenario without any
distribution can still be analysed with *planning ranges*: ranges around the main drivers
(spending-review cut, pay awards, inflation, tax base, attrition...), so the Risk and
Sensitivity views always have something to show. The ranges are data, not code: each one is
in mtfp/data/planning_ranges.yaml with its source (or 'illustrative') and the reason for its
width. Every output says which was used.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Literal

import numpy as np
from pydantic import Field

from mtfp.data import data_path
from mtfp.scenario import Distribution, Param, Scenario, Source, Strict, iter_params, owner_name, read_text, read_yaml
from mtfp.units import unit_label

FROM_FILE = "distributions in the scenario file"
PLANNING_RANGES_FILE = "planning_ranges.yaml"  # in mtfp/data
PLANNING_RANGES = ("illustrative planning ranges (mtfp/data/planning_ranges.yaml; "
                   "the scenario file gives no distributions)")


class PlanningRange(Strict):
    """A range around the scenario's own value: +/- half_width in the field's file units."""

    half_width: float = Field(gt=0)
    source: Source | Literal["illustrative"]
    reason: str = Field(min_length=1)  # why this width (and, if illustrative, on what evidence)


class PlanningRanges(Strict):
    """The planning-ranges file: the sections whose fields get a range, and a range per field name."""

    sections: tuple[str, ...] = Field(min_length=1)
    ranges: dict[str, PlanningRange] = Field(min_length=1)


@functools.cache
def planning_range_table() -> PlanningRanges:
    """The planning ranges shipped with mtfp (mtfp/data/planning_ranges.yaml), read once."""
    path = data_path(PLANNING_RANGES_FILE)
    return PlanningRanges.model_validate(read_yaml(read_text(path), str(path)))


@dataclass(frozen=True)
class Uncertain:
    """One uncertain assumption: where it is, what it is called and how it may vary."""

    path: str
    label: str
    unit: str  # file unit, e.g. "pct_per_year"
    central: float  # the scenario's value (first projected year for a per-year mapping), file units
    distribution: Distribution
    low_bound: float  # the field's allowed range, file units
    high_bound: float
    per_year: bool

    @property
    def unit_label(self) -> str:
        return unit_label(self.unit)


def file_row(p: Param, years: list[str]) -> np.ndarray:
    """An assumption's value in each year in FILE units (NaN = no value that year): Param.year_values."""
    return p.year_values(years)


def central_value(p: Param, years: list[str]) -> float:
    """One number for an assumption: its value, or its first projected year's value (for an
    amount in the years named only, the amount in the first projected year it names)."""
    row = file_row(p, years)
    named = drawn_years(p, years)
    if p.KIND == "in_year" and isinstance(p.value, dict) and named.any():
        return float(row[named][0])
    return float(row[1] if p.PER_YEAR and len(row) > 1 else row[0])


def drawn_years(p: Param, years: list[str]) -> np.ndarray:
    """(T,) bool: the years a Monte Carlo draw of this assumption replaces.

    Every projected year (the base year is actual), except for an amount given in named
    years only (kind "in_year", a mapping): a draw replaces it in the projected years named,
    so a £1.2m surplus in 2027/28 drawn at £0.8m is £0.8m in 2027/28 and still 0 elsewhere.
    """
    mask = np.arange(len(years)) >= 1
    if p.KIND == "in_year" and isinstance(p.value, dict):
        mask &= np.array([y in p.value for y in years])
    return mask


FIELD_NAMES = {
    "gdp_deflator": "GDP deflator %", "real_terms_cut": "Real-terms grant cut %", "growth": "Growth %",
    "tax_base_growth": "Tax base growth %", "band_d": "Band D £", "band_d_rise_pct": "Band D rise %",
    "band_d_rise_gbp": "Band D rise £", "attrition_rate": "Attrition %", "pay_award_pct": "Pay award %",
    "drift": "Pay drift %", "inflation": "Inflation %", "cash_change": "Cash change %",
    "employer_pension_rate": "Employer pension %", "employer_ni_rate": "Employer NI %",
    "minimum_pct": "Minimum general reserve %", "confidence": "Delivery confidence %",
    "apprenticeship_levy_rate": "Apprenticeship levy %", "saving_pct": "Saving %", "force_share": "Our share %",
}


def label(scenario: Scenario, path: str) -> str:
    """A finance lead's name for a field path, e.g. 'Pay award % (Police officers)'."""
    parts = path.split(".")
    field = FIELD_NAMES.get(parts[-1]) or parts[-1].replace("_pct", " %").replace("_gbp", " £").replace("_", " ")
    field = field[:1].upper() + field[1:]
    if parts[:2] == ["funding", "other_income"]:
        field = f"Other income {field[:1].lower()}{field[1:]}"
    owner = owner_name(scenario, path)
    return f"{field} ({owner})" if owner else field


def _uncertain(scenario: Scenario, path: str, p: Param, distribution: Distribution) -> Uncertain:
    return Uncertain(path=path, label=label(scenario, path), unit=p.UNIT, central=central_value(p, scenario.years),
                     distribution=distribution, low_bound=p.LOW, high_bound=p.HIGH, per_year=p.PER_YEAR)


def from_file(scenario: Scenario) -> list[Uncertain]:
    """Assumptions the scenario file gives a distribution, in file order."""
    return [_uncertain(scenario, path, p, p.distribution) for path, p in iter_params(scenario) if p.distribution]


def planning_ranges(scenario: Scenario) -> list[Uncertain]:
    """Triangular ranges (central value most likely) around the main drivers, from
    mtfp/data/planning_ranges.yaml.

    A mapping that changes over the years (e.g. a pay award that differs by year) is left
    out: one range cannot describe it. Ranges are clipped to the field's allowed range.
    """
    table = planning_range_table()
    out = []
    for path, p in iter_params(scenario):
        planned = table.ranges.get(path.split(".")[-1])
        if planned is None or not path.startswith(table.sections):
            continue
        half = planned.half_width
        row = file_row(p, scenario.years)[1:]
        if np.isnan(row).any() or np.ptp(row) > 0:
            continue
        mode = float(row[0])
        low, high = max(mode - half, p.LOW), min(mode + half, p.HIGH)
        out.append(_uncertain(scenario, path, p, Distribution(kind="triangular", low=low, mode=mode, high=high)))
    return out


def for_analysis(scenario: Scenario) -> tuple[list[Uncertain], str]:
    """The scenario's own distributions, or planning ranges when it gives none; and which."""
    own = from_file(scenario)
    return (own, FROM_FILE) if own else (planning_ranges(scenario), PLANNING_RANGES)
